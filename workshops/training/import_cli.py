"""Importing a participant sheet into a workshop from the command line, as the upload page does it."""
import click
from flask.cli import AppGroup

from workshops.database import unit_of_work
from workshops.extensions import db
from workshops.people.sheets import UnreadableSheet, parse_sheet
from workshops.training import sheet_import
from workshops.training.models import Workshop

participants_cli = AppGroup("participants", help="Import participant sheets.")


@participants_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--workshop", "workshop_id", type=int, required=True)
@click.option("--commit", "do_commit", is_flag=True, help="Save the good rows; without it, only the preview.")
@click.option("--same", "same_lines", type=int, multiple=True, metavar="LINE",
              help="This line is the registry person proposed for it (by name), even if only possibly.")
@click.option("--not-same", "other_lines", type=int, multiple=True, metavar="LINE",
              help="This line is a new person, not the likely match proposed for it.")
def import_command(file: str, workshop_id: int, do_commit: bool, same_lines: tuple[int, ...],
                   other_lines: tuple[int, ...]) -> None:
    """Preview a CSV or XLSX of participants for a workshop; with --commit, save every good row at once."""
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise click.BadParameter(f"no workshop {workshop_id}", param_hint="--workshop")
    with open(file, "rb") as handle:
        content = handle.read()
    try:
        sheet = parse_sheet(content, file)
    except UnreadableSheet as error:
        raise click.ClickException(str(error)) from error
    if sheet.missing_columns:
        raise click.ClickException(f"missing columns: {', '.join(sheet.missing_columns)}")
    answers = {line: True for line in same_lines} | {line: False for line in other_lines}
    rows = sheet_import.preview(workshop, sheet, answers)
    for row in rows:
        click.echo(_describe(row))
    if sheet.ignored_headers:
        click.echo(f"ignored columns: {', '.join(sheet.ignored_headers)}")
    if not do_commit:
        click.echo("Preview only: run again with --commit to save the good rows.")
        return
    with unit_of_work():
        result = sheet_import.commit(workshop, rows, actor_id=None)
    click.echo(f"Saved: {result.created} new people, {result.enrolled} added to the list, {result.skipped} skipped.")


def _describe(row: sheet_import.PreviewRow) -> str:
    line = f"line {row.row.line}: "
    if row.verdict == sheet_import.Verdict.ERROR:
        return line + "error: " + " ".join(row.row.errors)
    name = f"{row.row.details.given_name} {row.row.details.family_name}"
    proposal = row.proposal
    if row.match is None:
        maybe = (f" (possibly #{proposal.person.id} {proposal.person.full_name}, {proposal.person.agency}:"
                 f" --same {row.row.line} if so)") if proposal else ""
        return line + f"new: {name}{maybe}"
    state = "already on the list" if row.verdict == sheet_import.Verdict.ALREADY_ENROLLED else "matched"
    how = f" by name ({proposal.likeness}; --not-same {row.row.line} if not)" if proposal else ""
    return line + f"{state}{how}: {name} is #{row.match.id} {row.match.full_name} ({row.match.agency})"
