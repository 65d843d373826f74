"""Indicators: progress counted by hand on the small programme of indicator_data, the pace on fixed days, the forms,
the trail, and the section of the project page."""
import re
from datetime import date
from decimal import Decimal

import pytest
from indicator_data import ENDS_ON, add, build_programme
from sqlalchemy import select

from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.exceptions import DomainError, NotPermitted
from workshops.extensions import db
from workshops.people.models import RoleCategory
from workshops.reports.indicators import (
    IndicatorDetails,
    Status,
    delete_indicator,
    elapsed_share,
    progress,
    project_progress,
    update_indicator,
)
from workshops.reports.models import Indicator, Measure

PROSECUTORS_AND_JUDGES = (RoleCategory.PROSECUTOR, RoleCategory.JUDGE)
#: 364 of the 729 days from the project's start to its end: half the way, just short of it.
BEFORE_HALF_WAY, AFTER_HALF_WAY = date(2025, 11, 30), date(2025, 12, 1)


@pytest.fixture
def programme(session, make_project, make_objective, make_workshop, make_participant, enrol):
    return build_programme(make_project, make_objective, make_workshop, make_participant, enrol)


def _measured(programme, measure, target, **details):
    indicator = add(programme.project, measure, target, **details)
    return progress(indicator.id, viewer_id=None, on=BEFORE_HALF_WAY)


# --- What the data says, per measure --------------------------------------------------------------------------

@pytest.mark.parametrize(("measure", "target", "details", "value", "remaining", "status"), [
    (Measure.TRAINEES, 8, {}, Decimal(4), Decimal(4), Status.ON_TRACK),  # 3.99, so 4, expected by then
    (Measure.TRAINEES, 10, {"baseline": 2}, Decimal(6), Decimal(4), Status.ON_TRACK),  # counts add to the baseline
    (Measure.TRAINEES, 5, {"roles": PROSECUTORS_AND_JUDGES}, Decimal(2), Decimal(3), Status.BEHIND),  # 2.5: 3
    (Measure.PARTICIPATIONS, 5, {}, Decimal(5), Decimal(0), Status.MET),
    (Measure.WORKSHOPS, 2, {}, Decimal(2), Decimal(0), Status.MET),
    (Measure.WOMEN_SHARE, 30, {}, Decimal("75.0"), Decimal(0), Status.MET),
    (Measure.WOMEN_SHARE, 80, {}, Decimal("75.0"), Decimal("5.0"), Status.BEHIND),  # a level has no pace
    (Measure.COUNTRIES, 10, {}, Decimal(3), Decimal(7), Status.BEHIND),  # EG, ET, JO; never SD (karim failed)
    (Measure.KNOWLEDGE_GAIN, 25, {}, Decimal("20.0"), Decimal("5.0"), Status.BEHIND),  # (30 + 10) / 2
])
def test_progress_per_measure(programme, measure, target, details, value, remaining, status):
    measured = _measured(programme, measure, target, **details)
    assert (measured.value, measured.remaining, measured.status) == (value, remaining, status)


def test_an_objective_counts_only_its_workshops(programme):
    assert _measured(programme, Measure.TRAINEES, 3, objective=programme.first).value == 3
    assert _measured(programme, Measure.WOMEN_SHARE, 50, objective=programme.first).value == Decimal("66.7")


def test_nothing_counted_is_no_data(programme):
    nothing = _measured(programme, Measure.TRAINEES, 10, objective=programme.third)
    assert (nothing.value, nothing.status) == (0, Status.NO_DATA)
    unscored = _measured(programme, Measure.KNOWLEDGE_GAIN, 10, objective=programme.second)
    assert (unscored.value, unscored.remaining, unscored.status) == (None, None, Status.NO_DATA)


def test_a_baseline_at_the_target_is_met_before_any_data(programme):
    assert _measured(programme, Measure.TRAINEES, 1, baseline=0, objective=programme.third).status == Status.NO_DATA
    assert _measured(programme, Measure.COUNTRIES, 3).status == Status.MET


# --- The pace --------------------------------------------------------------------------------------------------

def test_expected_by_now_follows_the_time_elapsed(programme):
    indicator = add(programme.project, Measure.TRAINEES, 8)
    before, after = (progress(indicator, viewer_id=None, on=day) for day in (BEFORE_HALF_WAY, AFTER_HALF_WAY))
    assert (before.expected, before.status) == (4, Status.ON_TRACK)  # 8 × 364 / 729 = 3.99: 4 people
    assert (after.expected, after.status) == (5, Status.BEHIND)  # 8 × 365 / 729 = 4.01: 5 people
    start, end = (progress(indicator, viewer_id=None, on=day).expected for day in (date(2024, 1, 1), date(2030, 1, 1)))
    assert (start, end) == (Decimal(0), Decimal(8))


