"""Backups and restores of the whole database: `flask --app workshops backup FILE` and `restore FILE`.

A backup is one consistent snapshot, taken while the app goes on serving and writing. On SQLite it is SQLite's
online backup API copying every page in one step under one read lock, so the file is itself a SQLite database;
on PostgreSQL it is `pg_dump --format=custom`, whose single transaction sees one snapshot, restored by
`pg_restore`, which loads the rows with COPY before it creates the audit trail's append-only triggers.
A restore only fills an empty database: it never merges a snapshot into data that is already there.
"""
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import Connection, Engine, create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
#: Tables that hold no data of the app's own, filled when the schema alone is built: Alembic's revision marker,
#: and the counter of committed changes that pages kept in memory are checked against (workshops.page_cache).
BOOKKEEPING_TABLES = frozenset({"alembic_version", "data_version"})


class BackupError(Exception):
    """The backup or restore could not be done; the message says why and what to do instead."""


@dataclass(frozen=True)
class Snapshot:
    """A backup file and what it holds: rows per table, as of the moment the snapshot was taken."""

    path: Path
    size: int
    rows: dict[str, int]

    def summary(self) -> str:
        return f"{len(self.rows)} tables, {sum(self.rows.values()):,} rows"


def backup(engine_or_url: Engine | str, path: str | Path) -> Snapshot:
    """Write a consistent snapshot of the database to `path`; the file appears whole or not at all."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"no directory {path.parent} to write the backup in")
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    # Readable by its owner only, from the start: a backup holds every participant's personal data.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    with _engine(engine_or_url) as engine:
        try:
            if engine.dialect.name == "sqlite":
                rows = _sqlite_backup(engine, partial)
            else:
                rows = _postgresql_backup(engine, partial)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, path)
    return Snapshot(path, path.stat().st_size, rows)


def restore(engine_or_url: Engine | str, path: str | Path, *, force: bool = False) -> Snapshot:
    """Load a snapshot into an empty database; `force` lets a SQLite snapshot replace a database with data."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from error
    with _engine(engine_or_url) as engine:
        if engine.dialect.name == "sqlite":
            if not header.startswith(SQLITE_HEADER):
                raise BackupError(f"{path} is not a SQLite backup; this app's database is SQLite")
            _sqlite_restore(engine, path, force=force)
        else:
            if not header.startswith(PG_DUMP_HEADER):
                raise BackupError(f"{path} is not a pg_dump custom-format backup; this app's database is PostgreSQL")
            if force:
                raise BackupError("--force replaces SQLite databases only: on PostgreSQL, create an empty database "
                                  "(createdb NAME), point DATABASE_URL at it and restore into that")
            _postgresql_restore(engine, path)
        engine.dispose()  # pooled connections may hold the schema as it was before
        with engine.connect() as connection:
            rows = _row_counts(connection)
    return Snapshot(path, path.stat().st_size, rows)


@contextmanager
def _engine(engine_or_url: Engine | str) -> Iterator[Engine]:
    """The engine to work on; a database that cannot be reached or opened is a BackupError, not a traceback."""
    from workshops import psycopg_url

    engine = engine_or_url if isinstance(engine_or_url, Engine) else create_engine(psycopg_url(engine_or_url))
    if engine.dialect.name not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {engine.dialect.name} databases are not supported")
    try:
        yield engine
    except OperationalError as error:
        raise BackupError(f"cannot reach the database: {str(error.orig).strip().splitlines()[0]}") from error
    except sqlite3.OperationalError as error:
        raise BackupError(f"SQLite refused: {error}") from error
    finally:
        if engine is not engine_or_url:
            engine.dispose()


def _row_counts(connection: Connection) -> dict[str, int]:
    preparer = connection.dialect.identifier_preparer
    return {table: connection.scalar(text(f"SELECT count(*) FROM {preparer.quote(table)}"))
            for table in sorted(inspect(connection).get_table_names())}


