"""The IATI activity file: valid against the official 2.03 schema (vendored in tests/iati), and its figures read
back equal to the totals'."""
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
import xmlschema
from indicator_data import add, build_programme

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.people.models import RoleCategory
from workshops.programmes.models import ProjectCountry
from workshops.reports.figures import Dimension, ReportFilters
from workshops.reports.iati import activity_xml, apportion
from workshops.reports.models import Measure
from workshops.reports.services import breakdown
from workshops.training.models import Workshop

SCHEMA = Path(__file__).resolve().parent.parent / "iati" / "schema-2.03" / "iati-activities-schema.xsd"
#: In the project's third calendar year, after W2 (February 2026).
GENERATED_AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
HOSTILE = "<&>\"' برنامج مكافحة الاتجار"


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


@pytest.fixture
def programme(session, make_project, make_objective, make_workshop, make_participant, enrol):
    countries = [ProjectCountry(country_code=code) for code in ("EG", "ET", "JO")]
    programme = build_programme(make_project, make_objective, make_workshop, make_participant, enrol,
                                beneficiary_countries=countries)
    add(programme.project, Measure.TRAINEES, 8, title="Practitioners trained")
    add(programme.project, Measure.WOMEN_SHARE, 30, title="Women among trainees")
    add(programme.project, Measure.COUNTRIES, 10, title="Countries")
    add(programme.project, Measure.KNOWLEDGE_GAIN, 20, title="Knowledge gain", objective=programme.first)
    add(programme.project, Measure.TRAINEES, 300, baseline=100, title="Prosecutors and judges",
        objective=programme.second, roles=(RoleCategory.PROSECUTOR, RoleCategory.JUDGE))
    return programme


def _file(project_id: int, generated_at: datetime = GENERATED_AT) -> bytes:
    return activity_xml(project_id, viewer_id=None, generated_at=generated_at)


def _indicator(root, title: str):
    return next(indicator for indicator in root.iter("indicator")
                if indicator.findtext("title/narrative") == title)


def _period(indicator, year: int):
    return next(period for period in indicator.iter("period")
                if period.find("period-start").get("iso-date").startswith(str(year)))


def _actuals(period) -> dict:
    """{None: the actual, ("sex", "female"): ..., ("country", "EG"): ...} as numbers."""
    found = {}
    for actual in period.findall("actual"):
        dimension = actual.find("dimension")
        key = None if dimension is None else (dimension.get("name"), dimension.get("value"))
        found[key] = Decimal(actual.get("value"))
    return found


def _by(actuals: dict, dimension: str) -> dict:
    return {key[1]: number for key, number in actuals.items() if key is not None and key[0] == dimension}


def test_the_file_is_valid_iati_2_03(schema, programme):
    content = _file(programme.project.id)
    schema.validate(content.decode("utf-8"))
    assert content.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ElementTree.fromstring(content)
    assert root.get("version") == "2.03"
    assert root.find("iati-activity/iati-identifier").text == f"XI-IATI-WORKSHOPS-P{programme.project.id}"


def test_the_activity_says_who_when_where_and_how_much(programme):
    activity = ElementTree.fromstring(_file(programme.project.id)).find("iati-activity")
    organisations = [(org.get("role"), org.findtext("narrative")) for org in activity.findall("participating-org")]
    assert organisations == [("1", "Netherlands"), ("2", "Workshops"), ("4", "CCCPA")]
    assert activity.find("activity-status").get("code") == "2"
    assert [(each.get("type"), each.get("iso-date")) for each in activity.findall("activity-date")] == [
        ("1", "2024-12-01"), ("2", "2024-12-01"), ("3", "2026-11-30")]  # no actual end yet
    countries = {each.get("code"): Decimal(each.get("percentage")) for each in activity.findall("recipient-country")}
    assert countries == {"EG": Decimal("33.34"), "ET": Decimal("33.33"), "JO": Decimal("33.33")}
    budgets = activity.findall("budget")
    assert [budget.find("period-start").get("iso-date") for budget in budgets] == [
        "2024-12-01", "2025-01-01", "2026-01-01"]
    assert sum(Decimal(budget.findtext("value")) for budget in budgets) == Decimal("1120693.41")


def test_each_objective_is_a_result(programme):
    results = ElementTree.fromstring(_file(programme.project.id)).findall("iati-activity/result")
    assert [result.findtext("title/narrative") for result in results] == [
        programme.project.title, "1. Objective 1", "2. Objective 2", "3. Objective 3"]
    assert [[indicator.findtext("title/narrative") for indicator in result.iter("indicator")] for result in results] \
        == [["Practitioners trained", "Women among trainees", "Countries"], ["Knowledge gain"],
            ["Prosecutors and judges"], ["Practitioners trained"]]  # objective 3 reports without a target
    assert all(result.get("type") == "1" for result in results)


