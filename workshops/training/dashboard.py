"""What the start page asks of training: a trainer's next workshop and what its records still lack, and the
workshops a coordinator has to close.

Plain functions of ids and dates, so tests call them directly; each answers in one query, its gaps counted in SQL
beside each workshop (correlated counts), whatever the number of workshops, sessions or people.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, in_workshops, trained_workshops
from workshops.extensions import db
from workshops.programmes.models import Objective
from workshops.training.models import (
    Attendance,
    Enrolment,
    Registration,
    RegistrationLink,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)

#: Workshops listed on the start page in each of its lists; the Workshops page lists them all.
SHOWN = 8


@dataclass(frozen=True)
class Gaps:
    """What a workshop's records lack on a day. Only what is due counts: no attendance is missing before a session
    is held, no post-test before the last day."""

    workshop: Workshop
    status: WorkshopStatus
    enrolled: int
    #: Self-registrations waiting for someone who runs the workshop to approve or reject them.
    pending_registrations: int
    #: Sessions held before today with no attendance mark at all.
    unmarked_sessions: int
    #: Sessions held before today with no signed sign-in sheet uploaded.
    unsigned_sessions: int
    #: People on the list without a pre-test score, once the workshop has started.
    missing_pre_scores: int
    #: People on the list without a post-test score, once the workshop has ended.
    missing_post_scores: int

    @property
    def complete(self) -> bool:
        return self.enrolled > 0 and not (self.pending_registrations or self.unmarked_sessions
                                          or self.unsigned_sessions or self.missing_pre_scores
                                          or self.missing_post_scores)


@dataclass(frozen=True)
class TrainerOverview:
    #: The workshop under way, or else the next to start; None when none is coming.
    next: Gaps | None
    #: The trainer's other open workshops (ended but not closed, or later), each with its gaps.
    others: list[Gaps]


@dataclass(frozen=True)
class AwaitingClose:
    #: How many workshops in the user's reach have ended and are not closed.
    count: int
    #: The longest waiting first, at most SHOWN of them.
    workshops: list[Gaps]


def trainer_overview(trainer_id: int, today: date, *, limit: int = SHOWN) -> TrainerOverview | None:
    """The workshops the user trains that are neither closed nor cancelled: under way or coming first (soonest
    first), then those ended and waiting to be closed (most recent first). None when they train none of them."""
    coming = Workshop.ends_on >= today
    query = (_open_workshops(today)
             .where(Workshop.id.in_(trained_workshops(trainer_id)), in_workshops(trainer_id, Action.VIEW, Workshop.id))
             .order_by(~coming, case((coming, Workshop.starts_on)), Workshop.ends_on.desc(), Workshop.id)
             .limit(limit + 1))
    rows = _gaps(query, today)
    if not rows:
        return None
    if rows[0].workshop.ends_on < today:
        return TrainerOverview(next=None, others=rows[:limit])
    return TrainerOverview(next=rows[0], others=rows[1:])


def awaiting_close(viewer_id: int, today: date, *, limit: int = SHOWN) -> AwaitingClose | None:
    """The workshops the user may close (whoever may certify them) that have ended and are not closed; None
    for a user who may close none."""
    waiting = and_(in_workshops(viewer_id, Action.CERTIFY, Workshop.id),
                   Workshop.status_on(today) == WorkshopStatus.AWAITING_CLOSE.value)
    count = db.session.scalar(select(func.count(Workshop.id)).where(waiting))
    if not count:
        return AwaitingClose(0, [])
    query = _open_workshops(today).where(waiting).order_by(Workshop.ends_on, Workshop.id).limit(limit)
    return AwaitingClose(count, _gaps(query, today))


def certifies_any(viewer_id: int) -> bool:
    """Whether some workshop lies within the user's reach to close and certify: without one (a coordinator not yet
    assigned to a project, or whose projects hold no workshop) the start page says what comes first instead."""
    return db.session.scalar(select(Workshop.id).where(in_workshops(viewer_id, Action.CERTIFY, Workshop.id))
                             .limit(1)) is not None


def _open_workshops(today: date):
    return (select(Workshop).join(Workshop.objective)
            .options(joinedload(Workshop.objective).joinedload(Objective.project))
            .where(Workshop.closed_at.is_(None), Workshop.cancelled_at.is_(None)))


def _gaps(query, today: date) -> list[Gaps]:
    """The workshops of `query` with their gaps, counted beside each row in the same statement."""
    held = and_(WorkshopSession.workshop_id == Workshop.id, WorkshopSession.held_on < today)
    enrolled = Enrolment.workshop_id == Workshop.id
    started, ended = Workshop.starts_on <= today, Workshop.ends_on < today
    counts = (
        _count(Enrolment.id, enrolled),
        _count(Registration.id, RegistrationLink.workshop_id == Workshop.id,
               Registration.status == RegistrationStatus.PENDING, join=(RegistrationLink, Registration.link)),
        _count(WorkshopSession.id, held, ~exists().where(Attendance.session_id == WorkshopSession.id)),
        _count(WorkshopSession.id, held, WorkshopSession.signed_sheet_uploaded_at.is_(None)),
        _count(Enrolment.id, enrolled, started, Enrolment.pre_test_score.is_(None)),
        _count(Enrolment.id, enrolled, ended, Enrolment.post_test_score.is_(None)),
    )
    rows = db.session.execute(query.add_columns(*counts)).unique().all()
    return [Gaps(workshop, workshop.status_on(today), *numbers) for workshop, *numbers in rows]


def _count(column, *conditions, join=None):
    """COUNT(column) of the rows meeting `conditions`, correlated to the workshop of the outer row."""
    counted = select(func.count(column))
    if join is not None:
        counted = counted.join(*join)
    return counted.where(*conditions).correlate(Workshop).scalar_subquery()

