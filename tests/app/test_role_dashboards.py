"""The start page answers each role's first question, within the user's scope: a trainer's next workshop and what
its records lack, a coordinator's workshops awaiting close and certificates to issue, a lead's figures and
indicators. The services are called directly; the pages are checked for what they say and what they cost."""
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.certificates.dashboard import certificates_to_issue
from workshops.extensions import db
from workshops.people.models import RoleCategory, Sex
from workshops.reports.dashboard import lead_overview
from workshops.reports.indicators import IndicatorDetails, add_indicator, project_progress
from workshops.reports.models import Measure
from workshops.reports.services import ReportFilters, project_summaries, totals
from workshops.training.dashboard import awaiting_close, trainer_overview
from workshops.training.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    Registration,
    RegistrationLink,
    Workshop,
    WorkshopStatus,
)

TODAY = date(2025, 6, 4)


@pytest.fixture
def world(app, make_user, make_project, make_objective, make_workshop, make_participant, enrol):
    """Two projects; a trainer on three open workshops of the first (under way, coming, ended) and a colleague on a
    fourth; an ended workshop in the second project, and a closed one in the first."""
    trainer, colleague = make_user(Role.TRAINER), make_user(Role.TRAINER)
    first_project = make_project()
    first, second = make_objective(first_project), make_objective(make_project())
    ongoing = make_workshop(first, [trainer], title="Under way", starts_on=date(2025, 6, 2), ends_on=date(2025, 6, 6))
    coming = make_workshop(first, [trainer], title="Coming", starts_on=date(2025, 9, 1), ends_on=date(2025, 9, 3))
    ended = make_workshop(first, [trainer], title="Ended")  # 3–7 March 2025
    elsewhere = make_workshop(first, [colleague], title="A colleague's", starts_on=date(2025, 6, 10),
                              ends_on=date(2025, 6, 12))
    other_project = make_workshop(second, [trainer], title="Other project, ended", starts_on=date(2025, 4, 7),
                                  ends_on=date(2025, 4, 8))
    closed = make_workshop(first, title="Closed", starts_on=date(2025, 2, 3), ends_on=date(2025, 2, 4))
    with app.app_context():
        db.session.get(Workshop, closed.id).closed_at = datetime(2025, 2, 5, tzinfo=UTC)
        db.session.commit()
    on_list = [enrol(ongoing, make_participant()) for _ in range(2)]
    completers = [enrol(ended, make_participant(sex=sex), attended=5) for sex in (Sex.FEMALE, Sex.MALE)]
    enrol(other_project, make_participant(), attended=2)
    return {"trainer": trainer, "colleague": colleague, "first": first, "first_project": first_project,
            "second": second, "ongoing": ongoing,
            "coming": coming, "ended": ended, "elsewhere": elsewhere, "other_project": other_project,
            "closed": closed, "on_list": on_list, "completers": completers}


def titles(rows) -> list[str]:
    return [row.workshop.title for row in rows]


def test_a_trainer_sees_their_next_workshop_and_what_it_lacks(session, world):
    overview = trainer_overview(world["trainer"].id, TODAY)
    assert overview.next.workshop.title == "Under way"
    assert overview.next.status is WorkshopStatus.ONGOING
    # Two sessions were held before today (2 and 3 June): unmarked and unsigned; nobody has a pre-test score; the
    # post-test is not due before the last day.
    gaps = overview.next
    assert (gaps.enrolled, gaps.unmarked_sessions, gaps.unsigned_sessions) == (2, 2, 2)
    assert (gaps.missing_pre_scores, gaps.missing_post_scores, gaps.pending_registrations) == (2, 0, 0)
    assert not gaps.complete


def test_a_trainer_sees_only_their_own_open_workshops_coming_first(session, world):
    overview = trainer_overview(world["trainer"].id, TODAY)
    assert titles(overview.others) == ["Coming", "Other project, ended", "Ended"]
    assert "A colleague's" not in titles([overview.next, *overview.others])
    assert titles([trainer_overview(world["colleague"].id, TODAY).next]) == ["A colleague's"]


