"""Certificates sent to their holders by email: a run per "send", a row per certificate it sends.

The rows are the progress: the background job records each recipient's outcome as it goes, so a page can show
how far a run got, and a run that stopped halfway (a worker restarted) can be taken up again.
"""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, ForeignKey, Integer, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.auth.models import User
from workshops.certificates.models import Certificate
from workshops.database import enum_column
from workshops.enums import LabelledEnum
from workshops.extensions import db


class DeliveryStatus(LabelledEnum):
    QUEUED = "queued", _l("Waiting")
    SENT = "sent", _l("Sent")
    FAILED = "failed", _l("Failed")
    #: The person has no email address: not a failure, nothing to retry until someone adds one.
    NO_ADDRESS = "no_address", _l("No address")


class DeliveryRun(db.Model):
    """One "send": every current certificate of a workshop, or one certificate sent again."""

    __tablename__ = "certificate_delivery_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    started_by: Mapped[User | None] = relationship()
    recipients: Mapped[list["DeliveryRecipient"]] = relationship(back_populates="run", cascade="all, delete-orphan",
                                                                 passive_deletes=True)


class DeliveryRecipient(db.Model):
    """One certificate of a run and what became of it. The address is read when sending, never stored here."""

    __tablename__ = "certificate_delivery_recipient"
    __table_args__ = (UniqueConstraint("run_id", "certificate_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("certificate_delivery_run.id", ondelete="CASCADE"), index=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificate.id", ondelete="CASCADE"), index=True)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus, "delivery_status"),
                                                  default=DeliveryStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: What the mail server (or the disk) answered to the last attempt that failed, the address taken out.
    last_error: Mapped[str | None] = mapped_column(Text)
    #: When the attempt under way began: another job leaves the row alone until then + delivery.CLAIM_LEASE.
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    run: Mapped[DeliveryRun] = relationship(back_populates="recipients")
    certificate: Mapped[Certificate] = relationship()
