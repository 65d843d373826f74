"""Through the pages: create a workshop, register people, take attendance, issue and print certificates."""
import io
from datetime import date

import pytest
from form_data import person_form, workshop_form
from pypdf import PdfReader

from workshops.auth.models import Role
from workshops.certificates.models import Certificate
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.training.models import Enrolment, Workshop, WorkshopSession


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_coordinator_creates_a_workshop_with_a_session_per_day(client, login, make_objective, app):
    objective = make_objective()
    login(Role.COORDINATOR)
    response = client.post("/workshops/new", data=workshop_form(objective.id))
    assert response.status_code == 303
    with app.app_context():
        workshop = db.session.scalar(db.select(Workshop))
        assert [session.held_on for session in workshop.sessions] == [date(2025, 6, day) for day in (2, 3, 4, 5)]
        assert workshop.completion_threshold == 80


@pytest.mark.parametrize(("overrides", "field_message"), [
    ({"title": ""}, "This field is required."),
    ({"ends_on": "2025-06-01"}, "The end date is before the start date."),
    ({"country_code": "XX"}, "Unknown country: choose one from the list."),
    ({"completion_threshold": "150"}, "Give a percentage between 1 and 100."),
    ({"objective_id": "999999"}, "Not a valid choice."),
    ({"starts_on": "03/06/2025"}, "Not a valid date value."),
])
def test_bad_workshop_input_is_422_and_saves_nothing(client, login, make_objective, app, overrides, field_message):
    objective = make_objective()
    login(Role.COORDINATOR)
    response = client.post("/workshops/new", data={**workshop_form(objective.id), **overrides})
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True)
    assert 'class="invalid-feedback"' in response.get_data(as_text=True)
    assert _count(app, Workshop) == 0 and _count(app, WorkshopSession) == 0


def test_trainer_registers_a_new_participant_and_a_returning_one(client, make_user, make_workshop,
                                                                  make_participant, app):
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    returning = make_participant(given_name="Omar", family_name="Farouk", agency="Ministry of Interior")
    client.post("/login", data={"email": trainer.email, "password": "correct horse battery"})
    search = client.get(f"/workshops/{workshop.id}/participants/add?q=farouk interior").get_data(as_text=True)
    assert "Omar Farouk" in search
    assert client.post(f"/workshops/{workshop.id}/enrolments",
                       data={"participant_id": returning.id}).status_code == 303
    assert client.post(f"/workshops/{workshop.id}/participants", data=person_form()).status_code == 303
    with app.app_context():
        names = {enrolment.participant.full_name for enrolment in db.session.scalars(db.select(Enrolment))}
    assert names == {"Omar Farouk", "Hélène Benali-Çelik"}