def test_marks_scores_and_registrations_change_what_is_missing(session, world):
    ongoing = db.session.get(Workshop, world["ongoing"].id)
    first_day = ongoing.sessions[0]
    db.session.add(Attendance(enrolment_id=world["on_list"][0].id, session_id=first_day.id,
                              status=AttendanceStatus.PRESENT))
    for enrolment in world["on_list"]:
        db.session.get(Enrolment, enrolment.id).pre_test_score = 40
    link = RegistrationLink(workshop_id=ongoing.id, token="d" * 43, opens_on=TODAY, closes_on=TODAY)
    db.session.add(link)
    db.session.flush()
    db.session.add(Registration(link_id=link.id, given_name="Yasmine", family_name="Belkacem", sex=Sex.FEMALE,
                                country_code="DZ", agency="Police", role_category=RoleCategory.LAW_ENFORCEMENT,
                                consented_at=datetime.now(UTC)))
    db.session.flush()
    gaps = trainer_overview(world["trainer"].id, TODAY).next
    assert (gaps.unmarked_sessions, gaps.missing_pre_scores, gaps.pending_registrations) == (1, 0, 1)


def test_a_trainer_with_no_open_workshop_has_no_trainer_section(session, world, make_user):
    assert trainer_overview(make_user(Role.TRAINER).id, TODAY) is None
    ended_only = trainer_overview(world["trainer"].id, date(2025, 12, 1))
    assert ended_only.next is None and titles(ended_only.others) == ["Coming", "Under way", "Other project, ended",
                                                                     "Ended"]


def test_a_coordinator_sees_the_workshops_awaiting_close_in_their_projects(app, session, world, make_user):
    from tests.conftest import assign_projects

    coordinator = make_user(Role.COORDINATOR)
    assign_projects(app, coordinator, [world["first_project"]])
    waiting = awaiting_close(coordinator.id, TODAY)
    assert waiting.count == 1 and titles(waiting.workshops) == ["Ended"]  # not the closed one, not project two
    assert waiting.workshops[0].missing_pre_scores == 2 and waiting.workshops[0].missing_post_scores == 2
    assert awaiting_close(world["trainer"].id, TODAY).count == 0  # a trainer closes nothing


def test_certificates_to_issue_count_completers_without_one_in_scope(app, session, world, make_user):
    from tests.conftest import assign_projects

    coordinator = make_user(Role.COORDINATOR)
    assign_projects(app, coordinator, [world["first_project"]])
    before = certificates_to_issue(coordinator.id)
    assert (before.people, before.workshop_count) == (2, 1)
    assert [(workshop.title, people) for workshop, people in before.workshops] == [("Ended", 2)]
    certificate_services.issue_for_enrolment(db.session.get(Enrolment, world["completers"][0].id), actor_id=None)
    db.session.flush()
    assert certificates_to_issue(coordinator.id).people == 1
    assert certificates_to_issue(world["trainer"].id).people == 0


def test_a_leads_figures_are_the_reports_figures(app, session, world, make_user):
    from tests.conftest import assign_projects

    lead = make_user(Role.LEAD)
    project = world["first_project"]
    assign_projects(app, lead, [project])
    add_indicator(project.id, IndicatorDetails(title="Practitioners trained", measure=Measure.TRAINEES,
                                               baseline=Decimal(0), target=Decimal(10), deadline=project.ends_on),
                  actor_id=None)
    overview = lead_overview(lead.id, on=TODAY)
    assert overview.project_count == 1 and [item.project.id for item in overview.projects] == [project.id]
    assert overview.projects[0].figures == project_summaries(viewer_id=lead.id)[project.id]
    reported = totals(ReportFilters(), viewer_id=lead.id)
    assert (overview.total.trainees, overview.total.participations) == (reported.trainees, reported.participations)
    assert (overview.total.trainees, overview.total.women) == (2, 1)
    expected = project_progress(project.id, viewer_id=lead.id, on=TODAY)
    assert [(p.indicator.id, p.value, p.status) for p in overview.projects[0].indicators] == [
        (p.indicator.id, p.value, p.status) for p in expected]
    assert overview.projects[0].indicators[0].value == 2
    assert lead_overview(world["trainer"].id) is None


