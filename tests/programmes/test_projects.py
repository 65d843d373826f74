"""Projects and objectives through their pages."""
from decimal import Decimal

import pytest
from form_data import project_form

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.programmes.models import Objective, Project


def test_lead_records_a_project_with_objectives(client, login, app):
    login(Role.LEAD)
    response = client.post("/projects/new", data=project_form())
    assert response.status_code == 303
    project_url = response.headers["Location"]
    for number, title in ((1, "Specialized trainings"), (2, "Integration of gender and technology")):
        created = client.post(project_url + "/objectives/new", data={"number": number, "title": title})
        assert created.status_code == 303
    with app.app_context():
        project = db.session.scalar(db.select(Project))
        assert project.budget_usd == Decimal("1120693.41")
        assert project.country_codes == ["EG", "ET", "NE"]
        assert project.target_groups == ["Government officials", "Frontline officers"]
        assert [objective.number for objective in project.objectives] == [1, 2]
    page = client.get(project_url).get_data(as_text=True)
    assert "Ethiopia" in page and "1,120,693.41" in page and "Integration of gender and technology" in page


@pytest.mark.parametrize(("overrides", "message"), [
    ({"title": ""}, "This field is required."),
    ({"ends_on": "2020-01-01"}, "The end date is before the start date."),
    ({"beneficiary_countries": ["EG", "QQ"]}, "Unknown country code: QQ."),
    *(({"budget_usd": typed}, "Give the budget in US dollars, 0 or more, with at most two decimals")
      for typed in ("-5", "a lot", "sNaN", "NaN", "Infinity", "1e5", "1.234", "9" * 13)),
])
def test_bad_project_input(client, login, app, overrides, message):
    login(Role.LEAD)
    response = client.post("/projects/new", data=project_form(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 0


def test_duplicate_project_title_is_409(client, login, make_project):
    existing = make_project()
    login(Role.LEAD)
    response = client.post("/projects/new", data=project_form(title=existing.title.upper()))
    assert response.status_code == 409


def test_duplicate_objective_number_is_409(client, login, make_objective, app):
    objective = make_objective(number=1)
    login(Role.LEAD)
    response = client.post(f"/projects/{objective.project_id}/objectives/new", data={"number": 1, "title": "Again"})
    assert response.status_code == 409
    assert "already has an objective number 1" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Objective)) == 1


def test_edit_project_keeps_and_changes_countries(client, login, make_project, app):
    project = make_project()
    login(Role.LEAD)
    response = client.post(f"/projects/{project.id}/edit", data=project_form(beneficiary_countries=["SD", "TD"]))
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Project, project.id).country_codes == ["SD", "TD"]
