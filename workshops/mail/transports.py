"""The two ways a message leaves: an SMTP server, or a folder of .eml files. No Flask here: settings come in."""
import secrets
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

#: Seconds to wait for the mail server to answer before giving up on a message.
SMTP_TIMEOUT = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    #: STARTTLS once connected (submission, port 587).
    use_tls: bool
    #: TLS from the first byte (port 465); wins over use_tls.
    use_ssl: bool
    username: str = ""
    password: str = ""


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (a certificate's PDF)."""

    filename: str
    content: bytes
    #: "type/subtype", as in a Content-Type header.
    mimetype: str = "application/pdf"


def build_message(sender: str, to: str, subject: str, text: str, html: str | None = None,
                  attachments: Iterable[Attachment] = ()) -> EmailMessage:
    """Plain text always, so that every mail reader shows it; HTML as an alternative when there is one."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    # The sender's domain, not the machine's name: make_msgid would otherwise ask DNS for it on every message.
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or "localhost")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for attachment in attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype, filename=attachment.filename)
    return message


def deliver_by_smtp(message: EmailMessage, settings: SmtpSettings) -> None:
    """Hand the message to the server; certificates are checked against the system's authorities either way."""
    context = ssl.create_default_context()
    if settings.use_ssl:
        connection = smtplib.SMTP_SSL(settings.host, settings.port, timeout=SMTP_TIMEOUT, context=context)
    else:
        connection = smtplib.SMTP(settings.host, settings.port, timeout=SMTP_TIMEOUT)
    with connection as smtp:
        if settings.use_tls and not settings.use_ssl:
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)


def write_to_outbox(message: EmailMessage, folder: Path) -> Path:
    """One .eml file per message, named by time so that `ls` lists them in order; any mail reader opens them."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
    path.write_bytes(message.as_bytes())
    return path
