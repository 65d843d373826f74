"""Importing a participant sheet into a workshop: a preview first, then every good row in one transaction.

Reading the file is people.sheets; this module enrols what it read, so it sits in training, above the registry.

Each row of the preview is new (a person the registry does not have), matched (already in the registry, with
whom), or an error with its reasons. Rows are matched on email, and otherwise on name keys, country, sex and
agency (see people.matching) for the whole sheet in a few queries, never row by row. A match by name is a
proposal: the preview shows it, preselected when likely, and the user's answers go with the confirmation.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import select

from workshops.access.policy import Action, require
from workshops.audit.services import record
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.matching import Candidate, Likeness, Someone, candidates_for
from workshops.people.models import ImportBatch, Participant
from workshops.people.services import fill_missing_details, new_participants
from workshops.people.sheets import ImportRow, ParsedSheet, UnreadableSheet, parse_sheet
from workshops.text import printable
from workshops.training.models import Enrolment, Workshop


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
    #: A registry record that may be this person by name (not by email), whether or not it was taken as them.
    proposal: Candidate | None = None


def preview(workshop: Workshop, sheet: ParsedSheet, same_person: Mapping[int, bool] | None = None) -> list[PreviewRow]:
    """What confirming would do with each row; nothing is written.

    `same_person` holds the user's answers, by line, to "is this the proposed registry record?"; a line
    without an answer takes the proposal's default: yes for a likely match, no for a merely possible one.
    """
    if sheet.missing_columns:
        return [PreviewRow(row, Verdict.ERROR) for row in sheet.rows]
    readable = [row for row in sheet.rows if row.details is not None]
    found = dict(zip((row.line for row in readable), candidates_for([Someone.of(row.details) for row in readable]),
                     strict=True))
    enrolled = set(db.session.scalars(select(Enrolment.participant_id).where(Enrolment.workshop_id == workshop.id)))
    answers = same_person or {}
    first_line_of_email: dict[str, int] = {}
    first_line_of_person: dict[int, int] = {}
    result = []
    for row in sheet.rows:
        if row.details is None:
            result.append(PreviewRow(row, Verdict.ERROR))
            continue
        item = _proposed(row, found[row.line], answers)
        email = row.details.email
        if email and email in first_line_of_email:
            row.errors.append(_("Same email as line %(line)d: the same person twice.", line=first_line_of_email[email]))
        elif item.match is not None and item.match.id in first_line_of_person:
            row.errors.append(_("Line %(line)d is also %(name)s: the same person twice.",
                                line=first_line_of_person[item.match.id], name=item.match.full_name))
        if row.errors:
            result.append(PreviewRow(row, Verdict.ERROR, proposal=item.proposal))
            continue
        if email:
            first_line_of_email[email] = row.line
        if item.match is not None:
            first_line_of_person[item.match.id] = row.line
            item.verdict = Verdict.ALREADY_ENROLLED if item.match.id in enrolled else Verdict.MATCHED
        result.append(item)
    return result


def _proposed(row: ImportRow, candidates: list[Candidate], answers: Mapping[int, bool]) -> PreviewRow:
    """The row with its email match, or its best name match taken or not as the user (or the default) says."""
    if candidates and candidates[0].likeness == Likeness.SAME_EMAIL:
        return PreviewRow(row, Verdict.NEW, match=candidates[0].person)
    if not candidates:
        return PreviewRow(row, Verdict.NEW)
    proposal = candidates[0]
    taken = answers.get(row.line, proposal.likeness == Likeness.LIKELY)
    return PreviewRow(row, Verdict.NEW, match=proposal.person if taken else None, proposal=proposal)


@dataclass(frozen=True)
class ImportResult:
    created: int
    enrolled: int
    skipped: int


def commit(workshop: Workshop, rows: list[PreviewRow], *, actor_id: int | None) -> ImportResult:
    """Register the new people and enrol every good row; the caller's one commit makes it all or nothing.

    The trail gets one entry for the whole import, with its counts and the people it enrolled.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    new = [row for row in rows if row.verdict == Verdict.NEW]
    matched = [row for row in rows if row.verdict == Verdict.MATCHED]
    for row in matched:
        fill_missing_details(row.match, row.row.details)
    people = new_participants([row.row.details for row in new]) + [row.match for row in matched]
    pre_post = [row.row.scores for row in new + matched]
    db.session.add_all(Enrolment(workshop_id=workshop.id, participant_id=person.id, pre_test_score=pre,
                                 post_test_score=post, enrolled_by_id=actor_id)
                       for person, (pre, post) in zip(people, pre_post, strict=True))
    _update_scores(workshop, [row for row in rows if row.verdict == Verdict.ALREADY_ENROLLED], actor_id)
    db.session.flush()
    result = ImportResult(created=len(new), enrolled=len(people), skipped=len(rows) - len(people))
    record(actor_id, "import.confirmed", workshop, rows=len(rows), created=result.created, enrolled=result.enrolled,
           skipped=result.skipped, matched=len(matched), participant_ids=sorted(person.id for person in people))
    return result


