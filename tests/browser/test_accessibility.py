"""Accessibility in a real browser: axe-core on the main pages in English, French and Arabic, and the keyboard.

axe-core 4.14.1 (tests/browser/vendor/axe-core, MPL-2.0; a test-only asset the app never serves) is put into each
document by the browser itself (an init script), so the pages keep their content security policy as strict as in
production. One seeded database, one server and one chromium serve the whole module.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import (
    BROWSER_TESTS,
    PASSWORD,
    PASSWORD_HASH,
    SHEET_HEADER,
    assign_projects,
    chromium,
    fresh_app,
    live_settings,
    mark_attendance,
    new_page,
    serving,
)

from workshops.auth.models import Role, User
from workshops.certificates import services as certificates
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.training import registration, sheet_import
from workshops.training import services as training
from workshops.training.models import Enrolment, Language, Theme, WorkshopKind

pytestmark = BROWSER_TESTS

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
LANGUAGES = ("en", "fr", "ar")
#: What a page may not have: axe's two worst impacts (the others are reported by axe too, but are advice).
BLOCKING = ("critical", "serious")


@dataclass(frozen=True)
class Site:
    """Where the module's server answers, who logs in, and the records the pages show."""

    url: str
    email: str
    workshop_id: int
    participant_id: int
    serial: str
    token: str
    batch_id: int


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with fresh_app(**live_settings(tmp_path_factory.mktemp("accessibility"))) as app:
        with app.app_context():
            seeded = _seed()
        with serving(app) as url:
            yield Site(url, *seeded)


def _seed() -> tuple:
    """A coordinator's workshop of last March with three people, two of them certified, a sheet waiting for its
    preview, and a registration link open today for an upcoming one."""
    coordinator = User(email="coordinator@example.org", full_name="Nadia Coordinator", role=Role.COORDINATOR,
                       password_hash=PASSWORD_HASH)
    db.session.add(coordinator)
    workshop, upcoming = _workshops(coordinator)
    people = _enrolled(workshop, attended=(5, 5, 2))
    serial = certificates.issue_for_workshop(workshop, actor_id=coordinator.id)[0].serial
    link = registration.open_link(upcoming, date.today() - timedelta(days=1), date.today() + timedelta(days=20),
                                  None, actor_id=coordinator.id)
    sheet = "\n".join([SHEET_HEADER, "Hélène,Benali,F,MA,DGSN,police,h@example.org",
                       "Omar,Farouk,M,EG,Ministry of Interior,judge,omar@example.org", "Nobody,,M,Narnia,X,judge,"])
    batch = sheet_import.keep_upload(workshop, "list.csv", sheet.encode(), actor_id=coordinator.id)
    db.session.commit()
    return coordinator.email, workshop.id, people[0].id, serial, link.token, batch.id


def _workshops(coordinator: User) -> list:
    """Two workshops of the coordinator's project, one held last March and one next month."""
    project = Project(title="Strengthening the framework", donors=["Netherlands"], implementing_partners=["CCCPA"],
                      starts_on=date(2024, 12, 1), ends_on=date.today() + timedelta(days=365), budget_usd="1120693.41",
                      target_groups=["Frontline officers"])
    db.session.add(project)
    db.session.flush()
    objective = Objective(project_id=project.id, number=1, title="Specialised trainings")
    db.session.add(objective)
    db.session.flush()
    assign_projects(None, coordinator, [project])
    return [training.create_workshop(training.WorkshopDetails(
        objective_id=objective.id, title=title, kind=WorkshopKind.NATIONAL, theme=Theme.TIP, starts_on=starts_on,
        ends_on=starts_on + timedelta(days=4), city="Cairo", country_code="EG", language=Language.ENGLISH,
        trainer_ids=()), actor_id=coordinator.id)
        for title, starts_on in (("Investigating trafficking in persons", date(2025, 3, 3)),
                                 ("Protecting victims", date.today() + timedelta(days=30)))]


def _enrolled(workshop, attended: tuple[int, ...]) -> list[Participant]:
    """Three prosecutors on the workshop, present on as many of its five days as `attended` says."""
    people = [Participant(given_name=given, family_name=family, sex=sex, country_code="EG",
                          agency="Public Prosecution", role_category=RoleCategory.PROSECUTOR,
                          email=f"{given.lower()}@example.org")
              for given, family, sex in (("Amina", "Haddad", Sex.FEMALE), ("Omar", "Farouk", Sex.MALE),
                                         ("Leila", "Khalil", Sex.FEMALE))]
    db.session.add_all(people)
    db.session.flush()
    for person, days in zip(people, attended, strict=True):
        enrolment = Enrolment(workshop_id=workshop.id, participant_id=person.id)
        db.session.add(enrolment)
        db.session.flush()
        mark_attendance(workshop, enrolment, days)
    return people


@pytest.fixture(scope="module")
def browser():
    """One chromium for the module (conftest's `browser` is one per test)."""
    with chromium() as browser:
        yield browser


def _page(browser):
    """A page (see conftest.new_page) into whose every document axe-core is loaded before the page's own scripts."""
    page = new_page(browser)
    page.context.add_init_script(AXE)
    return page


def _axe(page, where: str) -> list[str]:
    """The serious and critical violations axe-core finds in the page as it is now, one line each."""
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [f"{where}: {violation['impact']} {violation['id']} ({violation['help']}) at "
            + "; ".join(_node(node) for node in violation["nodes"][:5])
            for violation in violations if violation["impact"] in BLOCKING]


def _node(node: dict) -> str:
    """Where a violation is, and for a contrast failure the colours and their ratio."""
    data = next((check["data"] for check in node["any"] if isinstance(check.get("data"), dict)), {})
    colours = f" {data['fgColor']} on {data['bgColor']}, {data['contrastRatio']}:1" if "contrastRatio" in data else ""
    return " ".join(node["target"]) + colours


