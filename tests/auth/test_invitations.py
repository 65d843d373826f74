"""Invitations, "forgot your password?" and changing one's own password, through a real SMTP server and its links."""
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from conftest import PASSWORD
from smtp_inbox import Inbox, body, free_port, smtp_server, smtp_settings

from workshops.audit.models import AuditEntry
from workshops.auth import services
from workshops.auth.models import Role, User
from workshops.extensions import db

NEW_PASSWORD = "seven green lanterns"


@pytest.fixture
def inbox():
    with smtp_server() as server:
        yield server


@pytest.fixture
def app_settings(inbox):
    return smtp_settings(inbox)


def link_in(inbox: Inbox, to: str) -> str:
    """The path of the one link in the last message to `to`, after checking it points at PUBLIC_BASE_URL."""
    message = [message for message in inbox.messages if message["To"] == to][-1]
    [url] = re.findall(r"https?://\S+", body(message))
    assert url.startswith("https://workshops.example.org/password/")
    return urlsplit(url).path


def user_by_email(app, email: str) -> User:
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.email == email))


def invite(client, email: str = "hana@example.org", **fields):
    response = client.post("/users/new", data={"full_name": "Hana Idris", "email": email, "role": "trainer",
                                               "is_active": "y", **fields})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response


def choose(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post(path, data={"password": password, "confirm": password if confirm is None else confirm})


def sign_in(client, email: str, password: str) -> int:
    return client.post("/login", data={"email": email, "password": password}).status_code


# --- Invitations -----------------------------------------------------------------------------------------------

def test_invited_person_chooses_a_password_then_logs_in(app, client, login, inbox):
    login(Role.ADMIN)
    invite(client)
    assert "an invitation to choose a password is on its way" in client.get("/users").get_data(as_text=True)
    [message] = inbox.messages
    assert message["To"] == "hana@example.org"
    assert message["Subject"] == "Your Workshops account: choose your password"
    assert "Hello Hana Idris," in body(message) and "for 7 days" in body(message)
    path = link_in(inbox, "hana@example.org")
    assert path.startswith("/password/set/")

    invited = app.test_client()
    page = invited.get(path)
    assert page.status_code == 200 and "hana@example.org" in page.get_data(as_text=True)
    assert sign_in(invited, "hana@example.org", NEW_PASSWORD) == 401  # nothing chosen yet
    response = choose(invited, path)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "Your password is saved. Log in with it now." in invited.get("/login").get_data(as_text=True)
    assert invited.get("/").status_code == 302  # choosing a password does not sign in
    assert sign_in(invited, "hana@example.org", NEW_PASSWORD) == 303
    assert invited.get("/").status_code == 200
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["user.created", "user.invited", "user.password_set"]


def test_an_invitation_link_works_once(app, client, login, inbox):
    login(Role.ADMIN)
    invite(client)
    path = link_in(inbox, "hana@example.org")
    assert choose(client, path).status_code == 303
    for response in (client.get(path), choose(client, path, "another fine passphrase")):
        assert response.status_code == 410
        assert "already used" in response.get_data(as_text=True)
    assert user_by_email(app, "hana@example.org").check_password(NEW_PASSWORD)


def test_the_two_passwords_must_match_and_pass_the_rules(client, login, inbox):
    login(Role.ADMIN)
    invite(client)
    path = link_in(inbox, "hana@example.org")
    mismatch = choose(client, path, NEW_PASSWORD, "seven green lantern")
    assert mismatch.status_code == 422 and "The two passwords are not the same." in mismatch.get_data(as_text=True)
    weak = choose(client, path, "Idris was here 2025")
    assert weak.status_code == 422 and "Leave your name out of your password." in weak.get_data(as_text=True)
    assert choose(client, path).status_code == 303  # refusals did not use the link up


def test_a_tampered_or_wrong_kind_of_link_is_refused(client, login, inbox):
    login(Role.ADMIN)
    invite(client)
    token = link_in(inbox, "hana@example.org").rpartition("/")[2]
    assert client.get(f"/password/set/{token[:-2]}xx").status_code == 410
    assert client.get(f"/password/reset/{token}").status_code == 410  # an invitation is not a reset link
    assert client.get(f"/password/set/{token}").status_code == 200


def test_an_invitation_expires_after_a_week(app, make_user):
    with app.app_context():
        user = db.session.get(User, make_user(Role.TRAINER).id)
        user.password_changed_at = None
        link = services.password_link(user.id, actor_id=None, secret_key="test")
        week = app.config["INVITATION_MAX_AGE"]
        now = datetime.now(UTC)
        assert services.user_for_link(link.token, services.INVITATION, secret_key="test", max_age=week,
                                      now=now + timedelta(days=6)) == user
        with pytest.raises(services.InvalidLink, match="expired"):
            services.user_for_link(link.token, services.INVITATION, secret_key="test", max_age=week,
                                   now=now + timedelta(days=7, seconds=1))
        with pytest.raises(services.InvalidLink, match="not valid"):
            services.user_for_link(link.token, services.INVITATION, secret_key="another key", max_age=week)


class TestExpiredLinks:
    @pytest.fixture
    def app_settings(self, inbox):
        return smtp_settings(inbox, INVITATION_MAX_AGE=0, RESET_MAX_AGE=0)

    def test_an_expired_invitation_says_so(self, client, login, inbox):
        login(Role.ADMIN)
        invite(client)
        response = client.get(link_in(inbox, "hana@example.org"))
        assert response.status_code == 410 and "This link has expired" in response.get_data(as_text=True)

    def test_an_expired_reset_link_says_so(self, client, make_user, inbox):
        user = make_user(Role.TRAINER)
        client.post("/password/forgot", data={"email": user.email})
        response = choose(client, link_in(inbox, user.email))
        assert response.status_code == 410 and "This link has expired" in response.get_data(as_text=True)


def test_administrator_resends_the_invitation_then_a_reset_link(app, client, login, inbox):
    login(Role.ADMIN)
    invite(client)
    user = user_by_email(app, "hana@example.org")
    page = client.get(f"/users/{user.id}/edit").get_data(as_text=True)
    assert "Send the invitation again" in page and 'name="password"' not in page
    response = client.post(f"/users/{user.id}/password-link")
    assert response.status_code == 303 and response.headers["Location"] == f"/users/{user.id}/edit"
    assert len(inbox.messages) == 2
    assert choose(client, link_in(inbox, "hana@example.org")).status_code == 303

    assert "Send a password reset link" in client.get(f"/users/{user.id}/edit").get_data(as_text=True)
    client.post(f"/users/{user.id}/password-link")
    assert inbox.messages[-1]["Subject"] == "Choose a new password for Workshops"
    assert link_in(inbox, "hana@example.org").startswith("/password/reset/")
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.subject_id == user.id,
                                                                        AuditEntry.subject_type == "user_account")
                                     .order_by(AuditEntry.id)).all()
    assert actions == ["user.created", "user.invited", "user.invited", "user.password_set",
                       "user.password_link_sent"]


