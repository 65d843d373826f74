"""Issued certificates: a stored row per completer and workshop, so a reprint carries the same serial.

A certificate is never deleted or edited in place: a revoked one stays, marked, so its verify page can
say so; a name correction issues a new certificate and marks the old one superseded by it. What it prints
besides the person and the workshop (the project's title, logos, donor line, signatories) is fixed when it
is issued, in a design that is never changed afterwards: a reprint shows what was issued.
"""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.auth.models import User
from workshops.extensions import db
from workshops.training.models import Enrolment


class CertificateDesign(db.Model):
    """A project's certificate branding as it stood when certificates were issued; never edited.

    Content-addressed: `content_hash` is the SHA-256 of the content (certificates.designs.content_hash), so
    every certificate issued while the branding stays the same shares one row, and a change makes a new one.
    """

    __tablename__ = "certificate_design"
    __table_args__ = (UniqueConstraint("project_id", "content_hash", name="uq_certificate_design_content"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    project_title: Mapped[str] = mapped_column(String(300))
    donor_line: Mapped[str] = mapped_column(String(300))
    #: Their French and Arabic forms as the project had them; empty where none was given (workshops.translated).
    project_title_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    project_title_ar: Mapped[str] = mapped_column(String(300), default="", server_default="")
    donor_line_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    donor_line_ar: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    logos: Mapped[list["DesignLogo"]] = relationship(order_by="DesignLogo.position", cascade="all, delete-orphan")
    signatories: Mapped[list["DesignSignatory"]] = relationship(order_by="DesignSignatory.position",
                                                                cascade="all, delete-orphan")


class DesignLogo(db.Model):
    """A logo of a design, left to right, as the JPEG the project had then."""

    __tablename__ = "certificate_design_logo"

    design_id: Mapped[int] = mapped_column(ForeignKey("certificate_design.id", ondelete="CASCADE"),
                                           primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    image: Mapped[bytes] = mapped_column(LargeBinary)


class DesignSignatory(db.Model):
    """A signatory of a design, left to right, with the signature image the project had then."""

    __tablename__ = "certificate_design_signatory"

    design_id: Mapped[int] = mapped_column(ForeignKey("certificate_design.id", ondelete="CASCADE"),
                                           primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    title_ar: Mapped[str] = mapped_column(String(200), default="", server_default="")
    signature_image: Mapped[bytes | None] = mapped_column(LargeBinary)


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
    #: The branding it printed with, and prints with on every reprint.
    design_id: Mapped[int] = mapped_column(ForeignKey("certificate_design.id"), index=True)
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
    design: Mapped[CertificateDesign] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    superseded_by: Mapped["Certificate | None"] = relationship(remote_side=[id], foreign_keys=[superseded_by_id])

    @property
    def state(self) -> str:
        """valid, revoked or superseded: what the public verify page says."""
        if self.superseded_at is not None:
            return "superseded"
        return "revoked" if self.revoked_at is not None else "valid"