def test_the_pace_runs_from_the_baseline_to_an_earlier_deadline(programme):
    indicator = add(programme.project, Measure.TRAINEES, 12, baseline=2, deadline=date(2025, 12, 1))
    assert progress(indicator, viewer_id=None, on=date(2025, 6, 2)).expected == 8  # 2 + 10 × 183/365 = 7.01
    assert elapsed_share(date(2024, 12, 1), date(2025, 12, 1), date(2025, 12, 1)) == 1


def test_levels_have_no_pace(programme):
    assert _measured(programme, Measure.WOMEN_SHARE, 80).expected is None


# --- One table per scope ----------------------------------------------------------------------------------------

def test_project_progress_gives_each_indicator_what_it_gives_alone(programme):
    made = [add(programme.project, Measure.TRAINEES, 8), add(programme.project, Measure.WOMEN_SHARE, 30),
            add(programme.project, Measure.COUNTRIES, 10),
            add(programme.project, Measure.TRAINEES, 4, roles=PROSECUTORS_AND_JUDGES),
            add(programme.project, Measure.KNOWLEDGE_GAIN, 20, objective=programme.first)]
    together = project_progress(programme.project.id, viewer_id=None, on=BEFORE_HALF_WAY)
    assert [each.indicator.id for each in together] == [indicator.id for indicator in made]
    assert together == [progress(indicator, viewer_id=None, on=BEFORE_HALF_WAY) for indicator in made]


def test_project_progress_counts_once_per_scope(programme, count_queries):
    """More indicators of the same scopes cost no more queries: one table per objective and roles."""
    def queries() -> int:
        db.session.expire_all()
        with count_queries() as statements:
            project_progress(programme.project.id, viewer_id=None)
        return len(statements)

    for measure, target in ((Measure.TRAINEES, 8), (Measure.COUNTRIES, 10)):
        add(programme.project, measure, target)
        add(programme.project, measure, target, objective=programme.first)
    few = queries()
    for measure, target in ((Measure.WOMEN_SHARE, 30), (Measure.KNOWLEDGE_GAIN, 20), (Measure.WORKSHOPS, 2)):
        add(programme.project, measure, target)
        add(programme.project, measure, target, objective=programme.first)
    assert queries() == few <= 20, few


def test_progress_counts_in_the_viewers_scope(programme, make_user):
    """A trainer of W1 only would count W1's people; the service asks the same scope as the totals."""
    trainer = make_user(Role.TRAINER)
    db.session.get(type(programme.w1), programme.w1.id).trainers.append(db.session.merge(trainer))
    db.session.commit()
    indicator = add(programme.project, Measure.TRAINEES, 8)
    assert progress(indicator, viewer_id=trainer.id).value == 0  # trainers see no totals at all


# --- Changes and their trail ------------------------------------------------------------------------------------

def _details(**overrides) -> IndicatorDetails:
    values = {"title": "2,000 practitioners trained", "measure": Measure.TRAINEES, "baseline": Decimal(0),
              "target": Decimal(2000), "deadline": ENDS_ON}
    return IndicatorDetails(**{**values, **overrides})


def _trail(indicator_id: int) -> list[tuple[str, dict]]:
    return [(entry.action, entry.details) for entry in db.session.scalars(
        select(AuditEntry).where(AuditEntry.subject_type == "indicator", AuditEntry.subject_id == indicator_id)
        .order_by(AuditEntry.id))]


def test_changes_are_in_the_trail(programme, make_user):
    indicator = add(programme.project, Measure.TRAINEES, 2000, title="2,000 practitioners trained")
    update_indicator(indicator.id, _details(target=Decimal(2500)), None, actor_id=None)
    update_indicator(indicator.id, _details(target=Decimal(2500)), None, actor_id=None)  # nothing changed
    db.session.commit()
    delete_indicator(indicator.id, actor_id=None)
    db.session.commit()
    trail = _trail(indicator.id)
    assert [action for action, _ in trail] == ["indicator.created", "indicator.updated", "indicator.deleted"]
    assert trail[0][1]["changes"]["title"] == [None, "2,000 practitioners trained"]
    assert trail[1][1]["changes"] == {"target": ["2000.00", "2500.00"]}
    assert trail[2][1]["changes"]["measure"] == ["trainees", None]
    assert db.session.get(Indicator, indicator.id) is None


