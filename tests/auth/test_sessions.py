"""Sessions that end: logout and "sign out everywhere" end them all, so do a new password and deactivation; a
browser session also ends after idling and some hours after sign-in; the remember cookie is short-lived and safe."""
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from conftest import PASSWORD
from sqlalchemy import select

from workshops.audit.models import AuditEntry
from workshops.auth import services
from workshops.auth.models import Role, User
from workshops.auth.sessions import SEEN_AT, SIGNED_IN_AT
from workshops.extensions import db


def _copy_cookies(app, source, *names: str):
    """A second browser holding the same cookies, as a stolen or forgotten one would."""
    other = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, f"no {name} cookie"
        other.set_cookie(name, cookie.value)
    return other


def _sent_to_login(client, path: str = "/workshops") -> bool:
    response = client.get(path)
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def _remember_cookie_header(client, email: str) -> str:
    response = client.post("/login", data={"email": email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 303
    [header] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("remember_token=")]
    return header


# --- Ending every session of a user ----------------------------------------------------------------------------

def test_logout_ends_the_session_in_every_browser(app, client, login):
    user = login(Role.TRAINER)
    other = _copy_cookies(app, client, "session")
    assert other.get("/workshops").status_code == 200
    assert client.post("/logout").status_code == 303
    assert _sent_to_login(other), "the old cookie must stop working"
    assert _sent_to_login(client)
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.sessions_ended")).all()
        assert entry.subject_id == user.id and entry.details["reason"] == "logout"


def test_logout_also_ends_the_remember_cookie(app, client, make_user):
    user = make_user(Role.TRAINER)
    _remember_cookie_header(client, user.email)
    remembered = _copy_cookies(app, client, "remember_token")
    assert remembered.get("/workshops").status_code == 200, "the remember cookie alone signs back in"
    client.post("/logout")
    assert _sent_to_login(_copy_cookies(app, remembered, "remember_token"))


def test_sign_out_everywhere_ends_this_and_other_browsers(app, client, login):
    user = login(Role.LEAD)
    other = _copy_cookies(app, client, "session")
    page = client.get("/account/security").get_data(as_text=True)
    assert "Sign out everywhere" in page
    response = client.post("/account/sessions/end")
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert _sent_to_login(other) and _sent_to_login(client)
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "user.sessions_ended")).all()
        assert entry.actor_id == user.id and entry.details["reason"] == "signed_out_everywhere"


def test_a_new_password_ends_the_sessions(app, client, login):
    user = login(Role.COORDINATOR)
    assert client.get("/workshops").status_code == 200
    with app.app_context():
        services.set_password(db.session.get(User, user.id), "a brand new pass phrase 7", actor_id=None)
        db.session.commit()
    assert _sent_to_login(client)


def test_deactivation_ends_the_sessions_for_good(app, client, login):
    trainer = login(Role.TRAINER)
    assert client.get("/workshops").status_code == 200
    with app.app_context():
        user = db.session.get(User, trainer.id)
        details = services.UserDetails(email=user.email, full_name=user.full_name, role=user.role)
        services.update_user(user, services.UserDetails(**{**details.__dict__, "is_active": False}), actor_id=None)
        db.session.commit()
    assert _sent_to_login(client)
    with app.app_context():
        services.update_user(db.session.get(User, trainer.id), details, actor_id=None)
        db.session.commit()
    assert _sent_to_login(client), "reactivating the account does not revive its old sessions"


# --- Idle and absolute limits ----------------------------------------------------------------------------------

def _age_session(client, *, idle: timedelta = timedelta(0), since_sign_in: timedelta = timedelta(0)) -> None:
    now = int(time.time())
    with client.session_transaction() as session:
        session[SEEN_AT] = now - int(idle.total_seconds())
        session[SIGNED_IN_AT] = now - int(since_sign_in.total_seconds())


def test_an_idle_session_ends_with_a_message(client, login):
    login(Role.TRAINER)
    _age_session(client, idle=timedelta(minutes=31), since_sign_in=timedelta(minutes=40))
    response = client.get("/workshops")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/workshops"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in page
    assert _sent_to_login(client)


