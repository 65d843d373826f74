"""The totals page and its CSV, with filters from the query string."""
import csv
import io
from datetime import date

import pytest

from workshops.auth.models import Role
from workshops.spreadsheets import neutralise


@pytest.fixture
def programme(make_project, make_objective, make_workshop, make_participant, enrol):
    objective = make_objective(make_project(starts_on=date(2017, 1, 1)))
    workshop = make_workshop(objective, starts_on=date(2017, 5, 1), ends_on=date(2017, 5, 5))
    for country, sex in (("EG", "F"), ("EG", "M"), ("JO", "F")):
        enrol(workshop, make_participant(country_code=country, sex=sex), attended=5)
    enrol(workshop, make_participant(country_code="JO"), attended=1)
    return objective


def test_totals_page_shows_rows_and_total(client, login, programme):
    login(Role.LEAD)
    page = client.get(f"/reports/countries?project={programme.project_id}&year=2017").get_data(as_text=True)
    assert "Egypt" in page and "Jordan" in page and "Total" in page


def test_csv_has_the_agreed_columns(client, login, programme):
    login(Role.LEAD)
    response = client.get(f"/reports/countries.csv?project={programme.project_id}&objective={programme.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0]) == ["country_code", "country", "trainees", "women", "men", "participations", "workshops"]
    assert rows[0] == {"country_code": "EG", "country": "Egypt", "trainees": "2", "women": "1", "men": "1",
                       "participations": "2", "workshops": "1"}
    assert rows[1]["trainees"] == "1"
    assert rows[-1]["country"] == "Total" and rows[-1]["trainees"] == "3" and rows[-1]["workshops"] == "1"


@pytest.mark.parametrize("query", ["project=abc", "project=999999", "objective=999999", "year=17", "year=abcd"])
def test_bad_filters_are_400(client, login, programme, query):
    login(Role.LEAD)
    assert client.get(f"/reports/countries?{query}").status_code == 400
    assert client.get(f"/reports/countries.csv?{query}").status_code == 400


def test_objective_of_another_project_is_400(client, login, programme, make_objective):
    other = make_objective()
    login(Role.LEAD)
    assert client.get(f"/reports/countries?project={programme.project_id}&objective={other.id}").status_code == 400


@pytest.mark.parametrize(("value", "expected"), [("=1+1", "'=1+1"), ("+20 100", "'+20 100"), ("-x", "'-x"),
                                                 ("@SUM(A1)", "'@SUM(A1)"), ("Egypt", "Egypt"), (12, 12)])
def test_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected
