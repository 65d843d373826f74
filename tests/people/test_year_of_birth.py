"""The year of birth: optional wherever a person's details are typed, sent, imported, merged, erased or exported.

Reports count a trainee as youth when 35 or under at a workshop, and as of unknown age without a year; so the year
is checked wherever it comes in (1900 to 16 years before today, practitioners being adults) and never lost.
"""
import html
import io
import json
import re
from datetime import date, datetime, timedelta

import pytest
from conftest import PASSWORD
from form_data import person_form, xlsx_sheet
from markupsafe import escape
from pypdf import PdfReader

from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people import services
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.people.services import ParticipantDetails
from workshops.people.sheets import parse_sheet, template_rows
from workshops.records import rights
from workshops.records.merging import merge_participants
from workshops.training import registration
from workshops.training.models import Registration, RegistrationLink

#: The day the form tests take for today: the latest year of birth is then 2009.
FIXED_TODAY = date(2025, 6, 1)
HEADER = ["given_name", "family_name", "sex", "country", "agency", "role_category", "email"]
ROW = ["Omar", "Farouk", "M", "EG", "Ministry of Interior", "judge", "omar@example.org"]


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def _stored(app, model, identifier):
    with app.app_context():
        return db.session.get(model, identifier)


def _changes(app, action: str) -> list[dict]:
    """The public changes of the trail's entries of this kind: the year is no erasable personal value."""
    with app.app_context():
        return [entry.details.get("changes", {}) for entry in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id))]


def _hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page).group(1)


def _details(**overrides) -> ParticipantDetails:
    return ParticipantDetails(**{"given_name": "Omar", "family_name": "Farouk", "sex": Sex.MALE, "country_code": "EG",
                                 "agency": "Ministry of Interior", "role_category": RoleCategory.JUDGE, **overrides})


class TestTheParticipantForm:
    @pytest.fixture
    def app_settings(self):
        return {"TODAY": FIXED_TODAY}

    @pytest.mark.parametrize("typed", ["1899", "2010", "0", "85", "1e9", "9" * 5_000, str(2**64), "-1985", "1985.0",
                                       "²⁰⁰⁰", "nineteen", "1985-03-02", "1985\x00"])
    def test_an_implausible_year_is_refused_next_to_the_field_as_typed(self, client, login, app, make_workshop,
                                                                        typed):
        workshop = make_workshop()
        login(Role.COORDINATOR)
        response = client.post(f"/workshops/{workshop.id}/participants", data=person_form(year_of_birth=typed))
        page = response.get_data(as_text=True)
        assert response.status_code == 422
        error = page.split('id="year_of_birth-error"')[1].split("</div>")[0]
        assert "from 1900 to 2009" in error or "cannot be saved" in error
        if "\x00" not in typed:
            assert f'value="{escape(typed)}"' in page
        assert _count(app, Participant) == 0

    @pytest.mark.parametrize(("typed", "kept"), [("1900", 1900), ("2009", 2009), (" 1985 ", 1985), ("١٩٨٥", 1985),
                                                 ("۱۹۸۵", 1985), ("", None)])
    def test_a_plausible_year_or_none_is_kept(self, client, login, app, make_workshop, typed, kept):
        workshop = make_workshop()
        login(Role.COORDINATOR)
        response = client.post(f"/workshops/{workshop.id}/participants", data=person_form(year_of_birth=typed))
        assert response.status_code == 303
        with app.app_context():
            assert db.session.scalar(db.select(Participant.year_of_birth)) == kept

    def test_the_page_shows_the_year_or_that_none_was_given(self, client, login, make_participant):
        given, unknown = make_participant(year_of_birth=1984), make_participant()
        login(Role.ADMIN)
        shown = html.unescape(client.get(f"/participants/{given.id}").get_data(as_text=True))
        assert re.search(r"Year of birth</dt>\s*<dd[^>]*>1984</dd>", shown)
        shown = client.get(f"/participants/{unknown.id}").get_data(as_text=True)
        assert re.search(r"Year of birth</dt>\s*<dd[^>]*>Not given</dd>", shown)

    def test_an_edit_changes_and_clears_the_year_and_the_trail_keeps_both(self, client, login, app,
                                                                           make_participant):
        person = make_participant(year_of_birth=1980)
        url = f"/participants/{person.id}/edit"
        login(Role.ADMIN)
        for shown, typed, kept in (("1980", "1981", 1981), ("1981", "", None)):
            page = client.get(url).get_data(as_text=True)
            assert re.search(rf'name="year_of_birth"[^>]*value="{shown}"', page)
            values = person_form(year_of_birth=typed, email=person.email, version=_hidden(page, "version"),
                                 loaded_at=_hidden(page, "loaded_at"))
            assert client.post(url, data=values).status_code == 303
            assert _stored(app, Participant, person.id).year_of_birth == kept
        years = [changes["year_of_birth"] for changes in _changes(app, "participant.updated")]
        assert years == [[1980, 1981], [1981, None]]

    def test_an_edit_over_a_newer_year_is_refused_naming_it_and_keeps_the_typed_one(self, app, make_user,
                                                                                     make_participant):
        person = make_participant(year_of_birth=1980)
        url = f"/participants/{person.id}/edit"
        editors = []
        for name in ("Samira Khalil", "Omar Farouk"):
            editor = app.test_client()
            editor.post("/login", data={"email": make_user(Role.ADMIN, full_name=name).email, "password": PASSWORD})
            page = editor.get(url).get_data(as_text=True)
            editors.append((editor, {"version": _hidden(page, "version"), "loaded_at": _hidden(page, "loaded_at")}))
        (first, first_form), (second, second_form) = editors
        assert first.post(url, data=person_form(year_of_birth="1975", email=person.email,
                                                **first_form)).status_code == 303
        response = second.post(url, data=person_form(year_of_birth="1979", email=person.email, **second_form))
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 409 and "Samira Khalil" in page
        assert "Year of birth" in page.split("changed after you opened it")[1].split("</div>")[0]
        assert re.search(r'name="year_of_birth"[^>]*value="1979"', page)
        assert _stored(app, Participant, person.id).year_of_birth == 1975


