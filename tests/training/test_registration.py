"""Self-registration: open, closed, full, a bot in the honeypot, consent, and approval into the list."""
import inspect
import re
from datetime import date, timedelta

import pytest
from conftest import PASSWORD

from workshops.auth.models import Role, User
from workshops.extensions import db
from workshops.training import registration_views
from workshops.training.models import Enrolment, Registration, RegistrationLink, RegistrationStatus, Workshop

TODAY = date.today()


def _person(**overrides):
    return {"given_name": "Aïcha", "family_name": "Mint Abdallahi", "name_ar": "عائشة منت عبد الله", "sex": "F",
            "country_code": "MR", "agency": "Ministry of Justice", "role_category": "judge", "position": "Judge",
            "email": "aicha@example.org", "phone": "", "consent": "y", **overrides}


@pytest.fixture
def link(app, client, login, make_workshop):
    """A link opened through the coordinator's page; the test client is logged out afterwards."""
    workshop = make_workshop()
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/registration-link",
                           data={"starts_on": (TODAY - timedelta(days=1)).isoformat(),
                                 "ends_on": (TODAY + timedelta(days=7)).isoformat(), "capacity": "2"})
    assert response.status_code == 303
    client.post("/logout")
    with app.app_context():
        return db.session.scalar(db.select(RegistrationLink))


def _count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


def test_public_registration_lands_as_pending(client, app, link):
    assert len(link.token) >= 40
    assert client.get(f"/register/{link.token}").status_code == 200
    response = client.post(f"/register/{link.token}", data=_person())
    assert response.status_code == 303 and response.headers["Location"].endswith("/thanks")
    assert _count(app, Registration, status=RegistrationStatus.PENDING) == 1
    assert _count(app, Enrolment) == 0


def test_unknown_token_is_404(client, link):
    assert client.get("/register/not-a-token").status_code == 404


def test_consent_is_required(client, app, link):
    response = client.post(f"/register/{link.token}", data=_person(consent=""))
    assert response.status_code == 422 and "needs your consent" in response.get_data(as_text=True)
    assert _count(app, Registration) == 0


def test_a_bot_filling_the_honeypot_is_thanked_and_forgotten(client, app, link):
    response = client.post(f"/register/{link.token}", data=_person(website="http://spam.example"))
    assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True)
    assert _count(app, Registration) == 0


def test_full_link_takes_no_more(client, app, link):
    for number in range(2):
        client.post(f"/register/{link.token}", data=_person(email=f"p{number}@example.org"))
    response = client.post(f"/register/{link.token}", data=_person(email="late@example.org"))
    assert response.status_code == 409 and "full" in response.get_data(as_text=True)
    assert _count(app, Registration) == 2


@pytest.mark.parametrize(("opens", "closes", "is_closed", "status", "message"), [
    (-10, -1, False, 410, "closed"), (-1, 5, True, 410, "closed"), (2, 5, False, 409, "has not opened yet")])
def test_closed_and_not_yet_open_links(client, app, link, opens, closes, is_closed, status, message):
    with app.app_context():
        stored = db.session.get(RegistrationLink, link.id)
        stored.opens_on, stored.closes_on = TODAY + timedelta(days=opens), TODAY + timedelta(days=closes)
        stored.is_closed = is_closed
        db.session.commit()
    response = client.post(f"/register/{link.token}", data=_person())
    assert response.status_code == status and message in response.get_data(as_text=True)
    assert _count(app, Registration) == 0


def test_approval_enrols_and_reuses_the_registry_record(client, app, link, make_user, make_participant):
    known = make_participant(email="aicha@example.org", given_name="Aicha")
    client.post(f"/register/{link.token}", data=_person())
    client.post(f"/register/{link.token}", data=_person(email="new@example.org", given_name="Mariam"))
    trainer = make_user(Role.TRAINER)
    with app.app_context():
        pending = db.session.scalars(db.select(Registration.id).order_by(Registration.id)).all()
        workshop = db.session.get(Workshop, link.workshop_id)
        workshop.trainers.append(db.session.get(User, trainer.id))
        db.session.commit()
    client.post("/login", data={"email": trainer.email, "password": PASSWORD})
    assert client.post(f"/registrations/{pending[0]}/approve").status_code == 303
    assert client.post(f"/registrations/{pending[1]}/reject").status_code == 303
    again = client.post(f"/registrations/{pending[0]}/reject", follow_redirects=True)
    assert "already approved" in again.get_data(as_text=True)
    with app.app_context():
        enrolments = db.session.scalars(db.select(Enrolment)).all()
        assert [enrolment.participant_id for enrolment in enrolments] == [known.id]
        assert db.session.get(Registration, pending[1]).status == RegistrationStatus.REJECTED


