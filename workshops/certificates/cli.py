import click
from flask import current_app
from flask.cli import AppGroup

from workshops.certificates import services
from workshops.database import unit_of_work
from workshops.extensions import db
from workshops.training.models import Workshop

certificates_cli = AppGroup("certificates", help="Issue and export certificates for print runs.")


def _workshop(workshop_id: int) -> Workshop:
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise click.BadParameter(f"no workshop {workshop_id}", param_hint="--workshop")
    return workshop


@certificates_cli.command("issue")
@click.option("--workshop", "workshop_id", type=int, required=True)
def issue_command(workshop_id: int) -> None:
    """Issue certificates to everyone who completed the workshop and has none yet."""
    workshop = _workshop(workshop_id)
    with unit_of_work():
        issued = services.issue_for_workshop(workshop, actor_id=None)
    click.echo(f"Issued {len(issued)} certificates for {workshop.title}.")


@certificates_cli.command("export")
@click.option("--workshop", "workshop_id", type=int, required=True)
@click.option("--format", "file_format", type=click.Choice(["pdf", "zip"]), default="pdf", show_default=True,
              help="pdf: one merged file; zip: one PDF per person, named <serial>-<name>.pdf")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def export_command(workshop_id: int, file_format: str, output: str) -> None:
    """Write the workshop's valid certificates for printing (revoked and superseded ones left out, and counted)."""
    workshop = _workshop(workshop_id)
    certificates = services.certificates_of_workshop(workshop.id)
    if not certificates:
        raise click.ClickException("No valid certificate has been issued for this workshop yet.")
    if not current_app.config["PUBLIC_BASE_URL"]:
        raise click.ClickException("Set PUBLIC_BASE_URL so that the printed verification links point somewhere.")
    with open(output, "wb") as file:
        file.write(services.export(certificates, file_format))
    left_out = services.left_out_of_print_run(workshop.id)
    click.echo(f"Wrote {len(certificates)} certificates to {output}; left out {left_out.revoked} revoked and "
               f"{left_out.superseded} superseded.")
