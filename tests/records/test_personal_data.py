"""Personal-data rights: access (JSON and PDF), erasure that keeps every total, and retention of unconfirmed data."""
import inspect
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from workshops.access.services import assign
from workshops.audit.models import AuditEntry, AuditPersonalValues
from workshops.audit.services import record
from workshops.auth.models import Role
from workshops.certificates.designs import current_design
from workshops.certificates.models import Certificate
from workshops.certificates.serials import new_serial
from workshops.exceptions import Conflict
from workshops.extensions import db
from workshops.people.models import ImportBatch, Participant, RoleCategory, Sex
from workshops.programmes.models import Objective
from workshops.records import rights
from workshops.records.personal_data_pdf import personal_data_pdf
from workshops.reports import services as reports
from workshops.training.models import Enrolment, Registration, RegistrationLink, RegistrationStatus, Workshop

NOW = datetime.now(UTC)
TODAY = NOW.date()
#: Everything that identifies the person in the fixture below, wherever it is stored.
IDENTIFYING = ("Yasmine", "Belkacem", "ياسمين بلقاسم", "yasmine@example.org", "+213 555 0101", "Chief Inspector",
               "Sûreté nationale", "Y. Belkacem", "self@example.org", "typo in the family name")


@pytest.fixture
def person(app, make_workshop, make_participant, enrol):
    """A person on one completed workshop, with scores, a certificate, an approved self-registration and history."""
    workshop = make_workshop()
    participant = make_participant(given_name="Yasmine", family_name="Belkacem", name_ar="ياسمين بلقاسم",
                                   email="yasmine@example.org", phone="+213 555 0101", position="Chief Inspector",
                                   agency="Sûreté nationale", country_code="DZ",
                                   role_category=RoleCategory.LAW_ENFORCEMENT)
    enrolment = enrol(workshop, participant, attended=5)
    with app.app_context():
        stored = db.session.get(Enrolment, enrolment.id)
        stored.pre_test_score, stored.post_test_score = 40, 85
        link = RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=TODAY, closes_on=TODAY)
        db.session.add(link)
        db.session.flush()
        registration = Registration(
            link_id=link.id, given_name="Yasmine", family_name="Belkacem", name_ar="ياسمين بلقاسم", sex=Sex.FEMALE,
            country_code="DZ", agency="Sûreté nationale", role_category=RoleCategory.LAW_ENFORCEMENT,
            position="Chief Inspector", email="self@example.org", phone="+213 555 0101", consented_at=NOW,
            status=RegistrationStatus.APPROVED, decided_at=NOW, enrolment_id=enrolment.id)
        certificate = Certificate(serial=new_serial(), enrolment_id=enrolment.id, printed_name="Y. Belkacem",
                                  printed_name_ar="ياسمين بلقاسم", reissue_reason="typo in the family name",
                                  design=current_design(stored.workshop.objective.project))
        db.session.add_all([registration, certificate])
        db.session.flush()
        stored_person = db.session.get(Participant, participant.id)
        record(None, "participant.updated", stored_person, changes={"phone": (None, "+213 555 0101")})
        record(None, "registration.approved", registration, name=registration.full_name, email=registration.email)
        record(None, "certificate.issued", certificate, serial=certificate.serial)
        db.session.commit()
        return {"participant_id": participant.id, "workshop_id": workshop.id, "serial": certificate.serial,
                "registration_id": registration.id}


def _as_cli(function, *args):
    """Report functions called as the command line would (actor None), whatever their viewer argument is named."""
    parameters = inspect.signature(function).parameters
    return function(*args, **{name: None for name in ("actor_id", "viewer_id", "viewer") if name in parameters})


def _totals():
    return (_as_cli(reports.breakdown, reports.ReportFilters(), reports.Dimension.COUNTRY, reports.Dimension.SEX),
            _as_cli(reports.project_summaries))


