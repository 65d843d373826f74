"""Merging two records of one person: everything moves to the kept record, and totals count the person once."""
import pytest
from conftest import assign_projects

from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.certificates.models import Certificate
from workshops.exceptions import DomainError, NotPermitted
from workshops.extensions import db
from workshops.people.models import Participant, Sex
from workshops.records.merging import merge_participants
from workshops.reports.services import Dimension, Figures, ReportFilters, breakdown
from workshops.training.attendance import refresh_completion
from workshops.training.models import Attendance, AttendanceStatus, Enrolment, Workshop

P, A = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT


def _mark(workshop_id: int, enrolment: Enrolment, marks) -> None:
    workshop = db.session.get(Workshop, workshop_id)
    for session, status in zip(workshop.sessions, marks, strict=True):
        db.session.add(Attendance(enrolment_id=enrolment.id, session_id=session.id, status=status))
    db.session.flush()
    refresh_completion(workshop)
    db.session.commit()


def _certify(workshop_id: int) -> list[str]:
    issued = certificate_services.issue_for_workshop(db.session.get(Workshop, workshop_id), actor_id=None)
    db.session.commit()
    return [certificate.serial for certificate in issued]


def _totals():
    table = breakdown(ReportFilters(), columns=Dimension.SEX, viewer_id=None)
    return table.total.trainees, table.column_totals.get("F", Figures()).trainees, table.total.participations


@pytest.fixture
def two_records(app, make_participant, make_workshop, make_user, enrol):
    """One officer recorded twice: the kept record trained in one workshop, the duplicate in two (one completed)."""
    keep = make_participant(given_name="Mohamed", family_name="El-Sayed", sex=Sex.MALE, email=None, phone=None)
    duplicate = make_participant(given_name="Muhammad", family_name="Elsayed", sex=Sex.MALE,
                                 email="m.elsayed@example.org", phone="+20 100 000 0001", position="Captain")
    first, second, third = make_workshop(), make_workshop(), make_workshop()
    enrol(first, keep, attended=5)
    enrol(second, duplicate, attended=5)
    enrol(third, duplicate, attended=1)
    coordinator = make_user(Role.COORDINATOR)
    assign_projects(app, coordinator)
    with app.app_context():
        serials = _certify(first.id) + _certify(second.id)
    return {"keep": keep, "duplicate": duplicate, "workshops": (first, second, third), "serials": serials,
            "coordinator": coordinator}


def test_merging_moves_every_workshop_and_counts_the_person_once(app, two_records):
    keep, duplicate = two_records["keep"], two_records["duplicate"]
    with app.app_context():
        assert _totals() == (2, 0, 2)
        result = merge_participants(keep.id, duplicate.id,
                                    actor_id=two_records["coordinator"].id)
        db.session.commit()
        assert (result.moved, result.combined) == (2, 0)
        assert _totals() == (1, 0, 2)  # participations unchanged (rule 4); one trainee, as there always was
        assert db.session.get(Participant, duplicate.id) is None
        enrolments = db.session.scalars(db.select(Enrolment).where(Enrolment.participant_id == keep.id)).all()
        assert {enrolment.workshop_id for enrolment in enrolments} == {w.id for w in two_records["workshops"]}
        assert db.session.scalar(db.select(db.func.count()).select_from(Attendance)) == 15
        certificates = db.session.scalars(db.select(Certificate)).all()
        assert {c.serial for c in certificates} == set(two_records["serials"])
        assert all(c.enrolment.participant_id == keep.id and c.state == "valid" for c in certificates)
        kept = db.session.get(Participant, keep.id)
        assert (kept.email, kept.phone, kept.position) == ("m.elsayed@example.org", "+20 100 000 0001", "Captain")
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "participant.merged"))
        assert entry.subject_id == keep.id and entry.details["duplicate_id"] == duplicate.id
        assert "elsayed" not in str(entry.details).lower()  # ids, never the duplicate's name or contacts


