"""Accounts: creating them, changing them and checking passwords."""
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select

from workshops.audit.services import audited, record
from workshops.auth.models import Role, User
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db

MINIMUM_PASSWORD_LENGTH = 10


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
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


def check_password_strength(password: str) -> None:
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        raise DomainError(_("Use at least %(count)d characters.", count=MINIMUM_PASSWORD_LENGTH), field="password")


def create_user(details: UserDetails, password: str, *, actor_id: int | None = None) -> User:
    check_password_strength(password)
    email = details.email.strip().lower()
    _refuse_taken_email(email)
    user = User()
    with audited(actor_id, "user.created", user, USER_FIELDS, creating=True):
        user.email, user.full_name, user.role, user.is_active = (email, details.full_name.strip(), details.role,
                                                                 details.is_active)
        user.set_password(password)
        db.session.add(user)
    return user


def update_user(user: User, details: UserDetails, *, new_password: str | None = None,
                actor_id: int | None = None) -> User:
    """Change an account; the last active administrator is never demoted or deactivated, by anyone."""
    email = details.email.strip().lower()
    if email != user.email:
        _refuse_taken_email(email)
    if user.role == Role.ADMIN and user.is_active and (details.role != Role.ADMIN or not details.is_active) \
            and _active_admins() == 1:
        raise Conflict(_("This is the last active administrator: make another account an administrator first."),
                       field="role")
    with audited(actor_id, "user.updated", user, USER_FIELDS):
        user.email, user.full_name, user.role, user.is_active = (email, details.full_name.strip(), details.role,
                                                                 details.is_active)
    if new_password:
        set_password(user, new_password, actor_id=actor_id)
    return user


def set_password(user: User, password: str, *, actor_id: int | None = None) -> None:
    """A new password ends every session of the user (their other browsers must sign in again)."""
    check_password_strength(password)
    user.set_password(password)
    user.password_changed_at = datetime.now(UTC)
    user.session_token = secrets.token_urlsafe(32)
    record(actor_id, "user.password_set", user)
    db.session.flush()


def end_sessions(user: User, *, actor_id: int | None, reason: str) -> None:
    """Every session and remember cookie of the user stops working on its next request (see load_user)."""
    user.session_token = secrets.token_urlsafe(32)
    record(actor_id, "user.sessions_ended", user, reason=reason)
    db.session.flush()


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
