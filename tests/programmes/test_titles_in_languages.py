"""Titles given in English, French and Arabic: saved from the forms, recorded in the trail, shown in the reader's
language with the one as given when a translation is missing (workshops.translated)."""
from types import SimpleNamespace

import pytest
from form_data import project_form, workshop_form
from sqlalchemy import select

from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.extensions import db
from workshops.programmes.models import Objective, Project
from workshops.training.models import Workshop
from workshops.translated import comma, in_language, language_of, place

TITLE_FR = "Renforcement des capacités nationales de lutte contre la traite"
TITLE_AR = "بناء القدرات الوطنية لمكافحة الاتجار بالبشر"


def _reading(client, language: str) -> None:
    """The reader's language, set as the session stores it (workshops.i18n: `?lang=` and the switcher)."""
    with client.session_transaction() as browser_session:
        browser_session["language"] = language


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "Given"), ("fr", "Français"), ("fr_FR", "Français"), ("ar", "عربي"), ("ar_EG", "عربي"), ("de", "Given"),
])
def test_the_title_in_the_language_asked(app, locale, expected):
    record = SimpleNamespace(title="Given", title_fr="Français", title_ar="عربي")
    with app.app_context():
        assert in_language(record, "title", locale) == expected


@pytest.mark.parametrize("missing", ["", "   ", None])
def test_a_missing_translation_falls_back_to_the_title_as_given(app, missing):
    record = SimpleNamespace(title="Given", title_fr=missing, title_ar=missing)
    with app.app_context():
        assert in_language(record, "title", "fr") == in_language(record, "title", "ar") == "Given"


def test_without_a_locale_the_readers_language_is_used(app):
    record = SimpleNamespace(title="Given", title_fr="Français", title_ar="عربي")
    with app.test_request_context():
        from flask_babel import force_locale

        assert in_language(record, "title") == "Given" and language_of() == "en"
        with force_locale("ar"):
            assert in_language(record, "title") == "عربي" and comma() == "، "


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Cairo, Egypt"), ("fr", "Le Caire, Égypte"), ("ar", "القاهرة، مصر"),
    # A city CLDR does not know keeps its name as typed; the comma is still the language's.
    ("ar", None),
])
def test_places_are_named_in_the_language_with_its_comma(app, language, expected):
    with app.app_context():
        if expected is None:
            assert place("Port Sudan", "SD", "ar") == "Port Sudan، السودان"
        else:
            assert place("Cairo", "EG", language) == expected
            assert place(" cairo ", "EG", language) == expected


def test_project_and_objective_forms_save_the_translations_and_the_trail_records_them(client, login, app):
    login(Role.LEAD)
    response = client.post("/projects/new", data=project_form(title_fr=f"  {TITLE_FR} ", title_ar=TITLE_AR))
    assert response.status_code == 303
    project_url = response.headers["Location"]
    created = client.post(project_url + "/objectives/new", data={
        "number": 1, "title": "Specialised trainings", "title_fr": "Formations spécialisées",
        "title_ar": "تدريبات متخصصة"})
    assert created.status_code == 303
    with app.app_context():
        project = db.session.scalar(select(Project))
        assert (project.title_fr, project.title_ar) == (TITLE_FR, TITLE_AR)
        objective = db.session.scalar(select(Objective))
        assert (objective.title_fr, objective.title_ar) == ("Formations spécialisées", "تدريبات متخصصة")
        entries = {entry.action: entry.details for entry in db.session.scalars(select(AuditEntry))}
        assert entries["project.created"]["changes"]["title_ar"] == [None, TITLE_AR]
        assert entries["objective.created"]["changes"]["title_fr"] == [None, "Formations spécialisées"]
    edited = client.post(project_url + "/edit", data=project_form(title_fr="", title_ar=TITLE_AR))
    assert edited.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Project.title_fr)) == ""
        updated = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "project.updated")).one()
        assert updated.details["changes"] == {"title_fr": [TITLE_FR, ""]}


def test_the_form_marks_each_field_with_its_language_and_direction(client, login):
    login(Role.LEAD)
    page = client.get("/projects/new").get_data(as_text=True)
    assert 'dir="rtl"' in page and 'lang="ar"' in page and 'name="title_ar"' in page
    assert 'lang="fr"' in page and 'name="title_fr"' in page


@pytest.mark.parametrize(("value", "message"), [
    ("x" * 301, "300"),
    ("Titre\x00", "null character (U+0000)"),
    ("\u202eTitre", "direction override"),
    ("Titre\x1b", "control character (U+001B)"),
])
def test_hostile_or_too_long_translations_are_refused_at_their_field(client, login, app, value, message):
    login(Role.LEAD)
    for field in ("title_fr", "title_ar"):
        response = client.post("/projects/new", data=project_form(**{field: value}))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        assert message in page and f'id="{field}-error"' in page
    with app.app_context():
        assert db.session.scalar(select(Project.id)) is None


