"""Reading participant spreadsheets: encodings, separators, headers in three languages, and every kind of bad row."""
from datetime import datetime

import pytest
from form_data import xlsx_sheet

from workshops.people.models import RoleCategory, Sex
from workshops.people.sheets import decode, parse_sheet

ROWS = [
    ["Prénom", "Nom", "Sexe", "Pays", "Institution", "Catégorie", "Courriel"],
    ["Hélène", "Benali-Çelik", "Femme", "Maroc", "Direction Générale de la Sûreté Nationale", "police",
     "h.benali@example.org"],
    ["Mohamed", "Abdelrahman", "H", "Égypte", "Parquet général", "procureur", ""],
]
ARABIC_ROWS = [
    ["الاسم الأول", "اللقب", "الجنس", "البلد", "الجهة", "الفئة"],
    ["فاطمة", "الزهراء", "أنثى", "مصر", "النيابة العامة", "نيابة"],
    ["محمد", "عبد الله", "ذكر", "السودان", "وزارة الداخلية", "شرطة"],
]


def _csv(rows, separator: str, encoding: str) -> bytes:
    return "\r\n".join(separator.join(row) for row in rows).encode(encoding)


def _people(sheet):
    assert not sheet.missing_columns
    assert all(not row.errors for row in sheet.rows), [row.errors for row in sheet.rows]
    return [(row.details.given_name, row.details.family_name, row.details.sex, row.details.country_code,
             row.details.role_category) for row in sheet.rows]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_french_excel_csv_in_each_encoding_and_separator(separator, encoding):
    sheet = parse_sheet(_csv(ROWS, separator, encoding), "participants.csv")
    assert _people(sheet) == [
        ("Hélène", "Benali-Çelik", Sex.FEMALE, "MA", RoleCategory.LAW_ENFORCEMENT),
        ("Mohamed", "Abdelrahman", Sex.MALE, "EG", RoleCategory.PROSECUTOR)]
    assert sheet.rows[0].details.email == "h.benali@example.org"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1256"])
def test_arabic_excel_csv_in_each_encoding_and_separator(separator, encoding):
    sheet = parse_sheet(_csv(ARABIC_ROWS, separator, encoding), "المشاركون.csv")
    assert _people(sheet) == [
        ("فاطمة", "الزهراء", Sex.FEMALE, "EG", RoleCategory.PROSECUTOR),
        ("محمد", "عبد الله", Sex.MALE, "SD", RoleCategory.LAW_ENFORCEMENT)]


def test_windows_1256_and_1252_are_told_apart():
    assert decode("محمد عبد الله، وزارة الداخلية".encode("cp1256")) == "محمد عبد الله، وزارة الداخلية"
    assert decode("Hélène, Sûreté Nationale, Égypte".encode("cp1252")) == "Hélène, Sûreté Nationale, Égypte"


def test_xlsx_with_english_headers_in_any_case():
    rows = [["GIVEN NAME", "Family  name", "gender", "Country", "Agency", "Role", "E-mail", "Phone"],
            ["Leila", "Khalil", "F", "JO", "Public Security Directorate", "Law enforcement", "", 96279000000]]
    sheet = parse_sheet(xlsx_sheet(rows), "list.xlsx")
    assert _people(sheet) == [("Leila", "Khalil", Sex.FEMALE, "JO", RoleCategory.LAW_ENFORCEMENT)]
    assert sheet.rows[0].details.phone == "96279000000"


@pytest.mark.parametrize(("cells", "reason"), [
    ({"given": ""}, "The given name is missing."),
    ({"email": "not-an-email"}, "“not-an-email” is not an email address."),
    ({"country": "Narnia"}, "Unknown country “Narnia”."),
    ({"email": datetime(2025, 3, 3)}, "A date stands where the email should be."),
    ({"agency": "x" * 5000}, "The agency is 5000 characters long; at most 200 fit."),
    ({"family": "=HYPERLINK(\"http://evil.example\")"}, "The family name starts with “=”, like a spreadsheet formula."),
    ({"given": "<script>alert(1)</script>"}, "The given name contains HTML markup."),
    ({"sex": "X"}, "Sex “X” is neither female nor male."),
    ({"role": "astronaut"}, "Unknown role category “astronaut”."),
])
def test_each_bad_row_says_why(cells, reason):
    good = {"given": "Omar", "family": "Farouk", "sex": "M", "country": "EG", "agency": "Ministry of Interior",
            "role": "judge", "email": "omar@example.org"}
    bad = {**good, **cells}
    rows = [["given_name", "family_name", "sex", "country", "agency", "role_category", "email"],
            list(good.values()), list(bad.values())]
    sheet = parse_sheet(xlsx_sheet(rows), "list.xlsx")
    assert sheet.rows[0].details is not None and not sheet.rows[0].errors
    assert sheet.rows[1].details is None and reason in sheet.rows[1].errors
    assert sheet.rows[1].line == 3


def test_missing_columns_and_unknown_headers_are_reported():
    sheet = parse_sheet(_csv([["name", "favourite colour", "country"], ["Omar Farouk", "blue", "EG"]], ",", "utf-8"),
                        "x.csv")
    assert sheet.missing_columns == ["sex", "agency", "role_category"]
    assert sheet.ignored_headers == ["favourite colour"]
    assert sheet.rows[0].values["given_name"] == "Omar" and sheet.rows[0].values["family_name"] == "Farouk"


def test_exported_phone_numbers_read_back():
    rows = [["given_name", "family_name", "sex", "country", "agency", "role_category", "phone"],
            ["Omar", "Farouk", "M", "EG", "Ministry", "judge", "'+20 100 000 0000"]]
    assert parse_sheet(_csv(rows, ",", "utf-8"), "x.csv").rows[0].details.phone == "+20 100 000 0000"


@pytest.mark.parametrize(("content", "name"), [(b"", "empty.csv"), (b"not a zip", "broken.xlsx")])
def test_unreadable_files_are_refused(content, name):
    with pytest.raises(ValueError):
        parse_sheet(content, name)
