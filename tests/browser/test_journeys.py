"""Four people's days in a real browser (Debian's chromium, driven by Playwright), once in English and once in
Arabic: a coordinator sets up a workshop and names its trainer (trainers may run a workshop, not create one); the
trainer registers people, imports a sheet, marks attendance and enters test scores; the coordinator closes the
workshop, issues the certificates and downloads them; anyone checks a certificate from the link printed on it;
the project lead reads the totals and downloads them.

Elements are found by form field names and URLs, never by English words, so that the Arabic run is the same test.
One app and its seed serve both runs; each run has its own workshop in its own host country, which keeps their
totals apart. A screenshot of each step lands in $JOURNEY_SCREENSHOTS (else a temporary directory, printed).
"""
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import BROWSER_TESTS, PASSWORD, assign_projects, fresh_app, live_settings, new_page
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from workshops.auth.models import Role, User
from workshops.countries import country_name
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective, Project
from workshops.training.models import Enrolment

pytestmark = BROWSER_TESTS

#: The app's today, so that the workshop below has happened, can be closed, and looks the same in every screenshot.
TODAY = date(2025, 6, 20)
STARTS, ENDS = date(2025, 6, 16), date(2025, 6, 17)  # two full-day sessions
#: Six logins through the form: a hash quicker to check than the app's scrypt, which takes most of a second on a
#: busy machine. The form and the check are the same.
QUICK_HASH = generate_password_hash(PASSWORD, "pbkdf2:sha256:1000")


@dataclass(frozen=True)
class Person:
    given: str
    family: str
    sex: str
    country: str
    agency: str
    role: str

    @property
    def email(self) -> str:
        return f"{self.given}.{self.family}@example.org".lower()

    def sheet_line(self) -> str:
        return ",".join((self.given, self.family, self.sex, self.country, self.agency, self.role, self.email))


@dataclass(frozen=True)
class Journey:
    language: str
    host: str
    city: str
    #: Registered one by one through the form.
    registered: tuple[Person, Person]
    #: Imported from a sheet; the last of them misses the second day and does not complete.
    imported: tuple[Person, Person]

    @property
    def completers(self) -> tuple[Person, ...]:
        return (*self.registered, *self.imported[:-1])


JOURNEYS = [
    Journey("en", "EG", "Cairo",
            (Person("Amina", "Haddad", "F", "EG", "Public Prosecution", "prosecutor"),
             Person("Omar", "Farouk", "M", "EG", "Ministry of Interior", "law_enforcement")),
            (Person("Hélène", "Benali", "F", "MA", "DGSN", "law_enforcement"),
             Person("Karim", "Mansour", "M", "JO", "Public Security Directorate", "frontline"))),
    Journey("ar", "JO", "Amman",
            (Person("Layla", "Nasser", "F", "JO", "Public Security Directorate", "law_enforcement"),
             Person("Youssef", "Khalil", "M", "JO", "Ministry of Justice", "judge")),
            (Person("Salma", "Darwish", "F", "LB", "Internal Security Forces", "law_enforcement"),
             Person("Tarek", "Aziz", "M", "IQ", "Ministry of Interior", "frontline"))),
]

#: A desktop window, tall enough for most pages to be captured whole without scrolling.
WINDOW = {"width": 1280, "height": 2000}
#: Where the page's content ends (the document itself is never shorter than the window).
CONTENT_HEIGHT = "Math.ceil(Math.max(...Array.from(document.body.children, e => e.getBoundingClientRect().bottom)))"
SHEET_HEADER = "given_name,family_name,sex,country,agency,role_category,email"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """One app for the module's journeys, instead of the suite's one per test: setting up is the slow part."""
    with fresh_app(**live_settings(tmp_path_factory.mktemp("journeys-db")), TODAY=TODAY) as app:
        yield app


