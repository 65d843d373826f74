"""Running a workshop: its sessions, its list of participants, attendance, and who completed it."""
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale, format_date, get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from workshops import dates
from workshops.access.policy import Action, in_workshops, require
from workshops.audit.services import audited, record, snapshot
from workshops.auth.models import User
from workshops.countries import country_name, is_country
from workshops.dates import date_span
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people import services as people_services
from workshops.people.matching import PossibleDuplicate, namesakes_of
from workshops.people.models import Participant
from workshops.programmes.models import Objective
from workshops.training import attendance
from workshops.training.models import (
    Attendance,
    Enrolment,
    Language,
    SessionPart,
    Theme,
    Workshop,
    WorkshopKind,
    WorkshopSession,
    WorkshopStatus,
    workshop_trainer,
)
from workshops.training.sign_in_sheet import SignInRow, SignInSheet, render_sign_in_sheet
from workshops.translated import columns, comma, in_language, place
from workshops.versions import FormVersion, versioned

#: Longest workshop we accept; guards against a typo in the year creating thousands of sessions.
MAXIMUM_WORKSHOP_DAYS = 60


@dataclass(frozen=True)
class WorkshopDetails:
    objective_id: int
    title: str
    kind: WorkshopKind
    theme: Theme
    starts_on: date
    ends_on: date
    city: str
    country_code: str
    language: Language
    completion_threshold: int = 80
    trainer_ids: tuple[int, ...] = ()
    #: The title in French and in Arabic; empty when not given (workshops.translated).
    title_fr: str = ""
    title_ar: str = ""


@dataclass(frozen=True)
class WorkshopFilters:
    project_id: int | None = None
    objective_id: int | None = None
    status: WorkshopStatus | None = None
    trainer_id: int | None = None


#: What the trail records of a workshop's changes.
WORKSHOP_FIELDS = ("objective_id", "title", *columns("title"), "kind", "theme", "starts_on", "ends_on", "city",
                   "country_code", "language", "completion_threshold", "trainer_ids")


def workshops_query(filters: WorkshopFilters, *, viewer_id: int | None):
    """The one query behind every list of workshops: only those the viewer may open, then the filters."""
    query = select(Workshop).join(Workshop.objective).options(
        joinedload(Workshop.objective).joinedload(Objective.project)).where(
        in_workshops(viewer_id, Action.VIEW, Workshop.id))
    if filters.project_id is not None:
        query = query.where(Objective.project_id == filters.project_id)
    if filters.objective_id is not None:
        query = query.where(Workshop.objective_id == filters.objective_id)
    if filters.status is not None:
        query = query.where(Workshop.status_on(dates.today()) == filters.status.value)
    if filters.trainer_id is not None:
        query = query.where(Workshop.id.in_(select(workshop_trainer.c.workshop_id)
                                            .where(workshop_trainer.c.user_id == filters.trainer_id)))
    return query.order_by(Workshop.starts_on.desc(), Workshop.id.desc())


def list_workshops(filters: WorkshopFilters, page: int, per_page: int, *, viewer_id: int | None):
    return db.paginate(workshops_query(filters, viewer_id=viewer_id), page=page, per_page=per_page, error_out=False)