def test_same_person_twice_on_a_list_is_409(client, login, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    participant = make_participant()
    enrol(workshop, participant)
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/enrolments", data={"participant_id": participant.id})
    assert response.status_code == 409
    assert "already on this workshop" in response.get_data(as_text=True)


@pytest.mark.parametrize(("overrides", "status", "message"), [
    ({"family_name": ""}, 422, "This field is required."),
    ({"email": "not-an-email"}, 422, "Invalid email address."),
    ({"country_code": "ZZ"}, 422, "Unknown country: choose one from the list."),
    ({"sex": "X"}, 422, "Not a valid choice."),
    ({"email": "TAKEN@example.org"}, 409, "is already registered with this email"),
])
def test_bad_participant_input_saves_neither_person_nor_enrolment(client, login, make_workshop, make_participant,
                                                                  app, overrides, status, message):
    workshop = make_workshop()
    make_participant(email="taken@example.org")
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/participants", data=person_form(**overrides))
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert _count(app, Participant) == 1 and _count(app, Enrolment) == 0


def _grid(enrolments, sessions, marks):
    """Form data for the grid as the page posts it when it was loaded empty: every cell, and nothing shown."""
    data = {"shown": ""}
    for enrolment, row in zip(enrolments, marks, strict=True):
        for session, mark in zip(sessions, row, strict=True):
            data[f"mark-{enrolment}-{session}"] = mark
    return data


def test_attendance_to_completion_to_certificate(client, login, make_workshop, make_participant, enrol, app):
    workshop = make_workshop()  # five sessions
    completer = enrol(workshop, make_participant(given_name="Fatima", family_name="Mansour"))
    dropout = enrol(workshop, make_participant(given_name="Youssef", family_name="Saleh"))
    with app.app_context():
        sessions = [session.id for session in db.session.get(Workshop, workshop.id).sessions]
    login(Role.COORDINATOR)
    grid = _grid([completer.id, dropout.id], sessions,
                 [["present", "present", "late", "present", "absent"], ["present", "absent", "absent", "late", ""]])
    assert client.post(f"/workshops/{workshop.id}/attendance", data=grid).status_code == 303
    with app.app_context():
        assert db.session.get(Enrolment, completer.id).is_completed
        assert not db.session.get(Enrolment, dropout.id).is_completed

    refused = client.post(f"/enrolments/{dropout.id}/certificate", follow_redirects=True)
    assert "did not complete this workshop" in refused.get_data(as_text=True)
    assert client.post(f"/workshops/{workshop.id}/certificates").status_code == 303
    assert client.post(f"/workshops/{workshop.id}/certificates").status_code == 303  # idempotent
    with app.app_context():
        certificates = db.session.scalars(db.select(Certificate)).all()
    assert [certificate.enrolment_id for certificate in certificates] == [completer.id]
    serial = certificates[0].serial

    merged = client.get(f"/workshops/{workshop.id}/certificates.pdf")
    assert merged.status_code == 200 and merged.mimetype == "application/pdf"
    text = PdfReader(io.BytesIO(merged.data)).pages[0].extract_text()
    for expected in ("Fatima Mansour", "Investigating trafficking in persons", "3–7 March 2025", "Cairo, Egypt",
                     serial):
        assert expected in text
    assert "Youssef" not in text
    single = client.get(f"/certificates/{serial}.pdf")
    assert PdfReader(io.BytesIO(single.data)).pages[0].extract_text() == text


def test_reprint_keeps_the_serial(client, login, make_workshop, make_participant, enrol, app):
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant(), attended=5)
    login(Role.COORDINATOR)
    client.post(f"/enrolments/{enrolment.id}/certificate")
    client.post(f"/enrolments/{enrolment.id}/certificate")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 1


def test_unknown_mark_is_refused_and_nothing_saved(client, login, make_workshop, make_participant, enrol, app):
    workshop = make_workshop()
    enrolment = enrol(workshop, make_participant())
    with app.app_context():
        first, second = [session.id for session in db.session.get(Workshop, workshop.id).sessions][:2]
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/attendance",
                           data={f"mark-{enrolment.id}-{first}": "present", f"mark-{enrolment.id}-{second}": "asleep"})
    assert response.status_code == 422
    from workshops.training.models import Attendance

    assert _count(app, Attendance) == 0


def test_a_save_keeps_marks_another_trainer_saved_meanwhile(client, login, make_workshop, make_participant, enrol,
                                                            app):
    """Both trainers loaded an empty grid; each marks one cell; both marks survive."""
    workshop = make_workshop()
    first_person, second_person = enrol(workshop, make_participant()), enrol(workshop, make_participant())
    with app.app_context():
        sessions = [session.id for session in db.session.get(Workshop, workshop.id).sessions]
    login(Role.COORDINATOR)
    empty = _grid([first_person.id, second_person.id], sessions, [[""] * 5, [""] * 5])
    client.post(f"/workshops/{workshop.id}/attendance",
                data={**empty, f"mark-{first_person.id}-{sessions[0]}": "present"})
    client.post(f"/workshops/{workshop.id}/attendance",
                data={**empty, f"mark-{second_person.id}-{sessions[0]}": "late"})
    from workshops.training.models import Attendance

    assert _count(app, Attendance) == 2


def test_half_day_added_and_removed_on_the_page(client, login, make_workshop, app):
    workshop = make_workshop(ends_on=date(2025, 3, 4))
    login(Role.COORDINATOR)
    with app.app_context():
        last = db.session.get(Workshop, workshop.id).sessions[-1].id
    assert client.post(f"/workshops/{workshop.id}/sessions/remove", data={"session_id": last}).status_code == 303
    assert client.post(f"/workshops/{workshop.id}/sessions",
                       data={"held_on": "2025-03-04", "part": "morning"}).status_code == 303
    outside = client.post(f"/workshops/{workshop.id}/sessions", data={"held_on": "2025-04-01", "part": "morning"})
    assert outside.status_code == 422
    with app.app_context():
        sessions = db.session.get(Workshop, workshop.id).sessions
        parts = [(session.held_on.day, session.part.value) for session in sessions]
    assert parts == [(3, "full"), (4, "morning")]
