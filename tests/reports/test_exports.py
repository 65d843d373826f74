"""Participant lists as CSV and XLSX: the right rows, formulas neutralised, contacts only for those who need them."""
import csv
import io

import pytest
from openpyxl import load_workbook

from workshops.auth.models import Role


def _rows(response) -> list[dict]:
    if response.mimetype == "text/csv":
        return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, ["" if value is None else str(value) for value in row], strict=True)) for row in rows]


@pytest.fixture
def workshop(make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrol(workshop, make_participant(given_name="=HYPERLINK(\"http://evil.example\")", family_name="Mansour",
                                     phone="+20 100 000 0000"), attended=5)
    enrol(workshop, make_participant(given_name="Omar", family_name="@Farouk", agency="-Ministry"), attended=2)
    return workshop


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_workshop_list_with_attendance_and_neutralised_formulas(client, login, workshop, file_format):
    login(Role.COORDINATOR)
    response = client.get(f"/workshops/{workshop.id}/participants.{file_format}")
    assert response.status_code == 200
    rows = {row["family_name"]: row for row in _rows(response)}
    assert rows["Mansour"]["given_name"] == "'=HYPERLINK(\"http://evil.example\")"
    assert rows["Mansour"]["phone"] == "'+20 100 000 0000"
    assert rows["'@Farouk"]["agency"] == "'-Ministry"
    assert (rows["Mansour"]["sessions_attended"], rows["Mansour"]["completed"]) == ("5", "yes")
    assert (rows["'@Farouk"]["sessions_attended"], rows["'@Farouk"]["completed"]) == ("2", "no")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_lead_gets_no_contact_details(client, login, workshop, file_format):
    login(Role.LEAD)
    rows = _rows(client.get(f"/workshops/{workshop.id}/participants.{file_format}"))
    assert rows and all("email" not in row and "phone" not in row for row in rows)


def test_registry_export_follows_the_search(client, login, workshop, make_participant):
    make_participant(given_name="Leila", family_name="Khalil", country_code="JO")
    login(Role.ADMIN)
    rows = _rows(client.get("/participants.csv?q=khalil"))
    assert [(row["family_name"], row["country"]) for row in rows] == [("Khalil", "Jordan")]
    assert len(_rows(client.get("/participants.xlsx"))) == 3


def test_unknown_workshop_is_404(client, login):
    login(Role.COORDINATOR)
    assert client.get("/workshops/999999/participants.csv").status_code == 404
