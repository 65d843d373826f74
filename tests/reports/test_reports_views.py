"""The totals page and its files: filters from the query string, any split, CSV and workbook read back."""
import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from workshops.auth.models import Role
from workshops.people.models import RoleCategory, Sex
from workshops.reports.exports import BYTE_ORDER_MARK
from workshops.spreadsheets import neutralise


@pytest.fixture
def programme(make_project, make_objective, make_workshop, make_participant, enrol):
    """One 2017 workshop: Egypt a woman and a man (prosecutors), Jordan a woman (judge, born 1990) and a
    non-completer."""
    objective = make_objective(make_project(title="Framework", starts_on=date(2017, 1, 1)), number=1,
                               title="Training")
    workshop = make_workshop(objective, starts_on=date(2017, 5, 1), ends_on=date(2017, 5, 5))
    for country, sex, role, born in (("EG", Sex.FEMALE, RoleCategory.PROSECUTOR, None),
                                     ("EG", Sex.MALE, RoleCategory.PROSECUTOR, None),
                                     ("JO", Sex.FEMALE, RoleCategory.JUDGE, 1990)):
        enrol(workshop, make_participant(country_code=country, sex=sex, role_category=role, year_of_birth=born),
              attended=5)
    enrol(workshop, make_participant(country_code="JO"), attended=1)
    return objective


def _rows(page: str) -> str:
    return page.split("<tbody>")[1].split("</tbody>")[0]


def test_totals_page_shows_rows_total_and_a_chart(client, login, programme):
    login(Role.LEAD)
    response = client.get(f"/reports/totals?project={programme.project_id}&year_from=2017&year_to=2017")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Egypt" in _rows(page) and "Jordan" in _rows(page) and "Total" in page
    assert "<svg" in page and 'role="img"' in page
    assert 'data-project="' in page and "1. Training" in page


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("roles=judge", "Jordan", "Egypt"), ("sexes=M", "Egypt", "Jordan"), ("countries=JO", "Jordan", "Egypt"),
    ("age_groups=youth", "Jordan", "Egypt"), ("age_groups=unknown", "Egypt", "Jordan"),
    ("kinds=regional", None, "Egypt"), ("themes=tip", "Egypt", None), ("host_countries=EG", "Egypt", None)])
def test_every_filter_narrows_the_rows(client, login, programme, query, shown, hidden):
    login(Role.LEAD)
    rows = _rows(client.get(f"/reports/totals?{query}").get_data(as_text=True))
    assert (shown is None or shown in rows) and (hidden is None or hidden not in rows)


def test_rows_and_split_are_chosen(client, login, programme):
    login(Role.LEAD)
    page = client.get("/reports/totals?rows=role&columns=age_group").get_data(as_text=True)
    assert "Prosecutor" in _rows(page) and "Judge" in _rows(page) and "35 or under" in page


def test_csv_has_a_byte_order_mark_the_filters_and_the_table(client, login, programme):
    login(Role.LEAD)
    response = client.get(f"/reports/totals.csv?project={programme.project_id}&objective={programme.id}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert "totals-framework-" in disposition and date.today().isoformat() in disposition
    text = response.get_data(as_text=True)
    assert text.startswith(BYTE_ORDER_MARK)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["Project", "Framework"] and rows[1][0] == "Objective" and "Training" in rows[1][1]
    header = rows.index([]) + 1
    assert rows[header][1] == "Trainees" and rows[header + 1][:4] == ["Country", "Total", "Female", "Male"]
    assert rows[header + 2] == ["Egypt", "2", "1", "1", "2", "1", "1", "1"]
    assert rows[-1] == ["Total", "3", "2", "1", "3", "2", "1", "1"]


def test_suppressed_csv_shows_no_count_under_five(client, login, programme):
    login(Role.LEAD)
    text = client.get("/reports/totals.csv?suppress=y").get_data(as_text=True)
    table = list(csv.reader(io.StringIO(text[1:])))
    body = table[table.index([]) + 3:]
    values = [value for row in body for value in row[1:-1]]
    assert "<5" in values and not any(value.isdigit() and 0 < int(value) < 5 for value in values)


def test_workbook_has_a_sheet_per_donor_split_with_the_filters(client, login, programme):
    login(Role.LEAD)
    response = client.get(f"/reports/totals.xlsx?project={programme.project_id}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    assert len(workbook.sheetnames) == 9
    sheet = workbook[workbook.sheetnames[0]]
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "Trainees and participations by country and sex"
    assert cells[1][:2] == ["Project", "Framework"]
    assert ["Egypt", 2, 1, 1, 2, 1, 1, 1] in [row[:8] for row in cells]


@pytest.mark.parametrize("query", ["project=abc", "project=999999", "objective=999999", "year_from=17",
                                   "year_from=abcd", "year_from=2019&year_to=2017", "rows=sex&columns=sex",
                                   "rows=nonsense", "roles=chef"])
def test_bad_filters_are_400_with_the_form(client, login, programme, query):
    login(Role.LEAD)
    response = client.get(f"/reports/totals?{query}")
    assert response.status_code == 400 and "is-invalid" in response.get_data(as_text=True) \
        or "invalid-feedback" in response.get_data(as_text=True)
    assert client.get(f"/reports/totals.csv?{query}").status_code == 400


def test_objective_of_another_project_is_refused_at_the_field(client, login, programme, make_objective):
    other = make_objective()
    login(Role.LEAD)
    response = client.get(f"/reports/totals?project={programme.project_id}&objective={other.id}")
    assert response.status_code == 400 and "belongs to another project" in response.get_data(as_text=True)


@pytest.mark.parametrize(("value", "expected"), [("=1+1", "'=1+1"), ("+20 100", "'+20 100"), ("-x", "'-x"),
                                                 ("@SUM(A1)", "'@SUM(A1)"), ("Egypt", "Egypt"), (12, 12)])
def test_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_donor_report_pdf_reads_back_and_renders(client, login, programme, tmp_path, language):
    import subprocess

    from pypdf import PdfReader

    login(Role.LEAD)
    response = client.get(f"/reports/totals.pdf?project={programme.project_id}&language={language}&suppress=y")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert f"-{language}.pdf" in response.headers["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Framework" in text and "<5" in text
    if language == "en":
        assert "Training report" in text and "Trainees" in text and "Egypt" in text
    (tmp_path / "report.pdf").write_bytes(response.data)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
                   check=True)
    assert list(tmp_path.glob("page*.png"))