@pytest.fixture(scope="module")
def cast(app) -> dict:
    """A project with one objective; its lead and coordinator assigned to it; a trainer. Ids and emails only."""
    with app.app_context():
        project = Project(title="Counter-trafficking capacity building", donors=["Netherlands"],
                          implementing_partners=["CCCPA"], starts_on=date(2024, 12, 1), ends_on=date(2026, 11, 30),
                          budget_usd="1120693.41", target_groups=["Frontline officers"])
        db.session.add(project)
        db.session.flush()
        objective = Objective(project_id=project.id, number=1, title="Specialised trainings")
        people = {role: User(email=f"{role.value}@example.org", full_name=name, role=role,
                             password_hash=QUICK_HASH)
                  for role, name in ((Role.COORDINATOR, "Nadia Coordinator"), (Role.TRAINER, "Samir Trainer"),
                                     (Role.LEAD, "Lina Lead"))}
        db.session.add_all([objective, *people.values()])
        db.session.commit()
        for role in (Role.COORDINATOR, Role.LEAD):
            assign_projects(app, people[role], [project])
        return {"objective": objective.id, **{role: (user.id, user.email) for role, user in people.items()}}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    chosen = os.environ.get("JOURNEY_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("journeys")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Desk:
    """One person at one browser: their own context, the language chosen on the first page, each step a
    numbered screenshot."""

    def __init__(self, browser, live_server: str, language: str, folder: Path, who: str):
        self.page, self.live, self.language, self.folder, self.who = new_page(browser), live_server, language, \
            folder, who
        self.page.set_viewport_size(WINDOW)

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.live}{path}")
        assert response.status == 200, (response.status, path)

    def start(self, path: str) -> None:
        """The first page of the context, with ?lang=: the session's language from then on."""
        self.open(f"{path}{'&' if '?' in path else '?'}lang={self.language}")
        self.check_direction()

    def check_direction(self) -> None:
        expected = "rtl" if self.language == "ar" else "ltr"
        assert self.page.locator("html").get_attribute("dir") == expected, self.page.url
        assert self.page.locator("html").get_attribute("lang") == self.language, self.page.url

    def shot(self, step: str) -> None:
        """The whole page: cut from the tall window when it fits, several times quicker than a full-page capture."""
        path = str(self.folder / f"{self.language}-{self.who}-{step}.png")
        height = self.page.evaluate(CONTENT_HEIGHT)
        if height <= WINDOW["height"]:
            self.page.screenshot(path=path, clip={"x": 0, "y": 0, "width": WINDOW["width"], "height": height})
        else:
            self.page.screenshot(path=path, full_page=True)

    def submit(self, form: str) -> None:
        """Press the submit button of the form matched by this selector and wait for the page that answers."""
        with self.page.expect_navigation() as answer:
            self.page.locator(form).locator("button[type=submit]").first.click()
        assert answer.value.status == 200, (answer.value.status, self.page.url)
        assert self.page.locator(".is-invalid").count() == 0, self.page.locator(".invalid-feedback").all_inner_texts()
        assert self.page.locator(".alert-danger").count() == 0, self.page.locator(".alert-danger").all_inner_texts()

    def log_in(self, email: str) -> None:
        self.start("/login")
        self.page.locator("input[name=email]").fill(email)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.submit("main form[method=post]")
        assert self.page.url == f"{self.live}/"
        self.check_direction()

    def download(self, link: str, folder: Path) -> bytes:
        """Click the link matched by this selector; the file it downloads, as bytes."""
        with self.page.expect_download() as event:
            self.page.locator(link).first.click()
        target = folder / f"{self.language}-{event.value.suggested_filename}"
        event.value.save_as(target)
        return target.read_bytes()


@pytest.mark.parametrize("journey", JOURNEYS, ids=[journey.language for journey in JOURNEYS])
def test_a_workshop_from_set_up_to_donor_totals(app, cast, live_server, browser, screenshots, journey, capsys):
    with capsys.disabled():
        print(f"\njourney screenshots ({journey.language}): {screenshots}")
    coordinator = Desk(browser, live_server, journey.language, screenshots, "1-coordinator")
    coordinator.log_in(cast[Role.COORDINATOR][1])
    workshop = _set_up_workshop(coordinator, cast, journey)

    trainer = Desk(browser, live_server, journey.language, screenshots, "2-trainer")
    trainer.log_in(cast[Role.TRAINER][1])
    _trainers_day(trainer, workshop, journey)
    with app.app_context():
        completed = db.session.scalars(select(Participant.family_name).join(Enrolment).where(
            Enrolment.workshop_id == workshop, Enrolment.is_completed)).all()
    assert sorted(completed) == sorted(person.family for person in journey.completers)

    verify_path = _close_and_certify(coordinator, workshop, journey, screenshots, app.config["PUBLIC_BASE_URL"])

    anyone = Desk(browser, live_server, journey.language, screenshots, "3-anyone")
    anyone.start(verify_path)
    assert anyone.page.locator(".alert-success").count() == 1
    assert verify_path.rsplit("/", 1)[1] in anyone.page.locator(".alert-success").inner_text()
    holder = anyone.page.locator("main dl dd").first.inner_text()
    assert holder in {f"{person.given} {person.family}" for person in journey.completers}
    anyone.shot("01-verified")

    lead = Desk(browser, live_server, journey.language, screenshots, "4-lead")
    lead.log_in(cast[Role.LEAD][1])
    _read_totals(lead, journey, screenshots)