def _trail_text() -> str:
    entries = [entry.details for entry in db.session.scalars(select(AuditEntry))]
    values = [personal.values for personal in db.session.scalars(select(AuditPersonalValues))]
    return json.dumps([entries, values], ensure_ascii=False)


# The right of access

def test_json_export_holds_everything_about_the_person(app, client, login, person):
    login(Role.ADMIN)
    response = client.get(f"/participants/{person['participant_id']}/personal-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["record"]["given_name"] == "Yasmine" and data["record"]["email"] == "yasmine@example.org"
    assert data["record"]["name_ar"] == "ياسمين بلقاسم" and data["record"]["erased_at"] is None
    [enrolment] = data["enrolments"]
    assert enrolment["workshop"] == "Investigating trafficking in persons" and enrolment["starts_on"] == "2025-03-03"
    assert enrolment["completed"] is True and (enrolment["pre_test_score"], enrolment["post_test_score"]) == (40, 85)
    assert enrolment["city"] == "Cairo" and enrolment["country_code"] == "EG"
    assert [mark["status"] for mark in data["attendance"]] == ["present"] * 5
    assert data["attendance"][0]["held_on"] == "2025-03-03" and data["attendance"][0]["part"] == "full"
    [certificate] = data["certificates"]
    assert certificate["serial"] == person["serial"] and certificate["state"] == "valid"
    assert certificate["printed_name"] == "Y. Belkacem" and certificate["issued_at"]
    [registration] = data["registrations"]
    assert registration["email"] == "self@example.org" and registration["status"] == "approved"
    entries = {entry["action"]: entry for entry in data["audit_entries"]}
    assert entries["participant.updated"]["details"]["changes"]["phone"] == [None, "+213 555 0101"]
    assert entries["registration.approved"]["details"]["email"] == "self@example.org"
    with app.app_context():
        exported = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "participant.data_exported"))
        assert exported.subject_id == person["participant_id"] and exported.details == {"format": "json"}