def test_services_refuse_an_implausible_year_whoever_calls_them(session, make_workshop):
    """The command line and the API to come are held to the rule too, not only the forms."""
    workshop = make_workshop()
    link = RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=date.today(),
                            closes_on=date.today() + timedelta(days=3))
    session.add(link)
    session.flush()
    too_young = date.today().year - services.YOUNGEST_AGE + 1
    for year in (1899, too_young):
        with pytest.raises(DomainError) as refusal:
            services.register_participant(_details(year_of_birth=year), actor_id=None)
        assert refusal.value.field == "year_of_birth"
        with pytest.raises(DomainError):
            registration.register(link, _details(year_of_birth=year), consented=True, today=date.today())
    assert services.register_participant(_details(year_of_birth=too_young - 1), actor_id=None).year_of_birth


class TestSelfRegistration:
    @pytest.fixture
    def setting(self, app, make_user, make_workshop):
        """An open link on a workshop, and a signed-in client of the trainer who runs it."""
        trainer = make_user(Role.TRAINER)
        workshop = make_workshop(trainers=[trainer])
        with app.app_context():
            db.session.add(RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=date.today(),
                                            closes_on=date.today() + timedelta(days=3)))
            db.session.commit()
        staff = app.test_client()
        staff.post("/login", data={"email": trainer.email, "password": PASSWORD})
        return {"url": "/register/" + "t" * 43, "workshop": workshop, "staff": staff}

    def _registered(self, app, client, url, **overrides) -> int:
        response = client.post(url, data={**person_form(**overrides), "consent": "y"})
        assert response.status_code == 303, response.get_data(as_text=True)
        with app.app_context():
            return db.session.scalar(db.select(Registration.id).order_by(Registration.id.desc()))

    def test_the_public_form_refuses_a_bad_year_as_typed(self, app, client, setting):
        assert 'name="year_of_birth"' in client.get(setting["url"]).get_data(as_text=True)
        response = client.post(setting["url"], data={**person_form(year_of_birth="1e9"), "consent": "y"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and 'id="year_of_birth-error"' in page and 'value="1e9"' in page
        assert _count(app, Registration) == 0

    @pytest.mark.parametrize("typed", ["<x-evil>", "y" * 200_000, "\u202e1985", "١٢", "9" * 5_000, str(2**63), "NaN"])
    def test_hostile_years_are_refused_escaped_never_a_server_error(self, app, client, setting, typed):
        response = client.post(setting["url"], data={**person_form(year_of_birth=typed), "consent": "y"})
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and 'id="year_of_birth-error"' in page and "<x-evil>" not in page
        assert _count(app, Registration) == 0

    def test_the_year_is_listed_for_review_and_approval_carries_it_to_a_new_record(self, app, client, setting):
        given = self._registered(app, client, setting["url"], year_of_birth="1990")
        unknown = self._registered(app, client, setting["url"], email="nobody@example.org", given_name="Mariam")
        staff = setting["staff"]
        listing = staff.get(f"/workshops/{setting['workshop'].id}/registrations").get_data(as_text=True)
        assert "<td>1990</td>" in listing and "<td>Not given</td>" in listing
        assert staff.post(f"/registrations/{given}/approve").status_code == 303
        assert staff.post(f"/registrations/{unknown}/approve", data={"new_person": "1"}).status_code == 303
        with app.app_context():
            people = db.session.execute(db.select(Participant.email, Participant.year_of_birth)).all()
            assert sorted(people) == [("h.benali@example.org", 1990), ("nobody@example.org", None)]
        assert _changes(app, "participant.created")[0]["year_of_birth"] == [None, 1990]

    @pytest.mark.parametrize(("recorded", "kept"), [(None, 1990), (1975, 1975)])
    def test_approval_fills_a_missing_year_and_never_replaces_a_recorded_one(self, app, client, setting,
                                                                              make_participant, recorded, kept):
        known = make_participant(email="h.benali@example.org", year_of_birth=recorded)
        registered = self._registered(app, client, setting["url"], year_of_birth="1990")
        assert setting["staff"].post(f"/registrations/{registered}/approve").status_code == 303
        assert _stored(app, Participant, known.id).year_of_birth == kept
        filled = [changes["year_of_birth"] for changes in _changes(app, "participant.updated")
                  if "year_of_birth" in changes]
        assert filled == ([[None, 1990]] if recorded is None else [])


@pytest.mark.parametrize("header", ["Year of birth", "YEAR  OF BIRTH", "year_of_birth", "Birth year",
                                    "Année de naissance", "annee de naissance", "سنة الميلاد", "Date of birth",
                                    "Date de naissance", "تاريخ الميلاد"])
def test_the_sheet_column_is_read_under_its_names_in_three_languages(header):
    sheet = parse_sheet(xlsx_sheet([[*HEADER, header], [*ROW, "1985"]]), "list.xlsx")
    assert not sheet.ignored_headers
    row = sheet.rows[0]
    assert not row.errors and row.details.year_of_birth == 1985 and not row.year_from_date


@pytest.mark.parametrize("cell", [datetime(1985, 3, 2), date(1985, 12, 31), "1985-03-02", "1985-03-02 00:00:00",
                                  "02/03/1985", "25/12/1985", "12/25/1985", "2.3.1985", "١٩٨٥-٠٣-٠٢"])
def test_a_date_of_birth_is_read_as_its_year_only(cell):
    row = parse_sheet(xlsx_sheet([[*HEADER, "Date of birth"], [*ROW, cell]]), "list.xlsx").rows[0]
    assert not row.errors and row.details.year_of_birth == 1985 and row.year_from_date


@pytest.mark.parametrize(("cell", "reason"), [
    ("1850", "The year of birth 1850 is not one from 1900 to"),
    (datetime(date.today().year, 1, 1), f"The year of birth {date.today().year} is not one from 1900 to"),
    ("31/31/1985", "“31/31/1985” is neither a year nor a date of birth."),
    ("1985-02-30", "“1985-02-30” is neither a year nor a date of birth."),
    ("1e9", "“1e9” is neither a year nor a date of birth."),
    ("85", "The year of birth 85 is not one from 1900 to"),
    ("9" * 5_000, "The year of birth is 5000 characters long; at most 200 fit."),
    ("=1985", "The year of birth starts with “=”, like a spreadsheet formula."),
])
def test_a_bad_year_of_birth_cell_refuses_its_row_saying_why(cell, reason):
    sheet = parse_sheet(xlsx_sheet([[*HEADER, "Year of birth"], [*ROW, "1985"], [*ROW, cell]]), "list.xlsx")
    assert sheet.rows[0].details.year_of_birth == 1985
    assert sheet.rows[1].details is None and any(error.startswith(reason) for error in sheet.rows[1].errors), \
        sheet.rows[1].errors


def test_a_sheet_without_the_column_leaves_the_year_unknown_and_the_template_has_it():
    assert parse_sheet(xlsx_sheet([HEADER, ROW]), "list.xlsx").rows[0].details.year_of_birth is None
    header, example = template_rows()
    assert example[header.index("year_of_birth")] == "1984"


def test_the_import_preview_shows_the_year_understood_and_the_import_fills_only_missing_ones(
        client, login, app, make_workshop, make_participant):
    workshop = make_workshop()
    differs = make_participant(given_name="Omar", family_name="Farouk", email="omar@example.org", year_of_birth=1970)
    missing = make_participant(given_name="Lina", family_name="Haddad", email="lina@example.org")
    sheet = xlsx_sheet([[*HEADER, "Date de naissance"],
                   ["Hélène", "Benali", "F", "MA", "DGSN", "police", "h@example.org", datetime(1985, 3, 2)],
                   [*ROW, "1975"],
                   ["Lina", "Haddad", "F", "EG", "Public Prosecution", "prosecutor", "lina@example.org", 1990]])
    login(Role.COORDINATOR)
    uploaded = client.post(f"/workshops/{workshop.id}/import", data={"sheet": (io.BytesIO(sheet), "liste.xlsx")},
                           content_type="multipart/form-data")
    assert uploaded.status_code == 303
    preview = html.unescape(client.get(uploaded.headers["Location"]).get_data(as_text=True))
    assert "Year of birth" in preview
    assert "Dates of birth are read as their year: the year is kept, not the date." in preview
    assert re.search(r"<td>1985<div[^>]*>from the date of birth “1985-03-02”: only the year is kept</div>", preview)
    assert "The sheet gives 1975 as the year of birth; the registry's 1970 is kept." in preview
    assert client.post(uploaded.headers["Location"] + "/confirm").status_code == 303
    with app.app_context():
        years = dict(db.session.execute(db.select(Participant.email, Participant.year_of_birth)).all())
    assert years == {"h@example.org": 1985, differs.email: 1970, missing.email: 1990}


@pytest.mark.parametrize(("kept_year", "other_year", "result"), [(1980, 1975, 1980), (None, 1975, 1975),
                                                                  (1980, None, 1980), (None, None, None)])
def test_a_merge_keeps_the_kept_records_year_or_takes_the_duplicates(app, session, make_participant, kept_year,
                                                                      other_year, result):
    keep = make_participant(year_of_birth=kept_year)
    duplicate = make_participant(year_of_birth=other_year)
    merge_participants(keep.id, duplicate.id, actor_id=None)
    session.commit()
    assert session.get(Participant, keep.id).year_of_birth == result
    filled = [changes["year_of_birth"] for changes in _changes(app, "participant.updated")
              if "year_of_birth" in changes]
    assert filled == ([[None, 1975]] if kept_year is None and other_year else [])


def test_the_merge_comparison_shows_both_years(client, login, make_participant):
    keep, duplicate = make_participant(year_of_birth=1980), make_participant()
    login(Role.ADMIN)
    page = client.get(f"/participants/{keep.id}/merge?duplicate_id={duplicate.id}").get_data(as_text=True)
    assert re.search(r"Year of birth</th><td>1980</td><td>Not given</td>", page)
    assert "position or year of birth fill what this record lacks" in page


def test_erasure_keeps_the_year_and_the_personal_data_lists_it(app, client, login, make_participant):
    person = make_participant(given_name="Yasmine", year_of_birth=1984)
    login(Role.ADMIN)
    exported = json.loads(client.get(f"/participants/{person.id}/personal-data.json").data)
    assert exported["record"]["year_of_birth"] == 1984
    pdf = PdfReader(io.BytesIO(client.get(f"/participants/{person.id}/personal-data.pdf").data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "year_of_birth" in text and "1984" in text
    with app.app_context():
        rights.erase_participant(person.id, actor_id=None)
        db.session.commit()
        erased = db.session.get(Participant, person.id)
        assert (erased.given_name, erased.year_of_birth) == (rights.ERASED_MARK, 1984)


def test_a_self_registration_erased_with_its_person_keeps_the_year(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    person = make_participant(year_of_birth=1990)
    enrolment = enrol(workshop, person)
    link = RegistrationLink(workshop_id=workshop.id, token="t" * 43, opens_on=date.today(),
                            closes_on=date.today() + timedelta(days=3))
    session.add(link)
    session.flush()
    submitted = registration.register(link, _details(year_of_birth=1990), consented=True, today=date.today())
    submitted.enrolment_id = enrolment.id
    session.commit()
    rights.erase_participant(person.id, actor_id=None)
    session.commit()
    kept = session.get(Registration, submitted.id)
    assert (kept.given_name, kept.year_of_birth) == (rights.ERASED_MARK, 1990)
