"""`flask reports check` and `flask reports rebuild`: the maintained summary against the data it summarises."""
import click
from flask.cli import AppGroup

from workshops.database import unit_of_work
from workshops.reports import summary
from workshops.reports.figures import Dimension, ReportFilters
from workshops.reports.plain import plain_breakdown
from workshops.reports.services import breakdown

reports_cli = AppGroup("reports", help="Check or rebuild the summary the reports read.")


def differences() -> list[str]:
    """Every split by one dimension, and the grand total, as the summary and as the plain query count them."""
    found = []
    for rows in (None, *Dimension):
        kept, plain = breakdown(ReportFilters(), rows, viewer_id=None), plain_breakdown(ReportFilters(), rows,
                                                                                         viewer_id=None)
        if (kept.total, kept.row_totals) != (plain.total, plain.row_totals):
            found.append(f"by {rows.value if rows else 'nothing'}: summary {kept.total}, data {plain.total}")
    return found


@reports_cli.command("check")
def check_command() -> None:
    """Compare the summary with the data; exit 1 when they differ (then run `flask reports rebuild`)."""
    found = differences()
    for line in found:
        click.echo(line)
    if found:
        raise SystemExit(1)
    click.echo("The summary matches the data.")


@reports_cli.command("rebuild")
def rebuild_command() -> None:
    """Rebuild the summary from the data, in one transaction."""
    with unit_of_work():
        summary.rebuild()
    click.echo("The summary was rebuilt.")
