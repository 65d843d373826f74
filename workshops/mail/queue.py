"""Messages waiting for their request's commit, kept on `flask.g` so that they end with the request."""
from flask import g

from workshops.mail.services import Email, send_email


def queue(email: Email) -> None:
    """Keep a message until `send_queued`; used inside a `submit_form` action, before the view's commit."""
    g.setdefault("outgoing_mail", []).append(email)


def send_queued() -> list[Email]:
    """Send what this request queued; call it after the commit. Returns the messages that could not be sent."""
    waiting, g.outgoing_mail = g.get("outgoing_mail", []), []
    return [email for email in waiting if not send_email(email)]
