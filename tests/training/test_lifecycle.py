"""A workshop's life follows the calendar: planned, ongoing, awaiting close, closed; cancelled by hand only.

Every test sets the app's day (the TODAY setting read by workshops.dates.today) rather than trusting the clock.
"""
import re
from collections import Counter
from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from form_data import workshop_form

from workshops import create_app
from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.training import services
from workshops.training.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    SessionPart,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)

#: make_workshop's dates: Monday 3 to Friday 7 March 2025, in a project running from December 2024 to November 2026.
FIRST_DAY, LAST_DAY = date(2025, 3, 3), date(2025, 3, 7)


@pytest.fixture
def on_day(app):
    """Move the whole app to a day."""
    def move(day: date) -> None:
        app.config["TODAY"] = day
    return move


def _entries(action: str) -> list[AuditEntry]:
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)).all()


@pytest.mark.parametrize(("day", "status"), [
    (date(2025, 3, 2), WorkshopStatus.PLANNED),
    (FIRST_DAY, WorkshopStatus.ONGOING),
    (LAST_DAY, WorkshopStatus.ONGOING),
    (date(2025, 3, 8), WorkshopStatus.AWAITING_CLOSE),  # ended yesterday: no longer "ongoing"
])
def test_status_follows_the_dates_in_python_and_in_sql(session, on_day, make_workshop, day, status):
    workshop = make_workshop()
    on_day(day)
    stored = db.session.get(Workshop, workshop.id)
    assert stored.status == status
    assert db.session.scalar(db.select(Workshop.id).where(Workshop.status_on(day) == status.value)) == workshop.id


def test_closed_and_cancelled_win_over_the_dates(session, on_day, make_workshop):
    closed, cancelled = make_workshop(), make_workshop()
    on_day(date(2025, 3, 10))
    services.close_workshop(db.session.get(Workshop, closed.id), missing_accepted=True, actor_id=None)
    services.cancel_workshop(db.session.get(Workshop, cancelled.id), "The venue flooded.", actor_id=None)
    for day in (date(2025, 3, 1), date(2025, 3, 4), date(2025, 3, 10)):
        rows = dict(db.session.execute(db.select(Workshop.id, Workshop.status_on(day))).all())
        assert rows == {closed.id: "closed", cancelled.id: "cancelled"}
    assert db.session.get(Workshop, closed.id).status == WorkshopStatus.CLOSED


def test_a_status_cannot_be_typed_in(client, login, on_day, make_objective, app):
    """'Completed' was accepted for a workshop of next month; now no form field sets a status at all."""
    objective = make_objective()
    on_day(date(2025, 5, 20))
    login(Role.COORDINATOR)
    form_page = client.get("/workshops/new").get_data(as_text=True)
    assert 'name="status"' not in form_page
    response = client.post("/workshops/new", data=workshop_form(objective.id, status="completed"))
    assert response.status_code == 303
    with app.app_context():
        workshop = db.session.scalar(db.select(Workshop))
        assert workshop.status == WorkshopStatus.PLANNED


def test_the_list_filters_by_the_derived_status(client, login, on_day, make_objective, make_workshop):
    objective = make_objective()
    make_workshop(objective, title="Ended yesterday")
    make_workshop(objective, title="Next month", starts_on=date(2025, 4, 7), ends_on=date(2025, 4, 9))
    on_day(date(2025, 3, 8))
    login(Role.ADMIN)
    waiting = client.get("/workshops?status=awaiting_close").get_data(as_text=True)
    assert "Ended yesterday" in waiting and "Next month" not in waiting
    planned = client.get("/workshops?status=planned").get_data(as_text=True)
    assert "Next month" in planned and "Ended yesterday" not in planned
    everything = client.get("/workshops").get_data(as_text=True)
    assert "Awaiting close" in everything and "Planned" in everything


@pytest.mark.parametrize(("dates", "field"), [
    ({"starts_on": "2026-12-07", "ends_on": "2026-12-09"}, "ends_on"),  # the project ends on 30 November 2026
    ({"starts_on": "2024-11-28", "ends_on": "2024-12-02"}, "starts_on"),  # it starts on 1 December 2024
])
def test_a_workshop_lies_within_its_project(client, login, make_objective, app, dates, field):
    objective = make_objective()
    login(Role.COORDINATOR)
    response = client.post("/workshops/new", data=workshop_form(objective.id, **dates))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    message = re.search(rf'id="{field}-error" class="invalid-feedback">([^<]*)<', page)
    assert message and "The project runs from 1 December 2024 to 30 November 2026" in message[1]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == 0


