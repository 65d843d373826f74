"""Recording changes: services call record() inside the same transaction as the change itself."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workshops.audit.models import AuditEntry
from workshops.extensions import db


def record(actor_id: int | None, action: str, subject, **details) -> AuditEntry:
    """One trail entry; it lands or vanishes with the change it describes, since the caller commits."""
    entry = AuditEntry(actor_id=actor_id, action=action, subject_type=type(subject).__tablename__,
                       subject_id=subject.id, details=details)
    db.session.add(entry)
    return entry


def trail(subject_type: str, subject_ids: list[int]) -> list[AuditEntry]:
    """Entries about these subjects, oldest first, with their actors."""
    return db.session.scalars(select(AuditEntry).options(joinedload(AuditEntry.actor))
                              .where(AuditEntry.subject_type == subject_type,
                                     AuditEntry.subject_id.in_(subject_ids))
                              .order_by(AuditEntry.at, AuditEntry.id)).all()
