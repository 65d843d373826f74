"""The schema comes from migrations only: they build it from empty, match the models, and go back down."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from old_schema import FIRST_REVISION, seed_certified_completer
from sqlalchemy import inspect

from workshops import create_app
from workshops.extensions import db


def test_upgrade_matches_models_and_downgrades(empty_database):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_existing_data_survives_every_migration(tmp_path):
    """Data recorded before a revision gets what it adds (printed names, name keys); no row is lost on the way."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'data.sqlite'}"})
    with app.app_context():
        upgrade(revision=FIRST_REVISION)
        seed_certified_completer(name_ar="أمينة حداد")
        for statement in (
            "INSERT INTO workshop_session (id, workshop_id, held_on, part) VALUES (1, 1, '2020-03-01', 'full')",
            "INSERT INTO attendance (enrolment_id, session_id, status) VALUES (1, 1, 'present')",
        ):
            db.session.execute(db.text(statement))
        db.session.commit()
        upgrade()
        printed = db.session.execute(db.text("SELECT printed_name, printed_name_ar FROM certificate")).one()
        assert tuple(printed) == ("Amina Haddad", "أمينة حداد")
        keys = db.session.execute(db.text("SELECT name_key, name_ar_key FROM participant")).one()
        assert tuple(keys) == ("aminahadad", "امينهحداد")
        # Rebuilding a table in SQLite batch mode must not cascade-delete the rows that point at it.
        for table in ("enrolment", "attendance", "certificate"):
            assert db.session.scalar(db.text(f"SELECT count(*) FROM {table}")) == 1, table
        db.engine.dispose()


def test_older_trail_entries_have_their_personal_values_filed_apart_then_are_append_only(tmp_path):
    """Entries written before the scopes revision held names and emails; the revision moves them beside the entry."""
    from sqlalchemy.exc import DatabaseError

    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'trail.sqlite'}"})
    with app.app_context():
        upgrade(revision="2a3e0a9884ad")
        db.session.execute(db.text(
            "INSERT INTO audit_entry (id, actor_id, action, subject_type, subject_id, details) VALUES "
            "(1, NULL, 'participant.merged', 'participant', 7, "
            "'{\"duplicate_id\": 8, \"duplicate_name\": \"Muhammad Elsayed\", "
            "\"duplicate_email\": \"m@example.org\", \"moved\": 2}'), "
            "(2, NULL, 'registration.approved', 'registration', 3, '{\"name\": \"Zainab Nouri\"}'), "
            "(3, NULL, 'project.logo_set', 'project', 1, '{\"position\": 1}')"))
        db.session.commit()
        upgrade()
        details = dict(db.session.execute(db.text("SELECT id, details FROM audit_entry")).all())
        assert "Elsayed" not in details[1] and "m@example.org" not in details[1] and '"moved": 2' in details[1]
        assert "Zainab" not in details[2] and details[3] == '{"position": 1}'
        kept = db.session.execute(db.text('SELECT entry_id, participant_id, registration_id, "values" '
                                          "FROM audit_personal_values ORDER BY entry_id")).all()
        assert [(row[0], row[1], row[2]) for row in kept] == [(1, 7, None), (2, None, 3)]
        assert "m@example.org" in kept[0][3] and "Zainab Nouri" in kept[1][3]
        for statement in ("UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(DatabaseError, match="append-only"):
                db.session.execute(db.text(statement))
            db.session.rollback()
        db.engine.dispose()