def test_a_workshop_made_by_mistake_is_deleted_with_its_list(client, login, make_workshop, make_participant, enrol,
                                                             app):
    workshop = make_workshop()
    enrol(workshop, make_participant())  # on the list, no mark yet
    login(Role.COORDINATOR)
    edit_page = client.get(f"/workshops/{workshop.id}/edit").get_data(as_text=True)
    assert f'action="/workshops/{workshop.id}/delete" data-confirm=' in edit_page
    response = client.post(f"/workshops/{workshop.id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith("/workshops")
    with app.app_context():
        assert db.session.get(Workshop, workshop.id) is None
        assert db.session.scalar(db.select(db.func.count()).select_from(Enrolment)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(WorkshopSession)) == 0
        [entry] = _entries("workshop.deleted")
        assert entry.subject_id == workshop.id and entry.details["title"] == workshop.title


def test_a_workshop_that_happened_is_not_deleted_and_the_refusal_says_why(client, login, make_workshop,
                                                                          make_participant, enrol, app):
    marked, certified = make_workshop(), make_workshop()
    enrol(marked, make_participant(), attended=2)
    enrolment = enrol(certified, make_participant(), attended=5)
    with app.app_context():
        certificate_services.issue_for_enrolment(db.session.get(Enrolment, enrolment.id), actor_id=None)
        # Its marks cleared afterwards: the certificate still stands.
        db.session.execute(db.delete(Attendance).where(Attendance.enrolment_id == enrolment.id))
        db.session.commit()
    login(Role.COORDINATOR)
    refused = client.post(f"/workshops/{marked.id}/delete")
    assert refused.status_code == 409
    assert "cannot be deleted: 5 attendance marks were recorded. Cancel it instead." in refused.get_data(as_text=True)
    refused = client.post(f"/workshops/{certified.id}/delete")
    assert refused.status_code == 409 and "one certificate was issued" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == 2


def test_a_trainer_may_not_delete(client, make_user, make_workshop):
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    client.post("/login", data={"email": trainer.email, "password": "correct horse battery"})
    assert client.post(f"/workshops/{workshop.id}/delete").status_code == 403


def test_a_copy_moves_the_sessions_and_keeps_the_settings_not_the_people(client, login, make_user, make_workshop,
                                                                         make_participant, enrol, app):
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer], completion_threshold=67, ends_on=date(2025, 3, 5))
    with app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        services.remove_session(stored, stored.sessions[-1].id, actor_id=None)
        services.add_session(stored, date(2025, 3, 5), SessionPart.MORNING, actor_id=None)
        db.session.commit()
    enrol(workshop, make_participant(), attended=2)
    login(Role.COORDINATOR)
    form = client.get(f"/workshops/{workshop.id}/copy").get_data(as_text=True)
    assert 'value="Investigating trafficking in persons"' in form
    response = client.post(f"/workshops/{workshop.id}/copy", data={"starts_on": "2025-09-15", "title": "Second run"})
    assert response.status_code == 303
    copy_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        copy = db.session.get(Workshop, copy_id)
        assert (copy.title, copy.starts_on, copy.ends_on) == ("Second run", date(2025, 9, 15), date(2025, 9, 17))
        assert [(session.held_on, session.part) for session in copy.sessions] == [
            (date(2025, 9, 15), SessionPart.FULL_DAY), (date(2025, 9, 16), SessionPart.FULL_DAY),
            (date(2025, 9, 17), SessionPart.MORNING)]
        assert (copy.trainer_ids, copy.completion_threshold, copy.objective_id, copy.city, copy.theme) == (
            [trainer.id], 67, workshop.objective_id, workshop.city, workshop.theme)
        assert db.session.scalar(db.select(db.func.count()).where(Enrolment.workshop_id == copy_id)) == 0
        [entry] = [entry for entry in _entries("workshop.created") if entry.subject_id == copy_id]
        assert entry.details["copied_from"] == workshop.id


def test_a_copy_outside_the_project_is_refused(client, login, make_workshop, app):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/copy", data={"starts_on": "2026-11-29", "title": "Late"})
    assert response.status_code == 422 and "The project runs from" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == 1


