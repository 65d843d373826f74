"""Each user reaches exactly their scope: registry, workshop lists, exports and totals, checked against SQL of our own.

The world: project P1 with workshops W1 (trained by T) and W2 (trained by someone else), project P2 with W3.
Amina is on W1, Bilal on W2, Chaima on W3, Driss on no workshop. The lead and the coordinator are assigned P1.
"""
import csv
import io
import re

import pytest
from conftest import PASSWORD, assign_projects
from sqlalchemy import select

from workshops.access.policy import Action, may
from workshops.audit.models import AuditEntry
from workshops.auth.models import Role, User
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.people.services import search_query
from workshops.programmes.models import Objective
from workshops.reports.services import Dimension, ReportFilters, breakdown, project_summaries
from workshops.training import registration
from workshops.training.models import Enrolment, Workshop
from workshops.training.services import WorkshopFilters, workshops_query


@pytest.fixture
def world(app, make_user, make_project, make_objective, make_workshop, make_participant, enrol):
    trainer, other_trainer = make_user(Role.TRAINER), make_user(Role.TRAINER)
    lead, coordinator = make_user(Role.LEAD), make_user(Role.COORDINATOR)
    first, second = make_project(), make_project()
    w1 = make_workshop(objective=make_objective(first), trainers=[trainer])
    w2 = make_workshop(objective=make_objective(first), trainers=[other_trainer])
    w3 = make_workshop(objective=make_objective(second), trainers=[other_trainer], country_code="JO")
    people = {name: make_participant(given_name=name, family_name="Haddad", email=f"{name.lower()}@secret.example",
                                     phone=f"+20 100 {index}00 0000", country_code=country)
              for index, (name, country) in enumerate((("Amina", "EG"), ("Bilal", "EG"), ("Chaima", "JO"),
                                                       ("Driss", "MA")))}
    enrol(w1, people["Amina"], attended=5)
    enrol(w2, people["Bilal"], attended=5)
    enrol(w3, people["Chaima"], attended=5)
    for user in (lead, coordinator):
        assign_projects(app, user, [first])
    return {"trainer": trainer, "lead": lead, "coordinator": coordinator, "P1": first, "P2": second,
            "workshops": (w1, w2, w3), "people": people}


def _ids(rows) -> set[int]:
    return {row.id for row in rows}


def _people_in_scope(user: User) -> set[int]:
    """Written here by hand, independently of access.policy: whom each role should see."""
    if user.role == Role.ADMIN:
        return set(db.session.scalars(select(Participant.id)))
    enrolments = select(Enrolment.participant_id).join(Workshop, Workshop.id == Enrolment.workshop_id)
    if user.role == Role.TRAINER:
        enrolments = enrolments.where(Workshop.trainers.any(User.id == user.id))
    else:
        enrolments = enrolments.join(Objective, Objective.id == Workshop.objective_id).where(
            Objective.project_id.in_([project.id for project in _assigned(user)]))
    return set(db.session.scalars(enrolments))


def _assigned(user):
    from workshops.access.services import projects_of

    return projects_of(user.id)


def _login(client, user):
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 303


@pytest.mark.parametrize("who", ["trainer", "lead", "coordinator", "admin"])
def test_registry_and_workshop_lists_are_exactly_the_scope(app, world, make_user, who):
    user = world[who] if who != "admin" else make_user(Role.ADMIN)
    with app.app_context():
        expected_people = _people_in_scope(db.session.get(User, user.id))
        assert _ids(db.session.scalars(search_query("", viewer_id=user.id))) == expected_people
        w1, w2, w3 = world["workshops"]
        expected_workshops = {"trainer": {w1.id}, "lead": {w1.id, w2.id}, "coordinator": {w1.id, w2.id},
                              "admin": {w1.id, w2.id, w3.id}}[who]
        assert _ids(db.session.scalars(workshops_query(WorkshopFilters(), viewer_id=user.id)).unique()) \
            == expected_workshops
        names = {db.session.get(Participant, person_id).given_name for person_id in expected_people}
    assert names == {"trainer": {"Amina"}, "lead": {"Amina", "Bilal"}, "coordinator": {"Amina", "Bilal"},
                     "admin": {"Amina", "Bilal", "Chaima", "Driss"}}[who]


@pytest.mark.parametrize("who", ["trainer", "lead", "coordinator", "admin"])
def test_registry_export_holds_the_scope_and_only_permitted_contacts(app, client, world, make_user, who):
    user = world[who] if who != "admin" else make_user(Role.ADMIN)
    _login(client, user)
    rows = list(csv.DictReader(io.StringIO(client.get("/participants.csv").get_data(as_text=True))))
    with app.app_context():
        expected = {db.session.get(Participant, person_id).given_name
                    for person_id in _people_in_scope(db.session.get(User, user.id))}
    assert {row["given_name"] for row in rows} == expected
    if who == "lead":
        assert all("email" not in row and "phone" not in row for row in rows)
    else:
        assert all(row["email"] == f"{row['given_name'].lower()}@secret.example" for row in rows)


