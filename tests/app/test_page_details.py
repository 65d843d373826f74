"""Small things of the pages read in three languages: the comma of the reader's language between the parts of a
line, Bootstrap's select style on every select, a "Choose" prompt on required selects, and the donor report
offered in the reader's language."""
import re

import pytest
from flask import render_template_string
from flask_babel import force_locale

from workshops.auth.models import Role
from workshops.forms import CountriesField, CountryField, Form
from workshops.people.forms import ParticipantForm
from workshops.templating import control_class


@pytest.mark.parametrize(("locale", "expected"), [("en", "Amman, &lt;b&gt;, 3"), ("fr", "Amman, &lt;b&gt;, 3"),
                                                  ("ar", "Amman، &lt;b&gt;، 3")])
def test_joined_separates_with_the_readers_comma_escapes_and_leaves_out_empty_parts(app, locale, expected):
    with app.test_request_context("/"), force_locale(locale):
        assert render_template_string('{{ ("Amman", "<b>", None, "", 3)|joined }}') == expected
        assert render_template_string('{{ ("Amman", "x" if false)|joined }}') == "Amman"


def test_an_arabic_page_puts_the_arabic_comma_between_city_and_country(client, login, make_workshop):
    login(Role.ADMIN)
    workshop = make_workshop(city="Amman", country_code="JO")
    page = client.get(f"/workshops/{workshop.id}?lang=ar").get_data(as_text=True)
    assert "عمّان، الأردن" in page  # the city as CLDR names it in Arabic, as certificates print it
    assert ", الأردن" not in page
    english = client.get(f"/workshops/{workshop.id}?lang=en").get_data(as_text=True)
    assert "Amman, Jordan" in english


def test_every_select_gets_bootstraps_select_class_whatever_its_field_class(app):
    class Sample(Form):
        class Meta:
            csrf = False

        country = CountryField("Country")
        countries = CountriesField("Countries")

    with app.test_request_context("/"):
        form = Sample()
        assert control_class(form.country) == control_class(form.countries) == "form-select"
        participant = ParticipantForm(meta={"csrf": False})
        assert control_class(participant.given_name) == "form-control"
        assert 'class="form-select' in render_template_string(
            '{% from "_forms.html" import render_field %}{{ render_field(form.country) }}', form=form)


def test_required_selects_start_on_a_choose_prompt_and_refuse_it(app):
    with app.test_request_context("/", method="POST", data={"sex": "", "role_category": ""}):
        form = ParticipantForm(meta={"csrf": False})
        for field in (form.sex, form.role_category, form.country_code):
            first = next(iter(field.iter_choices()))
            assert first[0] == "" and str(first[1]).startswith("Choose")
        assert not form.validate()
        assert form.sex.errors and form.role_category.errors


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_donor_report_is_offered_in_the_readers_language(client, login, language):
    login(Role.LEAD)
    page = client.get(f"/reports/totals?lang={language}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{language}">|<option value="{language}" selected>', page)


def test_a_language_asked_for_the_report_is_kept(client, login):
    login(Role.LEAD)
    page = client.get("/reports/totals?lang=ar&language=fr").get_data(as_text=True)
    assert re.search(r'<option selected value="fr">', page)


def test_titles_keep_their_own_direction_inside_an_arabic_page(client, login, make_objective, make_workshop):
    """An English title that starts with a number ("300 prosecutors…") would be reordered by the page's
    right-to-left direction ("prosecutors… 300") unless isolated."""
    login(Role.ADMIN)
    objective = make_objective()
    workshop = make_workshop(objective, title="300 prosecutors trained in Amman")
    page = client.get(f"/workshops/{workshop.id}?lang=ar").get_data(as_text=True)
    assert '<h1 class="h3 mb-1"><bdi>300 prosecutors trained in Amman</bdi></h1>' in page
    project = client.get(f"/projects/{objective.project_id}?lang=ar").get_data(as_text=True)
    assert re.search(r'<h1 class="h3 mb-0"><bdi>[^<]+</bdi></h1>', project)