@pytest.fixture
def half_recorded(app, make_workshop, make_participant, enrol):
    """Three sessions; Amina marked on the first two, Omar on the first only; the third unmarked; one sheet."""
    workshop = make_workshop(ends_on=date(2025, 3, 5))
    amina = enrol(workshop, make_participant(given_name="Amina", family_name="Haddad"))
    omar = enrol(workshop, make_participant(given_name="Omar", family_name="Farouk"))
    with app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        first, second, third = stored.sessions
        db.session.add_all([Attendance(enrolment_id=amina.id, session_id=first.id, status=AttendanceStatus.PRESENT),
                            Attendance(enrolment_id=amina.id, session_id=second.id, status=AttendanceStatus.LATE),
                            Attendance(enrolment_id=omar.id, session_id=first.id, status=AttendanceStatus.ABSENT)])
        services.attach_signed_sheet(stored, first.id, b"%PDF-1.4\n", actor_id=None)
        db.session.commit()
        return {"workshop": workshop.id, "sessions": [first.id, second.id, third.id], "omar": omar.participant_id}


def test_the_close_page_lists_what_is_missing_first(client, login, on_day, half_recorded, app):
    on_day(date(2025, 3, 6))
    login(Role.COORDINATOR)
    workshop_id = half_recorded["workshop"]
    assert f'href="/workshops/{workshop_id}/close"' in client.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    page = client.get(f"/workshops/{workshop_id}/close").get_data(as_text=True)
    assert "One session has no attendance mark at all:" in page and "Wednesday 5 March 2025" in page
    assert "One person has no mark on some sessions:" in page and "Omar Farouk: one session without a mark" in page
    assert "Amina Haddad" not in page
    assert "2 sessions have no signed sheet uploaded:" in page

    refused = client.post(f"/workshops/{workshop_id}/close")
    assert refused.status_code == 422 and "tick the box to close the workshop all the same" in refused.get_data(
        as_text=True)
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).status == WorkshopStatus.AWAITING_CLOSE

    assert client.post(f"/workshops/{workshop_id}/close", data={"confirm": "y"}).status_code == 303
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).status == WorkshopStatus.CLOSED
        [entry] = _entries("workshop.closed")
        first, second, third = half_recorded["sessions"]
        assert entry.details["missing"] == {"unmarked_sessions": [third], "unsigned_sessions": [second, third],
                                            "incomplete_participants": {str(half_recorded["omar"]): 1}}


def test_nothing_missing_closes_on_the_button_alone(client, login, on_day, make_workshop, make_participant, enrol,
                                                    app):
    workshop = make_workshop(ends_on=date(2025, 3, 3))
    enrol(workshop, make_participant(), attended=1)
    with app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        services.attach_signed_sheet(stored, stored.sessions[0].id, b"%PDF-1.4\n", actor_id=None)
        db.session.commit()
    on_day(date(2025, 3, 3))  # the last day itself: the coordinator closes once the session is over
    login(Role.COORDINATOR)
    assert "Nothing is missing." in client.get(f"/workshops/{workshop.id}/close").get_data(as_text=True)
    assert client.post(f"/workshops/{workshop.id}/close").status_code == 303
    with app.app_context():
        assert db.session.get(Workshop, workshop.id).status == WorkshopStatus.CLOSED


def test_closing_before_the_last_day_is_refused(client, login, on_day, half_recorded, app):
    on_day(date(2025, 3, 4))
    login(Role.COORDINATOR)
    workshop_id = half_recorded["workshop"]
    assert "It can be closed from its last day on, 5 March 2025." in client.get(
        f"/workshops/{workshop_id}/close").get_data(as_text=True)
    refused = client.post(f"/workshops/{workshop_id}/close", data={"confirm": "y"})
    assert refused.status_code == 422 and "this one ends on 5 March 2025" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Workshop, workshop_id).status == WorkshopStatus.ONGOING


def test_those_who_may_not_certify_may_not_close(client, make_user, on_day, make_workshop):
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    on_day(date(2025, 3, 10))
    client.post("/login", data={"email": trainer.email, "password": "correct horse battery"})
    assert "/close" not in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert client.post(f"/workshops/{workshop.id}/close", data={"confirm": "y"}).status_code == 403


def test_cancelling_takes_a_reason_and_only_managers_reopen(client, login, make_user, on_day, make_workshop,
                                                            make_participant, enrol, app):
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    enrolment = enrol(workshop, make_participant(), attended=5)
    on_day(date(2025, 3, 10))
    login(Role.COORDINATOR)
    assert client.post(f"/workshops/{workshop.id}/cancel", data={"reason": " "}).status_code == 422
    assert client.post(f"/workshops/{workshop.id}/cancel", data={"reason": "Security alert"}).status_code == 303
    with app.app_context():
        assert db.session.get(Workshop, workshop.id).status == WorkshopStatus.CANCELLED
        assert not db.session.get(Enrolment, enrolment.id).is_completed
        assert _entries("workshop.cancelled")[0].details["reason"] == "Security alert"
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Security alert" in page and f'action="/workshops/{workshop.id}/reopen"' in page

    client.post("/logout")
    client.post("/login", data={"email": trainer.email, "password": "correct horse battery"})
    assert client.post(f"/workshops/{workshop.id}/reopen").status_code == 403
    client.post("/logout")
    login(Role.COORDINATOR)
    assert client.post(f"/workshops/{workshop.id}/reopen").status_code == 303
    with app.app_context():
        assert db.session.get(Workshop, workshop.id).status == WorkshopStatus.AWAITING_CLOSE
        assert db.session.get(Enrolment, enrolment.id).is_completed
        assert len(_entries("workshop.reopened")) == 1