def enrolment_counts(workshop_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(enrolled, completed) per workshop, in one GROUP BY for a whole list page."""
    if not workshop_ids:
        return {}
    rows = db.session.execute(
        select(Enrolment.workshop_id, func.count(Enrolment.id),
               func.count(case((Enrolment.is_completed, Enrolment.id))))
        .where(Enrolment.workshop_id.in_(workshop_ids)).group_by(Enrolment.workshop_id))
    return {workshop_id: (enrolled, completed) for workshop_id, enrolled, completed in rows}


def create_workshop(details: WorkshopDetails, *, actor_id: int | None) -> Workshop:
    """A new workshop with a full-day session on each of its days."""
    return _create(details, [(day, SessionPart.FULL_DAY) for day in _days(details.starts_on, details.ends_on)],
                   actor_id)


def copy_workshop(source: Workshop, starts_on: date, title: str, *, actor_id: int | None, title_fr: str = "",
                  title_ar: str = "") -> Workshop:
    """The start of a new workshop like `source`: its sessions moved by as many days as the start (half-days
    kept), its trainers, objective and settings; nobody on its list. Its titles are the ones given, in each
    language: a French title left empty is not the source's (it would name the old workshop)."""
    offset = starts_on - source.starts_on
    details = replace(details_of(source), title=title, title_fr=title_fr, title_ar=title_ar, starts_on=starts_on,
                      ends_on=source.ends_on + offset)
    return _create(details, [(session.held_on + offset, session.part) for session in source.sessions], actor_id,
                   copied_from=source.id)


def details_of(workshop: Workshop) -> WorkshopDetails:
    return WorkshopDetails(
        objective_id=workshop.objective_id, title=workshop.title, kind=workshop.kind, theme=workshop.theme,
        starts_on=workshop.starts_on, ends_on=workshop.ends_on, city=workshop.city,
        country_code=workshop.country_code, language=workshop.language,
        completion_threshold=workshop.completion_threshold, trainer_ids=tuple(workshop.trainer_ids),
        title_fr=workshop.title_fr, title_ar=workshop.title_ar)


def _create(details: WorkshopDetails, sessions: list[tuple[date, SessionPart]], actor_id: int | None,
            **trail) -> Workshop:
    workshop = Workshop()
    with audited(actor_id, "workshop.created", workshop, WORKSHOP_FIELDS, creating=True, **trail):
        _apply(workshop, details, actor_id)
        db.session.add(workshop)
        workshop.sessions = [WorkshopSession(held_on=day, part=part) for day, part in sessions]
    return workshop


def update_workshop(workshop: Workshop, details: WorkshopDetails, *, actor_id: int | None,
                    expected_version: FormVersion | None = None) -> Workshop:
    """Changed dates add a full-day session for each new day and drop the sessions that fall outside them.

    Refused if the workshop changed since the form was loaded at `expected_version` (see workshops.versions).
    """
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    with versioned(actor_id, "workshop.updated", workshop, WORKSHOP_FIELDS, expected_version):
        _apply(workshop, details, actor_id)
        _follow_dates(workshop, details)
    attendance.refresh_completion(workshop)
    return workshop


def _follow_dates(workshop: Workshop, details: WorkshopDetails) -> None:
    outside = [session for session in workshop.sessions
               if not details.starts_on <= session.held_on <= details.ends_on]
    marked = _sessions_with_attendance([session.id for session in outside])
    if marked:
        raise Conflict(_("Attendance was taken on %(days)s, outside the new dates. Remove those sessions first.",
                         days=", ".join(format_date(day) for day in sorted(
                             {session.held_on for session in outside if session.id in marked}))), field="starts_on")
    covered = {session.held_on for session in workshop.sessions}
    for session in outside:
        workshop.sessions.remove(session)
    workshop.sessions.extend(WorkshopSession(held_on=day, part=SessionPart.FULL_DAY)
                             for day in _days(details.starts_on, details.ends_on) if day not in covered)
    db.session.flush()


def _apply(workshop: Workshop, details: WorkshopDetails, actor_id: int | None) -> None:
    """The objective chosen must belong to a project where the actor manages workshops."""
    if details.ends_on < details.starts_on:
        raise DomainError(_("The end date is before the start date."), field="ends_on")
    if (details.ends_on - details.starts_on).days >= MAXIMUM_WORKSHOP_DAYS:
        raise DomainError(_("A workshop lasts at most %(days)d days.", days=MAXIMUM_WORKSHOP_DAYS), field="ends_on")
    if not 1 <= details.completion_threshold <= 100:
        raise DomainError(_("The threshold is a percentage between 1 and 100."), field="completion_threshold")
    if not is_country(details.country_code):
        raise DomainError(_("Unknown country: choose one from the list."), field="country_code")
    objective = db.session.get(Objective, details.objective_id) if details.objective_id else None
    if objective is None:
        raise DomainError(_("Choose an objective from the list."), field="objective_id")
    require(actor_id, Action.MANAGE_WORKSHOPS, project_id=objective.project_id)
    _within_project(objective.project, details)
    trainers = db.session.scalars(select(User).where(User.id.in_(details.trainer_ids))).all()
    if len(trainers) != len(set(details.trainer_ids)):
        raise DomainError(_("Choose trainers from the list."), field="trainer_ids")
    workshop.objective = objective
    workshop.title = details.title.strip()
    workshop.title_fr, workshop.title_ar = details.title_fr.strip(), details.title_ar.strip()
    workshop.kind, workshop.theme, workshop.language = details.kind, details.theme, details.language
    workshop.starts_on, workshop.ends_on = details.starts_on, details.ends_on
    workshop.city, workshop.country_code = details.city.strip(), details.country_code
    workshop.completion_threshold = details.completion_threshold
    workshop.trainers = list(trainers)


def _day(day: date) -> str:
    """One day as the app writes days in sentences: '30 November 2026'."""
    return date_span(day, day, str(get_locale()))


def _within_project(project, details: WorkshopDetails) -> None:
    """A workshop is part of its project: the reports and the donors count it within the project's dates."""
    runs = _("The project runs from %(first)s to %(last)s; the workshop must fall within those dates.",
             first=_day(project.starts_on), last=_day(project.ends_on))
    if details.starts_on < project.starts_on:
        raise DomainError(runs, field="starts_on")
    if details.ends_on > project.ends_on:
        raise DomainError(runs, field="ends_on")


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _sessions_with_attendance(session_ids: list[int]) -> set[int]:
    if not session_ids:
        return set()
    return set(db.session.scalars(select(Attendance.session_id).where(Attendance.session_id.in_(session_ids))
                                  .distinct()))


def add_session(workshop: Workshop, held_on: date, part: SessionPart, *, actor_id: int | None) -> WorkshopSession:
    """A session (typically a half-day) on one of the workshop's days."""
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    if not workshop.starts_on <= held_on <= workshop.ends_on:
        raise DomainError(_("The session must fall between the workshop's first and last day."), field="held_on")
    same_day = [session for session in workshop.sessions if session.held_on == held_on]
    if any(session.part == part or SessionPart.FULL_DAY in (session.part, part) for session in same_day):
        raise Conflict(_("That day already has this session; remove it first to split the day."), field="part")
    session = WorkshopSession(held_on=held_on, part=part)
    workshop.sessions.append(session)
    db.session.flush()
    record(actor_id, "session.added", session, workshop_id=workshop.id, held_on=held_on, part=part)
    attendance.refresh_completion(workshop)
    return session


def remove_session(workshop: Workshop, session_id: int, *, actor_id: int | None) -> None:
    """Removing a session drops its attendance marks and re-judges completion against the remaining sessions."""
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    session = next((session for session in workshop.sessions if session.id == session_id), None)
    if session is None:
        raise DomainError(_("This workshop has no such session."))
    if len(workshop.sessions) == 1:
        raise DomainError(_("A workshop keeps at least one session."))
    record(actor_id, "session.removed", session, workshop_id=workshop.id, held_on=session.held_on, part=session.part)
    workshop.sessions.remove(session)
    db.session.flush()
    attendance.refresh_completion(workshop)


def enrol(workshop: Workshop, participant: Participant | None, *, actor_id: int | None) -> Enrolment:
    """Put a registry person on the workshop's list; the same person twice on one list is refused.

    Anyone who runs the workshop may add anyone from the registry: that is how a trainer avoids recording
    a second copy of a person trained elsewhere. The person's record then opens to them.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    if participant is None:
        raise DomainError(_("Choose a person from the search results."))
    if enrolment_of(workshop.id, participant.id) is not None:
        raise Conflict(_("%(name)s is already on this workshop's list.", name=participant.full_name))
    enrolment = Enrolment(workshop=workshop, participant=participant, enrolled_by_id=actor_id)
    db.session.add(enrolment)
    db.session.flush()
    record(actor_id, "enrolment.created", enrolment, workshop_id=workshop.id, participant_id=participant.id)
    return enrolment


def register_and_enrol(workshop: Workshop, details: people_services.ParticipantDetails, *, actor_id: int | None,
                       new_person_confirmed: bool = False) -> Enrolment:
    """A person not yet in the registry: recorded and enrolled together, or neither.

    A namesake already in the registry (see people.matching) stops the registration until the user confirms
    that this is someone new, so that one officer is not recorded twice under two spellings.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    namesakes = [] if new_person_confirmed else namesakes_of(details)
    if namesakes:
        raise PossibleDuplicate(namesakes)
    participant = people_services.register_participant(details, actor_id=actor_id)
    return enrol(workshop, participant, actor_id=actor_id)


def withdraw(workshop: Workshop, enrolment_id: int | None, *, actor_id: int | None) -> None:
    """Take a person off the list (a registration mistake); refused while records are kept on their place there
    (a certificate issued to them)."""
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    enrolment = db.session.get(Enrolment, enrolment_id) if enrolment_id else None
    if enrolment is None or enrolment.workshop_id != workshop.id:
        raise DomainError(_("This person is not on this workshop's list."))
    kept = _kept(Enrolment.id == enrolment.id)
    if kept:
        raise Conflict(_("This person stays on the list: %(kept)s.",
                         kept=_(" and ").join(kind.described(number) for kind, number in kept)))
    record(actor_id, "enrolment.deleted", enrolment, workshop_id=workshop.id, participant_id=enrolment.participant_id)
    db.session.delete(enrolment)
    db.session.flush()


def workshop_with_details(workshop_id: int) -> Workshop | None:
    return db.session.scalar(select(Workshop).where(Workshop.id == workshop_id).options(
        joinedload(Workshop.objective).joinedload(Objective.project), selectinload(Workshop.trainers),
        selectinload(Workshop.sessions)))


def enrolments_of(participant_id: int, *, viewer_id: int | None) -> list[Enrolment]:
    """A person's workshops that the viewer may open, newest first, with what each needs to show."""
    return db.session.scalars(
        select(Enrolment).join(Enrolment.workshop).where(Enrolment.participant_id == participant_id,
                                                         in_workshops(viewer_id, Action.VIEW, Enrolment.workshop_id))
        .options(joinedload(Enrolment.workshop).joinedload(Workshop.objective).joinedload(Objective.project))
        .order_by(Workshop.starts_on.desc())).all()



def sign_in_sheet(workshop: Workshop, session_id: int, language: Language | None = None) -> bytes:
    """The printable sign-in sheet of one session, everyone on the list in alphabetical order.

    In the workshop's language unless another is asked: it is printed for the room. Its words, titles, place,
    date and countries are all in that language (workshops.translated for the titles).
    """
    session = next((session for session in workshop.sessions if session.id == session_id), None)
    if session is None:
        raise DomainError(_("This workshop has no such session."))
    locale = (language or workshop.language).value
    with force_locale(locale):
        rows = tuple(SignInRow(enrolment.participant.full_name, enrolment.participant.name_ar,
                               enrolment.participant.agency, country_name(enrolment.participant.country_code, locale))
                     for enrolment in attendance.attendance_grid(workshop).enrolments)
        return render_sign_in_sheet(SignInSheet(
            project_title=in_language(workshop.objective.project, "title", locale),
            workshop_title=in_language(workshop, "title", locale),
            place=place(workshop.city, workshop.country_code, locale),
            session=f"{date_span(session.held_on, session.held_on, locale)}{comma(locale)}{session.part.label}",
            rows=rows, language=locale))


def enrolment_of(workshop_id: int, participant_id: int) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == workshop_id,
                                                     Enrolment.participant_id == participant_id))


