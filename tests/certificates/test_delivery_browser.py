"""A coordinator emails a workshop's certificates in a real browser and watches the page count them out; the
messages are read back from the SMTP server they went to."""
import pytest
from conftest import BROWSER_TESTS, assign_projects, live_settings, log_in
from smtp_inbox import body, smtp_settings
from test_delivery import pdf_attachment, pdf_text, refusing_smtp_server

from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.training.models import Workshop

pytestmark = BROWSER_TESTS
#: Seconds the SMTP server takes over each message: long enough that the page's 2-second polls see the run halfway.
DELAY = 1.0


@pytest.fixture
def inbox():
    with refusing_smtp_server(delay=DELAY) as server:
        yield server


@pytest.fixture
def app_settings(tmp_path, inbox):
    return live_settings(tmp_path) | smtp_settings(inbox)


def test_coordinator_sends_certificates_and_watches_them_go(app, live_server, page, inbox, make_user, make_workshop,
                                                            make_participant, enrol, tmp_path):
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()
    assign_projects(app, coordinator)
    people = [make_participant(given_name=given, family_name="Mansour")
              for given in ("Amina", "Omar", "Leila", "Karim")]
    for person in people:
        enrol(workshop, person, attended=5)
    amina = people[0]
    enrol(workshop, make_participant(given_name="Hana", family_name="Saleh", email=None), attended=5)
    with app.app_context():
        issued = certificate_services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)
        serials = {certificate.enrolment.participant.email: certificate.serial for certificate in issued}
        db.session.commit()

    log_in(page, live_server, coordinator)
    page.goto(f"{live_server}/workshops/{workshop.id}")
    page.get_by_role("link", name="Send certificates by email").click()
    page.get_by_text("5 people hold a current certificate of this workshop. 1 of them has no email address.").wait_for()
    page.once("dialog", lambda dialog: dialog.accept())  # "Email 4 certificates now?"
    page.get_by_role("button", name="Email everyone their certificate").click()
    page.get_by_text("Sending has started").wait_for()

    sent = page.locator('[data-count="sent"]')
    before = sent.inner_text()
    page.evaluate("window.notReloaded = true")
    # Halfway, without reloading: the script has put newer counts on the page.
    page.wait_for_function(
        """before => window.notReloaded
            && document.querySelector('[data-count="sent"]').textContent !== before
            && document.querySelector('[data-count="remaining"]').textContent !== "0" """, arg=before, timeout=20_000)
    page.get_by_text("Finished.").wait_for(timeout=30_000)  # the page reloads itself once nothing remains
    assert sent.inner_text() == "4"
    assert page.locator('[data-count="no_address"]').inner_text() == "1"
    assert page.locator('[data-count="failed"]').inner_text() == "0"
    assert page.locator("progress").get_attribute("value") == "5"
    assert "Hana Saleh" in page.locator("table").first.inner_text()
    page.screenshot(path=str(tmp_path / "delivery.png"), full_page=True)

    received = inbox.by_recipient()
    assert sorted(received) == sorted(email for email in serials if email)
    for address, message in received.items():
        filename, content = pdf_attachment(message)
        assert filename == f"certificate-{serials[address]}.pdf" and serials[address] in pdf_text(content)
        assert f"https://workshops.example.org/verify/{serials[address]}" in body(message)

    # Amina asks for hers again: from her page, that one certificate only.
    page.goto(f"{live_server}/participants/{amina.id}")
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)
    row = page.locator("tr", has_text=serials[amina.email], has=page.get_by_role("button", name="Send again"))
    assert "valid" in row.inner_text()
    row.get_by_role("button", name="Send again").click()
    page.get_by_text(f"Sending certificate {serials[amina.email]} to its holder.").wait_for()
    page.get_by_text("Finished.").wait_for(timeout=30_000)
    assert sent.inner_text() == "1" and len(inbox.messages) == 5
    assert inbox.messages[-1]["To"] == amina.email
    earlier = page.get_by_role("table").last.locator("tbody tr")  # every sending stays listed, and reachable
    assert earlier.count() == 2 and earlier.last.locator("td").nth(1).inner_text() == "4"
