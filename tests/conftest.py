"""Fixtures: a fresh app and schema per test, on SQLite in memory or on TEST_DATABASE_URL (PostgreSQL in CI)."""
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from datetime import date
from itertools import count

import catalogs
import pytest
from flask import has_app_context
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from werkzeug.routing import Rule
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from workshops import create_app, jobs
from workshops.audit.models import DATA_VERSION_ROW
from workshops.auth.models import Role, User
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.training import services as training_services
from workshops.training.attendance import refresh_completion
from workshops.training.models import AttendanceStatus, Enrolment, Language, Theme, WorkshopKind

PASSWORD = "correct horse battery"
#: Hashed once: scrypt is slow on purpose, and hundreds of test users share one password.
PASSWORD_HASH = generate_password_hash(PASSWORD)
#: The pytest-xdist worker this process is ("gw0", "gw1", ...: `make test` runs two), or "" in a run of one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def for_this_worker(url: str) -> str:
    """Each xdist worker its own PostgreSQL database (test: test_gw0, test_gw1), since every test empties it and
    the migration tests drop its schema; SQLite in memory is a database per app already."""
    if not (WORKER and url.startswith("postgresql")):
        return url
    url = make_url(url)
    return url.set(database=f"{url.database}_{WORKER}").render_as_string(hide_password=False)


DATABASE_URL = for_this_worker(os.environ.get("TEST_DATABASE_URL", "sqlite://"))
#: Mail the tests cause without a server of their own lands here, never in the developer's instance/outbox.
TEST_OUTBOX = tempfile.mkdtemp(prefix="workshops-test-outbox-")


@pytest.fixture(scope="session", autouse=True)
def worker_database():
    """Creates this worker's PostgreSQL database, if missing, from the server's `postgres` database."""
    if not (WORKER and DATABASE_URL.startswith("postgresql")):
        return
    url = make_url(DATABASE_URL)
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        if connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}) is None:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()


def _compile_each_route_once() -> None:
    """Werkzeug compiles two Python functions (ast, compile, exec) for each of the app's hundred routes whenever an
    app is made, and the tests make one per test: that was most of create_app's time. The code it generates
    depends only on the rule's parsed parts, the names of its defaults and append_unknown, so the tests keep it by
    those; a rule whose default fills one of its own variables (the code then holds the converted value) is
    compiled every time, as without this."""
    compile_builder = Rule._compile_builder
    compiled = {}

    def once(rule: Rule, append_unknown: bool = True):
        defaults = rule.defaults or {}
        if any(is_dynamic and part in defaults for is_dynamic, part in rule._trace):
            return compile_builder(rule, append_unknown)
        key = (rule.rule, tuple(rule._trace), tuple(defaults), append_unknown)
        if key not in compiled:
            compiled[key] = compile_builder(rule, append_unknown)
        return compiled[key]

    Rule._compile_builder = once


_compile_each_route_once()


def pytest_sessionstart(session):
    """A run that did not go through `make install-test` still reads compiled catalogs (see tests/catalogs.py)."""
    catalogs.compile_stale()


def settings_for_tests(**overrides) -> dict:
    settings = {"TESTING": True, "SECRET_KEY": "test", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                "MAIL_OUTBOX": TEST_OUTBOX, "PAGE_CACHE_SECONDS": 0,
                "SQLALCHEMY_DATABASE_URI": DATABASE_URL, "PUBLIC_BASE_URL": "https://workshops.example.org"}
    if DATABASE_URL.startswith("sqlite"):
        # One shared in-memory database for every connection of the test.
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    return {**settings, **overrides}


@pytest.fixture
def app_settings() -> dict:
    """Override in a test module to change settings (CSRF on, rate limits on)."""
    return {}


@pytest.fixture
def app(app_settings):
    with fresh_app(**app_settings) as app:
        yield app


@contextmanager
def fresh_app(**settings):
    """An app on an empty schema, put away afterwards: one per test (`app`), or one that a module's browser
    journeys share (tests/browser/test_journeys.py)."""
    app = create_app(settings_for_tests(**settings))
    with app.app_context():
        _empty_schema()
    yield app
    jobs.wait_for_threads()
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name != "postgresql" and not _in_memory(db.engine):
            db.drop_all()
        db.engine.dispose()  # an in-memory database goes with its connection


def _empty_schema() -> None:
    """The schema with no rows. SQLite in memory gets a copy of a schema built once (`_copy_sqlite_schema`), a
    SQLite file builds it anew; PostgreSQL keeps it between tests and empties it
    with one TRUNCATE, a tenth of the time of dropping and creating 35 tables, and builds it again only when it
    differs from the models (the first test, or after a migration test dropped it). Triggers are off for the
    TRUNCATE only, for the audit trail's guard refuses it, as it should everywhere else."""
    if _in_memory(db.engine):
        _copy_sqlite_schema()
        return
    if db.engine.dialect.name != "postgresql" or set(inspect(db.engine).get_table_names()) != set(db.metadata.tables):
        db.drop_all()
        db.create_all()
        return
    tables = ", ".join(f'"{name}"' for name in db.metadata.tables)
    with db.engine.begin() as connection:
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        connection.execute(text(DATA_VERSION_ROW))