#: A scanned sheet of a day's signatures; phone photos and office scanners stay well under this.
MAXIMUM_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def attach_signed_sheet(workshop: Workshop, session_id: int, content: bytes, *,
                        actor_id: int | None) -> WorkshopSession:
    """Keep the signed, scanned sign-in sheet with its session, as uploaded (it is evidence, not a picture)."""
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    session = next((session for session in workshop.sessions if session.id == session_id), None)
    if session is None:
        raise DomainError(_("This workshop has no such session."))
    if len(content) > MAXIMUM_SCAN_BYTES:
        raise DomainError(_("The file is %(size).1f MB; the limit is %(limit)d MB.", size=len(content) / 1e6,
                            limit=MAXIMUM_SCAN_BYTES // (1024 * 1024)), field="sheet")
    kind = next((kind for magic, kind in SCAN_TYPES.items() if content.startswith(magic)), None)
    if kind is None:
        raise DomainError(_("Upload the scan as a PDF, PNG or JPEG file."), field="sheet")
    session.signed_sheet, session.signed_sheet_type = content, kind
    session.signed_sheet_uploaded_at, session.signed_sheet_uploaded_by_id = datetime.now(UTC), actor_id
    record(actor_id, "session.signed_sheet_attached", session, bytes=len(content), type=kind)
    db.session.flush()
    return session


@dataclass(frozen=True)
class KeptOnEnrolments:
    """Records an area above training keeps on enrolments (certificates), which must not lose their enrolment.

    Training refuses to take a person off a list, or to delete a workshop, while any exist, and to cancel one
    while any are in force; the area keeping them registers here (`kept_on_enrolments`), so that training does
    not import it. `enrolment_ids(*conditions, in_force_only=...)`: which of the enrolments matching the
    conditions hold such records; `described(number)`: "2 certificates were issued"; `undo(number)`: how to take
    them out of force.
    """

    enrolment_ids: Callable[..., set[int]]
    described: Callable[[int], str]
    undo: Callable[[int], str]


#: Filled by the areas above training when they are imported (workshops.certificates.services).
kept_on_enrolments: list[KeptOnEnrolments] = []


def _kept(*enrolments, in_force_only: bool = False) -> list[tuple[KeptOnEnrolments, int]]:
    """What the areas above keep on the enrolments matching these conditions, kind by kind."""
    counts = [(kind, len(kind.enrolment_ids(*enrolments, in_force_only=in_force_only)))
              for kind in kept_on_enrolments]
    return [(kind, number) for kind, number in counts if number]


def enrolments_kept(workshop_id: int) -> set[int]:
    """The enrolments of a workshop that records above training hold on to: their people stay on the list."""
    return set().union(*(kind.enrolment_ids(Enrolment.workshop_id == workshop_id, in_force_only=False)
                         for kind in kept_on_enrolments))


# The lifecycle: a workshop's status follows its dates (Workshop.status_on); closing and cancelling are by hand.

def cancel_workshop(workshop: Workshop, reason: str, *, actor_id: int | None) -> Workshop:
    """Call a workshop off, saying why: nobody completes a cancelled workshop (training.attendance)."""
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the workshop is cancelled."), field="reason")
    if workshop.cancelled_at is not None:
        raise Conflict(_("This workshop is already cancelled."))
    if workshop.closed_at is not None:
        raise Conflict(_("This workshop took place and was closed; it cannot be cancelled."))
    in_force = _kept(Enrolment.workshop_id == workshop.id, in_force_only=True)
    if in_force:
        raise Conflict(_("This workshop cannot be cancelled: %(kept)s.", kept=_(" and ").join(
            f"{kind.described(number)} ({kind.undo(number)})" for kind, number in in_force)))
    workshop.cancelled_at, workshop.cancelled_by_id = datetime.now(UTC), actor_id
    workshop.cancellation_reason = reason
    record(actor_id, "workshop.cancelled", workshop, reason=reason)
    db.session.flush()
    attendance.refresh_completion(workshop)
    return workshop


def reopen_workshop(workshop: Workshop, *, actor_id: int | None) -> Workshop:
    """Undo a cancellation: the workshop follows its dates again and completion is judged again."""
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    if workshop.cancelled_at is None:
        raise Conflict(_("This workshop is not cancelled."))
    record(actor_id, "workshop.reopened", workshop, reason=workshop.cancellation_reason)
    workshop.cancelled_at = workshop.cancelled_by_id = workshop.cancellation_reason = None
    db.session.flush()
    attendance.refresh_completion(workshop)
    return workshop


def delete_workshop(workshop: Workshop, *, actor_id: int | None) -> None:
    """Remove a workshop made by mistake, with its sessions, list and registration link.

    Refused once attendance was taken or a certificate issued: such a workshop happened, and its record is
    evidence; it is cancelled, not deleted.
    """
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    marks = db.session.scalar(select(func.count(Attendance.id)).join(Enrolment)
                              .where(Enrolment.workshop_id == workshop.id))
    reasons = [kind.described(number) for kind, number in _kept(Enrolment.workshop_id == workshop.id)]
    if marks:
        reasons.insert(0, ngettext("one attendance mark was recorded", "%(num)d attendance marks were recorded",
                                   marks))
    if reasons:
        raise Conflict(_("This workshop cannot be deleted: %(reasons)s. Cancel it instead.",
                         reasons=_(" and ").join(reasons)))
    record(actor_id, "workshop.deleted", workshop, **snapshot(workshop, WORKSHOP_FIELDS))
    db.session.delete(workshop)
    db.session.flush()


@dataclass(frozen=True)
class CloseChecklist:
    """What a workshop's records lack, as its closing page lists it; nothing missing when all three are empty.

    `unmarked` sessions have no attendance mark at all; `incomplete` people (with how many marks they lack)
    have none on some of the other sessions; `unsigned` sessions have no signed sign-in sheet uploaded.
    """

    unmarked: list[WorkshopSession]
    incomplete: list[tuple[Participant, int]]
    unsigned: list[WorkshopSession]

    @property
    def complete(self) -> bool:
        return not (self.unmarked or self.incomplete or self.unsigned)

    def for_trail(self) -> dict:
        """Ids and counts only: the trail entry is kept for good and must not hold people's names."""
        return {"unmarked_sessions": [session.id for session in self.unmarked],
                "incomplete_participants": {participant.id: lacking for participant, lacking in self.incomplete},
                "unsigned_sessions": [session.id for session in self.unsigned]}


def close_checklist(workshop: Workshop) -> CloseChecklist:
    """The three lists of CloseChecklist in two queries, whatever the size of the workshop."""
    marks = dict(db.session.execute(
        select(Attendance.session_id, func.count(Attendance.id)).join(Enrolment)
        .where(Enrolment.workshop_id == workshop.id).group_by(Attendance.session_id)).all())
    marked = [session.id for session in workshop.sessions if marks.get(session.id)]
    lacking = len(marked) - func.count(Attendance.id)
    incomplete = db.session.execute(
        select(Participant, lacking).join(Enrolment, Enrolment.participant_id == Participant.id)
        .outerjoin(Attendance, (Attendance.enrolment_id == Enrolment.id) & Attendance.session_id.in_(marked))
        .where(Enrolment.workshop_id == workshop.id).group_by(Participant.id).having(lacking > 0)
        .order_by(Participant.family_name, Participant.given_name, Participant.id)).all() if marked else []
    return CloseChecklist(unmarked=[session for session in workshop.sessions if not marks.get(session.id)],
                          incomplete=[(participant, count) for participant, count in incomplete],
                          unsigned=[session for session in workshop.sessions
                                    if session.signed_sheet_uploaded_at is None])


def close_workshop(workshop: Workshop, *, missing_accepted: bool, actor_id: int | None) -> CloseChecklist:
    """Close a workshop that has ended: its records are as complete as they will be.

    Whoever may certify it closes it. With records missing it closes only when the closer accepts that,
    and the trail keeps what was missing at that moment.
    """
    require(actor_id, Action.CERTIFY, workshop_id=workshop.id)
    if workshop.cancelled_at is not None:
        raise Conflict(_("A cancelled workshop is not closed; reopen it first if it took place."))
    if workshop.closed_at is not None:
        raise Conflict(_("This workshop is already closed."))
    if dates.today() < workshop.ends_on:
        raise DomainError(_("A workshop is closed from its last day on; this one ends on %(day)s.",
                            day=_day(workshop.ends_on)))
    checklist = close_checklist(workshop)
    if not checklist.complete and not missing_accepted:
        raise DomainError(_("Some records are missing: tick the box to close the workshop all the same."),
                          field="confirm")
    workshop.closed_at, workshop.closed_by_id = datetime.now(UTC), actor_id
    record(actor_id, "workshop.closed", workshop, missing=checklist.for_trail())
    db.session.flush()
    return checklist
