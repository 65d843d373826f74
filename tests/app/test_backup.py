"""Backups: a snapshot taken while the app writes holds a prefix of its writes, whole, and restores row for row.

Runs on a SQLite file and, when TEST_DATABASE_URL is PostgreSQL, on databases of their own on that server, named
after the test database (test_src, test_dst, ...; test_gw0_src under xdist), created and dropped here. The schema
comes from the migrations, as in production.
"""
import json
import threading
import time
from datetime import date

import pytest
from conftest import DATABASE_URL
from flask_migrate import upgrade
from sqlalchemy import create_engine, insert, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from workshops import create_app, psycopg_url
from workshops.backup import BackupError, backup, restore
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.people.services import ParticipantDetails, register_participant
from workshops.programmes.models import Objective, Project
from workshops.reports.cli import differences

POSTGRES = DATABASE_URL if DATABASE_URL.startswith("postgresql") else ""
#: Enough rows that copying them takes a moment while the writer goes on.
PREFILLED = 20_000
#: Whatever happens, the writer stops after this long.
WRITER_SECONDS = 30


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not POSTGRES.startswith("postgresql"), reason="TEST_DATABASE_URL is not PostgreSQL"))])
def new_database(request, tmp_path):
    """Gives the URL of a new, empty database for each name asked for."""
    if request.param == "sqlite":
        yield lambda name: f"sqlite:///{tmp_path / name}.sqlite"
        return
    server = create_engine(psycopg_url(POSTGRES), isolation_level="AUTOCOMMIT")
    made = []

    def make(name: str) -> str:
        database = f"{make_url(POSTGRES).database}_{name}"  # this worker's: xdist workers run at once
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{database}"'))
        made.append(database)
        return make_url(psycopg_url(POSTGRES)).set(database=database).render_as_string(hide_password=False)

    yield make
    with server.connect() as connection:
        for database in made:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    server.dispose()


def app_on(url: str):
    return create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_DATABASE_URI": url,
                       "PUBLIC_BASE_URL": "https://workshops.example.org"})


def person(number: int) -> ParticipantDetails:
    return ParticipantDetails(given_name="Amina", family_name=f"Haddad {number}", sex=Sex.FEMALE, country_code="EG",
                              agency="Public Prosecution", role_category=RoleCategory.PROSECUTOR,
                              email=f"written{number}@example.org")


def migrated_and_filled(url: str, people: int = 100):
    """The schema from the migrations, a registry of `people` and a few audited registrations."""
    app = app_on(url)
    with app.app_context():
        upgrade()
        project = Project(title="Backups", starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31), budget_usd=0,
                          donors=["Netherlands"], implementing_partners=[], target_groups=[])
        db.session.add(Objective(project=project, number=1, title="Training"))
        db.session.execute(insert(Participant), [
            {"given_name": "Omar", "family_name": f"Mansour {number}", "sex": Sex.MALE, "country_code": "MA",
             "agency": f"Agency {number % 50}", "role_category": RoleCategory.JUDGE, "position": "",
             "email": f"filled{number}@example.org"} for number in range(people)])
        for number in range(-5, 0):
            register_participant(person(number), actor_id=None)
        db.session.commit()
        db.engine.dispose()
    return app


