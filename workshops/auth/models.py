"""People who use the system and their roles; what each role may do is in access.policy."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import DateTime, String, func
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

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"
