"""A coordinator's day in a real browser (Debian's chromium, driven by Playwright), CSRF tokens and all."""
import os
import shutil
import threading

import pytest
from conftest import PASSWORD, assign_projects
from werkzeug.serving import make_server

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training.models import Workshop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not os.path.exists(CHROMIUM),
                                                      reason="needs Debian's chromium (apt-get install chromium)")]


@pytest.fixture
def app_settings(tmp_path):
    """CSRF on, as in production; a database file, since the server answers from its own threads."""
    settings = {"WTF_CSRF_ENABLED": True}
    if "TEST_DATABASE_URL" not in os.environ:
        settings |= {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'browser.sqlite'}",
                     "SQLALCHEMY_ENGINE_OPTIONS": {}}
    return settings


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def page():
    """A browser page; the test fails on any script error or content security policy violation it saw."""
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()

        def on_console(message) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                problems.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        yield page
        context.close()
        browser.close()
    assert not problems, problems


def _log_in(page, live_server: str, user) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server}/")


def _register(page, given: str, family: str, sex: str, country: str, agency: str) -> None:
    """Fill the new-person form of the "Add participants" page with a law enforcement officer."""
    page.get_by_label("Given name").fill(given)
    page.get_by_label("Family name").fill(family)
    page.get_by_label("Sex").select_option(label=sex)
    page.get_by_label("Country", exact=True).select_option(label=country)
    page.get_by_label("Agency or institution").fill(agency)
    page.get_by_label("Role category").select_option(label="Law enforcement")


