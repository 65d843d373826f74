"""Taking attendance and test scores on a workshop, and judging from them who completed it.

Both grids save cell by cell: each changed cell comes with the value the page showed, and a cell whose stored
value is no longer that one was changed by someone else meanwhile; it is left as they set it and reported,
while the other cells of the save are kept. Cells that break a rule refuse the whole save.
"""
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, false, func, select, update
from sqlalchemy.orm import contains_eager

from workshops import dates
from workshops.access.policy import Action, require
from workshops.audit.services import record
from workshops.auth.models import User
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.training.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    Workshop,
    WorkshopSession,
)

Value = TypeVar("Value")
#: The two knowledge tests, as the score grid names them; each is the `<stage>_test_score` of an enrolment.
SCORE_STAGES = ("pre", "post")
MAXIMUM_SCORE = 100


@dataclass(frozen=True)
class Edit(Generic[Value]):
    """One cell as a grid posts it: the value the page showed when it was loaded, and the one wanted now."""

    shown: Value | None
    wanted: Value | None


@dataclass(frozen=True)
class ChangedMeanwhile(Generic[Value]):
    """A cell someone else changed after the page was loaded: what it holds now, who set it and when.

    `by` and `at` are None when nobody is on record: a mark cleared leaves no row to say who cleared it.
    """

    stored: Value | None
    by: str | None
    at: datetime | None


@dataclass(frozen=True)
class GridSave:
    """What a grid save kept (`saved` cells) and the cells it left alone because they had changed meanwhile."""

    saved: int
    conflicts: dict[Hashable, ChangedMeanwhile] = field(default_factory=dict)


class CellsRefused(DomainError):
    """Cells of a grid that break a rule, each with its message; nothing of the save is kept."""

    def __init__(self, cells: Mapping[Hashable, str]):
        super().__init__(ngettext("%(num)d cell needs attention.", "%(num)d cells need attention.", len(cells)))
        self.cells = dict(cells)


@dataclass(frozen=True)
class AttendanceGrid:
    workshop: Workshop
    sessions: list[WorkshopSession]
    enrolments: list[Enrolment]
    marks: dict[tuple[int, int], AttendanceStatus]
    attended: dict[int, int]
    #: Sessions after today: nobody can have attended them yet.
    future: frozenset[int] = frozenset()


def attendance_grid(workshop: Workshop) -> AttendanceGrid:
    """Everything the grid shows, in three queries whatever the size of the workshop."""
    enrolments = db.session.scalars(
        select(Enrolment).join(Enrolment.participant).options(contains_eager(Enrolment.participant))
        .where(Enrolment.workshop_id == workshop.id)
        .order_by(Participant.family_name, Participant.given_name, Enrolment.id)).all()
    rows = db.session.execute(select(Attendance.enrolment_id, Attendance.session_id, Attendance.status)
                              .join(Enrolment).where(Enrolment.workshop_id == workshop.id))
    marks = {(enrolment_id, session_id): status for enrolment_id, session_id, status in rows}
    attended: dict[int, int] = {}
    for (enrolment_id, _session_id), status in marks.items():
        attended[enrolment_id] = attended.get(enrolment_id, 0) + status.counts_towards_completion
    today = dates.today()
    sessions = list(workshop.sessions)
    return AttendanceGrid(workshop, sessions, list(enrolments), marks, attended,
                          frozenset(session.id for session in sessions if session.held_on > today))