def test_a_deactivated_account_gets_no_invitation_and_its_links_stop(app, client, login, inbox):
    login(Role.ADMIN)
    invite(client, "late@example.org", is_active="")
    assert inbox.messages == []
    invite(client)
    path = link_in(inbox, "hana@example.org")
    user = user_by_email(app, "hana@example.org")
    client.post(f"/users/{user.id}/edit", data={"full_name": "Hana Idris", "email": "hana@example.org",
                                                "role": "trainer"})  # the box unticked: deactivated
    assert client.get(path).status_code == 410
    response = client.post(f"/users/{user.id}/password-link", follow_redirects=True)
    assert "This account is deactivated" in response.get_data(as_text=True)
    assert len(inbox.messages) == 1


class TestMailServerDown:
    @pytest.fixture
    def app_settings(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_USE_TLS": False}

    def test_the_account_is_kept_and_the_administrator_told(self, app, client, login):
        login(Role.ADMIN)
        response = client.post("/users/new", data={"full_name": "Hana Idris", "email": "hana@example.org",
                                                   "role": "trainer", "is_active": "y"}, follow_redirects=True)
        assert response.status_code == 200
        assert "could not be sent" in response.get_data(as_text=True)
        assert user_by_email(app, "hana@example.org") is not None


# --- Forgot your password? -------------------------------------------------------------------------------------

def test_forgot_password_answers_the_same_and_mails_only_a_real_active_account(app, client, make_user, inbox):
    user = make_user(Role.TRAINER, full_name="Omar Khalil")
    inactive = make_user(Role.TRAINER, is_active=False)
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)
    answers = []
    for email in (user.email.upper(), "nobody@example.org", inactive.email):
        response = client.post("/password/forgot", data={"email": email})
        answers.append((response.status_code, response.headers["Location"],
                        client.get("/login").get_data(as_text=True).count("a link to choose a new password")))
    assert answers == [(303, "/login", 1)] * 3
    assert [message["To"] for message in inbox.messages] == [user.email]
    assert inbox.messages[0]["Subject"] == "Choose a new password for Workshops"
    assert "for 60 minutes" in body(inbox.messages[0])

    path = link_in(inbox, user.email)
    assert sign_in(client, user.email, PASSWORD) == 303  # the old password works until a new one is chosen
    client.post("/logout")
    assert choose(client, path).status_code == 303
    assert sign_in(client, user.email, PASSWORD) == 401
    assert sign_in(client, user.email, NEW_PASSWORD) == 303
    assert client.get(path).status_code == 410


