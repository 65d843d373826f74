"""Issued certificates: a stored row per completer and workshop, so a reprint carries the same serial."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.auth.models import User
from workshops.extensions import db
from workshops.training.models import Enrolment


class Certificate(db.Model):
    __tablename__ = "certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, typeable and self-checking (see certificates.serials); printed on the PDF and used to verify it.
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    #: One certificate per completed enrolment: issuing again returns this row.
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), unique=True)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    enrolment: Mapped[Enrolment] = relationship()
    issued_by: Mapped[User | None] = relationship()
