"""A real SMTP server on a local port (aiosmtpd) and what it received: for every test that sends mail."""
import email
import email.policy
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    """What the test SMTP server received, parsed as a mail reader would."""

    port: int
    messages: list[email.message.EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(inbox: Inbox | None = None) -> Iterator[Inbox]:
    """An aiosmtpd server on a free local port, in its own thread, for the length of the block; `inbox` is its
    handler when a test needs one that behaves otherwise (refuses some addresses, say), made on `free_port()`."""
    inbox = inbox or Inbox(port=free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def smtp_settings(inbox: Inbox, **overrides) -> dict:
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox.port, "MAIL_USE_TLS": False, **overrides}


def body(message: email.message.EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
