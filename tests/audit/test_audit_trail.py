"""The audit trail page and download for administrators, and the database's refusal to rewrite history."""
import csv
import io
import json
from datetime import UTC, datetime

import pytest
from conftest import within
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from workshops.audit.models import AuditEntry
from workshops.audit.services import record
from workshops.auth.models import Role, User
from workshops.extensions import db


@pytest.fixture
def make_entry(app):
    """Record an entry as a service would and commit it; `at` backdates it (set before the INSERT, not after)."""
    def make(actor, action, subject, at: datetime | None = None, **details) -> int:
        with within(app):
            entry = record(actor.id if actor else None, action, subject, **details)
            if at is not None:
                entry.at = at
            db.session.commit()
            return entry.id
    return make


def _day(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 12, 0, tzinfo=UTC)


def test_admin_sees_entries_with_their_changes(client, login, make_user, make_entry):
    admin = login(Role.ADMIN)
    subject = make_user(Role.TRAINER)
    make_entry(admin, "user.updated", subject, changes={"full_name": ("Old name", "New name")}, reason="typo")
    make_entry(None, "user.created", subject)

    page = client.get("/audit")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "user.updated" in html and "user.created" in html
    assert "full_name</strong>: Old name → New name" in html
    assert "reason</strong>: typo" in html
    assert f"user_account #{subject.id}" in html
    assert admin.full_name in html
    assert "command line / public" in html


def test_personal_values_are_shown_from_their_side_table(client, login, make_participant, make_entry):
    admin = login(Role.ADMIN)
    participant = make_participant(email="before@example.org")
    make_entry(admin, "participant.updated", participant,
               changes={"email": ("before@example.org", "after@example.org")})

    html = client.get("/audit").get_data(as_text=True)

    assert "before@example.org → after@example.org" in html


def test_filters_by_person(client, login, make_user, make_entry):
    admin = login(Role.ADMIN)
    other = make_user(Role.COORDINATOR)
    make_entry(admin, "by.admin", other)
    make_entry(other, "by.other", other)

    html = client.get(f"/audit?actor={other.id}").get_data(as_text=True)

    assert "by.other" in html and "by.admin" not in html


def test_filters_by_kind_of_object_and_its_id(client, login, make_user, make_project, make_entry):
    admin = login(Role.ADMIN)
    first, second = make_user(), make_user()
    project = make_project()
    make_entry(admin, "first.touched", first)
    make_entry(admin, "second.touched", second)
    make_entry(admin, "project.touched", project)

    by_type = client.get("/audit?subject_type=project").get_data(as_text=True)
    by_object = client.get(f"/audit?subject_type=user_account&subject_id={second.id}").get_data(as_text=True)

    assert "project.touched" in by_type and "first.touched" not in by_type and "second.touched" not in by_type
    assert "second.touched" in by_object and "first.touched" not in by_object and "project.touched" not in by_object


def test_filters_by_dates_with_both_ends_included(client, login, make_user, make_entry):
    admin = login(Role.ADMIN)
    subject = make_user()
    make_entry(admin, "in.january", subject, at=_day(1, 10))
    make_entry(admin, "in.february", subject, at=_day(2, 10))
    make_entry(admin, "in.march", subject, at=_day(3, 10))

    february = client.get("/audit?since=2025-02-10&until=2025-02-10").get_data(as_text=True)
    from_february = client.get("/audit?since=2025-02-01").get_data(as_text=True)
    until_february = client.get("/audit?until=2025-02-28").get_data(as_text=True)

    assert "in.february" in february and "in.january" not in february and "in.march" not in february
    assert "in.january" not in from_february and "in.february" in from_february and "in.march" in from_february
    assert "in.january" in until_february and "in.february" in until_february and "in.march" not in until_february
    assert "2025-02-10 12:00:00" in february


def test_no_match_says_so(client, login, make_user, make_entry):
    admin = login(Role.ADMIN)
    make_entry(admin, "thing.done", make_user())

    html = client.get("/audit?subject_type=workshop&subject_id=5").get_data(as_text=True)

    assert "No entries match these filters." in html


def test_pages_run_newest_first_and_keep_the_filters(app, client, login, make_user, make_entry):
    app.config["ITEMS_PER_PAGE"] = 2
    admin = login(Role.ADMIN)
    subject = make_user()
    for number in range(5):
        make_entry(admin, f"thing.{number}", subject, at=_day(1, number + 1))

    first = client.get(f"/audit?actor={admin.id}").get_data(as_text=True)
    last = client.get(f"/audit?actor={admin.id}&page=3").get_data(as_text=True)
    beyond = client.get(f"/audit?actor={admin.id}&page=9")

    assert "thing.4" in first and "thing.3" in first and "thing.2" not in first
    assert "page=2" in first and f"actor={admin.id}" in first
    assert "thing.0" in last and "thing.1" not in last
    assert beyond.status_code == 200 and "No entries match these filters." in beyond.get_data(as_text=True)


