"""The one rule on characters and digits (workshops.text), and how every form applies it."""
import pytest

from workshops import text
from workshops.auth.models import Role


@pytest.mark.parametrize(("typed", "multiline", "name", "words"), [
    ("Aï\x00cha", False, False, "null character (U+0000)"),
    ("Police\x1b", False, False, "control character (U+001B)"),
    ("a\x85b", True, False, "control character (U+0085)"),
    ("one\ttwo", False, False, "tab (U+0009)"),
    ("one\r\ntwo", False, False, "line break (U+000D), line break (U+000A)"),
    ("\u202eexe.live", False, False, "direction override (U+202E)"),
    ("\u202bعمر\u202c", True, False, "direction embedding (U+202B), end of a direction change (U+202C)"),
    ("\u2067x\u2069", False, False, "direction isolate (U+2067), end of a direction change (U+2069)"),
    ("عمر\u200f", False, True, "direction mark (U+200F)"),
    ("x\ud800", False, False, "half of a character (an unpaired surrogate) (U+D800)"),
])
def test_refused_characters_are_named_in_words(typed, multiline, name, words):
    assert text.refused_in_words(typed, multiline=multiline, name=name) == words
    assert words in text.problem(typed, multiline=multiline, name=name)


@pytest.mark.parametrize(("typed", "multiline", "name"), [
    ("Amina Haddad", False, True), ("أمينة حداد", False, True), ("Ḥasan ﷺ", False, True),
    ("first line\r\nsecond\tcolumn", True, False), ("Le 3 mars, \u200fالقاهرة", False, False), ("", False, False),
])
def test_ordinary_text_passes(typed, multiline, name):
    assert text.problem(typed, multiline=multiline, name=name) is None


def test_printable_text_loses_controls_and_direction_changes_only():
    assert text.printable("\u202eexe.live\x1b \u200fعمر\u200e\x00") == "exe.live عمر"
    assert text.printable("two\nlines\tand a tab") == "two\nlines\tand a tab"
    assert text.without_direction_controls("\u2066Amina\u2069\x00") == "Amina\x00"


@pytest.mark.parametrize(("typed", "largest", "smallest", "number"), [
    ("42", 100, 0, 42), (" 7 ", 100, 0, 7), ("٤٥", 100, 0, 45), ("۸۰", 100, 0, 80), ("007", 100, 0, 7),
    ("0" * 5000 + "5", 100, 0, 5), ("100", 100, 0, 100), ("0", 100, 0, 0),
    ("101", 100, 0, None), ("0", 10, 1, None), ("²", 100, 0, None), ("¹⁰", 100, 0, None), ("５", 100, 0, None),
    ("৫", 100, 0, None), ("9" * 5000, 2**31 - 1, 1, None), (str(2**64), 2**31 - 1, 1, None), ("-1", 100, 0, None),
    ("+1", 100, 0, None), ("1e3", 10**4, 0, None), ("1.5", 100, 0, None), ("", 100, 0, None), (None, 100, 0, None),
])
def test_whole_numbers_take_ascii_and_arabic_indic_digits_within_bounds(typed, largest, smallest, number):
    assert text.whole_number(typed, largest, smallest) == number


def test_every_form_refuses_a_tab_in_a_line_but_takes_line_breaks_in_a_text_area(client, login, make_objective):
    objective = make_objective()
    login(Role.ADMIN)
    refused = client.post(f"/objectives/{objective.id}/edit",
                          data={"number": "3", "title": "Specialised\ttrainings", "description": ""})
    assert refused.status_code == 422 and "tab (U+0009)" in refused.get_data(as_text=True)
    taken = client.post(f"/objectives/{objective.id}/edit",
                        data={"number": "3", "title": "Specialised trainings", "description": "One\r\nTwo"})
    assert taken.status_code == 303


def test_direction_marks_are_refused_in_names_only(client, login, make_participant):
    person = make_participant()
    login(Role.ADMIN)
    details = {"given_name": "Amina", "family_name": "Haddad", "sex": "F", "country_code": "EG",
               "role_category": "judge", "email": ""}
    in_name = client.post(f"/participants/{person.id}/edit",
                          data={**details, "name_ar": "أمينة\u200f", "agency": "Police"})
    assert in_name.status_code == 422 and "direction mark (U+200F)" in in_name.get_data(as_text=True)
    in_agency = client.post(f"/participants/{person.id}/edit",
                            data={**details, "agency": "Police \u200fالقاهرة"})
    assert in_agency.status_code == 303


def test_a_country_the_user_made_up_is_shown_escaped(client, login):
    """Lazy strings count as safe HTML in Jinja, so a refusal quoting the input must not be one."""
    login(Role.ADMIN)
    response = client.post("/projects/new", data={"title": "P", "beneficiary_countries": "<x-evil>",
                                                  "starts_on": "2025-01-01", "ends_on": "2025-12-31"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<x-evil>" not in page and "&lt;x-evil&gt;" in page