def _update_scores(workshop: Workshop, rows: list[PreviewRow], actor_id: int | None) -> None:
    """A sheet of test scores for people already on the list sets their scores (a blank leaves one as it is)."""
    scored = {row.match.id: row.row.scores for row in rows if row.row.scores != (None, None)}
    if not scored:
        return
    for enrolment in db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id,
                                                                Enrolment.participant_id.in_(list(scored)))):
        enrolment.fill_scores(*scored[enrolment.participant_id], actor_id)


#: Sheets larger than this are refused before they are read; 10,000 rows of a real sheet take about 1 MB.
MAXIMUM_UPLOAD_BYTES = 10 * 1024 * 1024
#: What people.sheets reads: Excel workbooks, and text with commas, semicolons or tabs.
SHEET_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx")


def keep_upload(workshop: Workshop, filename: str, content: bytes, *, actor_id: int | None) -> ImportBatch:
    """Store the sheet for its preview; refused here if it is too large or cannot be read at all.

    Unconfirmed sheets hold people's data and are purged after the retention period (records.rights). The name is
    kept as it will be read back (invisible characters out, the end with its extension kept), so the preview
    parses the file exactly as this check did.
    """
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    filename = printable(filename)[-255:]
    if len(content) > MAXIMUM_UPLOAD_BYTES:
        raise DomainError(_("The file is %(size).1f MB; the limit is %(limit)d MB.", size=len(content) / 1e6,
                            limit=MAXIMUM_UPLOAD_BYTES // (1024 * 1024)), field="sheet")
    if not filename.lower().endswith(SHEET_EXTENSIONS):
        raise DomainError(_("Upload a CSV, a tab-separated (.tsv or .txt) or an Excel (.xlsx) file."), field="sheet")
    try:
        parse_sheet(content, filename)
    except UnreadableSheet as error:
        raise DomainError(str(error), field="sheet") from error
    batch = ImportBatch(workshop_id=workshop.id, uploaded_by_id=actor_id, filename=filename, content=content)
    db.session.add(batch)
    db.session.flush()
    return batch


def batch_preview(batch: ImportBatch, workshop: Workshop,
                  same_person: Mapping[int, bool] | None = None) -> tuple[ParsedSheet, list[PreviewRow]]:
    sheet = parse_sheet(batch.content, batch.filename)
    return sheet, preview(workshop, sheet, same_person)


def confirm(batch: ImportBatch, workshop: Workshop, *, actor_id: int | None,
            same_person: Mapping[int, bool] | None = None) -> ImportResult:
    """Save the good rows of the stored sheet as the user answered the proposals, then forget the sheet.

    One transaction for all of it.
    """
    sheet, rows = batch_preview(batch, workshop, same_person)
    if sheet.missing_columns:
        raise DomainError(_("The sheet lacks columns: %(columns)s.", columns=", ".join(sheet.missing_columns)))
    result = commit(workshop, rows, actor_id=actor_id)
    db.session.delete(batch)
    db.session.flush()
    return result
