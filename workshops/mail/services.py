"""Sending one message now, by whichever transport the configuration names. Call it after the commit."""
import smtplib
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from workshops.mail.transports import SmtpSettings, build_message, deliver_by_smtp, write_to_outbox


@dataclass(frozen=True)
class Email:
    """A message composed during a request and sent once its change is committed (see mail.queue)."""

    to: str
    subject: str
    text: str
    html: str | None = None


def send(to: str, subject: str, text: str, html: str | None = None) -> bool:
    """Deliver now; False (and the error in the log) when it could not be, since the change is already committed
    and a mail server that is down must not turn a saved change into an error page."""
    config = current_app.config
    message = build_message(config["MAIL_SENDER"], to, subject, text, html)
    try:
        if not config["MAIL_SERVER"]:
            path = write_to_outbox(message, _outbox(config["MAIL_OUTBOX"]))
            current_app.logger.info("Mail to %s, %r, kept in %s (no MAIL_SERVER set).", to, subject, path)
            return True
        deliver_by_smtp(message, SmtpSettings(host=config["MAIL_SERVER"], port=int(config["MAIL_PORT"]),
                                              use_tls=bool(config["MAIL_USE_TLS"]),
                                              use_ssl=bool(config["MAIL_USE_SSL"]),
                                              username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"]))
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Mail to %s, %r, could not be sent.", to, subject)
        return False
    return True


def _outbox(folder: str) -> Path:
    return Path(folder) if folder else Path(current_app.instance_path) / "outbox"