@pytest.mark.parametrize(("details", "field"), [
    ({"deadline": date(2027, 1, 1)}, "deadline"),
    ({"deadline": date(2024, 11, 30)}, "deadline"),
    ({"target": Decimal(0), "baseline": Decimal(0)}, "target"),
    ({"target": Decimal(10), "baseline": Decimal(10)}, "target"),
    ({"target": Decimal("10.5")}, "target"),
    ({"measure": Measure.WOMEN_SHARE, "target": Decimal(101)}, "target"),
    ({"role_categories": ("astronaut",)}, "role_categories"),
    ({"title": "   "}, "title"),
    ({"objective_id": 10**6}, "objective_id"),
])
def test_the_service_holds_the_rules(programme, details, field):
    with pytest.raises(DomainError) as refusal:
        update_indicator(add(programme.project, Measure.TRAINEES, 2000).id, _details(**details), None,
                         actor_id=None)
    assert refusal.value.field == field


def test_an_objective_of_another_project_is_refused(programme, make_objective):
    elsewhere = make_objective()
    with pytest.raises(DomainError) as refusal:
        update_indicator(add(programme.project, Measure.TRAINEES, 2000).id, _details(objective_id=elsewhere.id),
                         None, actor_id=None)
    assert refusal.value.field == "objective_id"


def test_only_the_projects_leads_change_indicators(programme, make_user, make_project):
    indicator = add(programme.project, Measure.TRAINEES, 2000)
    coordinator = make_user(Role.COORDINATOR)
    with pytest.raises(NotPermitted):
        delete_indicator(indicator.id, actor_id=coordinator.id)


# --- The pages ------------------------------------------------------------------------------------------------

def _form(**overrides) -> dict:
    return {"title": "300 prosecutors and judges trained", "measure": "trainees", "objective_id": "",
            "role_categories": ["prosecutor", "judge"], "baseline": "0", "target": "300",
            "deadline": "2026-11-30", **overrides}


def _url(programme, *parts) -> str:
    return "/".join([f"/projects/{programme.project.id}/indicators", *map(str, parts)])


