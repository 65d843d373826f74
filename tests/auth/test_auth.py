"""Login, logout, CSRF, redirects after login and the login rate limit."""
import pytest
from conftest import PASSWORD

from workshops.auth.models import Role, User
from workshops.auth.views import local_path_or
from workshops.extensions import db


@pytest.fixture
def app_settings(tmp_path):
    """Invitations go to the test's own outbox folder, not to instance/outbox."""
    return {"MAIL_OUTBOX": str(tmp_path / "outbox")}


def test_login_with_right_password_opens_the_dashboard(client, make_user):
    user = make_user(Role.LEAD)
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.status_code == 303
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_next_to_the_field(client, make_user):
    user = make_user(Role.LEAD)
    response = client.post("/login", data={"email": user.email, "password": "not it at all"})
    assert response.status_code == 401
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_deactivated_user_cannot_log_in(client, make_user):
    user = make_user(Role.TRAINER, is_active=False)
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 401


def test_empty_login_form_is_422(client):
    response = client.post("/login", data={})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_logout_ends_the_session(client, login):
    login(Role.TRAINER)
    assert client.post("/logout").status_code == 303
    assert client.get("/").status_code == 302


def test_login_follows_a_local_next_only(client, make_user):
    user = make_user(Role.ADMIN)
    response = client.post("/login?next=/workshops", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/workshops"


@pytest.mark.parametrize("target", ["//evil.example", "/\\evil.example", "https://evil.example/", "/\x00x", "", None])
def test_offsite_next_is_refused(target):
    assert local_path_or(target, "/") == "/"


def test_passwords_are_stored_hashed(app, make_user):
    user = make_user(Role.ADMIN)
    with app.app_context():
        stored = db.session.get(User, user.id)
        assert PASSWORD not in stored.password_hash
        assert stored.password_hash.startswith(("scrypt:", "pbkdf2:"))


class TestWithCsrf:
    @pytest.fixture
    def app_settings(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_form_without_token_is_refused(self, client, make_user):
        user = make_user(Role.ADMIN)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 400
        assert "expired" in response.get_data(as_text=True)

    def test_logout_without_token_is_refused(self, client):
        assert client.post("/logout").status_code in (302, 400)

    def test_form_with_token_works(self, client, make_user):
        user = make_user(Role.ADMIN)
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 303


class TestRateLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"}

    def test_repeated_login_attempts_get_429(self, client):
        statuses = [client.post("/login", data={"email": "x@example.org", "password": "wrong password"}).status_code
                    for _ in range(4)]
        assert statuses == [401, 401, 401, 429]


def test_admin_creates_user_in_the_ui(client, login, app):
    login(Role.ADMIN)
    response = client.post("/users/new", data={"full_name": "Hana Idris", "email": "Hana@Example.org",
                                               "role": "coordinator", "is_active": "y"})
    assert response.status_code == 303
    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "hana@example.org"))
        assert user.role == Role.COORDINATOR and user.password_changed_at is None  # invited: she chooses it


def test_duplicate_user_email_is_409_next_to_the_field(client, login, make_user):
    existing = make_user(Role.TRAINER)
    login(Role.ADMIN)
    response = client.post("/users/new", data={"full_name": "X", "email": existing.email, "role": "trainer",
                                               "password": "long enough pw"})
    assert response.status_code == 409
    assert "Another account already uses this email." in response.get_data(as_text=True)


def test_short_password_is_refused(client, login):
    login(Role.ADMIN)
    response = client.post("/account/password", data={"current_password": PASSWORD, "password": "short",
                                                      "confirm": "short"})
    assert response.status_code == 422
