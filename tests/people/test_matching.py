"""Matching people to the registry by email and by name, in the import and in the registration form."""
import io
from datetime import date, timedelta

import pytest
from conftest import PASSWORD
from conftest import SHEET_HEADER as HEADER

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.people.matching import Likeness, Someone, candidates_for
from workshops.people.models import Participant, Sex
from workshops.training.models import Enrolment, Registration, RegistrationLink


def _look_up(app, *people: Someone):
    with app.app_context():
        return [[(candidate.person.id, candidate.likeness) for candidate in found]
                for found in candidates_for(list(people))]


def _someone(given="Muhammad", family="Elsayed", **overrides) -> Someone:
    return Someone(**{"given_name": given, "family_name": family, "country_code": "EG", "sex": Sex.MALE,
                      "agency": "Ministry of Interior", **overrides})


@pytest.fixture
def officer(make_participant):
    return make_participant(given_name="Mohamed", family_name="El-Sayed", sex=Sex.MALE, email=None,
                            agency="Ministry of the Interior", name_ar="محمد السيد")


def test_a_spelling_variant_in_the_same_country_and_agency_is_likely_the_same_person(app, officer):
    assert _look_up(app, _someone(), _someone("MOHAMMED", "AL SAYED")) == [[(officer.id, Likeness.LIKELY)]] * 2


def test_the_arabic_name_finds_the_person_too(app, officer):
    assert _look_up(app, _someone("مُحَمَّد", "السيّد")) == [[(officer.id, Likeness.LIKELY)]]


def test_another_agency_or_sex_makes_it_only_possible(app, officer):
    found = _look_up(app, _someone(agency="Public Prosecution"), _someone(sex=Sex.FEMALE))
    assert found == [[(officer.id, Likeness.POSSIBLE)]] * 2


def test_two_different_emails_make_it_only_possible(app, make_participant):
    person = make_participant(given_name="Mohamed", family_name="El-Sayed", sex=Sex.MALE,
                              agency="Ministry of Interior", email="m.sayed@example.org")
    assert _look_up(app, _someone(email="other@example.org"), _someone()) == [
        [(person.id, Likeness.POSSIBLE)], [(person.id, Likeness.LIKELY)]]


def test_another_country_or_another_name_is_no_match(app, officer):
    assert _look_up(app, _someone(country_code="JO"), _someone("Mahmoud", "El-Sayed"),
                    _someone("Mohamed", "Sayed Ali")) == [[], [], []]


def test_the_same_email_is_the_same_person_whatever_the_name(app, make_participant):
    person = make_participant(email="amina@example.org", given_name="Amina", family_name="Haddad")
    assert _look_up(app, _someone("Someone", "Else", email="amina@example.org")) == [[(person.id, Likeness.SAME_EMAIL)]]


def test_the_best_candidates_come_first(app, make_participant, officer):
    namesake = make_participant(given_name="Mohamed", family_name="Elsayed", sex=Sex.MALE, email=None,
                                agency="Red Crescent")
    assert _look_up(app, _someone()) == [[(officer.id, Likeness.LIKELY), (namesake.id, Likeness.POSSIBLE)]]


def test_keys_follow_every_change_of_name(app, officer):
    with app.app_context():
        person = db.session.get(Participant, officer.id)
        person.given_name, person.name_ar = "Ahmed", None
        db.session.commit()
        assert (person.name_key, person.name_ar_key) == ("ahmadalsaiid", None)


def test_looking_up_a_sheet_costs_a_few_queries_not_one_per_row(app, officer, count_queries):
    people = [_someone(f"Person{number}", "Haddad") for number in range(1200)] + [_someone()]
    with app.app_context(), count_queries() as queries:
        found = candidates_for(people)
    assert found[-1][0].person.id == officer.id
    assert len(queries) <= 4  # three batches of names, one of emails (none here)


def _enrolled(app, workshop) -> set[int]:
    with app.app_context():
        return set(db.session.scalars(db.select(Enrolment.participant_id).where(Enrolment.workshop_id == workshop.id)))


def test_the_import_proposes_name_matches_and_takes_the_likely_ones(app, runner, sheet_file, make_workshop,
                                                                   officer, make_participant):
    workshop = make_workshop()
    namesake = make_participant(given_name="Fatma", family_name="Hassan", email=None, agency="Red Crescent")
    path = sheet_file("Muhammad,Elsayed,M,Egypt,Ministry of Interior,police,m.elsayed@example.org",
                      "Fatima,Hassan,F,EG,Ministry of Justice,judge,")
    preview = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id)])
    assert preview.output.splitlines()[:2] == [
        f"line 2: matched by name (likely; --not-same 2 if not): Muhammad Elsayed is #{officer.id} Mohamed El-Sayed"
        " (Ministry of the Interior)",
        f"line 3: new: Fatima Hassan (possibly #{namesake.id} Fatma Hassan, Red Crescent: --same 3 if so)"]
    result = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id), "--commit"])
    assert "Saved: 1 new people, 2 added to the list, 0 skipped." in result.output
    enrolled = _enrolled(app, workshop)
    assert officer.id in enrolled and namesake.id not in enrolled
    with app.app_context():
        assert db.session.get(Participant, officer.id).email == "m.elsayed@example.org"  # filled in, not replaced


