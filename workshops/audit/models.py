"""The record of who changed what and when."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.auth.models import User
from workshops.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: None for changes made from the command line.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: What happened, as a verb: "certificate.issued", "certificate.revoked", ...
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    #: What a reader of the trail needs to understand the change (a reason, the serial, the old name).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    actor: Mapped[User | None] = relationship()
