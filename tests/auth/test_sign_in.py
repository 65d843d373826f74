"""Signing in: limits per client address and per account, proxies, timing, and the optional second factor."""
import re
import statistics
import time
from datetime import UTC, datetime

import pyotp
import pytest
from conftest import PASSWORD
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from workshops.audit.models import AuditEntry
from workshops.auth import second_factor
from workshops.auth.models import Role, SiteSetting, User
from workshops.auth.sessions import PENDING
from workshops.extensions import db

WRONG = "not the password at all"


def _attempt(client, email: str, password: str = WRONG, address: str = "192.0.2.1", **headers) -> int:
    response = client.post("/login", data={"email": email, "password": password},
                           environ_base={"REMOTE_ADDR": address}, headers=headers)
    response.close()
    return response.status_code


def _actions(app, action: str) -> list[AuditEntry]:
    with app.app_context():
        return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


# --- Limits ----------------------------------------------------------------------------------------------------

class TestPerAccountLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "100 per minute",
                "LOGIN_ACCOUNT_RATE_LIMIT": "3 per hour"}

    def test_wrong_passwords_from_many_addresses_add_up_on_the_account(self, app, client, make_user):
        user = make_user(Role.LEAD)
        statuses = [_attempt(client, user.email, address=f"198.51.100.{number}") for number in range(1, 5)]
        assert statuses == [401, 401, 401, 429]
        page = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "203.0.113.9"})
        assert page.status_code == 429, "the right password waits too: the account's guesses are used up"
        assert "Too many sign-in attempts" in page.get_data(as_text=True)

    def test_other_accounts_are_not_held_back(self, client, make_user):
        held, other = make_user(Role.LEAD), make_user(Role.LEAD)
        assert [_attempt(client, held.email) for _ in range(4)][-1] == 429
        assert _attempt(client, other.email) == 401
        assert _attempt(client, other.email, PASSWORD) == 303

    def test_successful_sign_ins_do_not_count(self, app, make_user):
        user = make_user(Role.TRAINER)
        statuses = [_attempt(app.test_client(), user.email, PASSWORD) for _ in range(5)]
        assert statuses == [303] * 5


class TestPerAddressLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute",
                "LOGIN_ACCOUNT_RATE_LIMIT": "100 per hour"}

    def test_one_address_guessing_many_accounts_is_stopped(self, client):
        statuses = [_attempt(client, f"someone{number}@example.org") for number in range(4)]
        assert statuses == [401, 401, 401, 429]
        assert _attempt(client, "someone9@example.org", address="192.0.2.200") == 401

    def test_a_forwarded_address_is_ignored_without_a_trusted_proxy(self, app, client):
        assert not isinstance(app.wsgi_app, ProxyFix)
        statuses = [_attempt(client, "x@example.org", **{"X-Forwarded-For": f"203.0.113.{number}"})
                    for number in range(4)]
        assert statuses == [401, 401, 401, 429]


class TestBehindOneProxy:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute",
                "LOGIN_ACCOUNT_RATE_LIMIT": "100 per hour", "TRUSTED_PROXIES": 1}

    def test_the_proxys_forwarded_address_is_the_clients(self, app, client):
        assert isinstance(app.wsgi_app, ProxyFix) and app.wsgi_app.x_host == 0
        statuses = [_attempt(client, "x@example.org", address="10.0.0.2", **{"X-Forwarded-For": f"203.0.113.{number}"})
                    for number in range(5)]
        assert statuses == [401] * 5
        same = [_attempt(client, "x@example.org", address="10.0.0.2", **{"X-Forwarded-For": "203.0.113.50"})
                for _ in range(4)]
        assert same == [401, 401, 401, 429]


# --- Timing ----------------------------------------------------------------------------------------------------

def test_an_unknown_email_takes_as_long_as_a_wrong_password(client, make_user):
    """Otherwise the time a refusal takes would tell which emails have an account."""
    user = make_user(Role.TRAINER)

    def median_seconds(email: str) -> float:
        _attempt(client, email)  # warm up: the dummy hash is made on the first refusal
        durations = []
        for _ in range(5):
            started = time.perf_counter()
            assert _attempt(client, email) == 401
            durations.append(time.perf_counter() - started)
        return statistics.median(durations)

    unknown, known = median_seconds("nobody@example.org"), median_seconds(user.email)
    assert max(unknown, known) / min(unknown, known) < 1.5, (unknown, known)


def test_a_deactivated_account_costs_a_hash_check_too(app, make_user):
    from workshops.auth.services import authenticate

    user = make_user(Role.TRAINER, is_active=False)
    with app.app_context():
        started = time.perf_counter()
        assert authenticate(user.email, PASSWORD) is None
        assert time.perf_counter() - started > 0.005


# --- Second factor: setting it up ------------------------------------------------------------------------------

def _shown_secret(client) -> str:
    page = client.get("/account/security")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<svg" in html and "style=" not in html.split("<main", 1)[1] and "<script>" not in html
    found = re.search(r'<code class="[^"]*">([A-Z2-7 ]+)</code>', html)
    assert found, "no secret shown as text"
    return found.group(1).replace(" ", "")


