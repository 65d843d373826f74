"""Command-line entry points: `flask --app workshops <group> <command>`; each area brings its own group."""
from flask import Flask


def register_commands(app: Flask) -> None:
    from workshops.auth.cli import users_cli
    from workshops.backup import backup_command, restore_command
    from workshops.certificates.cli import certificates_cli
    from workshops.demo.cli import demo_command
    from workshops.records.cli import purge_command
    from workshops.reports.cli import reports_cli
    from workshops.training.import_cli import participants_cli

    for command in (users_cli, certificates_cli, participants_cli, demo_command, purge_command, backup_command,
                    restore_command, reports_cli):
        app.cli.add_command(command)
