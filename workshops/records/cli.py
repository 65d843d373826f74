"""The retention purge, from the command line (cron)."""
from datetime import UTC, datetime

import click
from flask import current_app
from flask.cli import with_appcontext

from workshops.database import unit_of_work
from workshops.records import rights


@click.command("purge")
@click.option("--days", type=click.IntRange(min=1), default=None,
              help="Keep what is younger than this many days; the RETENTION_DAYS setting unless given.")
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete unconfirmed import previews and self-registrations never approved, once past retention.

    Meant for a daily cron job: it asks nothing, changes all or nothing, and prints one line.
    """
    days = days or current_app.config["RETENTION_DAYS"]
    with unit_of_work():
        result = rights.purge_expired(datetime.now(UTC).date(), days, actor_id=None)
    click.echo(f"{result} (older than {days} days)")
