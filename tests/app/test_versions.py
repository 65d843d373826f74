"""No silent overwrite: two people open the same edit form, the first saves, the second is told what changed.

For each record with an edit form (participant, project, objective, workshop): the second save is refused with
a 409 naming who changed which fields, the second person's typed values still in the form; saving again from
that page is a decision taken knowing, and goes through.
"""
import html
import re
from dataclasses import replace

import pytest
from conftest import PASSWORD, assign_projects
from form_data import person_form, project_form, workshop_form
from sqlalchemy import text

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.people import services as people_services
from workshops.people.models import Participant
from workshops.people.services import ParticipantDetails
from workshops.programmes.models import Objective, Project
from workshops.training.models import Workshop
from workshops.versions import FormVersion, Outdated


@pytest.fixture
def editor(app, make_user):
    """A signed-in client of its own for a new user of this role and name (assigned to every project)."""
    def sign_in(role: Role, full_name: str):
        user = make_user(role, full_name=full_name)
        if role in (Role.LEAD, Role.COORDINATOR):
            assign_projects(app, user)
        client = app.test_client()
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 303
        return client
    return sign_in


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def opened(client, url: str) -> dict:
    """The hidden fields of the edit form as the browser got them."""
    page = client.get(url).get_data(as_text=True)
    return {"version": hidden(page, "version"), "loaded_at": hidden(page, "loaded_at")}


def race(editor, role, url, first_values, second_values):
    """Both open the form; the first saves; the second's save comes back. Returns (second client, response)."""
    first, second = editor(role, "Samira Khalil"), editor(role, "Omar Farouk")
    first_form, second_form = opened(first, url), opened(second, url)
    assert first.post(url, data={**first_values, **first_form}).status_code == 303
    return second, second.post(url, data={**second_values, **second_form})


def refused(response, *named: str) -> str:
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "changed after you opened it" in page and "Samira Khalil" in page
    for label in named:
        assert label in page.split("changed after you opened it")[1].split("</div>")[0], label
    return page


def saved_again(client, url, values, refusal) -> None:
    """The refused page carries the current version: saving from it replaces the first save, knowingly."""
    page = refusal.get_data(as_text=True)
    again = client.post(url, data={**values, "version": hidden(page, "version"),
                                   "loaded_at": hidden(page, "loaded_at")})
    assert again.status_code == 303


def test_a_participant_edit_over_a_newer_version_is_refused_with_the_change_named(app, editor, make_participant):
    person = make_participant(**{key: value for key, value in person_form().items() if key != "name_ar"})
    url = f"/participants/{person.id}/edit"
    mine = person_form(agency="Ministère de la Justice", position="Juge d'instruction")
    second, response = race(editor, Role.ADMIN, url, person_form(phone="+212 611 111 111", family_name="Benali"),
                            mine)
    page = refused(response, "Phone", "Family name")
    assert 'value="Ministère de la Justice"' in page and 'value="Juge d\'instruction"' in page
    with app.app_context():
        stored = db.session.get(Participant, person.id)
        assert (stored.phone, stored.family_name, stored.agency) == ("+212 611 111 111", "Benali",
                                                                    person_form()["agency"])
    saved_again(second, url, mine, response)
    with app.app_context():
        assert db.session.get(Participant, person.id).agency == "Ministère de la Justice"


def test_a_project_edit_over_a_newer_version_is_refused_with_the_change_named(app, editor, make_project):
    project = make_project()
    url = f"/projects/{project.id}/edit"
    mine = project_form(budget_usd="2000000.00", title="Building capacities, phase II")
    second, response = race(editor, Role.LEAD, url,
                            project_form(title=project.title, beneficiary_countries=["SD", "TD"]), mine)
    page = refused(response, "Beneficiary countries")
    assert 'value="Building capacities, phase II"' in page and 'value="2000000.00"' in page
    with app.app_context():
        stored = db.session.get(Project, project.id)
        assert stored.country_codes == ["SD", "TD"] and stored.title == project.title
    saved_again(second, url, mine, response)


