"""Sending one message now, by whichever transport the configuration names. Call it after the commit."""
import smtplib
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from workshops.mail.transports import Attachment, SmtpSettings, build_message, deliver_by_smtp, write_to_outbox


@dataclass(frozen=True)
class Email:
    """A message composed during a request and sent once its change is committed (see mail.queue)."""

    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()


def send(to: str, subject: str, text: str, html: str | None = None) -> bool:
    """Deliver now; False (and the error in the log) when it could not be, since the change is already committed
    and a mail server that is down must not turn a saved change into an error page."""
    return send_email(Email(to, subject, text, html))


def send_email(email: Email) -> bool:
    """`send` for a composed message, attachments included."""
    try:
        deliver(email)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception("Mail to %s, %r, could not be sent.", email.to, email.subject)
        return False
    return True


def deliver(email: Email) -> None:
    """Deliver now, raising what the server or the disk answered (OSError, smtplib.SMTPException): for a caller
    that records each message's fate itself, as certificate delivery does."""
    config = current_app.config
    message = build_message(config["MAIL_SENDER"], email.to, email.subject, email.text, email.html,
                            email.attachments)
    if not config["MAIL_SERVER"]:
        path = write_to_outbox(message, _outbox(config["MAIL_OUTBOX"]))
        current_app.logger.info("Mail to %s, %r, kept in %s (no MAIL_SERVER set).", email.to, email.subject, path)
        return
    deliver_by_smtp(message, SmtpSettings(host=config["MAIL_SERVER"], port=int(config["MAIL_PORT"]),
                                          use_tls=bool(config["MAIL_USE_TLS"]), use_ssl=bool(config["MAIL_USE_SSL"]),
                                          username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"]))


def _outbox(folder: str) -> Path:
    return Path(folder) if folder else Path(current_app.instance_path) / "outbox"
