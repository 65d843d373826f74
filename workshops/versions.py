"""Edits that never silently overwrite another: participants, workshops, projects and objectives carry a version.

An edit form carries, hidden, the version of the record it was loaded at and when it was loaded
(`VersionedForm`). Its service edits inside `versioned(...)`, which refuses the save with an `Outdated`
conflict when the record has moved on since: the message names who changed it, when, and which fields, read
from the audit trail entries recorded since the form was loaded; the form shows it at the top with the
user's values still in the fields, now carrying the current version, so that saving again is a decision
taken knowing what it replaces.

How the version moves: SQLAlchemy's `version_id_col` (set on each model), rather than an increment written
into the edit services. It makes every UPDATE of the row, whichever code path sends it (an edit, an import
filling in a phone, an erasure, closing a workshop), both move the version and carry `WHERE version = <the
version read>`. So a form loaded before any of those changes is refused, and two saves that both passed the
check at the same moment cannot both land: the second UPDATE matches no row (PostgreSQL re-reads the row
once the first commits) and SQLAlchemy raises StaleDataError, turned here into the same refusal. What the
ORM cannot see is a change to related rows only (a project's countries, a workshop's trainers): `versioned`
then moves the version itself, through the same guarded UPDATE.
"""
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import format_datetime, format_time
from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from workshops.audit.services import audited, snapshot, trail
from workshops.database import LARGEST_ID
from workshops.exceptions import Conflict
from workshops.extensions import db
from workshops.forms import Form
from workshops.text import whole_number


@dataclass(frozen=True)
class FormVersion:
    """The version of a record an edit form was loaded at, and when (to find the changes made since)."""

    number: int
    loaded_at: datetime | None = None


@dataclass(frozen=True)
class Edit:
    """One change recorded in the trail since the form was loaded: who, when, which fields."""

    who: str
    at: datetime
    fields: tuple[str, ...]


class Outdated(Conflict):
    """The record changed after the form was loaded; `edits` says how, `current` is its version now."""

    def __init__(self, edits: list[Edit], current: int | None):
        self.edits, self.current = edits, current
        super().__init__(self.describe(lambda field: field.replace("_", " ")))

    def describe(self, label: Callable[[str], str]) -> str:
        """The refusal in words, each field named by `label` (a form gives its own, translated, labels)."""
        if not self.edits:
            changed = _("Someone else saved this record after you opened it.")
        else:
            changed = _("This record was changed after you opened it: %(edits)s.",
                        edits="; ".join(_described(edit, label) for edit in self.edits))
        return changed + " " + _("Your values are kept below: check them, and save again to replace those changes.")


def _described(edit: Edit, label: Callable[[str], str]) -> str:
    when = (format_time(edit.at, "short") if edit.at.date() == datetime.now(UTC).date()
            else format_datetime(edit.at, "short"))
    if not edit.fields:
        return _("by %(who)s at %(when)s", who=edit.who, when=when)
    return _("by %(who)s at %(when)s (%(fields)s)", who=edit.who, when=when,
             fields=", ".join(label(field) for field in edit.fields))


@contextmanager
def versioned(actor_id: int | None, action: str, subject, fields: Iterable[str],
              expected_version: FormVersion | None, **details) -> Iterator[None]:
    """`audited(...)` for an edit through a form: refused if the record moved on since the form was loaded.

    Without an expected version (the command line, a service called by another) nothing is checked, but the
    version still moves, so that forms open elsewhere learn of the change.
    """
    fields = tuple(fields)
    if expected_version is not None and expected_version.number != subject.version:
        raise Outdated(edits_since(subject, expected_version.loaded_at), subject.version)
    read, before = subject.version, snapshot(subject, fields)
    try:
        with audited(actor_id, action, subject, fields, **details):
            yield
        if subject.version == read and snapshot(subject, fields) != before:
            subject.version = read + 1  # only related rows changed; the row itself must move
            db.session.flush()
    except StaleDataError as race:
        # The session cannot query until the view rolls back; the form still holds the old version, so the
        # next save is refused again, then with the changes named.
        raise Outdated([], None) from race


def edits_since(subject, loaded_at: datetime | None) -> list[Edit]:
    """The trail's entries about the record since `loaded_at`, oldest first; none when that time is unknown.

    Compared here rather than in SQL: SQLite keeps the entry's time as text to the second, which a bound
    datetime does not compare with reliably, and one record's entries are few.
    """
    if loaded_at is None:
        return []
    entries = trail(type(subject).__tablename__, [subject.id])
    return [Edit(who=entry.actor.full_name if entry.actor else _("command line"), at=_aware(entry.at),
                 fields=tuple(entry.details.get("changes", {})))
            for entry in entries if _aware(entry.at) >= loaded_at]


def _aware(moment: datetime) -> datetime:
    """SQLite gives back naive times; the database writes them in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class VersionedForm(Form):
    """An edit form that carries the version it was loaded at; a create form leaves it empty (nothing to check).

    `trail_fields` maps a field name the trail records to the form field that edits it, where they differ.
    """

    version = HiddenField()
    loaded_at = HiddenField()
    trail_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.loaded_at.data = _now()

    def expected_version(self) -> FormVersion | None:
        """What was posted; a missing or malformed version checks nothing, as for a form older than versions."""
        number = whole_number(_posted(self.version), LARGEST_ID, smallest=1)
        if number is None:
            return None
        return FormVersion(number, _moment(_posted(self.loaded_at)))

    def attach(self, refusal) -> None:
        """An outdated save comes back with the changes named in this form's words, and the current version."""
        if not isinstance(refusal, Outdated):
            super().attach(refusal)
            return
        self.form_errors.append(refusal.describe(self._label))
        if refusal.current is not None:
            self.version.data, self.loaded_at.data = str(refusal.current), _now()

    def _label(self, field_name: str) -> str:
        field = self._fields.get(self.trail_fields.get(field_name, field_name))
        return str(field.label.text) if field is not None else field_name.replace("_", " ")


def _moment(text: str | None) -> datetime | None:
    """The time the form was loaded, in UTC; None for anything else posted (no zone, "0001-01-01T00:00+14:00")."""
    try:
        moment = datetime.fromisoformat(text or "")
        return moment.astimezone(UTC) if moment.tzinfo else None
    except (ValueError, OverflowError):
        return None


def _posted(field) -> str | None:
    """The value as sent, not the record's: a field left out of the post keeps what the record gave it."""
    return field.raw_data[0] if field.raw_data else None


def _now() -> str:
    """To the second, earlier rather than later: SQLite records the trail's times to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
