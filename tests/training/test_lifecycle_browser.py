"""The workshop page's one-form-per-list buttons and the lifecycle pages in a real browser, with CSRF on."""
from datetime import date

import pytest
from conftest import BROWSER_TESTS, assign_projects, live_settings, log_in

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training.models import Enrolment, Workshop, WorkshopStatus

pytestmark = BROWSER_TESTS


@pytest.fixture
def app_settings(tmp_path):
    return live_settings(tmp_path) | {"TODAY": date(2025, 3, 10)}


def test_rows_post_through_their_lists_form_and_the_workshop_closes(app, live_server, page, make_user, make_workshop,
                                                                    make_participant, enrol):
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()
    assign_projects(app, coordinator)
    staying = enrol(workshop, make_participant(given_name="Amina", family_name="Haddad"), attended=5)
    enrol(workshop, make_participant(given_name="Omar", family_name="Farouk"))
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server}/workshops/{workshop.id}")
    assert page.locator("input[name=csrf_token]").count() <= 8  # with log out and the language switcher

    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("row", name="Omar Farouk").get_by_role("button", name="Remove").click()
    page.get_by_text("Taken off the list.").wait_for()
    assert questions == ["Take this person off the list? Their attendance marks go too."]
    page.get_by_role("row", name="Amina Haddad").get_by_role("button", name="Issue").click()
    page.get_by_text("issued.").wait_for()
    with app.app_context():
        assert db.session.scalars(db.select(Enrolment.id)).all() == [staying.id]

    page.goto(f"{live_server}/workshops/{workshop.id}")
    page.get_by_label("Session", exact=True).select_option(index=1)
    page.get_by_label("Signed sheet (PDF, PNG or JPEG, up to 10 MB)").set_input_files(
        files=[{"name": "day1.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}])
    page.get_by_role("button", name="Upload signed sheet").click()
    page.get_by_text("Signed sheet kept.").wait_for()

    page.get_by_role("link", name="Close workshop").click()
    page.get_by_text("4 sessions have no signed sheet uploaded:").wait_for()
    page.get_by_role("button", name="Close workshop").click()
    page.locator(".invalid-feedback", has_text="tick the box to close the workshop all the same").wait_for()
    page.get_by_label("Close it although the records listed above are missing").check()
    page.get_by_role("button", name="Close workshop").click()
    page.get_by_text("Workshop closed.").wait_for()
    with app.app_context():
        assert db.session.get(Workshop, workshop.id).status == WorkshopStatus.CLOSED


def test_a_workshop_is_copied_then_the_copy_deleted(app, live_server, page, make_user, make_workshop):
    coordinator = make_user(Role.COORDINATOR)
    workshop = make_workshop()
    assign_projects(app, coordinator)
    log_in(page, live_server, coordinator)
    page.goto(f"{live_server}/workshops/{workshop.id}")
    page.get_by_role("link", name="Copy as a new workshop").click()
    page.get_by_label("New start date").fill("2025-10-06")
    page.get_by_label("Title", exact=True).fill("Second run")  # not "Title in French"
    page.get_by_role("button", name="Create the copy").click()
    page.get_by_text("Workshop copied").wait_for()
    assert "6–10 October 2025" in page.locator("h1 + p").inner_text()

    page.get_by_role("link", name="Edit").click()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete this workshop").click()
    page.get_by_text("Workshop deleted.").wait_for()
    with app.app_context():
        assert db.session.scalars(db.select(Workshop.title)).all() == ["Investigating trafficking in persons"]
