"""The edges of the app: printed links from PUBLIC_BASE_URL only, a Redis outage, and what /healthz reports."""
import io
import logging
import socket
import time

import pytest
from conftest import PASSWORD
from pypdf import PdfReader
from test_headers import issue_certificate

from workshops import DEVELOPMENT_BASE_URL, create_app
from workshops.auth.models import Role
from workshops.extensions import limiter

#: Nothing listens there: Redis as it is when its server is stopped.
STOPPED_REDIS = "redis://127.0.0.1:6390"
RUNNING_REDIS = "redis://127.0.0.1:6379"
PUBLIC_BASE_URL = "https://workshops.example.org"  # as tests/conftest.py sets it


def _answers(address: str) -> bool:
    host, port = address.removeprefix("redis://").split(":")
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


# --- PUBLIC_BASE_URL ---------------------------------------------------------------------------------------------

def test_refuses_to_start_without_a_public_base_url_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_testing_without_a_public_base_url_prints_the_development_address(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})
    assert app.config["PUBLIC_BASE_URL"] == DEVELOPMENT_BASE_URL == "http://127.0.0.1:5000"


@pytest.mark.parametrize(("app_settings", "printed"), [({}, PUBLIC_BASE_URL),
                                                       ({"PUBLIC_BASE_URL": ""}, DEVELOPMENT_BASE_URL)])
def test_printed_links_ignore_the_host_header(app, client, login, make_workshop, make_participant, enrol, printed):
    workshop_id, serial = issue_certificate(app, make_workshop, make_participant, enrol)
    login(Role.ADMIN)
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    evil = {"Host": "evil.example"}
    for url in (f"/certificates/{serial}.pdf", f"/workshops/{workshop_id}/certificates/preview.pdf",
                f"/workshops/{workshop_id}/certificates.pdf"):
        text = _pdf_text(client.get(url, headers=evil))
        assert f"{printed}/verify/" in text, url
        assert "evil.example" not in text and "localhost" not in text, url


# --- Redis down --------------------------------------------------------------------------------------------------

class TestRedisDown:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": STOPPED_REDIS, "LOGIN_RATE_LIMIT": "3 per minute"}

    @pytest.fixture(autouse=True)
    def storage_alive_at_first(self, monkeypatch):
        """The limiter is one object for every app of the test run: start from "storage up", restore it after."""
        monkeypatch.setattr(limiter, "_storage_dead", False)

    def test_login_works_and_the_fallback_is_logged(self, client, make_user, caplog):
        user = make_user(Role.TRAINER)
        with caplog.at_level(logging.WARNING):
            response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 303
        assert any("falling back to in-memory storage" in record.getMessage() for record in caplog.records)

    def test_login_limits_still_count_in_memory(self, client):
        statuses = [client.post("/login", data={"email": "x@example.org", "password": "wrong password"}).status_code
                    for _ in range(4)]
        assert statuses == [401, 401, 401, 429]

    def test_verification_works(self, app, client, make_workshop, make_participant, enrol):
        _workshop_id, serial = issue_certificate(app, make_workshop, make_participant, enrol)
        response = client.get(f"/verify/{serial}")
        assert response.status_code == 200 and "Valid certificate" in response.get_data(as_text=True)
        assert client.get("/verify/ABCD-EFGH-JKMN").status_code == 404

    def test_health_check_says_503(self, client):
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json == {"status": "unavailable", "database": "ok", "redis": "unreachable"}


# --- /healthz ----------------------------------------------------------------------------------------------------

def test_health_check_without_redis_or_mail_reports_the_database_only(client):
    assert client.get("/healthz").json == {"status": "ok", "database": "ok"}


@pytest.mark.skipif(not _answers(RUNNING_REDIS), reason="needs Redis on 127.0.0.1:6379")
class TestRedisUp:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_STORAGE_URI": RUNNING_REDIS}

    def test_health_check_says_200(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.parametrize("listening", [True, False])
def test_mail_server_is_reported_without_failing_the_check(app, client, listening):
    """Mail waits in the outbox for a while; a mail outage alone must not take the app out of a load balancer."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        if listening:
            server.listen()
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.getsockname()[1] if listening else _free_port())
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok" if listening else "degraded", "database": "ok",
                             "mail": "ok" if listening else "unreachable"}


class TestUnansweringRedis:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_STORAGE_URI": "redis://10.255.255.1:6379"}  # not routed: connecting would hang

    def test_health_check_answers_within_seconds(self, client):
        started = time.monotonic()
        response = client.get("/healthz")
        assert response.status_code == 503 and response.json["redis"] == "unreachable"
        assert time.monotonic() - started < 3


def test_the_self_registration_link_handed_out_is_on_the_public_address(client, login, make_workshop):
    workshop = make_workshop()
    login(Role.ADMIN)
    client.post(f"/workshops/{workshop.id}/registration-link",
                data={"starts_on": "2025-01-01", "ends_on": "2099-01-01"})
    text = client.get(f"/workshops/{workshop.id}/registration-link").get_data(as_text=True)
    assert "https://workshops.example.org/register/" in text and "http://localhost/register" not in text
