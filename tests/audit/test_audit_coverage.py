"""Every kind of change made through the pages leaves exactly one trail entry, with the fields before and after."""
from datetime import date

import pytest
from conftest import PASSWORD
from form_data import person_form, project_form, workshop_form
from sqlalchemy import func, select

from workshops.audit.models import AuditEntry
from workshops.audit.services import shown_details
from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training import registration
from workshops.training.models import Enrolment, Workshop


@pytest.fixture
def trail_since(app):
    """Call once before a change, then read what the change recorded."""
    def mark():
        with app.app_context():
            last = db.session.scalar(select(func.max(AuditEntry.id))) or 0

        def new_entries(kind: str | None = None) -> list[AuditEntry]:
            with app.app_context():
                query = select(AuditEntry).where(AuditEntry.id > last).order_by(AuditEntry.id)
                if kind:
                    query = query.where(AuditEntry.subject_type == kind)
                entries = db.session.scalars(query).all()
                for entry in entries:
                    entry.shown = shown_details(entry)
                return entries
        return new_entries
    return mark


@pytest.fixture
def app_settings(tmp_path):
    """Invitations go to the test's own outbox folder, not to instance/outbox."""
    return {"MAIL_OUTBOX": str(tmp_path / "outbox")}


def _only(entries, action):
    assert [entry.action for entry in entries] == [action], [entry.action for entry in entries]
    return entries[0]


def test_accounts(client, login, trail_since, make_user):
    admin = login(Role.ADMIN)
    since = trail_since()
    form = {"full_name": "New Trainer", "email": "new@example.org", "role": "trainer", "is_active": "y",
            "password": "a long enough password"}
    assert client.post("/users/new", data=form).status_code == 303
    created, invited = since()
    assert (created.action, invited.action) == ("user.created", "user.invited")
    assert created.actor_id == admin.id and created.shown["changes"]["role"] == [None, "trainer"]
    assert "password" not in str(created.details) and "scrypt" not in str(created.details)
    user_id = created.subject_id
    for change, expected in (({"role": "lead"}, ("role", ["trainer", "lead"])),
                             ({"is_active": ""}, ("is_active", [True, False]))):
        since = trail_since()
        data = {**form, "password": "", **change}
        assert client.post(f"/users/{user_id}/edit", data=data).status_code == 303
        assert _only(since(), "user.updated").shown["changes"][expected[0]] == expected[1]
        form = {**data}
    since = trail_since()
    assert client.post("/account/password", data={"current_password": PASSWORD, "password": "another long password",
                                                  "confirm": "another long password"}).status_code == 303
    assert _only(since(), "user.password_set").actor_id == admin.id


def test_projects_and_objectives(client, login, trail_since):
    login(Role.ADMIN)
    since = trail_since()
    response = client.post("/projects/new", data=project_form())
    created = _only(since(), "project.created")
    project_url = response.headers["Location"]
    since = trail_since()
    client.post(project_url + "/edit", data=project_form(title="Renamed project"))
    assert _only(since(), "project.updated").shown["changes"]["title"][1] == "Renamed project"
    since = trail_since()
    client.post(project_url + "/objectives/new", data={"number": 1, "title": "Training"})
    objective = _only(since(), "objective.created")
    since = trail_since()
    client.post(f"/objectives/{objective.subject_id}/edit", data={"number": 1, "title": "Specialised training"})
    assert _only(since(), "objective.updated").shown["changes"]["title"] == ["Training", "Specialised training"]
    assert created.subject_type == "project"


def test_workshops_and_sessions(client, login, trail_since, make_objective, app):
    objective = make_objective()
    login(Role.ADMIN)
    since = trail_since()
    response = client.post("/workshops/new", data=workshop_form(objective.id))
    workshop_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert _only(since(), "workshop.created").shown["changes"]["city"] == [None, "Addis Ababa"]
    since = trail_since()
    client.post(f"/workshops/{workshop_id}/edit", data=workshop_form(objective.id, city="Djibouti", country_code="DJ"))
    changes = _only(since(), "workshop.updated").shown["changes"]
    assert changes == {"city": ["Addis Ababa", "Djibouti"], "country_code": ["ET", "DJ"]}
    since = trail_since()
    with app.app_context():
        last = db.session.get(Workshop, workshop_id).sessions[-1].id
    client.post(f"/workshops/{workshop_id}/sessions/remove", data={"session_id": last})
    assert _only(since(), "session.removed").subject_id == last
    since = trail_since()
    client.post(f"/workshops/{workshop_id}/sessions", data={"held_on": "2025-06-05", "part": "morning"})
    assert _only(since(), "session.added").shown["part"] == "morning"