def _in_memory(engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")


#: The schema built by create_all in a SQLite database in memory, once per process (`_copy_sqlite_schema`).
_sqlite_schema = {}


def _copy_sqlite_schema() -> None:
    """The app's new in-memory database becomes a page-for-page copy (SQLite's backup API) of one that create_all
    built once: the same tables, indexes, triggers and data version row, in a millisecond where create_all took a
    third of a second in each of the suite's 1,600 tests. Built again if the models' tables ever differ."""
    tables = frozenset(db.metadata.tables)
    if _sqlite_schema.get("tables") != tables:
        engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        db.metadata.create_all(engine)
        _sqlite_schema.update(tables=tables, engine=engine)
    with _sqlite_schema["engine"].connect() as source, db.engine.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """An app context for tests that call services directly."""
    with app.app_context():
        yield db.session


@contextmanager
def within(app):
    """Use the test's app context if one is open (service tests); otherwise a short one, as a request would."""
    if has_app_context():
        yield
    else:
        with app.app_context():
            yield


def _saved(instance):
    db.session.add(instance)
    db.session.commit()
    db.session.refresh(instance)
    return instance


_sequence = count(1)


@pytest.fixture
def make_user(app):
    def make(role: Role = Role.TRAINER, **overrides) -> User:
        with within(app):
            number = next(_sequence)
            user = User(**{"email": f"{role.value}{number}@example.org", "full_name": f"{role.value.title()} {number}",
                           "role": role, **overrides})
            user.password_hash = PASSWORD_HASH
            return _saved(user)
    return make


@pytest.fixture
def make_project(app):
    def make(**overrides) -> Project:
        with within(app):
            return _saved(Project(**{"title": f"Project {next(_sequence)}", "donors": ["Netherlands"],
                                     "implementing_partners": ["CCCPA"], "starts_on": date(2024, 12, 1),
                                     "ends_on": date(2026, 11, 30), "budget_usd": "1120693.41",
                                     "target_groups": ["Frontline officers"], **overrides}))
    return make


@pytest.fixture
def make_objective(app, make_project):
    def make(project: Project | None = None, **overrides) -> Objective:
        with within(app):
            project_id = project.id if project else make_project().id
            return _saved(Objective(**{"project_id": project_id, "number": next(_sequence),
                                       "title": "Specialised trainings", **overrides}))
    return make


@pytest.fixture
def make_workshop(app, make_objective):
    """A workshop made through the service, so its sessions follow from its dates as in the app."""
    def make(objective: Objective | None = None, trainers=(), **overrides):
        with within(app):
            objective_id = objective.id if objective else make_objective().id
            details = training_services.WorkshopDetails(**{
                "objective_id": objective_id, "title": "Investigating trafficking in persons",
                "kind": WorkshopKind.NATIONAL, "theme": Theme.TIP, "starts_on": date(2025, 3, 3),
                "ends_on": date(2025, 3, 7), "city": "Cairo", "country_code": "EG", "language": Language.ENGLISH,
                "trainer_ids": tuple(trainer.id for trainer in trainers), **overrides})
            workshop = training_services.create_workshop(details, actor_id=None)
            db.session.commit()
            db.session.refresh(workshop)
            return workshop
    return make


@pytest.fixture
def make_participant(app):
    def make(**overrides) -> Participant:
        with within(app):
            number = next(_sequence)
            return _saved(Participant(**{"given_name": "Amina", "family_name": f"Haddad{number}", "sex": Sex.FEMALE,
                                         "country_code": "EG", "agency": "Public Prosecution",
                                         "role_category": RoleCategory.PROSECUTOR,
                                         "email": f"person{number}@example.org", **overrides}))
    return make


@pytest.fixture
def enrol(app):
    """Enrol people and mark their attendance: attended=N marks the first N sessions present, the rest absent."""
    def make(workshop, participant, attended: int | None = None, status=AttendanceStatus.PRESENT) -> Enrolment:
        with within(app):
            enrolment = Enrolment(workshop_id=workshop.id, participant_id=participant.id)
            db.session.add(enrolment)
            db.session.flush()
            if attended is not None:
                mark_attendance(workshop, enrolment, attended, status)
            db.session.commit()
            db.session.refresh(enrolment)
            return enrolment
    return make


def mark_attendance(workshop, enrolment, attended: int, status=AttendanceStatus.PRESENT) -> None:
    from workshops.training.models import Attendance, Workshop

    workshop = db.session.get(Workshop, workshop.id)
    for position, session in enumerate(workshop.sessions):
        mark = status if position < attended else AttendanceStatus.ABSENT
        db.session.add(Attendance(enrolment_id=enrolment.id, session_id=session.id, status=mark))
    db.session.flush()
    refresh_completion(workshop)


def assign_projects(app, user, projects=None) -> None:
    """Assign a lead or coordinator to these projects (default: every project recorded so far)."""
    from sqlalchemy import select

    from workshops.access.services import assign

    with within(app):
        project_ids = ([project.id for project in projects] if projects is not None
                       else db.session.scalars(select(Project.id)).all())
        for project_id in project_ids:
            assign(user.id, project_id, actor_id=None)
        db.session.commit()


@pytest.fixture
def login(app, client, make_user):
    """Log in through the real form as a new user of that role; returns the user.

    A lead or coordinator is assigned to `projects`, by default to every project recorded so far, so that
    tests about something else see what they made; the scope tests pass the projects they mean.
    """
    def do(role: Role = Role.ADMIN, projects=None, **overrides) -> User:
        user = make_user(role, **overrides)
        if role in (Role.LEAD, Role.COORDINATOR):
            assign_projects(app, user, projects)
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 303, response.data
        return user
    return do


@pytest.fixture
def count_queries(app):
    """A context manager collecting every SQL statement the app's engine runs inside it."""
    @contextmanager
    def counting():
        statements = []

        def count(_connection, _cursor, statement, *_args):
            statements.append(statement)

        with within(app):
            engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return counting


#: The columns of the participant sheets the import tests write.
SHEET_HEADER = "given_name,family_name,sex,country,agency,role_category,email"


@pytest.fixture
def sheet_file(tmp_path):
    """Write a CSV participant sheet of these lines under SHEET_HEADER; returns its path."""
    def write(*lines: str) -> str:
        path = tmp_path / "participants.csv"
        path.write_text("\n".join([SHEET_HEADER, *lines]), encoding="utf-8")
        return str(path)
    return write


#: Debian's chromium, which the browser tests (marked `browser`) drive through Playwright.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: What a browser test module marks itself with: skipped where chromium is missing.
BROWSER_TESTS = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                                         reason="needs Debian's chromium (apt-get install chromium)")]


