"""The completion rule: present or late in at least the threshold of the workshop's sessions."""
from datetime import date

import pytest
from conftest import mark_attendance

from workshops.extensions import db
from workshops.training import attendance, services
from workshops.training.models import AttendanceStatus, Enrolment, SessionPart, Workshop


def _completed(enrolment) -> bool:
    return db.session.get(Enrolment, enrolment.id).is_completed


@pytest.mark.parametrize(("attended", "completed"), [(5, True), (4, True), (3, False), (0, False)])
def test_five_sessions_at_eighty_percent(session, make_workshop, make_participant, enrol, attended, completed):
    workshop = make_workshop()  # 3-7 March: five full days
    enrolment = enrol(workshop, make_participant(), attended=attended)
    assert _completed(enrolment) is completed


def test_late_counts_as_attended(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant(), attended=4, status=AttendanceStatus.LATE)
    assert _completed(enrolment)


def test_excused_does_not_count(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant(), attended=3)
    stored = db.session.get(Workshop, workshop.id)
    excused = stored.sessions[3]
    attendance.save_attendance(stored, {(enrolment.id, excused.id): attendance.Edit(AttendanceStatus.ABSENT,
                                                                                    AttendanceStatus.EXCUSED)},
                               actor_id=None)
    assert not _completed(enrolment)


def _coordinator():
    from workshops.auth.models import Role, User

    user = User(email="coordinator-x@example.org", full_name="Coordinator", role=Role.COORDINATOR, password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user


def test_threshold_edge_is_exact_with_a_threshold_that_divides_unevenly(session, make_workshop, make_participant,
                                                                        enrol):
    """Three sessions at 67 %: two of three is 66.7 %, just under; at 66 % it completes."""
    workshop = make_workshop(ends_on=date(2025, 3, 5), completion_threshold=67)
    enrolment = enrol(workshop, make_participant(), attended=2)
    assert not _completed(enrolment)
    stored = db.session.get(Workshop, workshop.id)
    stored.completion_threshold = 66
    attendance.refresh_completion(stored)
    assert _completed(enrolment)


def test_hundred_percent_needs_every_session(session, make_workshop, make_participant, enrol):
    workshop = make_workshop(completion_threshold=100)
    assert not _completed(enrol(workshop, make_participant(), attended=4))
    assert _completed(enrol(workshop, make_participant(), attended=5))


def test_adding_a_half_day_rejudges_completion(session, make_workshop, make_participant, enrol):
    """Four of five sessions is 80 %; with a sixth (half-day) session, four of six is not."""
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant(), attended=4)
    assert _completed(enrolment)
    stored = db.session.get(Workshop, workshop.id)
    services.remove_session(stored, stored.sessions[-1].id, actor_id=None)
    services.add_session(stored, date(2025, 3, 7), SessionPart.MORNING, actor_id=None)
    services.add_session(stored, date(2025, 3, 7), SessionPart.AFTERNOON, actor_id=None)
    assert len(stored.sessions) == 6
    assert not _completed(enrolment)


def test_cancelled_workshop_has_no_completers(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant(), attended=5)
    services.cancel_workshop(db.session.get(Workshop, workshop.id), "The venue flooded.", actor_id=None)
    assert not _completed(enrolment)


def test_nobody_completes_without_attendance(session, make_workshop, make_participant, enrol):
    enrolment = enrol(make_workshop(), make_participant())
    assert not _completed(enrolment)


def test_marks_helper_matches_grid_counts(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant())
    mark_attendance(workshop, db.session.get(Enrolment, enrolment.id), 4)
    grid = attendance.attendance_grid(db.session.get(Workshop, workshop.id))
    assert grid.attended[enrolment.id] == 4


def test_a_split_day_lists_the_morning_before_the_afternoon(session, make_workshop):
    stored = db.session.get(Workshop, make_workshop(ends_on=date(2025, 3, 4)).id)
    services.remove_session(stored, stored.sessions[-1].id, actor_id=None)
    services.add_session(stored, date(2025, 3, 4), SessionPart.AFTERNOON, actor_id=None)
    services.add_session(stored, date(2025, 3, 4), SessionPart.MORNING, actor_id=None)
    db.session.expire_all()
    parts = [session.part for session in db.session.get(Workshop, stored.id).sessions]
    assert parts == [SessionPart.FULL_DAY, SessionPart.MORNING, SessionPart.AFTERNOON]