def _open(page, site: Site, path: str, language: str) -> None:
    response = page.goto(f"{site.url}{path}?lang={language}")
    assert response.ok, (path, response.status)
    assert page.locator("html").get_attribute("lang") == language, path
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), path


def _send(page) -> None:
    """Send the page's form (not the header's language or logout form) and wait for the answer."""
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def test_main_pages_have_no_serious_violations_in_three_languages(site, browser):
    """Each page as shown, and the forms sent back with their errors (the login without a password, the public
    registration sent empty, a participant without a given name)."""
    page, findings = _page(browser), []
    public = (f"/verify/{site.serial}",)
    signed_in = ("/", "/workshops", f"/workshops/{site.workshop_id}", f"/workshops/{site.workshop_id}/attendance",
                 f"/workshops/{site.workshop_id}/scores", f"/imports/{site.batch_id}", "/reports/totals")
    for language in LANGUAGES:
        for path in public:
            _open(page, site, path, language)
            findings += _axe(page, f"{language} {path}")
        _open(page, site, f"/register/{site.token}", language)
        findings += _axe(page, f"{language} registration form")
        _send(page)
        findings += _axe(page, f"{language} registration form sent empty")
        _open(page, site, "/login", language)
        findings += _axe(page, f"{language} login")
        page.locator("input[name=email]").fill(site.email)
        _send(page)
        findings += _axe(page, f"{language} login without a password")
    _log_in(page, site)
    for language in LANGUAGES:
        for path in signed_in:
            _open(page, site, path, language)
            findings += _axe(page, f"{language} {path}")
        _open(page, site, f"/participants/{site.participant_id}/edit", language)
        findings += _axe(page, f"{language} participant form")
        page.locator("input[name=given_name]").fill("")
        _send(page)
        assert page.locator("[aria-invalid=true]").count() == 1
        findings += _axe(page, f"{language} participant form sent without a given name")
    assert not findings, "\n".join(findings)


def _log_in(page, site: Site) -> None:
    page.goto(f"{site.url}/login?lang=en")
    page.locator("input[name=email]").fill(site.email)
    page.locator("input[name=password]").fill(PASSWORD)
    _send(page)
    page.wait_for_url(f"{site.url}/")


#: What the element with focus is, whether it is on screen, and the outline it shows.
FOCUSED = """() => {
  const element = document.activeElement, style = getComputedStyle(element), box = element.getBoundingClientRect();
  const cell = element.closest('td');
  return {tag: element.tagName.toLowerCase(), name: element.getAttribute('name') || element.innerText.trim(),
          shown: box.width > 1 && box.height > 1, outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
          colour: style.outlineColor, in_nav: !!element.closest('.site-nav'), in_main: !!element.closest('main'),
          cell: cell ? [cell.parentElement.sectionRowIndex, cell.cellIndex] : null};
}"""


def _tab(page, key: str = "Tab") -> dict:
    page.keyboard.press(key)
    return page.evaluate(FOCUSED)


def _outlined(stop: dict) -> bool:
    return stop["shown"] and stop["outline"] == "solid" and stop["width"] >= 2


def test_skip_link_first_then_the_login_form_with_its_focus_shown(site, browser):
    page = new_page(browser)
    _open(page, site, f"/verify/{site.serial}", "en")
    skip = _tab(page)
    assert (skip["name"], _outlined(skip)) == ("Skip to content", True), skip
    page.keyboard.press("Enter")
    page.wait_for_url("**#content")  # following the link is not instant: it lands once the browser has scrolled
    assert _tab(page)["in_main"]

    _open(page, site, "/login", "en")
    stops = [page.evaluate(FOCUSED)] + [_tab(page) for _ in range(4)]  # the email box has focus as the page opens
    assert [stop["name"] for stop in stops] == ["email", "password", "remember", "Log in", "Forgot your password?"]
    assert all(_outlined(stop) for stop in stops), stops
    assert _tab(page, "Shift+Tab")["name"] == "Log in"


def test_attendance_grid_by_keyboard_alone_with_the_focus_shown_on_the_dark_navigation_too(site, browser):
    page = new_page(browser)
    _log_in(page, site)
    _open(page, site, f"/workshops/{site.workshop_id}/attendance", "en")
    stops = [_tab(page)]
    while stops[-1]["name"] != "All present" and len(stops) < 40:
        stops.append(_tab(page))
    assert stops[0]["name"] == "Skip to content" and stops[-1]["name"] == "All present", stops
    assert all(_outlined(stop) for stop in stops), [stop for stop in stops if not _outlined(stop)]
    navigation = [stop for stop in stops if stop["in_nav"]]
    assert navigation and all(stop["colour"] == "rgb(255, 255, 255)" for stop in navigation), navigation

    for _ in range(4):  # the other sessions' "All present", then the first person's first day
        _tab(page)
    first = _tab(page)
    assert (first["tag"], first["cell"], _outlined(first)) == ("select", [0, 1], True), first
    assert _tab(page, "e")["cell"] == [0, 2]  # marked excused, on to the next day
    assert page.locator("tbody tr").first.locator("select").first.input_value() == "excused"
    assert _tab(page, "ArrowDown")["cell"] == [1, 2]
    assert _tab(page, "ArrowLeft")["cell"] == [1, 1]

    _open(page, site, f"/workshops/{site.workshop_id}/attendance", "ar")
    page.locator("tbody select").first.focus()
    assert _tab(page, "ArrowLeft")["cell"] == [0, 2]  # right to left: the next day is on the left
