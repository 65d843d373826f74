"""People who use the system and their roles; what each role may do is in access.policy."""
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from workshops.database import enum_column
from workshops.enums import LabelledEnum
from workshops.extensions import db


class Role(LabelledEnum):
    ADMIN = "admin", _l("Administrator")
    LEAD = "lead", _l("Project lead")
    COORDINATOR = "coordinator", _l("Coordinator")
    TRAINER = "trainer", _l("Trainer")


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name, stored lower-case so that "A@x.org" and "a@x.org" are one account.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: A salted scrypt hash from Werkzeug; the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    #: A deactivated user keeps their history (who issued what) but can no longer log in.
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    #: Random; part of every session and remember cookie of this user. A new one (logout, password change,
    #: deactivation, "sign out everywhere") ends every session at once.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(32),
                                               server_default="")
    #: Base32 secret of the user's authenticator app (TOTP); None when no second factor is set up.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: When the password was last set; reset and invitation links made before it no longer work.
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: The language the user chose for the app and their email ("en", "fr", "ar"); None: their browser's.
    language: Mapped[str | None] = mapped_column(String(8))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id with the session token."""
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class SiteSetting(db.Model):
    """A setting an administrator changes in the app (not in the configuration), such as who needs a second factor."""

    __tablename__ = "site_setting"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
