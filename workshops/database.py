"""Transactions outside requests, and SQLite's foreign keys (off by default there)."""
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Enum, event
from sqlalchemy.engine import Engine

from workshops.extensions import db

#: Ids are INTEGER columns, 32 bits on PostgreSQL (which refuses a larger parameter with an error, not "no row");
#: a larger number typed in a URL or a form names nothing.
LARGEST_ID = 2**31 - 1


@contextmanager
def unit_of_work() -> Iterator[None]:
    """What a CLI command changes lands whole or not at all, as a request's changes do."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    """SQLite ignores REFERENCES unless asked on every connection; PostgreSQL always checks."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()


def enum_column(enum_class, name: str):
    """Enums stored as their readable values in a VARCHAR with a named CHECK, identical on SQLite and PostgreSQL."""
    return Enum(enum_class, native_enum=False, create_constraint=True, name=name, length=20,
                values_callable=lambda members: [member.value for member in members], validate_strings=True)