def test_actuals_are_the_totals_up_to_each_year(programme):
    root = ElementTree.fromstring(_file(programme.project.id))
    trained = _indicator(root, "Practitioners trained")
    assert trained.get("measure") == "1" and trained.get("ascending") == "true"
    assert trained.find("baseline").attrib == {"year": "2024", "iso-date": "2024-12-01", "value": "0"}
    for year in (2024, 2025, 2026):
        table = breakdown(ReportFilters(project_id=programme.project.id, year_to=year), Dimension.COUNTRY,
                          Dimension.SEX, viewer_id=None)
        actuals = _actuals(_period(trained, year))
        by_sex, by_country = _by(actuals, "sex"), _by(actuals, "country")
        assert actuals[None] == table.total.trainees == sum(by_sex.values()) == sum(by_country.values())
        assert by_sex == {name: table.column_totals[code].trainees for code, name in (("F", "female"), ("M", "male"))
                          if code in table.column_totals}
        assert by_country == {code: figures.trainees for code, figures in table.row_totals.items()}
    assert _actuals(_period(trained, 2025)) == {None: 3, ("sex", "female"): 2, ("sex", "male"): 1,
                                                ("country", "EG"): 2, ("country", "ET"): 1}
    assert _actuals(_period(trained, 2026))[None] == 4


def test_targets_follow_the_pace_and_levels_stay(programme):
    root = ElementTree.fromstring(_file(programme.project.id))
    trained, women = _indicator(root, "Practitioners trained"), _indicator(root, "Women among trainees")
    # 8 × 30/729 = 0.33 by the end of 2024, 8 × 395/729 = 4.33 by the end of 2025 (whole people), 8 by the deadline
    assert [period.find("target").get("value") for period in trained.iter("period")] == ["1", "5", "8"]
    assert [period.find("target").get("value") for period in women.iter("period")] == ["30", "30", "30"]
    assert women.get("measure") == "2"
    assert _actuals(_period(women, 2026)) == {None: Decimal("75"), ("country", "EG"): Decimal("50"),
                                              ("country", "ET"): Decimal("100"), ("country", "JO"): Decimal("100")}
    gain = _actuals(_period(_indicator(root, "Knowledge gain"), 2025))
    assert gain == {None: 20, ("sex", "female"): 30, ("sex", "male"): 10, ("country", "EG"): 20}
    judges = _indicator(root, "Prosecutors and judges")
    assert judges.find("baseline").get("value") == "100"
    assert _actuals(_period(judges, 2025)) == {None: 100}  # the baseline; nobody counted yet
    assert _actuals(_period(judges, 2026)) == {None: 102, ("sex", "female"): 2, ("country", "EG"): 1,
                                               ("country", "JO"): 1}


def test_periods_not_begun_have_no_actual(schema, programme):
    content = _file(programme.project.id, datetime(2025, 6, 1, tzinfo=UTC))
    schema.validate(content.decode("utf-8"))
    trained = _indicator(ElementTree.fromstring(content), "Practitioners trained")
    assert [bool(period.findall("actual")) for period in trained.iter("period")] == [True, True, False]


def test_an_empty_project_is_valid(schema, session, make_project):
    project = make_project(donors=[], implementing_partners=[], target_groups=[], budget_usd="0")
    content = _file(project.id, datetime(2030, 1, 1, tzinfo=UTC))
    schema.validate(content.decode("utf-8"))
    activity = ElementTree.fromstring(content).find("iati-activity")
    assert activity.findall("result") == [] and activity.findall("recipient-country") == []
    assert activity.find("activity-status").get("code") == "4"  # ended more than a year ago
    assert [org.get("role") for org in activity.findall("participating-org")] == ["2"]


def test_hostile_and_arabic_text_survives(schema, session, make_project, make_objective):
    project = make_project(title=HOSTILE, donors=[HOSTILE], implementing_partners=["CCCPA"])
    objective = make_objective(project, number=1, title=HOSTILE, description=HOSTILE)
    add(project, Measure.TRAINEES, 10, title=HOSTILE, objective=objective, deadline=date(2026, 1, 1))
    content = _file(project.id)
    schema.validate(content.decode("utf-8"))
    activity = ElementTree.fromstring(content).find("iati-activity")
    assert activity.findtext("title/narrative") == HOSTILE
    assert activity.find("participating-org").findtext("narrative") == HOSTILE
    assert activity.findtext("result/title/narrative") == f"1. {HOSTILE}"
    assert activity.findtext("result/indicator/title/narrative") == HOSTILE


def test_the_route_downloads_a_named_file(client, login, schema, programme):
    login(Role.LEAD)
    response = client.get(f"/projects/{programme.project.id}/iati.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=iati-project-")
    assert response.headers["Content-Disposition"].endswith(f"-{date.today().isoformat()}.xml")
    schema.validate(response.get_data(as_text=True))


def test_a_trainer_gets_no_file(client, login, programme):
    trainer = login(Role.TRAINER)
    db.session.get(Workshop, programme.w1.id).trainers.append(db.session.merge(trainer))
    db.session.commit()
    assert client.get(f"/projects/{programme.project.id}/iati.xml").status_code == 403


def test_apportion_adds_up_exactly():
    assert apportion(10_000, [1, 1, 1]) == [3334, 3333, 3333]
    assert apportion(100, [31, 365, 334]) == [4, 50, 46]
    assert apportion(5, [0, 0]) == [0, 0]
