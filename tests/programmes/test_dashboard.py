"""The start page: each role's empty page says what comes next, and every figure says what it counts."""
import re

import pytest

from workshops.auth.models import Role


def _page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _links(page: str) -> set[str]:
    return set(re.findall(r'<li><a href="([^"]+)">', page))


@pytest.mark.parametrize(("role", "says", "links"), [
    (Role.TRAINER, "You are not a trainer on any workshop yet. A coordinator adds you to a workshop",
     {"/account/security", "/account/password"}),
    (Role.COORDINATOR, "You are not assigned to any project yet.", {"/account/security", "/account/password"}),
    (Role.LEAD, "You are not assigned to any project yet.",
     {"/projects/new", "/account/security", "/account/password"}),
    (Role.ADMIN, "No project is recorded yet. Start with a new project",
     {"/projects/new", "/users", "/account/security", "/account/password"}),
])
def test_an_empty_start_page_says_what_comes_next_with_what_the_role_can_use(client, login, role, says, links):
    login(role, projects=[])
    page = _page(client)
    assert says in page
    assert _links(page) == links
    for link in links:
        assert client.get(link).status_code == 200


def test_a_trainer_sees_the_workshops_they_train_and_no_empty_word(client, login, make_workshop):
    trainer = login(Role.TRAINER)
    make_workshop(title="Victim identification", trainers=[trainer])
    page = _page(client)
    assert ("Your next workshop" in page or "Under way now" in page) and "Victim identification" in page
    assert "not a trainer on any workshop yet" not in page


def test_the_workshop_figure_says_it_counts_workshops_with_a_completer(client, login, make_objective,
                                                                       make_workshop, make_participant, enrol):
    """Two workshops in the project, one of them with a completer: the figure is 1, and labelled as such."""
    objective = make_objective()
    completed, not_yet = make_workshop(objective=objective), make_workshop(objective=objective)
    enrol(completed, make_participant(), attended=5)
    enrol(not_yet, make_participant(), attended=0)
    login(Role.COORDINATOR)
    page = _page(client)
    tiles = dict((label, value) for value, label in re.findall(
        r'<span class="stat-value">([\d,]+)</span><span class="stat-label">([^<]+)</span>', page))
    assert tiles["Workshops with trainees"] == "1" and tiles["Trainees"] == "1"
    assert ">workshops<" not in page  # the old card's bare label
