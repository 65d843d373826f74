"""Knowledge tests: pre- and post-test scores on a grid, the average gain and how many improved."""
import pytest

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training import attendance
from workshops.training.models import Enrolment, Workshop


@pytest.fixture
def three(make_workshop, make_participant, enrol):
    workshop = make_workshop()
    return workshop, [enrol(workshop, make_participant(given_name=name)) for name in ("Amina", "Omar", "Leila")]


def _grid(scores):
    data = {}
    for enrolment, (before, after) in scores.items():
        data[f"pre-{enrolment.id}"], data[f"post-{enrolment.id}"] = before, after
    return data


def test_scores_saved_in_one_go_and_summarised(client, login, app, three):
    workshop, (amina, omar, leila) = three
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/scores",
                           data=_grid({amina: ("40", "85"), omar: ("70", "65"), leila: ("55", "")}))
    assert response.status_code == 303
    with app.app_context():
        assert (db.session.get(Enrolment, leila.id).pre_test_score, db.session.get(Enrolment, leila.id)
                .post_test_score) == (55, None)
        summary = attendance.score_summary(workshop.id)
    assert (summary.tested, summary.average_gain, summary.improved) == (2, 20.0, 1)
    page = client.get(f"/workshops/{workshop.id}/scores").get_data(as_text=True)
    assert "Average gain: +20.0 points" in page and "1 of 2 improved" in page
    workshop_page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Average knowledge gain: +20.0 points over 2 scored participants." in workshop_page


@pytest.mark.parametrize("bad", ["101", "-3", "eighty", "7.5"])
def test_a_bad_score_saves_nothing(client, login, app, three, bad):
    workshop, (amina, omar, _leila) = three
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/scores", data=_grid({amina: ("40", "85"), omar: (bad, "")}))
    assert response.status_code == 422
    assert "is not a score from 0 to 100" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Enrolment, amina.id).pre_test_score is None


def test_scores_of_people_on_another_workshop_are_refused(client, login, three, make_workshop, make_participant,
                                                          enrol):
    workshop, _people = three
    stranger = enrol(make_workshop(), make_participant())
    login(Role.COORDINATOR)
    assert client.post(f"/workshops/{workshop.id}/scores", data=_grid({stranger: ("10", "20")})).status_code == 422


def test_only_those_running_the_workshop_enter_scores(client, login, three):
    workshop, _people = three
    login(Role.LEAD)
    assert client.get(f"/workshops/{workshop.id}/scores").status_code == 403


def test_no_scores_no_summary(session, three):
    workshop, _people = three
    summary = attendance.score_summary(db.session.get(Workshop, workshop.id).id)
    assert (summary.tested, summary.average_gain, summary.improved) == (0, None, 0)
