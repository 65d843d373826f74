"""Outgoing email: one `send` for the whole app, through a mail server or, by default, into a folder of .eml files.

Mail goes out only after the change it tells of is committed, as in Indico: a view either calls `send` right after
`db.session.commit()`, or, when `web.submit_form` does the commit, `queue`s the message inside its action and calls
`send_queued()` once `submit_form` has returned. A queued message lives on `flask.g`, so a request that was refused
or failed drops it with everything else it held.
"""
from workshops.mail.queue import queue, send_queued
from workshops.mail.services import Email, deliver, send
from workshops.mail.transports import Attachment

__all__ = ["Attachment", "Email", "deliver", "queue", "send", "send_queued"]
