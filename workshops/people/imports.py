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
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.importing import ImportRow, ParsedSheet, parse_sheet
from workshops.people.models import ImportBatch, Participant
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
    matched = [row for row in rows if row.verdict == Verdict.MATCHED]
    people = new_participants([row.row.details for row in new]) + [row.match for row in matched]
    pre_post = [row.row.scores for row in new + matched]
    db.session.add_all(Enrolment(workshop_id=workshop.id, participant_id=person.id, pre_test_score=pre,
                                 post_test_score=post, enrolled_by_id=actor.id if actor else None)
                       for person, (pre, post) in zip(people, pre_post, strict=True))
    _update_scores(workshop, [row for row in rows if row.verdict == Verdict.ALREADY_ENROLLED])
    db.session.flush()
    return ImportResult(created=len(new), enrolled=len(people), skipped=len(rows) - len(people))


def _update_scores(workshop: Workshop, rows: list[PreviewRow]) -> None:
    """A sheet of test scores for people already on the list sets their scores (a blank leaves one as it is)."""
    scored = {row.match.id: row.row.scores for row in rows if row.row.scores != (None, None)}
    if not scored:
        return
    for enrolment in db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id,
                                                                Enrolment.participant_id.in_(list(scored)))):
        pre, post = scored[enrolment.participant_id]
        enrolment.pre_test_score = enrolment.pre_test_score if pre is None else pre
        enrolment.post_test_score = enrolment.post_test_score if post is None else post


#: Sheets larger than this are refused before they are read; 10,000 rows of a real sheet take about 1 MB.
MAXIMUM_UPLOAD_BYTES = 10 * 1024 * 1024


def keep_upload(workshop: Workshop, filename: str, content: bytes, *, actor: User) -> ImportBatch:
    """Store the sheet for its preview; refused here if it is too large or cannot be read at all."""
    if len(content) > MAXIMUM_UPLOAD_BYTES:
        raise DomainError(_("The file is %(size).1f MB; the limit is %(limit)d MB.", size=len(content) / 1e6,
                            limit=MAXIMUM_UPLOAD_BYTES // (1024 * 1024)), field="sheet")
    if not filename.lower().endswith((".csv", ".txt", ".xlsx")):
        raise DomainError(_("Upload a CSV or an Excel (.xlsx) file."), field="sheet")
    try:
        parse_sheet(content, filename)
    except ValueError as error:
        raise DomainError(str(error), field="sheet") from error
    batch = ImportBatch(workshop_id=workshop.id, uploaded_by_id=actor.id, filename=filename[:255], content=content)
    db.session.add(batch)
    db.session.flush()
    return batch


def batch_preview(batch: ImportBatch, workshop: Workshop) -> tuple[ParsedSheet, list[PreviewRow]]:
    sheet = parse_sheet(batch.content, batch.filename)
    return sheet, preview(workshop, sheet)


def confirm(batch: ImportBatch, workshop: Workshop, *, actor: User) -> ImportResult:
    """Save the good rows of the stored sheet, then forget the sheet; one transaction for all of it."""
    sheet, rows = batch_preview(batch, workshop)
    if sheet.missing_columns:
        raise DomainError(_("The sheet lacks columns: %(columns)s.", columns=", ".join(sheet.missing_columns)))
    result = commit(workshop, rows, actor=actor)
    db.session.delete(batch)
    db.session.flush()
    return result