def test_pdf_export_reads_back_with_the_persons_name(app, client, login, person):
    login(Role.ADMIN)
    response = client.get(f"/participants/{person['participant_id']}/personal-data.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Yasmine Belkacem" in text and person["serial"] in text and "registration.approved" in text
    with app.app_context():
        assert db.session.scalar(select(AuditEntry.details).where(
            AuditEntry.action == "participant.data_exported")) == {"format": "pdf"}


def test_pdf_is_built_from_plain_data_alone():
    data = {"record": {"id": 1, "given_name": "Karim", "family_name": "<Ben> & Co", "name_ar": "كريم"},
            "enrolments": [], "attendance": [], "certificates": [], "registrations": [],
            "audit_entries": [{"at": "2025-01-01", "action": "x", "by": None, "details": {"changes": {"a": [1, 2]}}}]}
    text = PdfReader(io.BytesIO(personal_data_pdf(data))).pages[0].extract_text()
    assert "Karim <Ben> & Co" in text


def test_assigned_coordinator_may_export(app, client, login, person):
    coordinator = login(Role.COORDINATOR, projects=[])
    url = f"/participants/{person['participant_id']}/personal-data.json"
    assert client.get(url).status_code == 403
    with app.app_context():
        project_id = db.session.scalar(select(Objective.project_id).join(Workshop).where(
            Workshop.id == person["workshop_id"]))
        assign(coordinator.id, project_id, actor_id=None)
        db.session.commit()
    assert client.get(url).status_code == 200
    assert client.get(f"/participants/{person['participant_id']}/erase").status_code == 403


@pytest.mark.parametrize("role", [Role.TRAINER, Role.LEAD])
def test_trainers_and_leads_may_neither_export_nor_erase(app, client, login, make_user, person, role):
    user = login(role)
    with app.app_context():
        workshop = db.session.get(Workshop, person["workshop_id"])
        if role == Role.TRAINER:
            workshop.trainers.append(db.session.get(type(user), user.id))
        else:
            assign(user.id, workshop.objective.project_id, actor_id=None)
        db.session.commit()
    participant_id = person["participant_id"]
    assert client.get(f"/participants/{participant_id}").status_code == 200  # in scope, yet:
    for url in (f"/participants/{participant_id}/personal-data.json",
                f"/participants/{participant_id}/personal-data.pdf", f"/participants/{participant_id}/erase"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/participants/{participant_id}/erase", data={"confirmation": "ERASE"}).status_code == 403
    with app.app_context():
        assert db.session.get(Participant, participant_id).erased_at is None


def test_missing_person_is_404(client, login):
    login(Role.ADMIN)
    assert client.get("/participants/999/personal-data.json").status_code == 404
    assert client.get("/participants/999/erase").status_code == 404


# The right to erasure

def test_erasure_keeps_every_total_and_the_certificate_verifies_without_the_name(app, client, login, person):
    with app.app_context():
        before = _totals()
    assert before[0].total.trainees == before[0].column_totals["F"].trainees == 1 and sum(
        summary.trainees for summary in before[1].values()) == 1
    login(Role.ADMIN)
    participant_id = person["participant_id"]
    page = client.get(f"/participants/{participant_id}/erase")
    assert page.status_code == 200 and "Yasmine Belkacem" in page.get_data(as_text=True)
    response = client.post(f"/participants/{participant_id}/erase", data={"confirmation": "ERASE"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/participants/{participant_id}")
    shown = client.get(f"/participants/{participant_id}").get_data(as_text=True)
    assert "Erased on" in shown and "Belkacem" not in shown
    assert "already erased" in client.get(f"/participants/{participant_id}/erase").get_data(as_text=True)
    with app.app_context():
        assert _totals() == before
        participant = db.session.get(Participant, participant_id)
        assert participant.erased_at is not None and participant.given_name == rights.ERASED_MARK
        assert (participant.country_code, participant.sex, participant.role_category) == (
            "DZ", Sex.FEMALE, RoleCategory.LAW_ENFORCEMENT)
        assert participant.email is None and participant.phone is None and participant.name_ar is None
        assert db.session.scalar(select(Enrolment.is_completed).where(Enrolment.participant_id == participant_id))
        trail = _trail_text()
        assert "participant.erased" in {entry.action for entry in db.session.scalars(select(AuditEntry))}
        stored = json.dumps([rights.personal_data(participant_id), [
            (registration.given_name, registration.family_name, registration.email, registration.phone,
             registration.agency, registration.position, registration.name_ar)
            for registration in db.session.scalars(select(Registration))]], ensure_ascii=False)
    for value in IDENTIFYING:
        assert value not in trail, value
        assert value not in stored, value
    verified = client.get(f"/verify/{person['serial']}")
    page = verified.get_data(as_text=True)
    assert verified.status_code == 200 and "Valid certificate" in page
    assert "Name withheld at the holder" in page
    assert not any(value in page for value in IDENTIFYING)


def test_erasure_needs_the_word_typed(app, client, login, person):
    login(Role.ADMIN)
    response = client.post(f"/participants/{person['participant_id']}/erase", data={"confirmation": "yes"})
    assert response.status_code == 422 and "Type ERASE" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Participant, person["participant_id"]).erased_at is None


def test_second_erasure_is_refused(app, client, login, person):
    with app.app_context():
        rights.erase_participant(person["participant_id"], actor_id=None)
        db.session.commit()
        with pytest.raises(Conflict):
            rights.erase_participant(person["participant_id"], actor_id=None)
        db.session.rollback()
    login(Role.ADMIN)
    response = client.post(f"/participants/{person['participant_id']}/erase", data={"confirmation": "ERASE"})
    assert response.status_code == 409 and "already erased" in response.get_data(as_text=True)
    with app.app_context():
        erasures = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "participant.erased")).all()
        assert len(erasures) == 1


# Retention

def _registration(link_id: int, status: RegistrationStatus, age: int, decided: int | None = None, **overrides):
    return Registration(**{
        "link_id": link_id, "given_name": "Omar", "family_name": f"Saleh{age}", "sex": Sex.MALE, "country_code": "JO",
        "agency": "Public Security Directorate", "role_category": RoleCategory.FRONTLINE, "consented_at": NOW,
        "status": status, "created_at": NOW - timedelta(days=age),
        "decided_at": NOW - timedelta(days=decided) if decided is not None else None, **overrides})


@pytest.fixture
def stale(app, make_workshop):
    """Self-registrations and import previews of every kind and age; returns the ids a 30-day purge must delete."""
    workshop = make_workshop()
    with app.app_context():
        link = RegistrationLink(workshop_id=workshop.id, token="s" * 43, opens_on=TODAY, closes_on=TODAY)
        db.session.add(link)
        db.session.flush()
        rows = {
            "old_pending": _registration(link.id, RegistrationStatus.PENDING, 100),
            "old_rejected": _registration(link.id, RegistrationStatus.REJECTED, 100, decided=95),
            "recently_rejected": _registration(link.id, RegistrationStatus.REJECTED, 100, decided=5),
            "old_approved": _registration(link.id, RegistrationStatus.APPROVED, 100, decided=95),
            "new_pending": _registration(link.id, RegistrationStatus.PENDING, 3),
            "old_batch": ImportBatch(workshop_id=workshop.id, filename="list.csv", content=b"x",
                                     created_at=NOW - timedelta(days=40)),
            "new_batch": ImportBatch(workshop_id=workshop.id, filename="list2.csv", content=b"x",
                                     created_at=NOW - timedelta(days=2)),
        }
        db.session.add_all(rows.values())
        db.session.flush()
        record(None, "registration.submitted", rows["old_pending"], name="Omar Saleh100")
        db.session.commit()
        return {name: row.id for name, row in rows.items()}


def test_purge_deletes_only_what_is_unconfirmed_and_old(app, stale):
    with app.app_context():
        result = rights.purge_expired(TODAY, 30)
        db.session.commit()
        assert (result.registrations, result.import_batches) == (2, 1)
        kept = set(db.session.scalars(select(Registration.id)))
        assert kept == {stale["recently_rejected"], stale["old_approved"], stale["new_pending"]}
        assert set(db.session.scalars(select(ImportBatch.id))) == {stale["new_batch"]}
        assert "Omar Saleh100" not in _trail_text()
        purged = db.session.execute(select(AuditEntry.action, AuditEntry.subject_id).where(
            AuditEntry.action.in_(["registration.purged", "import.purged"]))).all()
        assert sorted(purged) == sorted([("import.purged", stale["old_batch"]),
                                         ("registration.purged", stale["old_pending"]),
                                         ("registration.purged", stale["old_rejected"])])
        assert rights.purge_expired(TODAY, 30) == rights.PurgeResult(0, 0)


def test_purge_is_refused_to_anyone_but_an_administrator(app, make_user, stale):
    coordinator = make_user(Role.COORDINATOR)
    with app.app_context(), pytest.raises(Exception, match="may not"):
        rights.purge_expired(TODAY, 30, actor_id=coordinator.id)


def test_purge_command(app, runner, stale):
    result = runner.invoke(args=["purge", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and "Purged 2 self-registrations" in result.output
    assert "1 unconfirmed import" in result.output
    with app.app_context():
        assert db.session.get(ImportBatch, stale["old_batch"]) is None
        assert db.session.get(Registration, stale["old_pending"]) is None


def test_purge_command_defaults_to_the_retention_setting(app, runner, stale):
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Purged 2 self-registrations" in result.output and "0 unconfirmed import" in result.output
    assert "90 days" in result.output
    assert app.config["RETENTION_DAYS"] == 90