def test_the_link_points_at_the_public_address_whatever_the_host_header(client, make_user, inbox):
    user = make_user(Role.TRAINER)
    client.post("/password/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    assert "evil.example" not in body(inbox.messages[0])
    link_in(inbox, user.email)  # on https://workshops.example.org


def test_a_bad_email_is_shown_next_to_the_field(client):
    response = client.post("/password/forgot", data={"email": "not an address"})
    assert response.status_code == 422 and 'id="email-error"' in response.get_data(as_text=True)


class TestForgotRateLimit:
    @pytest.fixture
    def app_settings(self, inbox):
        return smtp_settings(inbox, RATELIMIT_ENABLED=True, PASSWORD_RESET_RATE_LIMIT="2 per minute")

    def test_repeated_requests_get_429(self, client, make_user, inbox):
        user = make_user(Role.TRAINER)
        statuses = [client.post("/password/forgot", data={"email": user.email}).status_code for _ in range(3)]
        assert statuses == [303, 303, 429]
        assert len(inbox.messages) == 2


# --- Changing one's own password -------------------------------------------------------------------------------

def test_changing_ones_password_needs_the_current_one_and_ends_every_session(app, client, login):
    user = login(Role.COORDINATOR)
    other_browser = app.test_client()
    assert sign_in(other_browser, user.email, PASSWORD) == 303
    assert 'href="/account/password">My account<' in client.get("/").get_data(as_text=True)

    wrong = client.post("/account/password", data={"current_password": "not my password", "password": NEW_PASSWORD,
                                                   "confirm": NEW_PASSWORD})
    assert wrong.status_code == 422 and "This is not your current password." in wrong.get_data(as_text=True)
    assert other_browser.get("/").status_code == 200

    response = client.post("/account/password", data={"current_password": PASSWORD, "password": NEW_PASSWORD,
                                                      "confirm": NEW_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "signed out everywhere" in client.get("/login").get_data(as_text=True)
    for browser in (client, other_browser):
        response = browser.get("/")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert sign_in(client, user.email, PASSWORD) == 401
    assert sign_in(client, user.email, NEW_PASSWORD) == 303
    with app.app_context():
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.password_set")).one()
        assert entry.actor_id == user.id and entry.subject_id == user.id


def test_a_reset_link_asked_before_a_change_no_longer_works(client, login, inbox):
    user = login(Role.TRAINER)
    client.post("/password/forgot", data={"email": user.email})
    path = link_in(inbox, user.email)
    client.post("/account/password", data={"current_password": PASSWORD, "password": NEW_PASSWORD,
                                           "confirm": NEW_PASSWORD})
    response = client.get(path)
    assert response.status_code == 410 and "already used" in response.get_data(as_text=True)