def test_an_objective_edit_over_a_newer_version_is_refused_with_the_change_named(app, editor, make_objective):
    objective = make_objective(number=1, title="Specialised trainings")
    url = f"/objectives/{objective.id}/edit"
    mine = {"number": "1", "title": "Specialised trainings", "description": "Prosecutors and judges first."}
    second, response = race(editor, Role.LEAD, url, {"number": "1", "title": "Specialised trainings for judges"},
                            mine)
    page = refused(response, "Title")
    assert "Prosecutors and judges first." in page
    with app.app_context():
        assert db.session.get(Objective, objective.id).title == "Specialised trainings for judges"
    saved_again(second, url, mine, response)


def test_a_workshop_edit_over_a_newer_version_is_refused_with_the_change_named(app, editor, make_workshop):
    workshop = make_workshop()
    url = f"/workshops/{workshop.id}/edit"
    base = workshop_form(workshop.objective_id, starts_on="2025-03-03", ends_on="2025-03-07", city="Cairo",
                         country_code="EG", title="Investigating trafficking in persons")
    mine = {**base, "title": "Investigating trafficking in persons: the judges' week"}
    second, response = race(editor, Role.COORDINATOR, url, {**base, "city": "Alexandria"}, mine)
    page = refused(response, "City")
    assert 'value="Investigating trafficking in persons: the judges\' week"' in page
    with app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        assert (stored.city, stored.title) == ("Alexandria", "Investigating trafficking in persons")
    saved_again(second, url, mine, response)


def test_two_saves_that_both_passed_the_check_cannot_both_land(app, make_participant):
    """The UPDATE itself says WHERE version = <the one read>: a save landing in between makes it match nothing.

    The other save is played by a statement the session does not see into, after the record was read.
    """
    person = make_participant(phone=None)
    with app.app_context():
        loaded = db.session.get(Participant, person.id)
        db.session.execute(text("UPDATE participant SET version = version + 1 WHERE id = :id"), {"id": person.id})
        with pytest.raises(Outdated):
            people_services.update_participant(loaded, replace(ParticipantDetails.of(loaded), phone="2"),
                                               actor_id=None, expected_version=FormVersion(loaded.version))
        db.session.rollback()
        assert db.session.get(Participant, person.id).phone is None


def test_a_change_to_related_rows_only_moves_the_version_too(app, editor, make_project):
    """A project's countries live in their own table: changing only them must still refuse an older form."""
    project = make_project()
    url = f"/projects/{project.id}/edit"
    with app.app_context():
        before = db.session.get(Project, project.id).version
    same = project_form(title=project.title)
    second, response = race(editor, Role.LEAD, url, {**same, "beneficiary_countries": ["MA"]}, same)
    refused(response, "Beneficiary countries")
    with app.app_context():
        assert db.session.get(Project, project.id).version == before + 1


def test_a_change_by_another_path_is_named_with_its_time(app, editor, make_participant):
    """Whatever changes the row (here the command line) moves the version; the refusal says who and when."""
    person = make_participant()
    url = f"/participants/{person.id}/edit"
    client = editor(Role.ADMIN, "Omar Farouk")
    form = opened(client, url)
    with app.app_context():
        loaded = db.session.get(Participant, person.id)
        people_services.update_participant(loaded, replace(ParticipantDetails.of(loaded), agency="Interior"),
                                           actor_id=None)
        db.session.commit()
    values = person_form(given_name=person.given_name, family_name=person.family_name)
    response = client.post(url, data={**values, **form})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 409
    assert "by command line at" in page and "(Agency or institution)" in page


@pytest.mark.parametrize("loaded_at", ["0001-01-01T00:00:00+14:00", "2026-11-27T16:25:10", "yesterday", ""])
def test_a_form_time_that_means_nothing_still_refuses_cleanly(app, editor, make_participant, loaded_at):
    """Whatever comes back in the hidden field, an outdated save is a 409 with the generic words, never a 500."""
    person = make_participant()
    url = f"/participants/{person.id}/edit"
    client = editor(Role.ADMIN, "Omar Farouk")
    with app.app_context():
        loaded = db.session.get(Participant, person.id)
        people_services.update_participant(loaded, replace(ParticipantDetails.of(loaded), agency="Interior"),
                                           actor_id=None)
        db.session.commit()
    values = person_form(given_name=person.given_name, family_name=person.family_name)
    response = client.post(url, data={**values, "version": "1", "loaded_at": loaded_at})
    assert response.status_code == 409
    assert "Someone else saved this record after you opened it." in html.unescape(response.get_data(as_text=True))