def test_a_certified_workshop_is_not_cancelled(session, make_workshop, make_participant, enrol):
    from workshops.exceptions import Conflict

    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant(), attended=5)
    certificate_services.issue_for_enrolment(db.session.get(Enrolment, enrolment.id), actor_id=None)
    with pytest.raises(Conflict, match="revoke it first"):
        services.cancel_workshop(db.session.get(Workshop, workshop.id), "Mistake", actor_id=None)


def test_a_trainers_list_shows_their_own_workshops_first(client, login, make_user, make_objective, make_workshop):
    objective = make_objective()
    coordinator = login(Role.COORDINATOR)
    make_workshop(objective, title="Trained by the coordinator", trainers=[coordinator])
    make_workshop(objective, title="Trained by someone else", trainers=[make_user(Role.TRAINER)])
    everything = client.get("/workshops").get_data(as_text=True)
    assert "Trained by the coordinator" in everything and "Trained by someone else" in everything
    assert 'id="show-all" name="show" value="all" checked' in everything
    mine = client.get("/workshops?show=mine").get_data(as_text=True)
    assert "Trained by the coordinator" in mine and "Trained by someone else" not in mine
    client.post("/logout")
    trainer = login(Role.TRAINER)
    make_workshop(objective, title="The trainer's own", trainers=[trainer])
    own = client.get("/workshops").get_data(as_text=True)
    assert 'id="show-mine" name="show" value="mine" checked' in own and "The trainer&#39;s own" in own


def test_the_form_asks_for_an_objective_and_ticks_trainers(client, login, make_user, make_project, make_objective):
    make_user(Role.TRAINER, full_name="Nadia Trainer")
    make_objective(make_project(title="Capacities"), number=3, title="Border officials")
    login(Role.COORDINATOR)
    page = client.get("/workshops/new").get_data(as_text=True)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page.split('id="objective_id"')[1].split("</select>")[0])
    assert options == ["Choose an objective", "Capacities — objective 3: Border officials"]
    assert re.search(r'<input class="form-check-input" type="checkbox" name="trainer_ids" id="trainer-\d+" '
                     r'value="\d+">\s*<label class="form-check-label" for="trainer-\d+">Nadia Trainer</label>', page)
    assert "Trainers</p>" in page and "<select" not in page.split('name="trainer_ids"')[0].rsplit("<fieldset", 1)[1]


def test_no_objective_chosen_is_said_at_the_field(client, login, make_objective):
    make_objective()
    login(Role.COORDINATOR)
    response = client.post("/workshops/new", data=workshop_form(""))
    assert response.status_code == 422
    assert 'id="objective_id-error" class="invalid-feedback">Choose the objective this workshop serves.' in \
        response.get_data(as_text=True)


def _csrf_fields(page: str) -> int:
    return page.count('name="csrf_token"')


def test_the_workshop_page_renders_one_token_per_form_whatever_its_size(client, login, make_workshop,
                                                                        make_participant, enrol, app):
    workshop = make_workshop()
    for _ in range(2):
        enrol(workshop, make_participant(), attended=5)
    login(Role.COORDINATOR)
    few = _csrf_fields(client.get(f"/workshops/{workshop.id}").get_data(as_text=True))
    for _ in range(20):
        enrol(workshop, make_participant(), attended=5)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert _csrf_fields(page) == few <= 8  # the page's own forms, log out and the language switcher
    assert page.count('form="withdraw-form" name="enrolment_id"') == 22
    assert page.count('form="issue-form" formaction=') == 22
    assert page.count('form="remove-session-form" name="session_id"') == 5