def _sqlite_backup(engine: Engine, partial: Path) -> dict[str, int]:
    """pages=-1 copies the whole database in one step, so no write lands halfway through the copy."""
    database = engine.url.database
    if database and database != ":memory:" and not Path(database).is_file():
        # Opening it would create an empty database there, and back that up: a wrong DATABASE_URL, surely.
        raise BackupError(f"no database file {database}")
    source = engine.raw_connection()
    try:
        target = sqlite3.connect(partial)
        try:
            source.driver_connection.backup(target, pages=-1)
        finally:
            target.close()
    finally:
        source.close()
    with _engine(f"sqlite:///{partial}") as snapshot, snapshot.connect() as connection:
        return _row_counts(connection)


def _sqlite_restore(engine: Engine, path: Path, *, force: bool) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        try:
            checked = source.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is damaged: {error}") from error
        if checked != "ok":
            raise BackupError(f"{path} is damaged: {checked}")
        with engine.connect() as connection:
            holding = {table: count for table, count in _row_counts(connection).items()
                       if count and table not in BOOKKEEPING_TABLES}
        if holding and not force:
            raise BackupError(f"{engine.url.database} already holds data ({len(holding)} tables with rows); "
                              "restore into an empty database, or pass --force to replace everything in it")
        target = engine.raw_connection()
        try:
            source.backup(target.driver_connection, pages=-1)
        finally:
            target.close()
    finally:
        source.close()


def _postgresql_backup(engine: Engine, partial: Path) -> dict[str, int]:
    """pg_dump joins a snapshot exported by this transaction, so the counts describe exactly what it dumps."""
    with engine.connect() as connection:
        connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with connection.begin():
            snapshot = connection.scalar(text("SELECT pg_export_snapshot()"))
            rows = _row_counts(connection)
            _run_client(engine, "pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                        "--file", str(partial), _libpq_url(engine.url))
    return rows


def _postgresql_restore(engine: Engine, path: Path) -> None:
    """Into an empty database only, in one transaction: a failed restore leaves the database as empty as it was."""
    with engine.connect() as connection:
        relations = connection.scalar(text(
            "SELECT count(*) FROM pg_class JOIN pg_namespace ON pg_namespace.oid = pg_class.relnamespace "
            "WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg_toast%' "
            "AND relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"))
    if relations:
        raise BackupError(f"database {engine.url.database} is not empty ({relations} tables, views or sequences); "
                          "create an empty one (createdb NAME), point DATABASE_URL at it and restore into that")
    # Roles differ between servers: objects belong to whoever restores, and no GRANT names a missing role.
    _run_client(engine, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                "--dbname", _libpq_url(engine.url), str(path))


def _libpq_url(url: URL) -> str:
    """postgresql+psycopg://user:secret@host/name as libpq reads it, without the password (see _run_client)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run_client(engine: Engine, program: str, *arguments: str) -> None:
    """Run pg_dump or pg_restore; the password travels in the environment, where `ps` does not show it."""
    environment = dict(os.environ)
    if engine.url.password is not None:
        environment["PGPASSWORD"] = str(engine.url.password)
    try:
        finished = subprocess.run([program, *arguments], env=environment, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{program} not found: install the PostgreSQL client tools of the server's version "
                          "(apt-get install postgresql-client)") from error
    if finished.returncode != 0:
        lines = finished.stderr.strip().splitlines() or [f"exit status {finished.returncode}"]
        raise BackupError(f"{program} failed: {next((line for line in lines if 'error' in line), lines[-1])}")


def _size(size: float) -> str:
    if size < 1024:
        return f"{size:.0f} bytes"
    for unit in ("kB", "MB", "GB"):
        size /= 1024
        if size < 1024 or unit == "GB":
            break
    return f"{size:.1f} {unit}"


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(file: str) -> None:
    """Write a consistent snapshot of the database to FILE, safe while the app is serving."""
    from workshops.extensions import db

    try:
        snapshot = backup(db.engine, file)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Wrote {snapshot.path} ({_size(snapshot.size)}): {snapshot.summary()}.")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="SQLite only: replace a database that already holds data.")
@with_appcontext
def restore_command(file: str, force: bool) -> None:
    """Load a backup FILE into the configured database, which must be empty (or, on SQLite, --force)."""
    from workshops.extensions import db

    try:
        snapshot = restore(db.engine, file, force=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {snapshot.path} into {db.engine.url.database}: {snapshot.summary()}.")