def test_second_factor_is_saved_only_after_a_right_code(app, client, login):
    user = login(Role.COORDINATOR)
    secret = _shown_secret(client)
    assert _shown_secret(client) == secret, "a reload shows the same secret, so a scanned code stays good"
    wrong = client.post("/account/security/second-factor", data={"code": "000000"})
    assert wrong.status_code == 422 and "That code is not right" in wrong.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret is None
    right = client.post("/account/security/second-factor", data={"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 303
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret == secret
    [entry] = _actions(app, "user.second_factor_on")
    assert entry.actor_id == user.id and entry.subject_id == user.id and secret not in str(entry.details)


def test_turning_the_second_factor_off_asks_for_a_current_code(app, client, make_user):
    secret = pyotp.random_base32()
    user = make_user(Role.TRAINER, totp_secret=secret)
    _sign_in_with_code(client, user.email, secret)
    assert client.post("/account/security/second-factor/off", data={"code": "123456"}).status_code == 422
    assert client.post("/account/security/second-factor/off", data={"code": ""}).status_code == 422
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret == secret
    assert client.post("/account/security/second-factor/off",
                       data={"code": pyotp.TOTP(secret).now()}).status_code == 303
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret is None
    assert len(_actions(app, "user.second_factor_off")) == 1


def test_codes_ignore_spaces_and_read_arabic_digits():
    secret = pyotp.random_base32()
    at = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    code = pyotp.TOTP(secret).at(at)
    arabic = "".join("٠١٢٣٤٥٦٧٨٩"[int(digit)] for digit in code)
    assert second_factor.code_is_right(secret, f"{code[:3]} {code[3:]}", at=at)
    assert second_factor.code_is_right(secret, arabic, at=at)
    assert not second_factor.code_is_right(secret, code[:5], at=at)
    assert not second_factor.code_is_right(secret, "abcdef", at=at)


# --- Second factor: signing in ---------------------------------------------------------------------------------

def _sign_in_with_code(client, email: str, secret: str, *, next_path: str = "") -> None:
    response = client.post(f"/login{next_path}", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/login/code"
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 303, response.get_data(as_text=True)


def test_a_user_with_a_second_factor_is_asked_for_the_code(client, make_user):
    secret = pyotp.random_base32()
    user = make_user(Role.LEAD, totp_secret=secret)
    response = client.post("/login?next=/workshops", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/workshops").status_code == 302, "the password alone does not sign in"
    assert client.get("/login/code").status_code == 200
    wrong = client.post("/login/code", data={"code": "000000"})
    assert wrong.status_code == 401 and "That code is not right" in wrong.get_data(as_text=True)
    right = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert right.status_code == 303 and right.headers["Location"] == "/workshops"
    assert client.get("/workshops").status_code == 200


def test_the_code_must_follow_the_password_within_minutes(client, make_user):
    secret = pyotp.random_base32()
    user = make_user(Role.LEAD, totp_secret=secret)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        session[PENDING] = {**session[PENDING], "until": int(time.time()) - 1}
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert client.get("/workshops").status_code == 302


def test_a_password_change_between_the_steps_voids_the_code_step(app, client, make_user):
    from workshops.auth.services import end_sessions

    secret = pyotp.random_base32()
    user = make_user(Role.LEAD, totp_secret=secret)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with app.app_context():
        end_sessions(db.session.get(User, user.id), actor_id=None, reason="test")
        db.session.commit()
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 303 and response.headers["Location"] == "/login"


class TestCodeStepLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "100 per minute",
                "LOGIN_ACCOUNT_RATE_LIMIT": "2 per hour"}

    def test_wrong_codes_are_limited_per_account(self, client, make_user):
        secret = pyotp.random_base32()
        user = make_user(Role.LEAD, totp_secret=secret)
        assert _attempt(client, user.email, PASSWORD) == 303
        statuses = [client.post("/login/code", data={"code": "000000"}).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]


# --- Second factor: required of some roles ---------------------------------------------------------------------

def test_an_administrator_requires_the_second_factor_of_roles(app, client, login):
    admin = login(Role.ADMIN)
    assert client.get("/security").status_code == 200
    assert client.post("/security", data={"roles": ["admin", "lead"]}).status_code == 303
    with app.app_context():
        assert db.session.get(SiteSetting, second_factor.REQUIRED_ROLES_KEY).value == {"roles": ["admin", "lead"]}
    [entry] = _actions(app, "site.second_factor_required")
    assert entry.actor_id == admin.id and entry.details["changes"]["roles"] == [[], ["admin", "lead"]]
    assert client.get("/workshops").headers["Location"] == "/account/security", "the administrator is held too"


def test_a_lead_without_a_second_factor_sets_it_up_before_anything_else(app, client, make_user):
    with app.app_context():
        second_factor.require_for_roles([Role.LEAD], actor_id=None)
        db.session.commit()
    lead = make_user(Role.LEAD)
    response = client.post("/login", data={"email": lead.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account/security"
    for path in ("/", "/workshops", "/projects"):
        assert client.get(path).headers["Location"] == "/account/security", path
    assert "Your role must use a second factor" in client.get("/account/security").get_data(as_text=True)
    secret = _shown_secret(client)
    assert client.post("/account/security/second-factor", data={"code": pyotp.TOTP(secret).now()}).status_code == 303
    assert client.get("/workshops").status_code == 200
    refused = client.post("/account/security/second-factor/off", data={"code": pyotp.TOTP(secret).now()})
    assert refused.status_code == 409


def test_roles_not_required_sign_in_as_before(app, client, make_user):
    with app.app_context():
        second_factor.require_for_roles([Role.ADMIN], actor_id=None)
        db.session.commit()
    trainer = make_user(Role.TRAINER)
    assert _attempt(client, trainer.email, PASSWORD) == 303
    assert client.get("/workshops").status_code == 200


def test_lifting_the_requirement_frees_a_held_user(app, client, make_user):
    with app.app_context():
        second_factor.require_for_roles([Role.LEAD], actor_id=None)
        db.session.commit()
    lead = make_user(Role.LEAD)
    assert _attempt(client, lead.email, PASSWORD) == 303
    assert client.get("/workshops").headers["Location"] == "/account/security"
    with app.app_context():
        second_factor.require_for_roles([], actor_id=None)
        db.session.commit()
    assert client.get("/account/security").status_code == 200
    assert client.get("/workshops").status_code == 200