def _csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_has_every_matching_row_with_formulas_neutralised(app, client, login, make_user, make_entry):
    app.config["ITEMS_PER_PAGE"] = 1
    admin = login(Role.ADMIN)
    subject = make_user()
    make_entry(admin, '=HYPERLINK("https://evil.example","click")', subject, at=_day(1, 1),
               changes={"is_active": (True, False)})
    make_entry(None, "user.created", subject, at=_day(1, 2))
    make_entry(admin, "elsewhere", admin, at=_day(1, 3))

    rows = _csv_rows(client.get(f"/audit.csv?subject_type=user_account&subject_id={subject.id}"))

    assert [row["action"] for row in rows] == ["user.created", '\'=HYPERLINK("https://evil.example","click")']
    assert list(rows[0]) == ["at", "actor_email", "action", "subject_type", "subject_id", "details"]
    assert rows[0]["actor_email"] == "" and rows[1]["actor_email"] == admin.email
    assert rows[1]["subject_type"] == "user_account" and rows[1]["subject_id"] == str(subject.id)
    assert json.loads(rows[1]["details"]) == {"changes": {"is_active": [True, False]}}
    assert datetime.fromisoformat(rows[1]["at"]) == _day(1, 1)


def test_page_links_to_the_csv_with_the_same_filters(client, login, make_user, make_entry):
    admin = login(Role.ADMIN)
    make_entry(admin, "thing.done", make_user())

    html = client.get(f"/audit?actor={admin.id}&since=2025-01-01").get_data(as_text=True)

    assert f"/audit.csv?actor={admin.id}&amp;since=2025-01-01" in html


@pytest.mark.parametrize("role", [Role.LEAD, Role.COORDINATOR, Role.TRAINER])
@pytest.mark.parametrize("url", ["/audit", "/audit.csv"])
def test_only_administrators_may_read_the_trail(client, login, role, url):
    login(role)

    assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get("/audit").status_code in (302, 401)


@pytest.mark.parametrize("query", [
    "subject_id=99999999999999999999999", "subject_id=9223372036854775808", "subject_id=-1", "subject_id=0",
    "subject_id=1e3", "subject_id=١٢", "since=notadate", "until=2025-13-01", "since=2025-03-01&until=2025-02-01",
    "actor=abc", "actor=99999999999999999999999", "actor=424242", "subject_type=x'%20OR%201=1--",
    "subject_type=" + "a" * 41,
])
@pytest.mark.parametrize("url", ["/audit", "/audit.csv"])
def test_malformed_filters_are_a_bad_request(client, login, url, query):
    login(Role.ADMIN)

    response = client.get(f"{url}?{query}")

    assert response.status_code == 400


@pytest.mark.parametrize("page", ["99999999999999999999", "922337203685477580", "0", "two"])
def test_malformed_page_numbers_are_a_bad_request(client, login, page):
    login(Role.ADMIN)

    assert client.get(f"/audit?page={page}").status_code == 400


def test_a_bad_filter_is_explained(client, login):
    login(Role.ADMIN)

    html = client.get("/audit?since=notadate").get_data(as_text=True)

    assert "YYYY-MM-DD" in html and "notadate" in html


def test_navigation_offers_the_trail_to_administrators_only(app, client, login):
    login(Role.COORDINATOR)
    assert "Audit trail" not in client.get("/workshops").get_data(as_text=True)
    client.post("/logout")
    login(Role.ADMIN)
    assert "Audit trail" in client.get("/workshops").get_data(as_text=True)


@pytest.mark.parametrize(("role", "shown"), [(Role.ADMIN, True), (Role.LEAD, False), (Role.TRAINER, False)])
def test_history_link_only_for_administrators(app, make_user, role, shown):
    user = make_user(role)
    template = ('{% from "audit/_history_link.html" import history_link with context %}'
                '{{ history_link("workshop", 7) }}')
    with app.test_request_context():
        login_user(db.session.get(User, user.id))
        html = render_template_string(template)

    assert ("/audit?subject_type=workshop&amp;subject_id=7" in html) is shown


def _entry_id(make_user, make_entry) -> int:
    subject = make_user()
    return make_entry(None, "thing.done", subject, key="value")


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET action = 'rewritten'",
    "UPDATE audit_entry SET details = '{}'",
    "DELETE FROM audit_entry",
])
def test_the_database_refuses_to_rewrite_an_entry(app, make_user, make_entry, statement):
    entry_id = _entry_id(make_user, make_entry)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()

        entry = db.session.get(AuditEntry, entry_id)
        assert (entry.action, entry.details) == ("thing.done", {"key": "value"})


def test_the_orm_cannot_edit_or_delete_an_entry_either(app, make_user, make_entry):
    entry_id = _entry_id(make_user, make_entry)
    with app.app_context():
        db.session.get(AuditEntry, entry_id).action = "rewritten"
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.flush()
        db.session.rollback()

        db.session.delete(db.session.get(AuditEntry, entry_id))
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.flush()
        db.session.rollback()

        assert db.session.scalars(select(AuditEntry.action)).all() == ["thing.done"]


def test_postgresql_refuses_truncate_too(app, make_user, make_entry):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("TRUNCATE exists only on PostgreSQL")
    _entry_id(make_user, make_entry)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text("TRUNCATE audit_entry CASCADE"))
        db.session.rollback()
