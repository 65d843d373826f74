"""Totals against numbers worked out by hand on a small data set, read from the summary and from the plain query."""
from datetime import date

import pytest

from workshops.people.models import Sex
from workshops.reports.figures import Figures
from workshops.reports.plain import plain_breakdown
from workshops.reports.services import Dimension, ProjectSummary, ReportFilters, breakdown, project_summaries


@pytest.fixture
def small_programme(make_project, make_objective, make_workshop, make_participant, enrol):
    """Two projects; Egypt, Jordan and Morocco; repeat trainees, a non-completer and a regional workshop.

    Project A, objective 1: W1 (2017, Cairo) and W2 (2018, regional, Amman).  Objective 2: W3 (2018).
    Project B: W4 (2018).
      amina (EG, F): completes W1 and W2          -> 1 trainee, 2 participations
      omar  (EG, M): completes W1, fails W3        -> 1 trainee, 1 participation
      leila (JO, F): completes W2 and W3           -> 1 trainee, 2 participations
      karim (JO, M): fails W2                      -> not a trainee
      said  (MA, M): completes W4 (project B only) -> counts only without a project filter
    """
    project_a, project_b = (make_project(title=title, starts_on=date(2017, 1, 1)) for title in ("A", "B"))
    first, second = make_objective(project_a, number=1), make_objective(project_a, number=2)
    w1 = make_workshop(first, starts_on=date(2017, 5, 1), ends_on=date(2017, 5, 5))
    w2 = make_workshop(first, starts_on=date(2018, 5, 1), ends_on=date(2018, 5, 5), country_code="JO", city="Amman")
    w3 = make_workshop(second, starts_on=date(2018, 9, 1), ends_on=date(2018, 9, 5))
    w4 = make_workshop(make_objective(project_b, number=1), starts_on=date(2018, 2, 1), ends_on=date(2018, 2, 5))
    amina = make_participant(given_name="Amina", sex=Sex.FEMALE, country_code="EG")
    omar = make_participant(given_name="Omar", sex=Sex.MALE, country_code="EG")
    leila = make_participant(given_name="Leila", sex=Sex.FEMALE, country_code="JO")
    karim = make_participant(given_name="Karim", sex=Sex.MALE, country_code="JO")
    said = make_participant(given_name="Said", sex=Sex.MALE, country_code="MA")
    for workshop, participant, attended in [(w1, amina, 5), (w2, amina, 4), (w1, omar, 5), (w3, omar, 2),
                                            (w2, leila, 5), (w3, leila, 4), (w2, karim, 3), (w4, said, 5)]:
        enrol(workshop, participant, attended=attended)
    return {"A": project_a, "B": project_b, "first": first, "second": second}


@pytest.fixture(params=[breakdown, plain_breakdown], ids=["summary", "plain"])
def country_totals(request):
    """Both ways of counting must give the hand-computed numbers."""
    return lambda filters, viewer_id: request.param(filters, Dimension.COUNTRY, Dimension.SEX, viewer_id=viewer_id)


def _table(totals):
    return {code: (figures.trainees, totals.cell(code, "F").trainees, totals.cell(code, "M").trainees,
                   figures.participations, figures.workshops) for code, figures in totals.row_totals.items()}


def _total(totals):
    total = totals.total
    return (total.trainees, totals.column_totals.get("F", Figures()).trainees,
            totals.column_totals.get("M", Figures()).trainees, total.participations, total.workshops)


def test_project_totals_count_each_person_once(session, small_programme, country_totals):
    totals = country_totals(ReportFilters(project_id=small_programme["A"].id), viewer_id=None)
    assert _table(totals) == {"EG": (2, 1, 1, 3, 2), "JO": (1, 1, 0, 2, 2)}
    assert _total(totals) == (3, 2, 1, 5, 3)


def test_total_row_counts_a_regional_workshop_once(session, small_programme, country_totals):
    """W2 appears under Egypt and Jordan; the total still says three workshops, not four."""
    totals = country_totals(ReportFilters(project_id=small_programme["A"].id), viewer_id=None)
    assert sum(figures.workshops for figures in totals.row_totals.values()) == 4
    assert totals.total.workshops == 3


def test_objective_filter(session, small_programme, country_totals):
    totals = country_totals(ReportFilters(project_id=small_programme["A"].id,
                                          objective_id=small_programme["second"].id), viewer_id=None)
    assert _table(totals) == {"JO": (1, 1, 0, 1, 1)}


def test_year_filter(session, small_programme, country_totals):
    totals = country_totals(ReportFilters(year_from=2018, year_to=2018), viewer_id=None)
    assert _table(totals) == {"EG": (1, 1, 0, 1, 1), "JO": (1, 1, 0, 2, 2), "MA": (1, 0, 1, 1, 1)}
    assert _total(totals) == (3, 2, 1, 4, 3)


def test_all_projects(session, small_programme, country_totals):
    totals = country_totals(ReportFilters(), viewer_id=None)
    assert _total(totals) == (4, 2, 2, 6, 4)
    assert totals.row_keys == ["EG", "JO", "MA"]


def test_empty_scope(session, small_programme, country_totals):
    totals = country_totals(ReportFilters(year_from=2011, year_to=2011), viewer_id=None)
    assert totals.row_totals == {} and _total(totals) == (0, 0, 0, 0, 0)


def test_project_summaries_match_the_project_totals(session, small_programme):
    summaries = project_summaries(viewer_id=None)
    assert summaries[small_programme["A"].id] == ProjectSummary(trainees=3, women=2, participations=5, workshops=3)
    assert summaries[small_programme["B"].id] == ProjectSummary(trainees=1, women=0, participations=1, workshops=1)