def live_settings(tmp_path) -> dict:
    """A browser test module's `app_settings`: CSRF on, as in production; a database file on SQLite, since the
    live server answers from its own threads."""
    settings = {"WTF_CSRF_ENABLED": True}
    if "TEST_DATABASE_URL" not in os.environ:
        settings |= {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.sqlite'}",
                     "SQLALCHEMY_ENGINE_OPTIONS": {}}
    return settings


@pytest.fixture
def live_server(app):
    with serving(app) as url:
        yield url


@contextmanager
def serving(app):
    """The app answering on a free local port, for one test (`live_server`) or a module's shared browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # Requests still running when the test ends (a page polling its progress) finish before the database goes:
    # server_close() then joins their threads, and no connection is left checked out of a disposed pool.
    server.daemon_threads, server.block_on_close = False, True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def browser():
    """A headless chromium; `new_page(browser)` opens a page in a context of its own (a person at a desk)."""
    with chromium() as browser:
        yield browser


@contextmanager
def chromium():
    """Debian's chromium, headless, for one test (`browser`) or a module's shared browser tests; any script error
    or content security policy violation a page of it saw (see `new_page`) fails the test at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        browser.problems = []
        yield browser
        browser.close()
    assert not browser.problems, browser.problems


def new_page(browser):
    """A page whose script errors and content security policy violations fail the test (see `browser`)."""
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            browser.problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser.problems.append(f"{page.url}: {error}"))
    return page


@pytest.fixture
def page(browser):
    """A browser page; the test fails on any script error or content security policy violation it saw."""
    return new_page(browser)


def log_in(page, live_server: str, user) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server}/")


#: Where the migration tests build their schema on PostgreSQL (CI), when the suite runs there.
MIGRATION_POSTGRES = DATABASE_URL if DATABASE_URL.startswith("postgresql") else ""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not MIGRATION_POSTGRES.startswith("postgresql"), reason="TEST_DATABASE_URL is not PostgreSQL"))])
def empty_database(request, tmp_path):
    """An empty database for migrations to build: a SQLite file, or the PostgreSQL test database emptied."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": MIGRATION_POSTGRES})
    with app.app_context():
        # Empty means empty: other tools' tables in the test database would show up as differences.
        db.session.execute(db.text("DROP SCHEMA public CASCADE"))
        db.session.execute(db.text("CREATE SCHEMA public"))
        db.session.commit()
        db.engine.dispose()
    yield MIGRATION_POSTGRES
