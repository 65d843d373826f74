"""Template strings are translated as Jinja's own gettext does it, once per request rather than once per string,
and in the locale in force when a template is rendered (a mail in another language within a request)."""
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import assign_projects
from flask import render_template_string, session
from flask_babel import force_locale, get_domain
from flask_login import login_user

from workshops.auth.models import Role, User
from workshops.extensions import db


@pytest.fixture
def app_settings(tmp_path):
    """A French catalogue of one string, so that a translation can be seen."""
    catalog = Catalog(locale="fr")
    catalog.add("Hello %(name)s", "Bonjour %(name)s")
    catalog.add(("%(num)d row", "%(num)d rows"), ("%(num)d ligne", "%(num)d lignes"))
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as mo:
        write_mo(mo, catalog)
    return {"BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)}


@pytest.fixture(autouse=True)
def _catalogues_read_afresh(app):
    """Flask-Babel keeps the catalogues it read per process and locale, whichever folder they came from: this
    module's one-string catalogue must neither meet the app's real French one nor outlive the module's tests."""
    def forget():
        with app.app_context():
            get_domain().cache.clear()

    forget()
    yield
    forget()


def test_strings_are_formatted_and_escaped_as_jinja_does(app):
    with app.test_request_context("/"):
        assert render_template_string('{{ _("80 %% of %(count)d", count=5) }}') == "80 % of 5"
        assert render_template_string('{{ _("80 %% done") }}') == "80 % done"
        assert render_template_string('{{ _("Hello %(name)s", name="<b>") }}') == "Hello &lt;b&gt;"
        assert render_template_string('{{ ngettext("%(num)d row", "%(num)d rows", 1) }}') == "1 row"
        assert render_template_string('{{ ngettext("%(num)d row", "%(num)d rows", 3) }}') == "3 rows"
        assert render_template_string('{% trans n=2 %}{{ n }} row{% pluralize %}{{ n }} rows{% endtrans %}') == "2 rows"


def test_a_render_takes_the_locale_in_force_even_within_one_request(app):
    template = '{{ _("Hello %(name)s", name="Amina") }} {{ ngettext("%(num)d row", "%(num)d rows", 2) }}'
    with app.test_request_context("/"):
        assert render_template_string(template) == "Hello Amina 2 rows"
        with force_locale("fr"):
            assert render_template_string(template) == "Bonjour Amina 2 lignes"
        assert render_template_string(template) == "Hello Amina 2 rows"
    with app.test_request_context("/"):
        session["language"] = "fr"
        assert render_template_string(template) == "Bonjour Amina 2 lignes"


def test_a_page_asks_each_permission_once_per_request(app, make_user, make_project, count_queries):
    """A list that asks may(...) on every row, or the navigation on every page, costs one query per question."""
    lead, project = make_user(Role.LEAD), make_project()
    assign_projects(app, lead, [project])
    template = "{% for _ in range(5) %}{{ may(Action.SEE_TOTALS, project_id=pid) }}{% endfor %}"
    with app.test_request_context("/"):
        login_user(db.session.get(User, lead.id))
        with count_queries() as statements:
            assert render_template_string(template, pid=project.id) == "True" * 5
    assert len([statement for statement in statements if "project_assignment" in statement]) == 1