def test_the_user_overrides_the_proposals(app, runner, sheet_file, make_workshop, officer, make_participant):
    workshop = make_workshop()
    namesake = make_participant(given_name="Fatma", family_name="Hassan", email=None, agency="Red Crescent")
    path = sheet_file("Muhammad,Elsayed,M,EG,Ministry of Interior,police,",
                      "Fatima,Hassan,F,EG,Ministry of Justice,judge,")
    result = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id), "--commit",
                                 "--not-same", "2", "--same", "3"])
    assert "Saved: 1 new people, 2 added to the list, 0 skipped." in result.output
    enrolled = _enrolled(app, workshop)
    assert namesake.id in enrolled and officer.id not in enrolled


def test_two_rows_matching_one_person_are_an_error(runner, sheet_file, make_workshop, officer):
    workshop = make_workshop()
    path = sheet_file("Muhammad,Elsayed,M,EG,Ministry of Interior,police,",
                      "Mohammed,El Sayed,M,EG,Interior Ministry,police,")
    lines = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id)]).output.splitlines()
    assert lines[1] == "line 3: error: Line 2 is also Mohamed El-Sayed: the same person twice."


def test_the_preview_page_lets_the_user_untick_a_proposal(app, client, login, make_workshop, officer):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    sheet = "\n".join([HEADER, "Muhammad,Elsayed,M,EG,Ministry of Interior,police,"]).encode()
    response = client.post(f"/workshops/{workshop.id}/import", data={"sheet": (io.BytesIO(sheet), "s.csv")},
                           content_type="multipart/form-data")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="same" value="2" id="same-2" checked' in page and "Mohamed El-Sayed" in page
    batch = response.headers["Location"].rsplit("/", 1)[1]
    assert client.post(f"/imports/{batch}/confirm", data={"proposed": "2"}).status_code == 303
    assert officer.id not in _enrolled(app, workshop) and len(_enrolled(app, workshop)) == 1


def _new_person(**overrides):
    return {"given_name": "Muhammad", "family_name": "Elsayed", "sex": "M", "country_code": "EG",
            "agency": "Ministry of Interior", "role_category": "law_enforcement", "position": "", "email": "",
            "phone": "", **overrides}


def test_registering_a_namesake_asks_first_and_saves_nothing(app, client, login, make_workshop, officer):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/participants", data=_new_person())
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Already in the registry under this name" in page and "Mohamed El-Sayed" in page
    assert "likely the same person" in page and 'name="new_person"' in page
    assert _enrolled(app, workshop) == set()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 1
    confirmed = client.post(f"/workshops/{workshop.id}/participants", data=_new_person(new_person="y"))
    assert confirmed.status_code == 303
    assert len(_enrolled(app, workshop)) == 1 and officer.id not in _enrolled(app, workshop)


@pytest.fixture
def pending_registration(app, client, make_workshop, make_user):
    """A namesake of the officer registered through the public link; a trainer of the workshop is logged in."""
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    with app.app_context():
        link = RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=date.today() - timedelta(days=1),
                                closes_on=date.today() + timedelta(days=1))
        db.session.add(link)
        db.session.commit()
    assert client.post(f"/register/{'t' * 43}", data={**_new_person(email="m.elsayed@example.org"),
                                                      "consent": "y"}).status_code == 303
    client.post("/login", data={"email": trainer.email, "password": PASSWORD})
    with app.app_context():
        return workshop, db.session.scalar(db.select(Registration.id))


def test_an_approval_with_a_namesake_is_decided_by_the_trainer(app, client, officer, pending_registration):
    workshop, registration_id = pending_registration
    page = client.get(f"/workshops/{workshop.id}/registrations").get_data(as_text=True)
    assert "Likely already in the registry:" in page and "Approve as this person" in page
    refused = client.post(f"/registrations/{registration_id}/approve", follow_redirects=True)
    assert "People with this name are already in the registry" in refused.get_data(as_text=True)
    assert _enrolled(app, workshop) == set()
    assert client.post(f"/registrations/{registration_id}/approve", data={"same_as": officer.id}).status_code == 303
    assert _enrolled(app, workshop) == {officer.id}
    with app.app_context():
        assert db.session.get(Participant, officer.id).email == "m.elsayed@example.org"


def test_an_approval_can_record_a_new_person_despite_a_namesake(app, client, officer, pending_registration):
    workshop, registration_id = pending_registration
    assert client.post(f"/registrations/{registration_id}/approve", data={"new_person": "1"}).status_code == 303
    enrolled = _enrolled(app, workshop)
    assert len(enrolled) == 1 and officer.id not in enrolled
