"""Browser sessions that end on their own, and the sign-in's steps kept in the session between requests.

A signed-in browser left open in a training room or an internet café should not stay signed in for good: a session
ends after SESSION_IDLE_MINUTES without a request, and SESSION_MAX_HOURS after its sign-in however busy it was.
"Keep me signed in" (the remember cookie) is the user's choice to be signed back in after closing the browser, for
REMEMBER_COOKIE_DURATION at most; a session that times out also clears it. Ending every session of a user at once
(logout, a new password, deactivation) is the session token's job (auth.services.end_sessions), not this module's.
"""
import time
from dataclasses import dataclass

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from workshops import i18n
from workshops.auth.models import User
from workshops.auth.second_factor import new_secret
from workshops.auth.services import load_user

#: Session keys: when this browser signed in and when it last made a request (Unix seconds).
SIGNED_IN_AT, SEEN_AT = "signed_in_at", "seen_at"
#: Session key: set while the user's role requires a second factor they have not set up yet.
SECOND_FACTOR_DUE = "second_factor_due"
#: Session key: a right password waiting for its code ({"user": get_id(), "until", "remember", "target"}).
PENDING = "pending_sign_in"
#: Session key: the secret shown while setting up a second factor, kept until a code confirms it.
SETUP_SECRET = "second_factor_setup"
#: Minutes the code may follow the password; after that the password must be typed again.
CODE_STEP_MINUTES = 5
#: seen_at is rewritten at most this often, so that not every response carries a new session cookie.
SEEN_PRECISION_SECONDS = 60
#: Requests for files rather than pages (and unknown addresses): no session check, no redirect.
FILES = frozenset({None, "static", "favicon"})
#: What someone whose second factor is due may still open: the page that sets it up, the ways out, and the language
#: switcher (to read that page in their own language).
OPEN_WHILE_SECOND_FACTOR_DUE = frozenset({"security.account", "security.turn_on_second_factor",
                                          "security.end_sessions", "auth.logout", "auth.choose_language", "static"})


@dataclass(frozen=True)
class PendingSignIn:
    user: User
    remember: bool
    #: Where to go once signed in: a local path, already checked by the login view.
    target: str


def register_session_checks(app: Flask) -> None:
    app.before_request(_check_session)


def begin(user: User, *, remember: bool, second_factor_due: bool) -> None:
    """Sign this browser in, once the password (and the code, for a user with a second factor) was right."""
    session.pop(PENDING, None)
    session.pop(SETUP_SECRET, None)
    login_user(user, remember=remember)
    if user.language is not None:
        i18n.forget_session_choice()  # their saved language, not what this browser chose before they signed in
    session[SIGNED_IN_AT] = session[SEEN_AT] = _now()
    if second_factor_due:
        session[SECOND_FACTOR_DUE] = True
    else:
        session.pop(SECOND_FACTOR_DUE, None)


def end() -> None:
    """Sign this browser out, remember cookie included; the user's other browsers are not touched."""
    logout_user()
    for key in (SIGNED_IN_AT, SEEN_AT, SECOND_FACTOR_DUE, PENDING, SETUP_SECRET):
        session.pop(key, None)


def await_code(user: User, *, remember: bool, target: str) -> None:
    """The password was right for a user with a second factor: hold the sign-in for a few minutes until the code.

    The user is kept by get_id(), session token included, so that a password change or a deactivation in
    between voids the half-finished sign-in as it voids sessions.
    """
    session[PENDING] = {"user": user.get_id(), "until": _now() + CODE_STEP_MINUTES * 60, "remember": remember,
                        "target": target}


def pending_sign_in() -> PendingSignIn | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or not isinstance(pending.get("until"), int) or pending["until"] < _now():
        session.pop(PENDING, None)
        return None
    user = load_user(str(pending.get("user", "")))
    if user is None:
        session.pop(PENDING, None)
        return None
    return PendingSignIn(user, bool(pending.get("remember")), str(pending.get("target") or "/"))


def pending_user_key() -> str:
    """The per-account rate limit's key on the code step: the user waiting for their code, if any."""
    pending = session.get(PENDING)
    user = str(pending.get("user", "")) if isinstance(pending, dict) else ""
    return f"user:{user.partition(':')[0]}" if user else ""


def setup_secret(*, create: bool) -> str | None:
    """The secret being set up in this browser; a page reload shows the same one, so a scanned code stays valid."""
    if create and not isinstance(session.get(SETUP_SECRET), str):
        session[SETUP_SECRET] = new_secret()
    return session.get(SETUP_SECRET)


def second_factor_set_up() -> None:
    session.pop(SETUP_SECRET, None)
    session.pop(SECOND_FACTOR_DUE, None)


def mark_second_factor_due() -> None:
    session[SECOND_FACTOR_DUE] = True


def second_factor_no_longer_due() -> None:
    session.pop(SECOND_FACTOR_DUE, None)


def second_factor_due() -> bool:
    return bool(session.get(SECOND_FACTOR_DUE))


def _check_session():
    """Before every request: end a session that idled or lived too long; hold a user whose second factor is due."""
    if request.endpoint in FILES or not current_user.is_authenticated:
        return None
    now = _now()
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if not isinstance(signed_in_at, int) or not isinstance(seen_at, int):
        # Signed back in by the remember cookie (or signed in before these keys existed): a new session starts.
        session[SIGNED_IN_AT] = session[SEEN_AT] = now
    elif now - seen_at > current_app.config["SESSION_IDLE_MINUTES"] * 60:
        return _time_out(_("You were signed out after %(minutes)d minutes without activity. Please log in again.",
                           minutes=current_app.config["SESSION_IDLE_MINUTES"]))
    elif now - signed_in_at > current_app.config["SESSION_MAX_HOURS"] * 3600:
        return _time_out(_("You were signed out %(hours)d hours after logging in. Please log in again.",
                           hours=current_app.config["SESSION_MAX_HOURS"]))
    elif now - seen_at >= SEEN_PRECISION_SECONDS:
        session[SEEN_AT] = now
    if session.get(SECOND_FACTOR_DUE) and request.endpoint not in OPEN_WHILE_SECOND_FACTOR_DUE:
        return redirect(url_for("security.account"))
    return None


def _time_out(message: str):
    """Public pages go on, signed out; any other page sends to login, and back here afterwards."""
    end()
    flash(message, "warning")
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False):
        return None
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))


def _now() -> int:
    return int(time.time())
