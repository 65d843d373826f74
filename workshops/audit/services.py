"""Recording changes: every service that changes something records it here, in the same transaction.

`record` writes one entry; `audited` wraps a change and records the fields that it changed, before and
after. Values that identify a participant go to the erasable side table (see audit.models), never to the
append-only entry, so erasing a person never needs to touch the trail itself.
"""
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum

from sqlalchemy import Select, delete, or_, select, update
from sqlalchemy.orm import joinedload, selectinload

from workshops import page_cache
from workshops.audit.models import AuditEntry, AuditPersonalValues
from workshops.extensions import db

#: Fields whose values identify a person, or may (a coordinator's reason is free text): kept apart from the
#: entry so that erasure can remove them.
PERSONAL_FIELDS = frozenset({"given_name", "family_name", "name", "name_ar", "email", "phone", "position",
                             "agency", "printed_name", "printed_name_ar", "reason"})
#: What an entry shows where a personal value was erased or purged.
ERASED = "erased"


@dataclass(frozen=True)
class Person:
    """Whose personal values an entry holds: a registry record, or a self-registration."""

    participant_id: int | None = None
    registration_id: int | None = None


def plain(value):
    """A JSON-safe form of a column value: dates as ISO text, enums by value, money as text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(each) for each in value]
    return value


def record(actor_id: int | None, action: str, subject, *, changes: dict | None = None,
           person: Person | None = None, **details) -> AuditEntry:
    """One trail entry; it lands or vanishes with the change it describes, since the caller commits.

    `person` says whose personal values the entry carries; for a participant or a registration subject
    it is the subject itself. Without a person (a user account, a project), nothing needs erasing later and
    the entry holds every value itself.
    """
    person = person or _person_of(subject)
    entry_details = {key: plain(value) for key, value in details.items()}
    if changes:
        entry_details["changes"] = {field: [plain(before), plain(after)] for field, (before, after) in changes.items()}
    public, personal = _split(entry_details) if person is not None else (entry_details, {})
    entry = AuditEntry(actor_id=actor_id, action=action, subject_type=type(subject).__tablename__,
                       subject_id=subject.id, details=public)
    db.session.add(entry)
    page_cache.changed()
    if personal:
        db.session.flush()
        db.session.add(AuditPersonalValues(entry_id=entry.id, participant_id=person.participant_id,
                                           registration_id=person.registration_id, values=personal))
    return entry


def _person_of(subject) -> Person | None:
    table = type(subject).__tablename__
    if table == "participant":
        return Person(participant_id=subject.id)
    if table == "registration":
        return Person(participant_id=None, registration_id=subject.id)
    return None


def _split(details: dict) -> tuple[dict, dict]:
    """The entry's details with personal values replaced by a marker, and those values on their own."""
    public, personal = {}, {}
    for key, value in details.items():
        if key == "changes":
            public_changes = {}
            for field, pair in value.items():
                if field in PERSONAL_FIELDS:
                    personal.setdefault("changes", {})[field] = pair
                    public_changes[field] = [ERASED, ERASED]
                else:
                    public_changes[field] = pair
            public["changes"] = public_changes
        elif key in PERSONAL_FIELDS:
            personal[key], public[key] = value, ERASED
        else:
            public[key] = value
    return public, personal


def snapshot(subject, fields: Iterable[str]) -> dict:
    return {field: plain(getattr(subject, field)) for field in fields}


@contextmanager
def audited(actor_id: int | None, action: str, subject, fields: Iterable[str], *, creating: bool = False,
            **details) -> Iterator[None]:
    """Record what the block changed among `fields`, before and after; nothing changed, nothing recorded.

    A new object (`creating`) records every field, from None; it is flushed first so that it has an id.
    """
    fields = tuple(fields)
    before = {field: None for field in fields} if creating else snapshot(subject, fields)
    yield
    db.session.flush()
    after = snapshot(subject, fields)
    changes = {field: (before[field], after[field]) for field in fields if before[field] != after[field]}
    if changes or creating:
        record(actor_id, action, subject, changes=changes, **details)


def shown_details(entry: AuditEntry) -> dict:
    """What a reader sees: the entry's details with its personal values put back, where they still exist."""
    details = dict(entry.details)
    personal = entry.personal.values if entry.personal is not None else {}
    for key, value in personal.items():
        if key == "changes":
            details["changes"] = {**details.get("changes", {}), **value}
        else:
            details[key] = value
    return details


def trail(subject_type: str, subject_ids: list[int]) -> list[AuditEntry]:
    """Entries about these subjects, oldest first, with their actors and personal values."""
    return db.session.scalars(_with_everything(select(AuditEntry))
                              .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id.in_(subject_ids))
                              .order_by(AuditEntry.at, AuditEntry.id)).all()


@dataclass(frozen=True)
class TrailFilters:
    actor_id: int | None = None
    subject_type: str | None = None
    subject_id: int | None = None
    since: date | None = None
    until: date | None = None


def trail_query(filters: TrailFilters) -> Select:
    """The admin's view of the trail, newest first; dates are whole UTC days, both ends included."""
    query = _with_everything(select(AuditEntry))
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.subject_type:
        query = query.where(AuditEntry.subject_type == filters.subject_type)
    if filters.subject_id is not None:
        query = query.where(AuditEntry.subject_id == filters.subject_id)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= datetime.combine(filters.since, time.min, tzinfo=UTC))
    if filters.until is not None:
        query = query.where(AuditEntry.at < datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=UTC))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())


def _with_everything(query: Select) -> Select:
    return query.options(joinedload(AuditEntry.actor), selectinload(AuditEntry.personal))


def subject_types() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.subject_type).distinct().order_by(AuditEntry.subject_type)))


def about_person(participant_id: int, registration_ids: list[int]) -> list[AuditEntry]:
    """Every entry holding this person's values or about their record: for the right of access."""
    holders = select(AuditPersonalValues.entry_id).where(or_(
        AuditPersonalValues.participant_id == participant_id,
        AuditPersonalValues.registration_id.in_(registration_ids or [-1])))
    return db.session.scalars(_with_everything(select(AuditEntry)).where(or_(
        AuditEntry.id.in_(holders),
        (AuditEntry.subject_type == "participant") & (AuditEntry.subject_id == participant_id)))
        .order_by(AuditEntry.at, AuditEntry.id)).all()


def forget_person(participant_id: int | None, registration_ids: Iterable[int] = ()) -> int:
    """Delete the personal values the trail holds about a person or these registrations; the entries stay."""
    registration_ids = list(registration_ids)
    conditions = []
    if participant_id is not None:
        conditions.append(AuditPersonalValues.participant_id == participant_id)
    if registration_ids:
        conditions.append(AuditPersonalValues.registration_id.in_(registration_ids))
    if not conditions:
        return 0
    return db.session.execute(delete(AuditPersonalValues).where(or_(*conditions))).rowcount


def move_person(from_participant_id: int, to_participant_id: int) -> None:
    """A merged duplicate's personal values now belong to the kept record, so erasing it erases them too."""
    db.session.execute(update(AuditPersonalValues).where(AuditPersonalValues.participant_id == from_participant_id)
                       .values(participant_id=to_participant_id))


def file_registrations_under(participant_id: int, registration_ids: list[int]) -> None:
    """An approved self-registration's values belong to the person it became."""
    if registration_ids:
        db.session.execute(update(AuditPersonalValues).where(
            AuditPersonalValues.registration_id.in_(registration_ids)).values(participant_id=participant_id))
