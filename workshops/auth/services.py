"""Accounts: creating them, changing them, checking passwords and the emailed links that set them."""
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from workshops.audit.services import audited, record
from workshops.auth.models import Role, User
from workshops.database import LARGEST_ID
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db

#: Length is what makes a password hard to guess; twelve characters fit a short phrase.
MINIMUM_PASSWORD_LENGTH = 12
#: The passwords attackers try first (from zxcvbn; see the file's first line), one a line, lower-case.
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")
#: What an emailed link is for; each is its own signing salt, so that one kind never passes for the other.
INVITATION = "invitation"
PASSWORD_RESET = "password-reset"


@dataclass(frozen=True)
class UserDetails:
    email: str
    full_name: str
    #: The least-privileged role unless chosen otherwise.
    role: Role = Role.TRAINER
    is_active: bool = True

#: What the trail records of an account's changes (never the password hash).
USER_FIELDS = ("email", "full_name", "role", "is_active")


def load_user(session_id: str) -> User | None:
    """Flask-Login's loader: a session lives only while its token is the user's current one and they are active."""
    identifier, _separator, token = session_id.partition(":")
    user = db.session.get(User, int(identifier)) if identifier.isdigit() and len(identifier) < 19 else None
    if user is None or not user.is_active or not token or not secrets.compare_digest(token, user.session_token):
        return None
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user whose password this is, or None; an unknown or deactivated email costs a hash check all the same,
    so that the time a refusal takes does not tell which emails have an account."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active:
        check_password_hash(_dummy_password_hash(), password)
        return None
    return user if user.check_password(password) else None


@functools.cache
def _dummy_password_hash() -> str:
    """Made on the first refusal (not at import), with the same method and cost as real passwords."""
    return generate_password_hash(secrets.token_urlsafe(24))


class InvalidLink(DomainError):
    """An emailed link that was tampered with, has expired, or was already used (its password has changed since)."""

    status = 410


@dataclass(frozen=True)
class PasswordLink:
    """What the view needs to email a link: to whom, which kind (INVITATION or PASSWORD_RESET), the signed token."""

    user: User
    purpose: str
    token: str


def check_password_strength(password: str, *, email: str = "", full_name: str = "") -> None:
    """Refuse what is guessed first: short passwords, the most common ones, and the person's own name or email."""
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        raise DomainError(_("Use at least %(count)d characters.", count=MINIMUM_PASSWORD_LENGTH), field="password")
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.strip() in _common_passwords():
        raise DomainError(_("This is one of the most common passwords, which are tried first: choose another."),
                          field="password")
    local_part = email.strip().lower().partition("@")[0]
    if len(local_part) >= 3 and local_part in lowered:
        raise DomainError(_("Leave your email address out of your password."), field="password")
    if any(word in lowered for word in _name_words(f"{full_name} {local_part}")):
        raise DomainError(_("Leave your name out of your password."), field="password")


def _name_words(text: str) -> set[str]:
    """Words of three letters or more: a two-letter word ("Al", "de") is in too many good passwords by chance."""
    return {word for word in re.findall(r"[^\W\d_]+", text.lower()) if len(word) >= 3}


