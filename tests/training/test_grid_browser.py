"""The grids in a real browser: a refused score grid keeps every box as typed, and two trainers marking the same
attendance cell do not overwrite each other unawares."""
import re

import pytest
from conftest import BROWSER_TESTS, live_settings, log_in, new_page
from sqlalchemy import select

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training.models import Attendance, Enrolment, Workshop

pytestmark = BROWSER_TESTS


@pytest.fixture
def app_settings(tmp_path):
    return live_settings(tmp_path)


def _boxes(page) -> dict[str, str]:
    return page.locator("input[name^=pre-], input[name^=post-]").evaluate_all(
        "boxes => Object.fromEntries(boxes.map(box => [box.name, box.value]))")


def test_one_bad_score_among_many_keeps_every_box_and_marks_its_cell(app, live_server, page, make_user,
                                                                     make_workshop, make_participant, enrol,
                                                                     tmp_path):
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    enrolments = [enrol(workshop, make_participant(given_name=f"Person{number:02d}")).id for number in range(33)]
    log_in(page, live_server, trainer)
    page.goto(f"{live_server}/workshops/{workshop.id}/scores")

    typed = {}
    for position, enrolment in enumerate(enrolments):
        typed[f"pre-{enrolment}"], typed[f"post-{enrolment}"] = str(30 + position), str(60 + position)
    bad = f"post-{enrolments[17]}"
    typed[bad] = "120"
    for name, value in typed.items():
        page.locator(f"input[name='{name}']").fill(value)
    page.get_by_role("button", name="Save scores").click()
    page.get_by_text("1 cell needs attention.").wait_for()
    page.screenshot(path=str(tmp_path / "scores-refused.png"), full_page=True)

    assert _boxes(page) == typed
    box = page.locator(f"input[name='{bad}']")
    assert "is-invalid" in box.get_attribute("class") and box.get_attribute("aria-invalid") == "true"
    message = page.locator(f"#{box.get_attribute('aria-describedby')}")
    assert message.is_visible() and message.inner_text() == "“120” is not a score from 0 to 100."
    assert page.locator(".is-invalid").count() == 1
    with app.app_context():
        assert db.session.scalar(select(Enrolment.id).where(Enrolment.pre_test_score.is_not(None))) is None

    box.fill("100")
    page.get_by_role("button", name="Save scores").click()
    page.get_by_text("Scores saved: 66 scores changed.").wait_for()
    with app.app_context():
        assert db.session.get(Enrolment, enrolments[17]).post_test_score == 100


def test_two_trainers_marking_one_cell_the_second_is_told_who_and_the_rest_is_saved(
        app, live_server, browser, make_user, make_workshop, make_participant, enrol, tmp_path):
    first, second = make_user(Role.TRAINER, full_name="Nadia Selim"), make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[first, second])
    amina, omar = (enrol(workshop, make_participant(given_name=given)).id for given in ("Amina", "Omar"))
    with app.app_context():
        day_one = db.session.get(Workshop, workshop.id).sessions[0].id
    desks = [new_page(browser), new_page(browser)]
    for desk, trainer in zip(desks, (first, second), strict=True):
        log_in(desk, live_server, trainer)
        desk.goto(f"{live_server}/workshops/{workshop.id}/attendance")

    desks[0].locator(f"[name=mark-{amina}-{day_one}]").select_option("present")
    desks[0].get_by_role("button", name="Save attendance").click()
    desks[0].get_by_text("Attendance saved: 1 mark changed.").wait_for()

    desks[1].locator(f"[name=mark-{amina}-{day_one}]").select_option("late")
    desks[1].locator(f"[name=mark-{omar}-{day_one}]").select_option("present")
    desks[1].get_by_role("button", name="Save attendance").click()
    desks[1].get_by_text("1 cell was changed by someone else").wait_for()
    desks[1].screenshot(path=str(tmp_path / "attendance-conflict.png"), full_page=True)

    assert desks[1].get_by_text("Attendance saved: 1 mark changed.").is_visible()
    cell = desks[1].locator(f"[name=mark-{amina}-{day_one}]")
    assert cell.input_value() == "late"
    message = desks[1].locator(f"#{cell.get_attribute('aria-describedby')}").inner_text()
    assert re.match(r"Changed by Nadia Selim at (\d+ \w+ \d{4}, )?\d\d:\d\d UTC, to “Present”\. Yours, “Late”", message)
    with app.app_context():
        stored = {(row.enrolment_id, row.status.value) for row in db.session.scalars(select(Attendance))}
    assert stored == {(amina, "present"), (omar, "present")}

    desks[1].get_by_role("button", name="Save attendance").click()  # now knowing whose mark it replaces
    desks[1].get_by_text("Attendance saved: 1 mark changed.").wait_for()
    with app.app_context():
        assert db.session.scalar(select(Attendance.status).where(Attendance.enrolment_id == amina)).value == "late"
