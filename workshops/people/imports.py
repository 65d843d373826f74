"""Importing a participant sheet into a workshop: a preview first, then every good row in one transaction.

Each row of the preview is new (a person the registry does not have), matched (already in the registry, with
whom), or an error with its reasons; rows are matched on email (the same email is the same person) in one
query for the whole sheet, never row by row.
"""
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import select

from workshops.auth.models import User
from workshops.extensions import db
from workshops.people.importing import ImportRow, ParsedSheet
from workshops.people.models import Participant
from workshops.people.services import new_participants
from workshops.training.models import Enrolment, Workshop

EMAIL_BATCH = 1000


class Verdict(StrEnum):
    NEW = "new"
    MATCHED = "matched"
    ALREADY_ENROLLED = "already_enrolled"
    ERROR = "error"


@dataclass
class PreviewRow:
    row: ImportRow
    verdict: Verdict
    match: Participant | None = None


def preview(workshop: Workshop, sheet: ParsedSheet) -> list[PreviewRow]:
    """What confirming would do with each row; nothing is written."""
    if sheet.missing_columns:
        return [PreviewRow(row, Verdict.ERROR) for row in sheet.rows]
    known = _people_by_email({row.details.email for row in sheet.rows if row.details and row.details.email})
    enrolled = set(db.session.scalars(select(Enrolment.participant_id).where(Enrolment.workshop_id == workshop.id)))
    first_line_of: dict[str, int] = {}
    result = []
    for row in sheet.rows:
        if row.details is None:
            result.append(PreviewRow(row, Verdict.ERROR))
            continue
        email = row.details.email
        if email and email in first_line_of:
            row.errors.append(_("Same email as line %(line)d: the same person twice.", line=first_line_of[email]))
            result.append(PreviewRow(row, Verdict.ERROR))
            continue
        if email:
            first_line_of[email] = row.line
        match = known.get(email) if email else None
        verdict = Verdict.NEW if match is None else (
            Verdict.ALREADY_ENROLLED if match.id in enrolled else Verdict.MATCHED)
        result.append(PreviewRow(row, verdict, match))
    return result


def _people_by_email(emails: set[str]) -> dict[str, Participant]:
    found: dict[str, Participant] = {}
    ordered = sorted(emails)
    for start in range(0, len(ordered), EMAIL_BATCH):
        batch = ordered[start:start + EMAIL_BATCH]
        found.update({person.email: person for person in db.session.scalars(
            select(Participant).where(Participant.email.in_(batch)))})
    return found


@dataclass(frozen=True)
class ImportResult:
    created: int
    enrolled: int
    skipped: int


def commit(workshop: Workshop, rows: list[PreviewRow], *, actor: User) -> ImportResult:
    """Register the new people and enrol every good row; the caller's one commit makes it all or nothing."""
    new = [row for row in rows if row.verdict == Verdict.NEW]
    matched = [row.match for row in rows if row.verdict == Verdict.MATCHED]
    people = new_participants([row.row.details for row in new]) + matched
    db.session.add_all(Enrolment(workshop_id=workshop.id, participant_id=person.id,
                                 enrolled_by_id=actor.id if actor else None) for person in people)
    db.session.flush()
    return ImportResult(created=len(new), enrolled=len(people), skipped=len(rows) - len(people))