def test_list_buttons_post_the_rows_id(client, login, make_workshop, make_participant, enrol, app):
    workshop = make_workshop()
    staying, leaving = enrol(workshop, make_participant()), enrol(workshop, make_participant())
    login(Role.COORDINATOR)
    assert client.post(f"/workshops/{workshop.id}/enrolments/withdraw",
                       data={"enrolment_id": leaving.id}).status_code == 303
    nobody = client.post(f"/workshops/{workshop.id}/enrolments/withdraw", data={"enrolment_id": "9223372036854775807"})
    assert nobody.status_code == 422 and "not on this workshop&#39;s list" in nobody.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Enrolment.id)).all() == [staying.id]
        session_id = db.session.get(Workshop, workshop.id).sessions[0].id
    assert client.post(f"/workshops/{workshop.id}/sessions/remove", data={"session_id": session_id}).status_code == 303
    for absurd in ("2147483648", "9223372036854775807", "-1", "x"):  # beyond the id column: no row, no 500
        refused = client.post(f"/workshops/{workshop.id}/sessions/remove", data={"session_id": absurd})
        assert refused.status_code == 422 and "This workshop has no such session." in refused.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.get(Workshop, workshop.id).sessions) == 4


@pytest.mark.parametrize(("last_day", "expected", "absent"), [
    (date(2025, 3, 3), "Completion: present or late in the one session.", "1 sessions"),
    (date(2025, 3, 7), "Completion: present or late in at least 80% of the 5 sessions.", "80 %"),
])
def test_the_completion_rule_reads_right(client, login, make_workshop, last_day, expected, absent):
    workshop = make_workshop(ends_on=last_day)
    login(Role.ADMIN)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert expected in " ".join(page.split()) and absent not in page


def test_old_statuses_become_stored_dates_and_come_back(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'lifecycle.sqlite'}"})
    with app.app_context():
        upgrade(revision="8b4f2d6c1e93")
        db.session.execute(db.text(
            "INSERT INTO project (id, title, implementing_partners, donors, starts_on, ends_on, budget_usd,"
            " target_groups) VALUES (1, 'P', '[]', '[]', '2020-01-01', '2040-12-31', 0, '[]')"))
        db.session.execute(db.text("INSERT INTO objective (id, project_id, number, title, description)"
                                   " VALUES (1, 1, 1, 'O', '')"))
        for number, status, year in ((1, "completed", 2020), (2, "cancelled", 2020), (3, "ongoing", 2020),
                                     (4, "planned", 2039)):
            db.session.execute(db.text(
                "INSERT INTO workshop (id, objective_id, title, kind, theme, starts_on, ends_on, city, country_code,"
                " language, completion_threshold, status) VALUES (:id, 1, 'W', 'national', 'tip', :starts, :ends,"
                " 'Cairo', 'EG', 'en', 80, :status)"),
                {"id": number, "status": status, "starts": f"{year}-03-01", "ends": f"{year}-03-02"})
        db.session.commit()
        upgrade(revision="a1c3e5f70001")
        stored = db.session.execute(db.text("SELECT id, closed_at IS NOT NULL, cancelled_at IS NOT NULL"
                                            " FROM workshop ORDER BY id")).all()
        assert [tuple(row) for row in stored] == [(1, 1, 0), (2, 0, 1), (3, 0, 0), (4, 0, 0)]
        statuses = dict(db.session.execute(db.select(Workshop.id, Workshop.status_on(date(2026, 11, 27)))).all())
        assert statuses == {1: "closed", 2: "cancelled", 3: "awaiting_close", 4: "planned"}
        downgrade(revision="8b4f2d6c1e93")
        back = db.session.execute(db.text("SELECT id, status FROM workshop ORDER BY id")).all()
        assert [tuple(row) for row in back] == [(1, "completed"), (2, "cancelled"), (3, "ongoing"), (4, "planned")]
        db.engine.dispose()


def test_the_demo_follows_the_calendar_and_the_one_completion_rule(app, runner, on_day):
    """Past workshops closed, the one that ended yesterday awaiting close, the coming two planned; no mark on a
    session still to come; and completion exactly as training.attendance.refresh_completion judges it."""
    from workshops.training.attendance import refresh_completion

    on_day(date(2026, 11, 27))
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        statuses = Counter(db.session.scalars(db.select(Workshop.status_on(date(2026, 11, 27)))))
        assert statuses == {"closed": 90, "awaiting_close": 1, "planned": 2}
        assert db.session.scalar(db.select(db.func.count()).select_from(Attendance).join(WorkshopSession).where(
            WorkshopSession.held_on > date(2026, 11, 27))) == 0
        before = dict(db.session.execute(db.select(Enrolment.id, Enrolment.is_completed)).all())
        for workshop in db.session.scalars(db.select(Workshop)):
            refresh_completion(workshop)
        assert dict(db.session.execute(db.select(Enrolment.id, Enrolment.is_completed)).all()) == before
