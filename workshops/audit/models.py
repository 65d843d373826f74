"""The record of who changed what and when.

Entries are append-only: no code path updates or deletes one, and a database trigger (on SQLite and
PostgreSQL alike) refuses it. Yet a person may ask to be erased, so an entry never holds a participant's
personal values itself: those (names, email, phone, position, agency) go to an `AuditPersonalValues` row
beside it, keyed by the person, which erasure and retention delete. The entry then reads "erased".
"""
from datetime import datetime

from sqlalchemy import DDL, JSON, DateTime, ForeignKey, Index, String, event, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.auth.models import User
from workshops.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_subject", "subject_type", "subject_id"),
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_actor_id", "actor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who made the change; None for the command line and for the public (self-registration).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    #: What happened, as object.verb: "workshop.updated", "attendance.saved", "certificate.revoked", ...
    action: Mapped[str] = mapped_column(String(60))
    #: The table of the object changed, and its id (kept after the object is deleted).
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int]
    #: {"changes": {field: [before, after]}, ...}: never a participant's personal value (see AuditPersonalValues).
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    actor: Mapped[User | None] = relationship()
    personal: Mapped["AuditPersonalValues | None"] = relationship()


class AuditPersonalValues(db.Model):
    """The personal values an entry recorded, erasable apart from the entry: {"changes": {...}, field: value}."""

    __tablename__ = "audit_personal_values"

    entry_id: Mapped[int] = mapped_column(ForeignKey("audit_entry.id"), primary_key=True)
    #: Whose values these are: a registry person, or a self-registration not (yet) tied to one.
    participant_id: Mapped[int | None] = mapped_column(index=True)
    registration_id: Mapped[int | None] = mapped_column(index=True)
    values: Mapped[dict] = mapped_column(JSON)


#: Raised by the database for any UPDATE or DELETE of an entry, whatever code or console sends it.
APPEND_ONLY_MESSAGE = "audit entries are append-only"
#: The guard per database, run by create_all (tests) and by the migration alike, so both build the same.
APPEND_ONLY_GUARD = {
    "sqlite": [f"CREATE TRIGGER audit_entry_no_{verb} BEFORE {verb.upper()} ON audit_entry "
               f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END" for verb in ("update", "delete")],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
        "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
        "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
    ],
}
for _dialect, _statements in APPEND_ONLY_GUARD.items():
    for _statement in _statements:
        event.listen(AuditEntry.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))


class DataVersion(db.Model):
    """One counter that every committed change moves (see workshops.page_cache): pages drawn at an older value are
    stale. A single row; created with the table, by create_all and the migration alike."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: How many transactions that recorded a change have committed.
    number: Mapped[int] = mapped_column(default=0)


#: The counter's one row, as the table is created with it.
DATA_VERSION_ROW = "INSERT INTO data_version (id, number) VALUES (1, 0)"
event.listen(DataVersion.__table__, "after_create", DDL(DATA_VERSION_ROW))
