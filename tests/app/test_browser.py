"""A coordinator's day in a real browser (Debian's chromium, driven by Playwright), CSRF tokens and all."""
import pytest
from conftest import BROWSER_TESTS, assign_projects, live_settings, log_in

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training.models import Workshop

pytestmark = BROWSER_TESTS


@pytest.fixture
def app_settings(tmp_path):
    return live_settings(tmp_path)


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

    log_in(page, live_server, coordinator)

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
    selects = page.locator("select[name^=mark-]")
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

    page.goto(f"{live_server}/reports/totals")
    rows = {row.locator("th").inner_text().split()[0]: row.locator("td").first.inner_text()
            for row in page.locator("tbody tr").all()}
    assert rows == {"Egypt": "1", "Jordan": "1", "Morocco": "1"}


def test_whole_session_in_one_click_and_cells_from_the_keyboard(app, live_server, page, make_user, make_workshop,
                                                                make_participant, enrol):
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()
    assign_projects(app, coordinator)
    people = [enrol(workshop, make_participant(given_name=given, family_name="Mansour")) for given in ("Amina", "Omar")]
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server}/workshops/{workshop.id}/attendance")

    page.get_by_role("button", name="All present").first.click()
    page.locator("tbody tr").nth(0).locator("select").nth(1).focus()
    page.keyboard.type("plae")                      # Amina: days 2-5, moving right after each mark
    page.locator("tbody tr").nth(1).locator("select").nth(1).focus()
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
    log_in(page, live_server, coordinator)

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
    page.goto(f"{live_server}/reports/totals")
    assert page.locator("tbody tr").first.locator("td").first.inner_text() == "2"

    page.goto(f"{live_server}/participants/{officer.id}")
    page.get_by_role("link", name="Merge a duplicate").click()
    page.get_by_role("link", name="Compare").first.click()
    page.screenshot(path=str(tmp_path / "merge.png"), full_page=True)
    page.get_by_role("button", name="Merge Muhammad Elsayed into Mohamed El-Sayed").click()
    page.get_by_text("Records merged. Workshops moved: 1; workshops combined: 0.").wait_for()
    page.goto(f"{live_server}/reports/totals")
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
    log_in(page, live_server, coordinator)
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