def test_trainer_cannot_download_or_open_another_workshop(client, world):
    _login(client, world["trainer"])
    _w1, w2, w3 = world["workshops"]
    for workshop in (w2, w3):
        assert client.get(f"/workshops/{workshop.id}/participants.csv").status_code == 403
        assert client.get(f"/workshops/{workshop.id}").status_code == 403
    bilal = world["people"]["Bilal"]
    assert client.get(f"/participants/{bilal.id}").status_code == 403
    edit = client.post(f"/participants/{bilal.id}/edit", data={"given_name": "X", "family_name": "Y", "sex": "M",
                                                               "country_code": "EG", "agency": "A",
                                                               "role_category": "judge", "email": "evil@example.org"})
    assert edit.status_code == 403


def test_totals_are_those_of_the_assigned_projects(app, world, make_user):
    admin = make_user(Role.ADMIN)
    with app.app_context():
        def by_country(filters, viewer):
            return breakdown(filters, Dimension.COUNTRY, Dimension.SEX, viewer_id=viewer.id)

        for who in ("lead", "coordinator"):
            mine = by_country(ReportFilters(), world[who])
            first_project_only = by_country(ReportFilters(project_id=world["P1"].id), admin)
            assert mine == first_project_only and mine.total.trainees == 2
            assert set(project_summaries(viewer_id=world[who].id)) == {world["P1"].id}
        assert by_country(ReportFilters(), world["trainer"]).total.trainees == 0
        assert project_summaries(viewer_id=world["trainer"].id) == {}
        assert by_country(ReportFilters(), admin).total.trainees == 3


def test_trainer_sees_no_totals_or_budget(client, world):
    _login(client, world["trainer"])
    page = client.get("/").get_data(as_text=True)
    assert "trainees" not in page and world["P1"].title in page
    project_page = client.get(f"/projects/{world['P1'].id}").get_data(as_text=True)
    assert "Budget" not in project_page and "trainees" not in project_page
    assert client.get("/reports/totals").status_code == 403


def test_lead_reports_refuse_another_project(client, world):
    _login(client, world["lead"])
    assert client.get(f"/reports/totals?project={world['P1'].id}").status_code == 200
    assert client.get(f"/reports/totals?project={world['P2'].id}").status_code == 403
    assert client.get(f"/reports/totals.csv?project={world['P2'].id}").status_code == 403


def _search(client, text: str) -> str:
    return client.get("/participants", query_string={"q": text}).get_data(as_text=True)


def test_lead_cannot_find_anyone_by_email_or_phone(client, world):
    _login(client, world["lead"])
    assert "Amina" in _search(client, "amina")
    for probe in ("amina@secret", "secret.example", "@", "+20 100", "100"):
        assert "Amina" not in _search(client, probe), probe


def test_email_matches_only_where_contacts_may_be_seen(client, world):
    _login(client, world["coordinator"])
    assert "Amina" in _search(client, "amina@secret.example")
    assert "Chaima" not in _search(client, "chaima@secret.example")


def test_percent_and_underscore_are_literal(client, make_participant, login):
    make_participant(given_name="Ab_d", family_name="One")
    make_participant(given_name="Abxd", family_name="Two")
    login(Role.ADMIN)
    found = _search(client, "b_d")
    assert "Ab_d" in found and "Abxd" not in found
    assert "Nobody matches" in _search(client, "%")


def test_trainer_finds_anyone_by_name_to_add_without_contacts_or_a_link(client, world):
    _login(client, world["trainer"])
    w1 = world["workshops"][0]
    chaima = world["people"]["Chaima"]
    page = client.get(f"/workshops/{w1.id}/participants/add", query_string={"q": "chaima"}).get_data(as_text=True)
    assert "Chaima Haddad" in page and "chaima@secret.example" not in page and "+20 100" not in page
    assert f"/participants/{chaima.id}\"" not in page
    assert client.post(f"/workshops/{w1.id}/enrolments", data={"participant_id": chaima.id}).status_code == 303
    assert client.get(f"/participants/{chaima.id}").status_code == 200  # on the trainer's list: the record opens