def test_people_enrolments_attendance_and_scores(client, login, trail_since, make_workshop, make_participant, app):
    workshop = make_workshop()
    person = make_participant(given_name="Amina")
    login(Role.ADMIN)
    since = trail_since()
    client.post(f"/workshops/{workshop.id}/enrolments", data={"participant_id": person.id})
    enrolment = _only(since(), "enrolment.created")
    since = trail_since()
    client.post(f"/participants/{person.id}/edit", data=person_form(given_name="Aminah", email=person.email))
    changed = _only(since(), "participant.updated")
    assert changed.shown["changes"]["given_name"] == ["Amina", "Aminah"]
    assert "Aminah" not in str(changed.details)  # the name itself sits in the erasable side table
    with app.app_context():
        session_id = db.session.get(Workshop, workshop.id).sessions[0].id
    since = trail_since()
    cell = f"{enrolment.subject_id}-{session_id}"
    client.post(f"/workshops/{workshop.id}/attendance", data={f"mark-{cell}": "present", f"was-{cell}": ""})
    cells = _only(since(), "attendance.saved").shown["cells"]
    assert cells == [{"enrolment_id": enrolment.subject_id, "session_id": session_id, "before": None,
                      "after": "present"}]
    since = trail_since()
    client.post(f"/workshops/{workshop.id}/scores", data={f"pre-{enrolment.subject_id}": "40",
                                                          f"post-{enrolment.subject_id}": "75"})
    assert _only(since(), "scores.saved").shown["scores"] == [
        {"enrolment_id": enrolment.subject_id, "before": [None, None], "after": [40, 75]}]
    since = trail_since()
    client.post(f"/workshops/{workshop.id}/enrolments/withdraw", data={"enrolment_id": enrolment.subject_id})
    assert _only(since(), "enrolment.deleted").shown["participant_id"] == person.id


def test_a_confirmed_import_is_one_entry_with_its_counts(client, login, trail_since, make_workshop):
    import io

    workshop = make_workshop()
    login(Role.ADMIN)
    sheet = b"given_name,family_name,sex,country,agency,role_category\nNour,Saleh,F,EG,Police,police\n" \
            b"Omar,Kamel,M,JO,Court,judge\n"
    upload = client.post(f"/workshops/{workshop.id}/import",
                         data={"sheet": (io.BytesIO(sheet), "sheet.csv")}, content_type="multipart/form-data")
    since = trail_since()
    client.post(upload.headers["Location"] + "/confirm")
    entry = _only(since(), "import.confirmed")
    assert (entry.details["created"], entry.details["enrolled"], entry.details["skipped"]) == (2, 2, 0)


def test_self_registration_and_certificates(client, login, trail_since, make_workshop, app):
    workshop = make_workshop()
    with app.app_context():
        link = registration.open_link(db.session.get(Workshop, workshop.id), date(2025, 1, 1), date(2099, 1, 1), None,
                                      actor_id=None)
        db.session.commit()
        token = link.token
    since = trail_since()
    client.post(f"/register/{token}", data={**person_form(), "consent": "y"})
    submitted = _only(since(), "registration.submitted")
    assert submitted.actor_id is None and "h.benali@example.org" not in str(submitted.details)
    login(Role.ADMIN)
    since = trail_since()
    client.post(f"/registrations/{submitted.subject_id}/approve")
    assert [entry.action for entry in since("registration")] == ["registration.approved"]
    with app.app_context():
        enrolment = db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == workshop.id))
        from conftest import mark_attendance

        mark_attendance(db.session.get(Workshop, workshop.id), enrolment, 5)
        db.session.commit()
    since = trail_since()
    client.post(f"/workshops/{workshop.id}/certificates")
    issued = _only(since(), "certificate.issued")
    since = trail_since()
    client.post(f"/certificates/{issued.details['serial']}/revoke", data={"revoke-reason": "Issued in error"})
    assert _only(since(), "certificate.revoked").shown["reason"] == "Issued in error"
    page = client.get(f"/certificates/{issued.details['serial']}").get_data(as_text=True)
    assert "revoked: Issued in error" in page