def test_each_role_finds_its_sections_on_the_start_page(app, client, login, world):
    app.config["TODAY"] = TODAY
    login(Role.COORDINATOR, projects=[world["first_project"]])
    page = client.get("/").get_data(as_text=True)
    for heading in ("Workshops awaiting close", "Certificates to issue", "Headline figures", "Progress by project"):
        assert heading in page
    assert "Your next workshop" not in page and "Under way now" not in page
    assert "No indicator yet." in page  # with the lead's button only for those who may add one
    assert "Add indicator" not in page


def test_a_trainers_start_page_says_what_to_do_next(app, client, world):
    from tests.conftest import PASSWORD

    app.config["TODAY"] = TODAY
    client.post("/login", data={"email": world["trainer"].email, "password": PASSWORD})
    page = client.get("/").get_data(as_text=True)
    assert "Under way now" in page and "Attendance is not marked for 2 past sessions." in page
    assert f'/workshops/{world["ongoing"].id}/attendance' in page
    assert "Workshops awaiting close" not in page and "Headline figures" not in page


@pytest.mark.parametrize(("role", "says", "button"), [
    (Role.COORDINATOR, "No workshop yet. Create the first one", 'href="/workshops/new"'),
    (Role.TRAINER, "A coordinator creates workshops and names their trainers", None),
])
def test_an_empty_workshop_list_says_what_comes_next(client, login, make_project, role, says, button):
    make_project()
    login(role)
    page = client.get("/workshops?show=all").get_data(as_text=True)
    assert says in page
    assert (button in page) if button else 'href="/workshops/new"' not in page


def test_empty_participants_projects_and_totals_say_what_to_do(client, login):
    login(Role.ADMIN)
    assert "Nobody is recorded yet." in client.get("/participants").get_data(as_text=True)
    assert "Nobody matches. Check the spelling" in client.get("/participants?q=zzz").get_data(as_text=True)
    projects = client.get("/projects").get_data(as_text=True)
    assert "No project recorded yet." in projects and 'href="/projects/new"' in projects
    assert "Nobody completed a workshop in this scope." in client.get("/reports/totals").get_data(as_text=True)


def test_an_empty_workshop_says_how_to_fill_its_list_and_earn_certificates(client, login, make_workshop):
    login(Role.ADMIN)
    workshop = make_workshop()
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "Nobody is registered yet." in page and f'href="/workshops/{workshop.id}/participants/add"' in page
    assert "No certificate yet." in page


def test_the_lead_without_indicators_is_offered_to_add_one(client, login, make_project):
    project = make_project()
    login(Role.LEAD, projects=[project])
    page = client.get("/").get_data(as_text=True)
    assert "No indicator yet. Add the targets" in page
    assert f'/projects/{project.id}/indicators#add-indicator' in page


def test_the_coordinators_start_page_costs_the_same_for_more_workshops(app, client, login, world, make_workshop,
                                                                       make_participant, enrol, count_queries):
    app.config["TODAY"] = TODAY
    login(Role.COORDINATOR, projects=[world["first_project"]])
    with count_queries() as few:
        assert client.get("/").status_code == 200
    for day in (10, 11, 12, 13, 14):
        added = make_workshop(world["first"], [world["trainer"]], starts_on=date(2025, 5, day),
                              ends_on=date(2025, 5, day))
        for _ in range(3):
            enrol(added, make_participant(), attended=1)
    with count_queries() as many:
        assert client.get("/").status_code == 200
    assert len(many) == len(few), f"{len(few)} queries with few workshops, {len(many)} with many"