def test_activity_keeps_the_session_going(client, login):
    login(Role.TRAINER)
    _age_session(client, idle=timedelta(minutes=29), since_sign_in=timedelta(hours=2))
    assert client.get("/workshops").status_code == 200
    with client.session_transaction() as session:
        assert int(time.time()) - session[SEEN_AT] < 5, "the request counts as activity"


def test_a_session_ends_some_hours_after_sign_in_however_busy(client, login):
    login(Role.TRAINER)
    _age_session(client, idle=timedelta(minutes=1), since_sign_in=timedelta(hours=12, minutes=1))
    response = client.get("/workshops")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert "signed out 12 hours after logging in" in client.get("/login").get_data(as_text=True)


def test_a_timed_out_session_on_a_public_page_just_signs_out(client, login):
    login(Role.TRAINER)
    _age_session(client, idle=timedelta(hours=1))
    assert client.get("/login").status_code == 200
    assert _sent_to_login(client)


class TestShortIdleSetting:
    @pytest.fixture
    def app_settings(self):
        return {"SESSION_IDLE_MINUTES": 1}

    def test_the_idle_minutes_come_from_the_settings(self, client, login):
        login(Role.TRAINER)
        _age_session(client, idle=timedelta(seconds=90))
        assert _sent_to_login(client)


def test_a_remembered_browser_starts_a_new_session(app, client, make_user):
    user = make_user(Role.TRAINER)
    _remember_cookie_header(client, user.email)
    reopened = _copy_cookies(app, client, "remember_token")
    assert reopened.get("/workshops").status_code == 200
    with reopened.session_transaction() as session:
        assert int(time.time()) - session[SIGNED_IN_AT] < 5


# --- Cookies ---------------------------------------------------------------------------------------------------

def test_lifetimes_in_the_settings(app):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
    assert app.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=14)


def test_the_remember_cookie_is_lax_and_lasts_two_weeks(client, make_user):
    header = _remember_cookie_header(client, make_user(Role.TRAINER).email)
    attributes = {part.strip().split("=", 1)[0].lower(): part.strip().partition("=")[2] for part in header.split(";")}
    assert attributes["samesite"] == "Lax" and "httponly" in attributes
    assert "secure" not in attributes, "follows SESSION_COOKIE_SECURE, off here"
    expires = parsedate_to_datetime(attributes["expires"])
    assert timedelta(days=13) < expires - datetime.now(UTC) <= timedelta(days=14)
    assert int(attributes.get("max-age", 14 * 86400)) <= 14 * 86400


class TestSecureCookies:
    @pytest.fixture
    def app_settings(self):
        return {"SESSION_COOKIE_SECURE": True}

    def test_the_remember_cookie_is_secure_when_the_session_cookie_is(self, app, make_user):
        client = app.test_client()
        user = make_user(Role.TRAINER)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"},
                               base_url="https://localhost")
        [header] = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("remember_token=")]
        assert "; Secure" in header and "SameSite=Lax" in header


def test_an_admin_removes_a_lost_second_factor_and_the_owners_sessions_end(app, client, make_user, login):
    import pyotp

    secret = pyotp.random_base32()
    owner = make_user(Role.LEAD, totp_secret=secret)
    owner_browser = app.test_client()
    owner_browser.post("/login", data={"email": owner.email, "password": PASSWORD})
    assert owner_browser.post("/login/code", data={"code": pyotp.TOTP(secret).now()}).status_code == 303
    assert not _sent_to_login(owner_browser)
    login(Role.ADMIN)
    page = client.get(f"/users/{owner.id}/edit").get_data(as_text=True)
    assert "Remove the second factor" in page
    assert client.post(f"/users/{owner.id}/second-factor/reset").status_code == 303
    with app.app_context():
        stored = db.session.get(User, owner.id)
        assert stored.totp_secret is None and stored.session_token != owner.session_token
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_id == owner.id,
                                                                     AuditEntry.subject_type == "user_account")).all()
        assert "user.second_factor_reset" in actions
    assert _sent_to_login(owner_browser)