def save_attendance(workshop: Workshop, edits: Mapping[tuple[int, int], Edit[AttendanceStatus]], *,
                    actor_id: int | None) -> GridSave:
    """Record the changed cells of a grid: a status sets a cell, None clears it; then completion is re-judged.

    A mark on a session that has not happened yet is refused (clearing one stays possible). The workshop's
    enrolments are locked first, in id order as the score grid locks them, so that two saves of one grid run
    one after the other and the second sees what the first stored. One trail entry lists every cell the save
    changed, before and after; cells left alone because someone else had changed them are not in it.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    enrolment_ids = set(db.session.scalars(select(Enrolment.id).where(Enrolment.workshop_id == workshop.id)
                                           .order_by(Enrolment.id).with_for_update()))
    sessions = {session.id: session for session in workshop.sessions}
    if any(cell[0] not in enrolment_ids or cell[1] not in sessions for cell in edits):
        raise DomainError(_("The grid names people or sessions that are not on this workshop."))
    today = dates.today()
    early = {cell: _("The session of %(day)s has not happened yet: its attendance is marked from that day.",
                     day=format_date(sessions[cell[1]].held_on))
             for cell, edit in edits.items() if edit.wanted is not None and sessions[cell[1]].held_on > today}
    if early:
        raise CellsRefused(early)
    existing = {(row.enrolment_id, row.session_id): (row, name) for row, name in db.session.execute(
        select(Attendance, User.full_name).outerjoin(User, User.id == Attendance.recorded_by_id)
        .where(Attendance.enrolment_id.in_(enrolment_ids)).execution_options(populate_existing=True))}
    cells, conflicts = [], {}
    for cell, edit in edits.items():
        row, name = existing.get(cell, (None, None))
        stored = row.status if row is not None else None
        if stored == edit.wanted:
            continue
        if stored != edit.shown:
            conflicts[cell] = ChangedMeanwhile(stored, name, row.recorded_at if row is not None else None)
            continue
        if edit.wanted is None:
            db.session.delete(row)
        elif row is None:
            db.session.add(Attendance(enrolment_id=cell[0], session_id=cell[1], status=edit.wanted,
                                      recorded_by_id=actor_id))
        else:
            row.status, row.recorded_by_id = edit.wanted, actor_id
        cells.append({"enrolment_id": cell[0], "session_id": cell[1], "before": stored, "after": edit.wanted})
    db.session.flush()
    if cells:
        record(actor_id, "attendance.saved", workshop, cells=[{key: getattr(value, "value", value)
                                                               for key, value in cell.items()} for cell in cells])
    refresh_completion(workshop)
    return GridSave(len(cells), conflicts)


#: Called with a workshop's id whenever its completions are recomputed, by the areas above that keep figures
#: derived from them (reports.summary), so that training does not import them.
completion_watchers: list[Callable[[int], None]] = []


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
    if session_count == 0 or workshop.cancelled_at is not None:
        completed = false()
    else:
        completed = case((attended * 100 >= workshop.completion_threshold * session_count, True), else_=False)
    db.session.execute(update(Enrolment).where(Enrolment.workshop_id == workshop.id)
                       .values(is_completed=completed).execution_options(synchronize_session="fetch"))
    for watcher in completion_watchers:
        watcher(workshop.id)


@dataclass(frozen=True)
class ScoreSummary:
    tested: int
    average_gain: float | None
    improved: int


def save_scores(workshop: Workshop, edits: Mapping[tuple[int, str], Edit[int]], *,
                actor_id: int | None) -> GridSave:
    """Record the changed cells of the score grid, keyed (enrolment id, "pre" or "post"): 0 to 100, None for
    a test not taken. As for attendance, a cell changed meanwhile by someone else is left as they set it.

    Each enrolment keeps who last changed its scores and when, which is what such a conflict is told with;
    one trail entry lists each person's scores before and after.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    wanted_ids = {enrolment_id for enrolment_id, _stage in edits}
    rows = db.session.execute(
        select(Enrolment, User.full_name).outerjoin(User, User.id == Enrolment.scores_recorded_by_id)
        .where(Enrolment.workshop_id == workshop.id, Enrolment.id.in_(wanted_ids))
        .order_by(Enrolment.id).with_for_update(of=Enrolment).execution_options(populate_existing=True))
    enrolments = {enrolment.id: (enrolment, name) for enrolment, name in rows}
    if len(enrolments) != len(wanted_ids) or any(stage not in SCORE_STAGES for _id, stage in edits):
        raise DomainError(_("The scores name people who are not on this workshop."))
    out_of_range = {cell: _("“%(value)s” is not a score from 0 to 100.", value=edit.wanted)
                    for cell, edit in edits.items()
                    if edit.wanted is not None and not 0 <= edit.wanted <= MAXIMUM_SCORE}
    if out_of_range:
        raise CellsRefused(out_of_range)
    before = {enrolment_id: _scores(enrolment) for enrolment_id, (enrolment, _name) in enrolments.items()}
    saved, conflicts = 0, {}
    for (enrolment_id, stage), edit in edits.items():
        enrolment, name = enrolments[enrolment_id]
        stored = getattr(enrolment, f"{stage}_test_score")
        if stored == edit.wanted:
            continue
        if stored != edit.shown:
            conflicts[enrolment_id, stage] = ChangedMeanwhile(stored, name, enrolment.scores_recorded_at)
            continue
        setattr(enrolment, f"{stage}_test_score", edit.wanted)
        enrolment.scores_recorded_at, enrolment.scores_recorded_by_id = func.now(), actor_id
        saved += 1
    changed = [{"enrolment_id": enrolment_id, "before": scores, "after": _scores(enrolments[enrolment_id][0])}
               for enrolment_id, scores in sorted(before.items()) if scores != _scores(enrolments[enrolment_id][0])]
    db.session.flush()
    if changed:
        record(actor_id, "scores.saved", workshop, scores=changed)
    return GridSave(saved, conflicts)


def _scores(enrolment: Enrolment) -> list[int | None]:
    return [getattr(enrolment, f"{stage}_test_score") for stage in SCORE_STAGES]


def score_summary(workshop_id: int) -> ScoreSummary:
    """Average gain and how many improved, over the people with both scores, in one query."""
    both = (Enrolment.workshop_id == workshop_id, Enrolment.pre_test_score.is_not(None),
            Enrolment.post_test_score.is_not(None))
    tested, gain, improved = db.session.execute(select(
        func.count(Enrolment.id), func.avg(Enrolment.post_test_score - Enrolment.pre_test_score),
        func.count(case((Enrolment.post_test_score > Enrolment.pre_test_score, Enrolment.id)))).where(*both)).one()
    return ScoreSummary(tested, float(gain) if gain is not None else None, improved)
