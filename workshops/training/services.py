"""Running a workshop: its sessions, its list of participants, attendance, and who completed it."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from workshops.access.policy import Action, in_workshops, require
from workshops.audit.services import audited, record
from workshops.auth.models import User
from workshops.countries import is_country
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
    status: WorkshopStatus = WorkshopStatus.PLANNED
    trainer_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class WorkshopFilters:
    project_id: int | None = None
    objective_id: int | None = None
    status: WorkshopStatus | None = None
    trainer_id: int | None = None


#: What the trail records of a workshop's changes.
WORKSHOP_FIELDS = ("objective_id", "title", "kind", "theme", "starts_on", "ends_on", "city", "country_code",
                   "language", "completion_threshold", "status", "trainer_ids")


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
        query = query.where(Workshop.status == filters.status)
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
    workshop = Workshop()
    with audited(actor_id, "workshop.created", workshop, WORKSHOP_FIELDS, creating=True):
        _apply(workshop, details, actor_id)
        db.session.add(workshop)
        workshop.sessions = [WorkshopSession(held_on=day, part=SessionPart.FULL_DAY)
                             for day in _days(details.starts_on, details.ends_on)]
    return workshop


def update_workshop(workshop: Workshop, details: WorkshopDetails, *, actor_id: int | None) -> Workshop:
    """Changed dates add a full-day session for each new day and drop the sessions that fall outside them."""
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    with audited(actor_id, "workshop.updated", workshop, WORKSHOP_FIELDS):
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
                         days=", ".join(sorted({session.held_on.isoformat() for session in outside
                                                if session.id in marked}))), field="starts_on")
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
    objective = db.session.get(Objective, details.objective_id)
    if objective is None:
        raise DomainError(_("Choose an objective from the list."), field="objective_id")
    require(actor_id, Action.MANAGE_WORKSHOPS, project_id=objective.project_id)
    trainers = db.session.scalars(select(User).where(User.id.in_(details.trainer_ids))).all()
    if len(trainers) != len(set(details.trainer_ids)):
        raise DomainError(_("Choose trainers from the list."), field="trainer_ids")
    workshop.objective = objective
    workshop.title = details.title.strip()
    workshop.kind, workshop.theme, workshop.language = details.kind, details.theme, details.language
    workshop.starts_on, workshop.ends_on = details.starts_on, details.ends_on
    workshop.city, workshop.country_code = details.city.strip(), details.country_code
    workshop.completion_threshold, workshop.status = details.completion_threshold, details.status
    workshop.trainers = list(trainers)


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


def enrol(workshop: Workshop, participant: Participant, *, actor_id: int | None) -> Enrolment:
    """Put a registry person on the workshop's list; the same person twice on one list is refused.

    Anyone who runs the workshop may add anyone from the registry: that is how a trainer avoids recording
    a second copy of a person trained elsewhere. The person's record then opens to them.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
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


def withdraw(workshop: Workshop, enrolment_id: int, *, actor_id: int | None) -> None:
    """Take a person off the list (a registration mistake); refused once a certificate was issued to them."""
    from workshops.certificates.models import Certificate

    require(actor_id, Action.RUN, workshop_id=workshop.id)
    enrolment = db.session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.workshop_id != workshop.id:
        raise DomainError(_("This person is not on this workshop's list."))
    if db.session.scalar(select(Certificate.id).where(Certificate.enrolment_id == enrolment.id)) is not None:
        raise Conflict(_("A certificate was issued to this person; they stay on the list."))
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



def sign_in_sheet(workshop: Workshop, session_id: int) -> bytes:
    """The printable sign-in sheet of one session, everyone on the list in alphabetical order."""
    session = next((session for session in workshop.sessions if session.id == session_id), None)
    if session is None:
        raise DomainError(_("This workshop has no such session."))
    rows = tuple(SignInRow(enrolment.participant.full_name, enrolment.participant.name_ar,
                           enrolment.participant.agency, enrolment.participant.country)
                 for enrolment in attendance.attendance_grid(workshop).enrolments)
    return render_sign_in_sheet(SignInSheet(
        project_title=workshop.objective.project.title, workshop_title=workshop.title,
        place=f"{workshop.city}, {workshop.country}",
        session=f"{date_span(session.held_on, session.held_on)}, {session.part.label}", rows=rows))


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
