import click
from flask.cli import with_appcontext

from workshops.database import unit_of_work


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the two seed projects with workshops, participants and attendance; a second run changes nothing."""
    from workshops.demo.loader import load_demo

    with unit_of_work():
        report = load_demo()
    click.echo(report)