class Writer(threading.Thread):
    """Registers one person per transaction, as the app does (the record, its trail entry and the personal
    values beside it), and notes each id once its commit has returned, in commit order."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app = app
        self.committed: list[int] = []
        self.stopping = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        deadline = time.monotonic() + WRITER_SECONDS
        try:
            with self.app.app_context():
                number = 0
                while not self.stopping.is_set() and time.monotonic() < deadline:
                    participant = register_participant(person(number), actor_id=None)
                    db.session.flush()
                    identifier = participant.id
                    db.session.commit()
                    self.committed.append(identifier)
                    number += 1
                db.session.remove()
                db.engine.dispose()
        except BaseException as error:  # the test reads it: a writer that failed proves nothing
            self.error = error

    def written_after(self, count: int) -> int:
        """Wait until `count` more writes have committed than now; returns how many have."""
        target = len(self.committed) + count
        deadline = time.monotonic() + WRITER_SECONDS
        while len(self.committed) < target and self.is_alive() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert len(self.committed) >= target, self.error
        return len(self.committed)


#: A counter updated in place by every commit (workshops.page_cache), not rows that a snapshot holds a prefix of.
COUNTERS = {"data_version"}
#: The reports' summary: rewritten in place as the data changes, so a snapshot's rows are not a prefix of later
#: ones; what matters is that a restored summary equals its restored data (checked below).
SUMMARY = {"report_people_by", "report_completers", "report_completions"}


def contents(url: str) -> dict[str, list[tuple]]:
    """Every table's rows but the counters', each as sorted (column, value) pairs with JSON as text, in a fixed
    order."""
    engine = create_engine(psycopg_url(url))
    try:
        with engine.connect() as connection:
            quote = connection.dialect.identifier_preparer.quote
            return {table: sorted((tuple(sorted((column, hashable(value)) for column, value in row.items()))
                                   for row in connection.execute(text(f"SELECT * FROM {quote(table)}")).mappings()),
                                  key=repr)
                    for table in sorted(inspect(connection).get_table_names()) if table not in COUNTERS}
    finally:
        engine.dispose()


def hashable(value):
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def written_rows(rows: dict[str, list[tuple]], ids: set[int]) -> dict[str, set[tuple]]:
    """The rows that registering these people wrote: the records, their trail entries and personal values."""
    entries = {row for row in rows["audit_entry"]
               if dict(row)["subject_type"] == "participant" and dict(row)["subject_id"] in ids}
    entry_ids = {dict(row)["id"] for row in entries}
    return {"participant": {row for row in rows["participant"] if dict(row)["id"] in ids}, "audit_entry": entries,
            "audit_personal_values": {row for row in rows["audit_personal_values"]
                                      if dict(row)["entry_id"] in entry_ids}}


def test_backup_taken_while_writing_holds_a_whole_prefix_of_the_writes_and_restores_row_for_row(
        new_database, tmp_path):
    source = new_database("src")
    app = migrated_and_filled(source, people=PREFILLED)
    writer = Writer(app)
    writer.start()
    try:
        committed_before = writer.written_after(20)
        snapshot = backup(source, tmp_path / "while-writing.backup")
        committed_by_end = len(writer.committed)
        writer.written_after(20)  # the app goes on writing after the snapshot
    finally:
        writer.stopping.set()
        writer.join()
    assert writer.error is None

    first, second = new_database("dst"), new_database("dst2")
    restore(first, snapshot.path)
    restore(second, snapshot.path)
    restored = contents(first)
    assert restored == contents(second)
    assert {table: len(rows) for table, rows in restored.items()} == {
        table: count for table, count in snapshot.rows.items() if table not in COUNTERS}
    assert len(restored["participant"]) >= PREFILLED

    # A prefix: every write committed before the backup began is in it, in commit order, and none is half there.
    in_snapshot = {dict(row)["id"] for row in restored["participant"]} & set(writer.committed)
    taken = len(in_snapshot)
    assert in_snapshot == set(writer.committed[:taken])
    assert committed_before <= taken <= committed_by_end + 1  # at most one commit not yet noted by the writer
    assert taken < len(writer.committed)
    final = contents(source)
    for table, rows in restored.items():
        assert table in SUMMARY or set(rows) <= set(final[table]), table
    later = written_rows(final, set(writer.committed[taken:]))
    assert all(later.values())
    for table in set(final) - SUMMARY:
        assert set(final[table]) - set(restored[table]) == later.get(table, set()), table
    assert all(written_rows(restored, in_snapshot).values())

    # With the writer stopped, a second backup restores to the source's exact contents.
    quiet = backup(source, tmp_path / "quiet.backup")
    third = new_database("dst3")
    restore(third, quiet.path)
    assert contents(third) == final

    # The restored database is a working one: its trail is still append-only, and new ids follow the old ones.
    restored_app = app_on(third)
    with restored_app.app_context():
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text("UPDATE audit_entry SET action = 'changed'"))
        db.session.rollback()
        assert differences() == []
        newcomer = register_participant(person(10**6), actor_id=None)
        db.session.flush()
        assert newcomer.id > max(writer.committed)
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def test_restore_refuses_a_database_holding_data(new_database, tmp_path):
    source = new_database("src")
    migrated_and_filled(source)
    snapshot = backup(source, tmp_path / "refused.backup")
    with pytest.raises(BackupError, match="restore into an empty database|not empty"):
        restore(source, snapshot.path)
    if source.startswith("sqlite"):
        assert restore(source, snapshot.path, force=True).rows == snapshot.rows
    else:
        with pytest.raises(BackupError, match="SQLite databases only"):
            restore(source, snapshot.path, force=True)


def test_restore_fills_a_schema_without_data(tmp_path):
    """On SQLite a database that `flask db upgrade` built but nobody used yet counts as empty."""
    source, target = f"sqlite:///{tmp_path / 'source.sqlite'}", f"sqlite:///{tmp_path / 'target.sqlite'}"
    migrated_and_filled(source)
    with app_on(target).app_context():
        upgrade()
        db.engine.dispose()
    snapshot = backup(source, tmp_path / "into-schema.backup")
    restore(target, snapshot.path)
    assert contents(target) == contents(source)


def test_restore_refuses_a_file_that_is_not_a_backup(new_database, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    with pytest.raises(BackupError, match="is not a"):
        restore(new_database("dst"), junk)


def test_commands_print_one_line_and_refuse_with_a_message(new_database, tmp_path):
    source = new_database("src")
    app = migrated_and_filled(source)
    runner = app.test_cli_runner()
    path = tmp_path / "command.backup"
    written = runner.invoke(args=["backup", str(path)])
    assert written.exit_code == 0, written.output
    assert written.output.startswith(f"Wrote {path} (") and "tables" in written.output
    assert len(written.output.strip().splitlines()) == 1
    refused = runner.invoke(args=["restore", str(path)])
    assert refused.exit_code == 1
    assert "Error:" in refused.output and "empty" in refused.output
    target = app_on(new_database("dst"))
    restored = target.test_cli_runner().invoke(args=["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    assert restored.output.startswith(f"Restored {path} into ")
    for each in (app, target):
        with each.app_context():
            db.engine.dispose()