def test_two_places_on_one_list_become_one_with_the_better_marks(app, make_participant, make_workshop):
    """Days split across two records: neither completed alone; the person completed, and is one participation."""
    keep, duplicate = make_participant(given_name="Fatima"), make_participant(given_name="Fatma")
    workshop = make_workshop()
    with app.app_context():
        places = []
        for person, marks, scores in ((keep, (P, P, A, A, A), (40, None)), (duplicate, (A, A, P, P, P), (55, 80))):
            place = Enrolment(workshop_id=workshop.id, participant_id=person.id, pre_test_score=scores[0],
                              post_test_score=scores[1])
            db.session.add(place)
            db.session.flush()
            _mark(workshop.id, place, marks)
            places.append(place.id)
        assert _totals() == (0, 0, 0)
        merge_participants(keep.id, duplicate.id, actor_id=None)
        db.session.commit()
        place = db.session.scalar(db.select(Enrolment))
        assert place.id == places[0] and place.is_completed
        assert (place.pre_test_score, place.post_test_score) == (40, 80)
        marks = db.session.scalars(db.select(Attendance.status).where(Attendance.enrolment_id == place.id)).all()
        assert marks == [P] * 5
        assert _totals() == (1, 1, 1)


@pytest.fixture
def certified_twice(app, make_participant, make_workshop, enrol):
    """Both records completed one workshop and got a certificate each: (keep, duplicate, their serials)."""
    keep, duplicate = make_participant(), make_participant()
    workshop = make_workshop()
    enrol(workshop, keep, attended=5)
    enrol(workshop, duplicate, attended=5)
    with app.app_context():
        return keep, duplicate, _certify(workshop.id)


def test_two_certificates_for_one_workshop_leave_one_current_and_the_other_verifying_as_replaced(
        app, client, certified_twice):
    keep, duplicate, (kept_serial, replaced_serial) = certified_twice
    with app.app_context():
        merge_participants(keep.id, duplicate.id, actor_id=None)
        db.session.commit()
        replaced = db.session.scalar(db.select(Certificate).where(Certificate.serial == replaced_serial))
        assert replaced.state == "superseded" and replaced.superseded_by.serial == kept_serial
        assert _totals() == (1, 1, 1)
    assert "superseded" in client.get(f"/verify/{replaced_serial}").get_data(as_text=True).lower()


def test_a_valid_certificate_wins_over_a_revoked_one(app, certified_twice):
    keep, duplicate, (kept_serial, duplicate_serial) = certified_twice
    with app.app_context():
        certificate_services.revoke(db.session.scalar(db.select(Certificate).where(Certificate.serial == kept_serial)),
                                    "Issued by mistake", actor_id=None)
        merge_participants(keep.id, duplicate.id, actor_id=None)
        db.session.commit()
        current = db.session.scalars(db.select(Certificate).where(Certificate.superseded_at.is_(None))).all()
        assert [certificate.serial for certificate in current] == [duplicate_serial]


def test_refusals(app, make_participant, make_user):
    person, other = make_participant(), make_participant()
    trainer = make_user(Role.TRAINER)
    with app.app_context():
        kept = db.session.get(Participant, person.id)
        with pytest.raises(DomainError, match="two different records"):
            merge_participants(kept.id, kept.id, actor_id=None)
        with pytest.raises(NotPermitted):
            merge_participants(kept.id, other.id, actor_id=trainer.id)


def test_a_coordinator_compares_then_merges_in_the_browser(app, client, login, two_records):
    keep, duplicate = two_records["keep"], two_records["duplicate"]
    login(Role.COORDINATOR)
    proposals = client.get(f"/participants/{keep.id}/merge").get_data(as_text=True)
    assert "Muhammad Elsayed" in proposals and f"duplicate_id={duplicate.id}" in proposals
    comparison = client.get(f"/participants/{keep.id}/merge?duplicate_id={duplicate.id}").get_data(as_text=True)
    assert "Merge Muhammad Elsayed into Mohamed El-Sayed" in comparison and "m.elsayed@example.org" in comparison
    response = client.post(f"/participants/{keep.id}/merge", data={"duplicate_id": duplicate.id})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Records merged. Workshops moved: 2; workshops combined: 0." in page
    assert f"record #{duplicate.id} merged into this record" in page
    assert client.get(f"/participants/{duplicate.id}").status_code == 404


@pytest.mark.parametrize(("data", "status"), [({}, 422), ({"duplicate_id": "999999"}, 404)])
def test_a_merge_without_a_real_duplicate_changes_nothing(app, client, login, two_records, data, status):
    login(Role.COORDINATOR)
    assert client.post(f"/participants/{two_records['keep'].id}/merge", data=data).status_code == status
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 2


def test_merging_a_record_into_itself_is_refused_next_to_the_choice(client, login, two_records):
    login(Role.COORDINATOR)
    keep = two_records["keep"]
    response = client.post(f"/participants/{keep.id}/merge", data={"duplicate_id": keep.id})
    assert response.status_code == 422 and "Choose two different records." in response.get_data(as_text=True)