def _set_up_workshop(desk: Desk, cast: dict, journey: Journey) -> int:
    page = desk.page
    desk.shot("01-dashboard")
    desk.open("/workshops/new")
    form = "main form[method=post]"
    page.locator(f"{form} select[name=objective_id]").select_option(str(cast["objective"]))
    page.locator(f"{form} input[name=title]").fill(f"Investigating trafficking in persons ({journey.city})")
    page.locator(f"{form} select[name=kind]").select_option("national")
    page.locator(f"{form} select[name=theme]").select_option("tip")
    page.locator(f"{form} input[name=starts_on]").fill(STARTS.isoformat())
    page.locator(f"{form} input[name=ends_on]").fill(ENDS.isoformat())
    page.locator(f"{form} input[name=city]").fill(journey.city)
    page.locator(f"{form} select[name=country_code]").select_option(journey.host)
    page.locator(f"{form} select[name=language]").select_option(journey.language)
    page.locator(f"{form} input[name=trainer_ids][value='{cast[Role.TRAINER][0]}']").check()
    desk.shot("02-new-workshop")
    desk.submit(form)
    found = re.fullmatch(rf"{re.escape(desk.live)}/workshops/(\d+)", page.url)
    assert found, page.url
    assert page.locator(".alert-success").count() == 1
    desk.shot("03-workshop-created")
    return int(found[1])


def _trainers_day(desk: Desk, workshop: int, journey: Journey) -> None:
    page = desk.page
    desk.shot("01-dashboard")
    desk.open(f"/workshops/{workshop}/participants/add")
    form = f"main form[action='/workshops/{workshop}/participants']"
    for person in journey.registered:
        page.locator(f"{form} input[name=given_name]").fill(person.given)
        page.locator(f"{form} input[name=family_name]").fill(person.family)
        page.locator(f"{form} select[name=sex]").select_option(person.sex)
        page.locator(f"{form} select[name=country_code]").select_option(person.country)
        page.locator(f"{form} input[name=agency]").fill(person.agency)
        page.locator(f"{form} select[name=role_category]").select_option(person.role)
        page.locator(f"{form} input[name=email]").fill(person.email)
        desk.submit(form)
        assert page.url.endswith(f"/workshops/{workshop}/participants/add")
        assert page.locator(".alert-success").count() == 1
    desk.shot("02-registered")

    page.locator(f"main a[href='/workshops/{workshop}/import']").click()
    sheet = "\n".join([SHEET_HEADER, *(person.sheet_line() for person in journey.imported)])
    page.locator("main input[name=sheet]").set_input_files(
        files=[{"name": "participants.csv", "mimeType": "text/csv", "buffer": sheet.encode()}])
    desk.shot("03-import-upload")
    desk.submit("main form[method=post]")
    assert re.search(r"/imports/\d+$", page.url), page.url
    assert page.locator("main tbody tr").count() == len(journey.imported)
    assert page.locator("main tbody tr.table-danger").count() == 0
    desk.shot("04-import-preview")
    desk.submit("main form[action$='/confirm']")
    assert page.url.endswith(f"/workshops/{workshop}")
    listed = {link.get_attribute("href") for link in page.locator("main td a[href^='/participants/']").all()}
    assert len(listed) == 4
    desk.shot("05-workshop-list")

    desk.open(f"/workshops/{workshop}/attendance")
    absent = journey.imported[-1]
    rows = page.locator("main table[data-attendance-grid] tbody tr")
    assert rows.count() == 4
    for row in rows.all():
        missed = f"{absent.given} {absent.family}" in row.locator("th").inner_text()
        marks = row.locator("select")
        assert marks.count() == 2
        marks.nth(0).select_option("present")
        marks.nth(1).select_option("absent" if missed else "present")
    desk.shot("06-attendance-marked")
    desk.submit("main form[method=post]")
    desk.shot("07-attendance-saved")

    desk.open(f"/workshops/{workshop}/scores")
    for number, row in enumerate(page.locator("main table tbody tr").all()):
        row.locator("input[name^=pre-]").fill(str(40 + number))
        row.locator("input[name^=post-]").fill(str(75 + number))
    desk.shot("08-scores-entered")
    desk.submit("main form[method=post]")
    assert page.locator("main input[name^=post-]").first.input_value() == "75"
    desk.shot("09-scores-saved")


