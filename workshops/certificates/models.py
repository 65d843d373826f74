"""Issued certificates: a stored row per completer and workshop, so a reprint carries the same serial.

A certificate is never deleted or edited in place: a revoked one stays, marked, so its verify page can
say so; a name correction issues a new certificate and marks the old one superseded by it.
"""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.auth.models import User
from workshops.extensions import db
from workshops.training.models import Enrolment


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = (
        #: One current (not superseded) certificate per enrolment: issuing twice gives no second serial.
        Index("uq_certificate_current_enrolment", "enrolment_id", unique=True,
              sqlite_where=text("superseded_at IS NULL"), postgresql_where=text("superseded_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random, typeable and self-checking (see certificates.serials); printed on the PDF and used to verify it.
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"), index=True)
    #: The names as printed, kept so that a reprint of this serial shows what was issued.
    #: Given and family names of up to 100 characters each, with the space between them.
    printed_name: Mapped[str] = mapped_column(String(201))
    printed_name_ar: Mapped[str | None] = mapped_column(String(200))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: Why it was revoked, in the coordinator's words; kept for the record, never shown publicly.
    revocation_reason: Mapped[str | None] = mapped_column(Text)
    #: The certificate that replaced this one (a corrected name); the old serial then verifies as superseded.
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id", ondelete="SET NULL"))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reissue_reason: Mapped[str | None] = mapped_column(Text)

    enrolment: Mapped[Enrolment] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    superseded_by: Mapped["Certificate | None"] = relationship(remote_side=[id], foreign_keys=[superseded_by_id])

    @property
    def state(self) -> str:
        """valid, revoked or superseded: what the public verify page says."""
        if self.superseded_at is not None:
            return "superseded"
        return "revoked" if self.revoked_at is not None else "valid"