def test_only_the_workshops_runners_decide(client, app, link, login):
    client.post(f"/register/{link.token}", data=_person())
    with app.app_context():
        registration_id = db.session.scalar(db.select(Registration.id))
    login(Role.TRAINER)
    assert client.post(f"/registrations/{registration_id}/approve").status_code == 403
    assert client.get(f"/workshops/{link.workshop_id}/registrations").status_code == 403
    client.post("/logout")
    login(Role.LEAD)
    assert client.get(f"/workshops/{link.workshop_id}/registration-link").status_code == 403


class TestWithCsrfAndLimits:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True, "REGISTRATION_RATE_LIMIT": "3 per hour"}

    def test_form_needs_its_token_and_is_rate_limited(self, app, make_workshop, make_user):
        workshop = make_workshop()
        with app.app_context():
            db.session.add(RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=TODAY,
                                            closes_on=TODAY + timedelta(days=3)))
            db.session.commit()
        client = app.test_client()
        url = "/register/" + "t" * 43
        assert client.post(url, data=_person()).status_code == 400
        assert _count(app, Registration) == 0
        token = client.get(url).get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        statuses = [client.post(url, data=_person(csrf_token=token, email=f"p{number}@example.org")).status_code
                    for number in range(4)]
        assert statuses == [303, 303, 303, 429]
        assert _count(app, Registration) == 3


def test_every_state_change_goes_through_the_one_helper():
    """No view of self-registration commits or catches a refusal itself: web.submit_form and web.button_action do."""
    source = inspect.getsource(registration_views)
    assert "commit(" not in source and "except" not in source and "rollback(" not in source


def test_closing_a_link_that_was_never_opened_is_a_message_not_an_error(client, login, make_workshop):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/registration-link/close", follow_redirects=True)
    assert response.status_code == 200 and "This workshop has no registration link." in response.get_data(as_text=True)


class TestTheListIsOneForm:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_each_button_posts_its_registration_and_choice_with_the_one_token(self, app, client, make_workshop,
                                                                            make_participant, make_user):
        """A namesake in the registry: the list offers "Approve as this person" as a button value of the one form."""
        officer = make_participant(given_name="Aïcha", family_name="Mint Abdallahi", country_code="MR",
                                   email="officer@example.org")
        trainer = make_user(Role.TRAINER)
        workshop = make_workshop(trainers=[trainer])
        with app.app_context():
            db.session.add(RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=TODAY,
                                            closes_on=TODAY + timedelta(days=3)))
            db.session.commit()
        form = client.get("/register/" + "t" * 43).get_data(as_text=True)
        token = form.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        assert client.post("/register/" + "t" * 43, data=_person(csrf_token=token)).status_code == 303
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        client.post("/login", data={"email": trainer.email, "password": PASSWORD, "csrf_token": token})
        page = client.get(f"/workshops/{workshop.id}/registrations").get_data(as_text=True)
        listing = page.split("<main")[1]
        assert listing.count("<form") == 1 and listing.count('name="csrf_token"') == 1
        chosen = re.search(r'formaction="([^"]+)" name="same_as" value="(\d+)">Approve as this person', listing)
        assert chosen and int(chosen.group(2)) == officer.id
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', listing).group(1)
        response = client.post(chosen.group(1), data={"csrf_token": token, "same_as": chosen.group(2)})
        assert response.status_code == 303
        with app.app_context():
            assert db.session.scalars(db.select(Enrolment.participant_id)).all() == [officer.id]
