"""Form posts and uploads a real user would send, shared by the tests of several areas."""
import io

from openpyxl import Workbook


def project_form(**overrides):
    data = {"title": "Building National Capacities to Combat Human Trafficking and Smuggling of Migrants",
            "implementing_partners": "Cairo International Center for Conflict Resolution (CCCPA)\n",
            "donors": "Government of the Netherlands", "starts_on": "2024-12-01", "ends_on": "2026-11-30",
            "budget_usd": "1120693.41", "beneficiary_countries": ["EG", "ET", "NE"],
            "target_groups": "Government officials\nFrontline officers"}
    return {**data, **overrides}


def workshop_form(objective_id, **overrides):
    return {"objective_id": str(objective_id), "title": "Regional workshop on investigating smuggling of migrants",
            "kind": "regional", "theme": "som", "starts_on": "2025-06-02", "ends_on": "2025-06-05",
            "city": "Addis Ababa", "country_code": "ET", "language": "en", "completion_threshold": "80", **overrides}


def person_form(*, year_of_birth: str | None = None, **overrides):
    """A person's details; the year of birth, optional on the form, is posted only when given (tests also make
    people from these values, and a record's year is a number or nothing)."""
    data = {"given_name": "Hélène", "family_name": "Benali-Çelik", "name_ar": "", "sex": "F", "country_code": "MA",
            "agency": "Direction Générale de la Sûreté Nationale", "role_category": "law_enforcement",
            "position": "Commissaire", "email": "h.benali@example.org", "phone": "+212 600 000 000"}
    return {**data, **({} if year_of_birth is None else {"year_of_birth": year_of_birth}), **overrides}


def xlsx_sheet(rows) -> bytes:
    """A one-sheet workbook of these rows, as a ministry would send its list."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
