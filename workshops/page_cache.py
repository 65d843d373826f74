"""Pages read far more often than the data under them changes, served from memory until anything changes.

Every change goes through a service that records it in the audit trail (workshops.audit.services.record), in the
transaction that makes it. Such a transaction, as its last statement before COMMIT, moves one counter
(`data_version`). A page is kept under the counter's value it was drawn at, together with everything else it
depends on: the address, who asks (the user and their session token), the session's CSRF secret, the language
and the day. So a committed change anywhere makes every kept page a miss, a page is never shown to anyone but
the session it was drawn for, and nothing is ever served stale. The counter's row is locked last, once the
transaction's own changes are flushed, so that two writers never wait on each other in a cycle.

Only GET answers of 200 are kept, and never while a flashed message waits (it is shown once). Off when
PAGE_CACHE_SECONDS is 0 (the tests, unless a test turns it on).
"""
import functools
import time
from collections import OrderedDict

from flask import Response, current_app, make_response, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, select, update

from workshops import dates
from workshops.audit.models import DataVersion
from workshops.extensions import db

#: Kept pages per worker process; the least recently served go first.
CAPACITY = 256
_pages: OrderedDict[tuple, tuple[float, bytes]] = OrderedDict()


def changed() -> None:
    """Note that the current transaction records a change: its commit moves the counter."""
    db.session.info["changed"] = True


@event.listens_for(db.session, "before_commit")
def _move_counter(session_) -> None:
    if session_.info.pop("changed", False):
        session_.flush()  # the transaction's own row locks first, the counter's last
        session_.execute(update(DataVersion).values(number=DataVersion.number + 1))


@event.listens_for(db.session, "after_rollback")
def _forget_change(session_) -> None:
    session_.info.pop("changed", None)


def data_version() -> int | None:
    """Read on the Core connection: every page served from memory asks it, and the ORM's bookkeeping would cost
    more than the query."""
    return db.session.connection().execute(_VERSION).scalar()


_VERSION = select(DataVersion.number).where(DataVersion.id == 1)


def cached_page(view):
    """Serve the view's page from memory while nothing has changed; below the route's access rule, which still
    runs on every request."""
    @functools.wraps(view)
    def serve(*args, **kwargs):
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        if not seconds or request.method != "GET" or session.get("_flashes"):
            return view(*args, **kwargs)
        generate_csrf()  # the session's CSRF secret exists before the key names it, as the page will print it
        key = (request.full_path, current_user.get_id(), session.get("csrf_token"), str(get_locale()),
               dates.today(), data_version())
        kept = _pages.get(key)
        if kept is not None and kept[0] > time.monotonic():
            _pages.move_to_end(key)
            return Response(kept[1], mimetype="text/html")
        response = make_response(view(*args, **kwargs))
        if response.status_code == 200 and response.mimetype == "text/html" and key[-1] is not None:
            _keep(key, response.get_data(), seconds)
        return response
    return serve


def _keep(key: tuple, page: bytes, seconds: int) -> None:
    _pages[key] = (time.monotonic() + seconds, page)
    _pages.move_to_end(key)
    while len(_pages) > CAPACITY:
        _pages.popitem(last=False)