def _close_and_certify(desk: Desk, workshop: int, journey: Journey, folder: Path, public_base: str) -> str:
    """The coordinator's part after the workshop; the path of the verification link printed on a certificate (on
    the public address, which the live server is not)."""
    page = desk.page
    desk.open(f"/workshops/{workshop}/close")
    desk.shot("04-close-checklist")  # no signed sign-in sheets were uploaded: closed with that accepted
    page.locator("main input[name=confirm]").check()
    desk.submit("main form[method=post]")
    assert page.url.endswith(f"/workshops/{workshop}")
    desk.submit(f"main form[action='/workshops/{workshop}/certificates']")
    serials = page.locator("main a[href^='/certificates/']")
    assert serials.count() == len(journey.completers)
    desk.shot("05-certificates-issued")

    merged = desk.download(f"main a[href='/workshops/{workshop}/certificates.pdf']", folder)
    assert merged.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(merged)).pages) == len(journey.completers)
    bundle = zipfile.ZipFile(io.BytesIO(desk.download(f"main a[href='/workshops/{workshop}/certificates.zip']",
                                                      folder)))
    assert len(bundle.namelist()) == len(journey.completers)
    assert all(bundle.read(name).startswith(b"%PDF") for name in bundle.namelist())

    text = PdfReader(io.BytesIO(merged)).pages[0].extract_text()
    link = re.search(r"https?://\S+/verify/[0-9A-Z-]+", text)
    assert link, text
    assert link[0].startswith(f"{public_base}/verify/"), link[0]
    return link[0].removeprefix(public_base)


def _read_totals(desk: Desk, journey: Journey, folder: Path) -> None:
    """Totals for this run's host country: its completers, counted under their own countries."""
    page = desk.page
    desk.open("/reports/totals")
    form = "main form#totals-form"
    page.locator(f"{form} details > summary").click()
    page.locator(f"{form} select[name=host_countries]").select_option(journey.host)
    page.locator(f"{form} input[name=year_from]").fill(str(STARTS.year))
    desk.submit(form)
    assert f"host_countries={journey.host}" in page.url
    expected = _trainees_by_country(journey)
    shown = {row.locator("th").inner_text(): row.locator("td").first.inner_text()
             for row in page.locator("main table.table-totals tbody tr").all()}
    assert shown == {name: str(count) for name, count in expected.items()}
    assert page.locator("main table.table-totals tfoot td").first.inner_text() == str(len(journey.completers))
    desk.shot("01-totals")

    table = desk.download("main a[href*='/reports/totals.csv']", folder).decode("utf-8-sig")
    lines = {row[0]: row[1:] for row in csv.reader(io.StringIO(table)) if row}
    for country, count in expected.items():
        assert lines[country][0] == str(count), (country, lines)
    workbook = load_workbook(io.BytesIO(desk.download("main a[href*='/reports/totals.xlsx']", folder)))
    first = [[cell for cell in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    rows = {row[0]: row[1:] for row in first if row and row[0]}
    for country, count in expected.items():
        assert rows[country][0] == count, (country, first)


def _trainees_by_country(journey: Journey) -> dict[str, int]:
    counted: dict[str, int] = {}
    for person in journey.completers:
        name = country_name(person.country, journey.language)
        counted[name] = counted.get(name, 0) + 1
    return counted