def test_a_lead_adds_edits_and_deletes(client, login, programme):
    login(Role.LEAD)
    response = client.post(_url(programme), data=_form())
    assert response.status_code == 303
    indicator = db.session.scalars(select(Indicator)).one()
    assert (indicator.role_categories, indicator.target) == (["judge", "prosecutor"], Decimal(300))
    page = client.get(_url(programme, indicator.id, "edit")).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    response = client.post(_url(programme, indicator.id, "edit"),
                           data=_form(target="350", objective_id=str(programme.first.id), version=version))
    assert response.status_code == 303
    db.session.expire_all()
    assert (indicator.target, indicator.objective_id) == (Decimal(350), programme.first.id)
    assert client.post(_url(programme, indicator.id, "delete")).status_code == 303
    assert db.session.scalars(select(Indicator)).all() == []


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"deadline": "2027-03-01"}, "deadline", "within the project"),
    ({"target": "0"}, "target", "more than 0"),
    ({"baseline": "400"}, "target", "more than the baseline"),
    ({"measure": "women_share", "target": "130"}, "target", "at most 100"),
    ({"target": "10.5"}, "target", "A count is a whole number"),
    ({"target": "2,0000"}, "target", "at most 10 digits"),
    ({"target": "NaN"}, "target", "at most 10 digits"),
    ({"target": "sNaN"}, "target", "at most 10 digits"),
    ({"target": "1e400"}, "target", "at most 10 digits"),
    ({"target": "99999999999"}, "target", "at most 10 digits"),
    ({"target": ""}, "target", "required"),
    ({"measure": "bogus"}, "measure", "Not a valid choice"),
    ({"objective_id": "abc"}, "objective_id", "Invalid Choice"),
    ({"objective_id": "9" * 5000}, "objective_id", "Invalid Choice"),
    ({"role_categories": ["astronaut"]}, "role_categories", "not a valid choice"),
    ({"deadline": "2026-02-30"}, "deadline", "Not a valid date"),
    ({"title": "Bad\x00title"}, "title", "cannot be saved"),
    ({"title": "x" * 301}, "title", "300"),
])
def test_bad_values_are_refused_next_to_their_field_and_kept(client, login, programme, overrides, field, message):
    login(Role.LEAD)
    response = client.post(_url(programme), data=_form(**overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert error and message.lower() in error.group(1).lower(), page[:0]
    assert 'value="300 prosecutors and judges trained"' in page or field == "title"
    assert db.session.scalars(select(Indicator)).all() == []


@pytest.mark.parametrize(("measure", "typed", "read"), [
    ("women_share", "٣٠٫٥", Decimal("30.5")), ("women_share", "30,5", Decimal("30.5")),
    ("trainees", "2,000", Decimal(2000)), ("trainees", "1 234 567", Decimal(1234567)),
    ("trainees", "12,345.00", Decimal(12345)), ("trainees", "٢٬٠٠٠", Decimal(2000)),
])
def test_numbers_are_read_as_people_write_them(client, login, programme, measure, typed, read):
    login(Role.LEAD)
    response = client.post(_url(programme), data=_form(measure=measure, target=typed, role_categories=[]))
    assert response.status_code == 303
    assert db.session.scalars(select(Indicator.target)).one() == read


@pytest.mark.parametrize("overrides", [
    {"version": "abc", "target": "sNaN"}, {"version": "9" * 400, "baseline": "-1"},
    {"loaded_at": "0001-01-01T00:00+14:00", "deadline": "0000-01-01"},
    {"objective_id": "-1"}, {"role_categories": ["prosecutor", "\x00"]}, {"title": "evil\u202eexe"},
])
def test_hostile_edits_are_refused_not_failed(client, login, programme, overrides):
    login(Role.LEAD)
    indicator = add(programme.project, Measure.TRAINEES, 2000)
    assert client.post(_url(programme, indicator.id, "edit"), data=_form(**overrides)).status_code == 422


def test_a_stale_edit_is_refused_with_the_values_kept(client, login, programme):
    login(Role.LEAD)
    indicator = add(programme.project, Measure.TRAINEES, 2000)
    page = client.get(_url(programme, indicator.id, "edit")).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    loaded_at = re.search(r'name="loaded_at"[^>]*value="([^"]+)"', page).group(1)
    update_indicator(indicator.id, _details(target=Decimal(2500)), None, actor_id=None)
    db.session.commit()
    response = client.post(_url(programme, indicator.id, "edit"),
                           data=_form(target="1800", version=version, loaded_at=loaded_at))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "changed after you opened it" in page and 'value="1800"' in page
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).target == Decimal(2500)


def test_an_indicator_of_another_project_is_not_found_here(client, login, programme, make_project):
    login(Role.ADMIN)
    other = make_project()
    indicator = add(programme.project, Measure.TRAINEES, 2000)
    assert client.get(f"/projects/{other.id}/indicators/{indicator.id}/edit").status_code == 404
    assert client.post(f"/projects/{other.id}/indicators/{indicator.id}/delete").status_code == 404
    assert client.get(_url(programme, 10**6, "edit")).status_code == 404


def test_hostile_titles_are_shown_as_text(client, login, programme):
    login(Role.LEAD)
    title = '<script>alert("x")</script> & مؤشر'
    assert client.post(_url(programme), data=_form(title=title)).status_code == 303
    page = client.get(f"/projects/{programme.project.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; مؤشر" in page


def test_the_project_page_shows_progress_to_a_lead(client, login, programme):
    add(programme.project, Measure.TRAINEES, 8, title="Eight practitioners trained")
    add(programme.project, Measure.WOMEN_SHARE, 30, title="At least 30 % women")
    login(Role.LEAD)
    page = client.get(f"/projects/{programme.project.id}").get_data(as_text=True)
    assert "Eight practitioners trained" in page and "At least 30 % women" in page
    assert '<progress class="w-100 my-2" max="8.00" value="4"' in page
    assert "4 of 8 by 30 November 2026." in page and "4 to go." in page
    assert "75 % of 30 %" in page and "Target met" in page
    assert f'href="/projects/{programme.project.id}/indicators#add-indicator"' in page
    assert "style=" not in page


def test_the_empty_section_says_what_to_do(client, login, programme):
    login(Role.LEAD)
    page = client.get(f"/projects/{programme.project.id}").get_data(as_text=True)
    assert "No indicator yet. Add the targets the project document promises" in page
    client.post("/logout")
    login(Role.COORDINATOR)
    page = client.get(f"/projects/{programme.project.id}").get_data(as_text=True)
    assert "The project lead adds the targets" in page and "#add-indicator" not in page


def test_a_trainer_does_not_see_the_section(client, login, programme, make_user):
    add(programme.project, Measure.TRAINEES, 8, title="Eight practitioners trained")
    trainer = login(Role.TRAINER)
    workshop = db.session.get(type(programme.w1), programme.w1.id)
    workshop.trainers.append(db.session.merge(trainer))
    db.session.commit()
    response = client.get(f"/projects/{programme.project.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "indicators-heading" not in page and "Eight practitioners trained" not in page
    assert client.get(_url(programme)).status_code == 403