def test_coordinator_registers_marks_attendance_and_prints_certificates(
        app, live_server, page, make_user, make_workshop, make_participant, enrol, tmp_path):
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()  # five daily sessions in Cairo
    assign_projects(app, coordinator)
    for given in ("Amina", "Omar"):
        enrol(workshop, make_participant(given_name=given, family_name="Haddad", country_code="EG"))
    make_participant(given_name="Leila", family_name="Khalil", country_code="JO", agency="Public Security Directorate")

    _log_in(page, live_server, coordinator)

    page.goto(f"{live_server}/workshops/{workshop.id}")
    page.get_by_role("link", name="Add participants").click()
    page.get_by_label("Name, email or agency").fill("khalil security")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add to list", exact=True).click()
    page.get_by_text("Leila Khalil added to the list.").wait_for()

    _register(page, "Hélène", "Benali-Çelik", "Female", "Morocco", "Direction Générale de la Sûreté Nationale")
    page.get_by_label("Email", exact=True).fill("h.benali@example.org")
    page.get_by_role("button", name="Register and add to list").click()
    page.get_by_text("Hélène Benali-Çelik registered and added to the list.").wait_for()

    page.goto(f"{live_server}/workshops/{workshop.id}/attendance")
    selects = page.locator("select[id^=mark-]")
    assert selects.count() == 4 * 5
    with app.app_context():
        sessions = [session.id for session in db.session.get(Workshop, workshop.id).sessions]
    for index in range(selects.count()):
        select = selects.nth(index)
        absent = "Omar" in page.locator("tbody tr").nth(index // 5).inner_text() and index % 5 < 2
        select.select_option("absent" if absent else "present")
    page.screenshot(path=str(tmp_path / "attendance.png"), full_page=True)
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance saved: 20 marks changed.").wait_for()
    assert len(sessions) == 5

    page.goto(f"{live_server}/workshops/{workshop.id}")
    assert "3 completed" in page.locator("h2").first.inner_text()
    page.get_by_role("button", name="Issue certificates to completers").click()
    page.get_by_text("3 certificates issued.").wait_for()
    page.screenshot(path=str(tmp_path / "workshop.png"), full_page=True)
    pdf_link = page.get_by_role("link", name="All certificates (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server}{pdf_link}")
    assert response.ok and response.headers["content-type"] == "application/pdf"

    page.goto(f"{live_server}/reports/countries")
    rows = {row.locator("th").inner_text().split()[0]: row.locator("td").first.inner_text()
            for row in page.locator("tbody tr").all()}
    assert rows == {"Egypt": "1", "Jordan": "1", "Morocco": "1"}


def test_whole_session_in_one_click_and_cells_from_the_keyboard(app, live_server, page, make_user, make_workshop,
                                                                make_participant, enrol):
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()
    assign_projects(app, coordinator)
    people = [enrol(workshop, make_participant(given_name=given, family_name="Mansour")) for given in ("Amina", "Omar")]
    _log_in(page, live_server, coordinator)
    page.goto(f"{live_server}/workshops/{workshop.id}/attendance")

    page.get_by_role("button", name="All present").first.click()
    page.locator('select[data-row="0"][data-column="1"]').focus()
    page.keyboard.type("plae")                      # Amina: days 2-5, moving right after each mark
    page.locator('select[data-row="1"][data-column="1"]').focus()
    page.keyboard.type("aa")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Delete")                   # clears Omar's day 3 again
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance saved").wait_for()

    with app.app_context():
        from workshops.training.attendance import attendance_grid

        grid = attendance_grid(db.session.get(Workshop, workshop.id))
        sessions = [session.id for session in grid.sessions]
        amina = [grid.marks.get((people[0].id, session)) for session in sessions]
        omar = [grid.marks.get((people[1].id, session)) for session in sessions]
    assert [mark.value if mark else None for mark in amina] == ["present", "present", "late", "absent", "excused"]
    assert [mark.value if mark else None for mark in omar] == ["present", "absent", None, None, None]


def test_a_namesake_is_flagged_then_merged_and_counted_once(app, live_server, page, make_user, make_workshop,
                                                            make_participant, enrol, tmp_path):
    from workshops.people.models import Sex

    coordinator = make_user(Role.COORDINATOR)
    earlier, workshop = make_workshop(), make_workshop()
    assign_projects(app, coordinator)
    officer = make_participant(given_name="Mohamed", family_name="El-Sayed", sex=Sex.MALE, country_code="EG",
                               agency="Ministry of Interior", email=None)
    enrol(earlier, officer, attended=5)
    _log_in(page, live_server, coordinator)

    page.goto(f"{live_server}/workshops/{workshop.id}/participants/add")
    _register(page, "Muhammad", "Elsayed", "Male", "Egypt", "Interior Ministry")
    page.get_by_role("button", name="Register and add to list").click()
    page.get_by_text("Already in the registry under this name").wait_for()
    assert "likely the same person" in page.locator(".alert-warning").inner_text()
    page.screenshot(path=str(tmp_path / "namesake.png"), full_page=True)
    page.get_by_label("None of these people: register a new person").check()
    page.get_by_role("button", name="Register and add to list").click()
    page.get_by_text("Muhammad Elsayed registered and added to the list.").wait_for()

    page.goto(f"{live_server}/workshops/{workshop.id}/attendance")
    for button in page.get_by_role("button", name="All present").all():
        button.click()
    page.get_by_role("button", name="Save attendance").click()
    page.get_by_text("Attendance saved").wait_for()
    page.goto(f"{live_server}/reports/countries")
    assert page.locator("tbody tr").first.locator("td").first.inner_text() == "2"

    page.goto(f"{live_server}/participants/{officer.id}")
    page.get_by_role("link", name="Merge a duplicate").click()
    page.get_by_role("link", name="Compare").first.click()
    page.screenshot(path=str(tmp_path / "merge.png"), full_page=True)
    page.get_by_role("button", name="Merge Muhammad Elsayed into Mohamed El-Sayed").click()
    page.get_by_text("Records merged. Workshops moved: 1; workshops combined: 0.").wait_for()
    page.goto(f"{live_server}/reports/countries")
    cells = page.locator("tbody tr").first.locator("td")
    assert (cells.nth(0).inner_text(), cells.nth(3).inner_text()) == ("1", "2")  # one trainee, two participations


def test_removal_asks_first_and_pages_keep_to_the_content_security_policy(app, live_server, page, make_user,
                                                                          make_workshop, make_participant, enrol):
    """confirm.js asks before a removal (no inline onsubmit); the fixture fails the test on any CSP violation."""
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()
    assign_projects(app, coordinator)
    enrol(workshop, make_participant(given_name="Amina", family_name="Haddad"))
    page.goto(f"{live_server}/verify/NO-SUCH-SERIAL")
    page.goto(f"{live_server}/no/such/page")
    _log_in(page, live_server, coordinator)
    page.goto(f"{live_server}/workshops/{workshop.id}/scores")
    page.goto(f"{live_server}/workshops/{workshop.id}")
    row = page.locator("tbody tr", has_text="Amina Haddad")
    questions = []

    def answer(accept: bool):
        def on_dialog(dialog) -> None:
            questions.append(dialog.message)
            if accept:
                dialog.accept()
            else:
                dialog.dismiss()
        return on_dialog

    page.once("dialog", answer(False))
    row.get_by_role("button", name="Remove").click()
    assert row.count() == 1
    page.once("dialog", answer(True))
    row.get_by_role("button", name="Remove").click()
    page.get_by_text("Taken off the list.").wait_for()
    assert questions == ["Take this person off the list? Their attendance marks go too."] * 2
    assert page.locator("tbody tr", has_text="Amina Haddad").count() == 0
