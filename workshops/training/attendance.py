"""Taking attendance and test scores on a workshop, and judging from them who completed it."""
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, false, func, select, update
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, require
from workshops.audit.services import record
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.training.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)


@dataclass(frozen=True)
class AttendanceGrid:
    workshop: Workshop
    sessions: list[WorkshopSession]
    enrolments: list[Enrolment]
    marks: dict[tuple[int, int], AttendanceStatus]
    attended: dict[int, int]


def attendance_grid(workshop: Workshop) -> AttendanceGrid:
    """Everything the grid shows, in three queries whatever the size of the workshop."""
    enrolments = db.session.scalars(
        select(Enrolment).join(Enrolment.participant).options(joinedload(Enrolment.participant))
        .where(Enrolment.workshop_id == workshop.id)
        .order_by(Participant.family_name, Participant.given_name, Enrolment.id)).all()
    rows = db.session.execute(select(Attendance.enrolment_id, Attendance.session_id, Attendance.status)
                              .join(Enrolment).where(Enrolment.workshop_id == workshop.id))
    marks = {(enrolment_id, session_id): status for enrolment_id, session_id, status in rows}
    attended: dict[int, int] = {}
    for (enrolment_id, _session_id), status in marks.items():
        attended[enrolment_id] = attended.get(enrolment_id, 0) + status.counts_towards_completion
    return AttendanceGrid(workshop, list(workshop.sessions), list(enrolments), marks, attended)


def save_attendance(workshop: Workshop, marks: Mapping[tuple[int, int], AttendanceStatus | None], *,
                    actor_id: int | None) -> int:
    """Record a whole grid in one go: a status sets a cell, None clears it; then completion is re-judged.

    Cells are written one by one, so a save touches only what it names and keeps other cells as they are.
    One trail entry lists every cell the save changed, before and after.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    enrolment_ids = set(db.session.scalars(select(Enrolment.id).where(Enrolment.workshop_id == workshop.id)))
    session_ids = {session.id for session in workshop.sessions}
    unknown = [cell for cell in marks if cell[0] not in enrolment_ids or cell[1] not in session_ids]
    if unknown:
        raise DomainError(_("The grid names people or sessions that are not on this workshop."))
    existing = {(row.enrolment_id, row.session_id): row for row in db.session.scalars(
        select(Attendance).where(Attendance.enrolment_id.in_(enrolment_ids)))}
    cells = []
    for (enrolment_id, session_id), status in marks.items():
        row = existing.get((enrolment_id, session_id))
        before = row.status if row is not None else None
        if status is None and row is not None:
            db.session.delete(row)
        elif status is not None and row is None:
            db.session.add(Attendance(enrolment_id=enrolment_id, session_id=session_id, status=status,
                                      recorded_by_id=actor_id))
        elif status is not None and row.status != status:
            row.status, row.recorded_by_id = status, actor_id
        else:
            continue
        cells.append({"enrolment_id": enrolment_id, "session_id": session_id, "before": before, "after": status})
    db.session.flush()
    if cells:
        record(actor_id, "attendance.saved", workshop, cells=[{key: getattr(value, "value", value)
                                                               for key, value in cell.items()} for cell in cells])
    refresh_completion(workshop)
    return len(cells)


def refresh_completion(workshop: Workshop) -> None:
    """Completion rule: present or late in at least the threshold (a percentage) of the workshop's sessions.

    Written as integer arithmetic in SQL (attended * 100 >= threshold * sessions) so the 80 % edge is exact.
    A cancelled workshop or one without sessions has no completers.
    """
    session_count = db.session.scalar(select(func.count(WorkshopSession.id))
                                      .where(WorkshopSession.workshop_id == workshop.id))
    attended = (select(func.count(Attendance.id))
                .where(Attendance.enrolment_id == Enrolment.id,
                       Attendance.status.in_([AttendanceStatus.PRESENT, AttendanceStatus.LATE]))
                .scalar_subquery())
    if session_count == 0 or workshop.status == WorkshopStatus.CANCELLED:
        completed = false()
    else:
        completed = case((attended * 100 >= workshop.completion_threshold * session_count, True), else_=False)
    db.session.execute(update(Enrolment).where(Enrolment.workshop_id == workshop.id)
                       .values(is_completed=completed).execution_options(synchronize_session="fetch"))


@dataclass(frozen=True)
class ScoreSummary:
    tested: int
    average_gain: float | None
    improved: int


def save_scores(workshop: Workshop, scores: Mapping[int, tuple[int | None, int | None]], *,
                actor_id: int | None) -> None:
    """Pre- and post-test scores per enrolment, 0 to 100 or None for not taken; all saved or none."""
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    enrolments = {enrolment.id: enrolment for enrolment in db.session.scalars(
        select(Enrolment).where(Enrolment.workshop_id == workshop.id, Enrolment.id.in_(list(scores))))}
    if len(enrolments) != len(scores):
        raise DomainError(_("The scores name people who are not on this workshop."))
    changed = []
    for enrolment_id, (pre, post) in scores.items():
        if any(score is not None and not 0 <= score <= 100 for score in (pre, post)):
            raise DomainError(_("Scores are between 0 and 100."))
        enrolment = enrolments[enrolment_id]
        if (enrolment.pre_test_score, enrolment.post_test_score) != (pre, post):
            changed.append({"enrolment_id": enrolment_id, "before": [enrolment.pre_test_score,
                                                                     enrolment.post_test_score], "after": [pre, post]})
        enrolment.pre_test_score, enrolment.post_test_score = pre, post
    db.session.flush()
    if changed:
        record(actor_id, "scores.saved", workshop, scores=changed)


def score_summary(workshop_id: int) -> ScoreSummary:
    """Average gain and how many improved, over the people with both scores, in one query."""
    both = (Enrolment.workshop_id == workshop_id, Enrolment.pre_test_score.is_not(None),
            Enrolment.post_test_score.is_not(None))
    tested, gain, improved = db.session.execute(select(
        func.count(Enrolment.id), func.avg(Enrolment.post_test_score - Enrolment.pre_test_score),
        func.count(case((Enrolment.post_test_score > Enrolment.pre_test_score, Enrolment.id)))).where(*both)).one()
    return ScoreSummary(tested, float(gain) if gain is not None else None, improved)