def test_a_workshop_form_saves_its_translations_and_its_copy_takes_those_given(client, login, app, make_objective):
    objective = make_objective()
    login(Role.ADMIN)
    response = client.post("/workshops/new", data=workshop_form(
        objective.id, title_fr="Atelier régional sur le trafic illicite de migrants",
        title_ar="ورشة عمل إقليمية حول تهريب المهاجرين"))
    assert response.status_code == 303
    with app.app_context():
        workshop = db.session.scalar(select(Workshop))
        assert workshop.title_ar == "ورشة عمل إقليمية حول تهريب المهاجرين"
        workshop_id = workshop.id
    copy_form = client.get(f"/workshops/{workshop_id}/copy").get_data(as_text=True)
    assert 'value="ورشة عمل إقليمية حول تهريب المهاجرين"' in copy_form
    copied = client.post(f"/workshops/{workshop_id}/copy", data={
        "starts_on": "2025-09-01", "title": "Second regional workshop", "title_fr": "Deuxième atelier régional",
        "title_ar": ""})
    assert copied.status_code == 303
    with app.app_context():
        copy = db.session.scalars(select(Workshop).where(Workshop.id != workshop_id)).one()
        assert (copy.title, copy.title_fr, copy.title_ar) == ("Second regional workshop", "Deuxième atelier régional",
                                                              "")


def test_pages_show_the_title_in_the_readers_language_and_fall_back(client, login, make_project, make_objective,
                                                                     make_workshop):
    project = make_project(title="Building capacities", title_fr=TITLE_FR, title_ar=TITLE_AR)
    objective = make_objective(project, title="Specialised trainings", title_fr="Formations spécialisées")
    workshop = make_workshop(objective, title="Investigating trafficking", title_ar="التحقيق في الاتجار بالأشخاص")
    login(Role.ADMIN)
    _reading(client, "fr")
    project_page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert TITLE_FR in project_page and "Formations spécialisées" in project_page
    assert "Building capacities" not in project_page
    listed = client.get("/workshops").get_data(as_text=True)
    assert "Investigating trafficking" in listed and TITLE_FR in listed  # no French workshop title: as given
    _reading(client, "ar")
    workshop_page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert "التحقيق في الاتجار بالأشخاص" in workshop_page and TITLE_AR in workshop_page
    assert "Specialised trainings" in client.get(f"/projects/{project.id}").get_data(as_text=True)
    _reading(client, "en")
    assert "Building capacities" in client.get("/projects").get_data(as_text=True)


def test_the_totals_filters_and_labels_name_objectives_in_the_readers_language(app, make_project, make_objective):
    from workshops.reports.figures import Dimension, ReportFilters
    from workshops.reports.tables import filter_lines, labels

    project = make_project(title="Building capacities", title_fr=TITLE_FR)
    objective = make_objective(project, number=2, title="Gender", title_fr="Genre", title_ar="المنظور الجنساني")
    with app.test_request_context():
        lines = filter_lines(ReportFilters(project_id=project.id, objective_id=objective.id), "fr")
        assert (lines[0][1], lines[1][1]) == (TITLE_FR, "2. Genre")
        arabic = filter_lines(ReportFilters(objective_id=objective.id, countries=frozenset({"EG", "TN"})), "ar")
        assert arabic[1][1] == "2. المنظور الجنساني" and arabic[-1][1] in ("مصر، تونس", "تونس، مصر")
        assert labels(Dimension.OBJECTIVE, [objective.id], "ar") == {
            objective.id: "Building capacities – 2. المنظور الجنساني"}
        assert labels(Dimension.PROJECT, [project.id], "fr") == {project.id: TITLE_FR}


def test_the_migration_adds_empty_translations_and_goes_back_down(tmp_path):
    from flask_migrate import downgrade, upgrade
    from old_schema import FIRST_REVISION, seed_certified_completer
    from sqlalchemy import inspect

    from workshops import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'languages.sqlite'}"})
    with app.app_context():
        upgrade(revision=FIRST_REVISION)
        seed_certified_completer()
        db.session.commit()
        upgrade(revision="a1c3e5f70010")
        translated = db.session.execute(db.text(
            "SELECT project.title_fr, project.title_ar, objective.title_ar, workshop.title_fr, "
            "certificate_design.donor_line_ar FROM project JOIN objective ON objective.project_id = project.id "
            "JOIN workshop ON workshop.objective_id = objective.id "
            "JOIN certificate_design ON certificate_design.project_id = project.id")).one()
        assert tuple(translated) == ("", "", "", "", "")
        downgrade(revision="a1c3e5f70009")
        assert "title_fr" not in {column["name"] for column in inspect(db.engine).get_columns("project")}
        assert db.session.scalar(db.text("SELECT count(*) FROM certificate")) == 1
        db.session.remove()
        db.engine.dispose()


def test_the_demo_gives_every_seed_title_and_generated_workshop_a_french_and_an_arabic_form():
    from workshops.demo import data
    from workshops.demo.loader import _titles

    for project in (data.FRAMEWORK, data.CAPACITIES):
        assert project.title_fr and project.title_ar
    for objective in (*data.FRAMEWORK_OBJECTIVES, *data.CAPACITIES_OBJECTIVES):
        assert objective.title_fr and objective.title_ar, objective.title
    plans = [data.FRAMEWORK_LAUNCH, *data.CAPACITIES_WORKSHOPS]
    plans += [data.FRAMEWORK_LAUNCH.__class__(**{**vars(data.FRAMEWORK_LAUNCH), "topic": topic})
              for topics in data.FRAMEWORK_TOPICS.values() for topic in topics]
    for plan in plans:
        titles = _titles(plan)
        assert titles["title_fr"].startswith(("Atelier national sur ", "Atelier régional sur "))
        assert titles["title_ar"].startswith("ورشة عمل ") and len(titles["title_ar"]) > 20
    assert all(len(line) == 3 and all(line) for line in (data.FRAMEWORK_DONOR_LINE, data.CAPACITIES_DONOR_LINE))
