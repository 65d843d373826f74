import click
from flask.cli import AppGroup
from sqlalchemy import select

from workshops.access import services as access_services
from workshops.auth import services
from workshops.auth.models import Role, User
from workshops.database import unit_of_work
from workshops.exceptions import DomainError
from workshops.extensions import db

users_cli = AppGroup("users", help="Create accounts and reset passwords.")


def _password() -> str:
    """Hidden prompt with confirmation; both lines may also be piped on standard input."""
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--name", "full_name", help="Full name shown in the app (defaults to the email's local part).")
def create_command(email: str, role: str, full_name: str | None) -> None:
    """Create an account with a role: admin, lead, coordinator or trainer."""
    if "@" not in email:
        raise click.BadParameter("not an email address", param_hint="EMAIL")
    password = _password()
    try:
        with unit_of_work():
            user = services.create_user(services.UserDetails(email=email, full_name=full_name or email.split("@")[0],
                                                             role=Role(role)), password)
    except DomainError as refusal:
        raise click.ClickException(refusal.message) from refusal
    click.echo(f"Created {user.email} ({user.role.value}).")


@users_cli.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Give an existing account a new password."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.BadParameter(f"no account {email}", param_hint="EMAIL")
    password = _password()
    try:
        with unit_of_work():
            services.set_password(user, password, actor_id=None)
    except DomainError as refusal:
        raise click.ClickException(refusal.message) from refusal
    click.echo(f"Password of {user.email} changed.")


@users_cli.command("assign")
@click.argument("email")
@click.option("--project", "project_id", required=True, type=click.IntRange(min=1), help="The project's id.")
@click.option("--remove", is_flag=True, help="Take the project away instead.")
def assign_command(email: str, project_id: int, remove: bool) -> None:
    """Assign a project lead or coordinator to a project (or, with --remove, unassign them)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.BadParameter(f"no account {email}", param_hint="EMAIL")
    change = access_services.unassign if remove else access_services.assign
    try:
        with unit_of_work():
            changed = change(user.id, project_id, actor_id=None)
    except DomainError as refusal:
        raise click.ClickException(refusal.message) from refusal
    verb = "unassigned from" if remove else "assigned to"
    click.echo(f"{user.email} {verb} project {project_id}." if changed else "Nothing to change.")
