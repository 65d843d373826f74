"""Outgoing mail: a real SMTP server on a local port, the .eml outbox of development, and sending after the commit."""
import email
import email.policy
import logging

import pytest
from flask import current_app
from smtp_inbox import body, free_port, smtp_server, smtp_settings

from workshops import mail


@pytest.fixture
def inbox():
    with smtp_server() as server:
        yield server


class TestSmtp:
    @pytest.fixture
    def app_settings(self, inbox):
        return smtp_settings(inbox)

    def test_message_reaches_the_server_with_text_and_html(self, app, inbox):
        with app.app_context():
            assert mail.send("hana@example.org", "Hello", "Plain words.", "<p>Plain words.</p>")
        [message] = inbox.messages
        assert inbox.recipients == [["hana@example.org"]]
        assert message["To"] == "hana@example.org" and message["Subject"] == "Hello"
        assert message["From"] == "Workshops <no-reply@workshops.example>"
        assert message["Message-ID"].endswith("@workshops.example>") and message["Date"]
        assert body(message).strip() == "Plain words."
        assert message.get_body(preferencelist=("html",)).get_content().strip() == "<p>Plain words.</p>"

    def test_queued_mail_waits_for_send_queued(self, app, inbox):
        with app.test_request_context():
            mail.queue(mail.Email("a@example.org", "First", "1"))
            mail.queue(mail.Email("b@example.org", "Second", "2"))
            assert inbox.messages == []
            assert mail.send_queued() == []
            assert mail.send_queued() == []  # sent once only
        assert [message["Subject"] for message in inbox.messages] == ["First", "Second"]

    def test_queued_mail_of_an_unfinished_request_is_dropped(self, app, inbox):
        with app.test_request_context():
            mail.queue(mail.Email("a@example.org", "Never", "Refused change."))
        with app.test_request_context():
            assert mail.send_queued() == []
        assert inbox.messages == []


class TestStartTlsRequired:
    @pytest.fixture
    def app_settings(self, inbox):
        return smtp_settings(inbox, MAIL_USE_TLS=True)

    def test_a_server_without_starttls_gets_nothing_in_plain_text(self, app, inbox, caplog):
        with app.app_context():
            assert mail.send("hana@example.org", "Secret link", "Do not send in clear.") is False
        assert inbox.messages == []
        assert "could not be sent" in caplog.text


class TestServerDown:
    @pytest.fixture
    def app_settings(self):
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": free_port(), "MAIL_USE_TLS": False}

    def test_an_unreachable_server_is_logged_not_raised(self, app, caplog):
        with app.app_context():
            assert mail.send("hana@example.org", "Hello", "Text") is False
        assert "Mail to hana@example.org, 'Hello', could not be sent." in caplog.text


class TestOutbox:
    @pytest.fixture
    def app_settings(self, tmp_path):
        return {"MAIL_OUTBOX": str(tmp_path / "outbox")}  # MAIL_SERVER left at its default, empty

    def test_without_a_server_each_message_is_a_readable_eml_file(self, app, tmp_path, caplog):
        caplog.set_level(logging.INFO, logger="workshops")
        with app.app_context():
            assert mail.send("hana@example.org", "Choose your password", "Open https://example.org/x\nThanks.")
            assert mail.send("omar@example.org", "Second", "Another.")
        files = sorted((tmp_path / "outbox").glob("*.eml"))
        assert len(files) == 2
        message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
        assert message["To"] == "hana@example.org" and message["Subject"] == "Choose your password"
        assert body(message) == "Open https://example.org/x\nThanks.\n"
        assert "Mail to hana@example.org, 'Choose your password', kept in" in caplog.text

    def test_the_default_outbox_is_in_the_instance_folder(self, app):
        from workshops.mail.services import _outbox

        with app.app_context():
            assert current_app.config["MAIL_SERVER"] == ""  # the default: nothing to set up for `make run`
            assert str(_outbox("")) == f"{current_app.instance_path}/outbox"