@functools.cache
def _common_passwords() -> frozenset[str]:
    """Read once per process, on the first password checked."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def create_user(details: UserDetails, password: str | None = None, *, actor_id: int | None = None) -> User:
    """Without a password (an administrator's invitation), the account gets a random one that nobody knows, and
    its owner chooses their own through the invitation link; the command line still gives the first one."""
    email = details.email.strip().lower()
    if password is not None:
        check_password_strength(password, email=email, full_name=details.full_name)
    _refuse_taken_email(email)
    user = User()
    with audited(actor_id, "user.created", user, USER_FIELDS, creating=True):
        user.email, user.full_name, user.role, user.is_active = (email, details.full_name.strip(), details.role,
                                                                 details.is_active)
        user.set_password(password if password is not None else secrets.token_urlsafe(32))
        user.password_changed_at = datetime.now(UTC) if password is not None else None
        db.session.add(user)
    return user


def update_user(user: User, details: UserDetails, *, actor_id: int | None = None) -> User:
    """Change an account; the last active administrator is never demoted or deactivated, by anyone.

    Passwords are not set here: an administrator sends a link (password_link) and the owner chooses one.
    """
    email = details.email.strip().lower()
    if email != user.email:
        _refuse_taken_email(email)
    if user.role == Role.ADMIN and user.is_active and (details.role != Role.ADMIN or not details.is_active) \
            and _active_admins() == 1:
        raise Conflict(_("This is the last active administrator: make another account an administrator first."),
                       field="role")
    was_active = user.is_active
    with audited(actor_id, "user.updated", user, USER_FIELDS):
        user.email, user.full_name, user.role, user.is_active = (email, details.full_name.strip(), details.role,
                                                                 details.is_active)
    if was_active and not user.is_active:
        # Every session ends (as end_sessions does), and reactivating the account later will not bring them back;
        # the "user.updated" entry (is_active: true -> false) already records it, so no second entry.
        user.session_token = secrets.token_urlsafe(32)
    return user


def set_password(user: User, password: str, *, actor_id: int | None = None) -> None:
    """A new password ends every session of the user (their other browsers must sign in again), and every emailed
    link made for the old one (see _fingerprint)."""
    check_password_strength(password, email=user.email, full_name=user.full_name)
    user.set_password(password)
    user.password_changed_at = datetime.now(UTC)
    user.session_token = secrets.token_urlsafe(32)
    record(actor_id, "user.password_set", user)
    db.session.flush()


def set_language(user_id: int, language: str, *, languages: tuple[str, ...]) -> User:
    """The user's own choice of language for the app and their email; recorded like any change to an account."""
    if language not in languages:
        raise DomainError(_("Unknown language."), field="language")
    user = db.session.get(User, user_id)
    with audited(user_id, "user.language_changed", user, ("language",)):
        user.language = language
    return user


def end_sessions(user: User, *, actor_id: int | None, reason: str) -> None:
    """Every session and remember cookie of the user stops working on its next request (see load_user)."""
    user.session_token = secrets.token_urlsafe(32)
    record(actor_id, "user.sessions_ended", user, reason=reason)
    db.session.flush()


def change_password(user_id: int, current_password: str, new_password: str) -> User:
    """The current password first, so that a browser left signed in is not enough to take the account over."""
    user = db.session.get(User, user_id)
    if user is None or not user.check_password(current_password):
        raise DomainError(_("This is not your current password."), field="current_password")
    set_password(user, new_password, actor_id=user.id)
    return user


def password_link(user_id: int, *, actor_id: int | None, secret_key: str) -> PasswordLink:
    """An administrator's link for an active account: an invitation while its owner has never chosen a password,
    a password reset afterwards. Recorded, since it hands the account to whoever reads that mailbox."""
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise Conflict(_("This account is deactivated: activate it before sending it a link."))
    purpose = INVITATION if user.password_changed_at is None else PASSWORD_RESET
    record(actor_id, "user.invited" if purpose == INVITATION else "user.password_link_sent", user)
    return PasswordLink(user=user, purpose=purpose, token=_serializer(secret_key, purpose).dumps(_claims(user)))


def request_password_reset(email: str, *, secret_key: str) -> PasswordLink | None:
    """"Forgot your password?": a link for an active account with this email, None for any other address. Nothing
    changes, so nothing is recorded; the caller answers the same either way, so as not to tell who has an account."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active:
        return None
    return PasswordLink(user=user, purpose=PASSWORD_RESET,
                        token=_serializer(secret_key, PASSWORD_RESET).dumps(_claims(user)))


def user_for_link(token: str, purpose: str, *, secret_key: str, max_age: int, now: datetime | None = None) -> User:
    """The account an emailed link is for, while the link is genuine, younger than `max_age` seconds, and made for
    the account's current password (so that it works once); InvalidLink otherwise."""
    try:
        claims, signed_at = _serializer(secret_key, purpose).loads(token, return_timestamp=True)
    except BadSignature as forged:
        raise InvalidLink(_("This link is not valid. Ask for a new one.")) from forged
    if ((now or datetime.now(UTC)) - signed_at).total_seconds() >= max_age:
        raise InvalidLink(_("This link has expired. Ask for a new one."))
    user_id = claims.get("user") if isinstance(claims, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) and 0 < user_id <= LARGEST_ID else None
    if user is None or not user.is_active or not secrets.compare_digest(str(claims.get("password")),
                                                                         _fingerprint(user)):
        raise InvalidLink(_("This link was already used, or a new password was set since. Ask for a new one."))
    return user


def set_password_from_link(token: str, purpose: str, password: str, *, secret_key: str, max_age: int,
                           now: datetime | None = None) -> User:
    """The owner of the mailbox chooses the password; that uses the link up."""
    user = user_for_link(token, purpose, secret_key=secret_key, max_age=max_age, now=now)
    set_password(user, password, actor_id=user.id)
    return user


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=purpose)


def _claims(user: User) -> dict:
    return {"user": user.id, "password": _fingerprint(user)}


def _fingerprint(user: User) -> str:
    """A digest of the password hash and when it was set: any new password changes it, so a link works once.

    The hash itself never goes into a link (links are signed, not encrypted), only this digest of it.
    """
    changed = user.password_changed_at
    changed_at = int(changed.replace(tzinfo=changed.tzinfo or UTC).timestamp()) if changed else 0
    return hashlib.sha256(f"{user.password_hash}|{changed_at}".encode()).hexdigest()[:32]


def _active_admins() -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN,
                                                                          User.is_active.is_(True)))


def list_users(page: int, per_page: int):
    return db.paginate(select(User).order_by(User.full_name, User.id), page=page, per_page=per_page,
                       error_out=False)


def _refuse_taken_email(email: str) -> None:
    taken = db.session.scalar(select(func.count()).select_from(User).where(User.email == email))
    if taken:
        raise Conflict(_("Another account already uses this email."), field="email")