def test_approval_cannot_attach_a_registrant_to_an_unrelated_person(app, client, world, make_user):
    from datetime import date

    from workshops.people.models import RoleCategory, Sex
    from workshops.people.services import ParticipantDetails

    w1 = world["workshops"][0]
    bilal = world["people"]["Bilal"]
    with app.app_context():
        workshop = db.session.get(Workshop, w1.id)
        link = registration.open_link(workshop, date(2025, 1, 1), date(2030, 1, 1), None, actor_id=None)
        pending = registration.register(link, ParticipantDetails(
            given_name="Zainab", family_name="Nouri", sex=Sex.FEMALE, country_code="EG", agency="Police",
            role_category=RoleCategory.LAW_ENFORCEMENT, email="zainab@example.org", phone="+20 1"),
            consented=True, today=date(2026, 1, 1))
        db.session.commit()
        pending_id = pending.id
    _login(client, world["trainer"])
    response = client.post(f"/registrations/{pending_id}/approve", data={"same_as": bilal.id})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Participant, bilal.id).email == "bilal@secret.example"
        assert db.session.scalar(select(Enrolment).where(Enrolment.workshop_id == w1.id,
                                                         Enrolment.participant_id == bilal.id)) is None


def test_user_without_assignment_sees_an_explained_empty_start(client, make_user, world):
    lonely = make_user(Role.COORDINATOR)
    _login(client, lonely)
    page = client.get("/").get_data(as_text=True)
    assert "not assigned to any project" in page
    assert client.get("/workshops").status_code == 200 and client.get("/participants").status_code == 200
    assert client.get(f"/projects/{world['P1'].id}").status_code == 403


def test_the_last_admin_cannot_be_demoted_or_deactivated(app, client, login):
    admin = login(Role.ADMIN)
    form = {"full_name": "Only Admin", "email": admin.email, "role": "trainer", "is_active": "y"}
    refused = client.post(f"/users/{admin.id}/edit", data=form)
    assert refused.status_code == 409 and "last active administrator" in refused.get_data(as_text=True)
    deactivated = client.post(f"/users/{admin.id}/edit", data={**form, "role": "admin", "is_active": ""})
    assert deactivated.status_code == 409
    with app.app_context():
        assert db.session.get(User, admin.id).role == Role.ADMIN
        assert db.session.get(User, admin.id).is_active


def test_a_second_admin_may_then_step_down(app, client, login, make_user):
    admin = login(Role.ADMIN)
    make_user(Role.ADMIN)
    form = {"full_name": "Former Admin", "email": admin.email, "role": "lead", "is_active": "y"}
    assert client.post(f"/users/{admin.id}/edit", data=form).status_code == 303


def test_new_account_form_defaults_to_trainer(client, login):
    login(Role.ADMIN)
    page = client.get("/users/new").get_data(as_text=True)
    assert re.search(r'<option selected value="trainer">|<option value="trainer" selected>', page), page


def test_assignments_from_the_user_page_the_project_page_and_the_cli(app, client, runner, login, make_user, world):
    lead = make_user(Role.LEAD)
    login(Role.ADMIN)
    assert client.post(f"/users/{lead.id}/projects", data={"project_id": world["P2"].id}).status_code == 303
    page = client.get(f"/users/{lead.id}/edit").get_data(as_text=True)
    assert world["P2"].title in page and "user.assigned" in page
    assert client.post(f"/projects/{world['P1'].id}/people", data={"user_id": lead.id}).status_code == 303
    assert lead.full_name in client.get(f"/projects/{world['P1'].id}").get_data(as_text=True)
    assert client.post(f"/users/{lead.id}/projects", data={"project_id": "99999999999999999999"}).status_code == 400
    refused = client.post(f"/users/{world['trainer'].id}/projects", data={"project_id": world["P2"].id})
    assert refused.status_code == 303  # refused with a message: trainers reach their workshops, not projects
    with app.app_context():
        assert not may(world["trainer"].id, Action.VIEW, project_id=world["P2"].id)
        assert may(lead.id, Action.EDIT_PROJECT, project_id=world["P1"].id)
    result = runner.invoke(args=["users", "assign", lead.email, "--project", str(world["P1"].id), "--remove"])
    assert result.exit_code == 0 and "unassigned" in result.output
    with app.app_context():
        assert not may(lead.id, Action.EDIT_PROJECT, project_id=world["P1"].id)
        actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.subject_type == "user_account",
                                                                     AuditEntry.subject_id == lead.id)).all()
    assert actions.count("user.assigned") == 2 and actions.count("user.unassigned") == 1


@pytest.mark.parametrize("url", ["/workshops?page=99999999999999999999", "/workshops?project=99999999999999999999",
                                 "/workshops?objective=-1&page=abc", "/participants?page=99999999999999999999",
                                 "/projects?page=0", "/users?page=99999999999999999999",
                                 "/reports/totals?project=99999999999999999999",
                                 "/audit?subject_id=99999999999999999999"])
def test_absurd_numbers_in_lists_are_never_a_server_error(client, login, url):
    login(Role.ADMIN)
    assert client.get(url).status_code in (200, 400)
