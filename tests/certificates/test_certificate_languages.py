"""A certificate in French or Arabic prints the workshop title, the project title, the donor line and the
signatories' job titles given in its language (the ones as given where none was), its place with the
language's own names and comma; its design keeps the translations it was issued with."""
import io
import unicodedata

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.certificates import services
from workshops.certificates.designs import current_design
from workshops.certificates.models import Certificate
from workshops.extensions import db
from workshops.programmes import branding
from workshops.programmes.models import Project
from workshops.training.models import Language, Workshop

PROJECT = {"title": "Building National Capacities", "title_fr": "Renforcement des capacités nationales",
           "title_ar": "بناء القدرات الوطنية",
           "donor_acknowledgement": "With the support of the Government of the Netherlands",
           "donor_acknowledgement_fr": "Avec le soutien du Gouvernement des Pays-Bas",
           "donor_acknowledgement_ar": "بدعم من حكومة هولندا"}
WORKSHOP = {"title": "Investigating trafficking in persons",
            "title_fr": "Enquêter sur la traite des personnes",
            "title_ar": "التحقيق في جرائم الاتجار بالأشخاص"}


def _text(pdf: bytes) -> str:
    """The text read back, Arabic presentation forms folded to plain letters and spaces made plain."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def certify(app, make_project, make_objective, make_workshop, make_participant, enrol):
    """Issue the certificate of one completer of a workshop in `language`; returns its PDF."""
    def issue(language: Language, workshop_titles=WORKSHOP, **project_fields) -> bytes:
        project = make_project(**{**PROJECT, **project_fields})
        with app.app_context():
            branding.put_signatory(db.session.get(Project, project.id), 1, "Amal Saleh", "Director",
                                   None, title_fr="Directrice", title_ar="المديرة", actor_id=None)
            db.session.commit()
        workshop = make_workshop(make_objective(project), language=language, **workshop_titles)
        enrol(workshop, make_participant(given_name="Amina", family_name="Haddad", name_ar="أمينة حداد"),
              attended=5)
        with app.app_context():
            [certificate] = services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)
            db.session.commit()
            return services.certificate_pdf(certificate.id)
    return issue


def test_an_arabic_certificate_prints_the_arabic_titles_place_and_comma(certify):
    text = _text(certify(Language.ARABIC))
    for arabic in (WORKSHOP["title_ar"], PROJECT["title_ar"], PROJECT["donor_acknowledgement_ar"], "المديرة",
                   "القاهرة، مصر", "أمينة حداد"):
        assert arabic in text, arabic
    for english in (WORKSHOP["title"], PROJECT["title"], "Netherlands", "Director", "Cairo", "Egypt", ", "):
        assert english not in text, english


def test_a_french_certificate_prints_the_french_titles(certify):
    text = _text(certify(Language.FRENCH))
    for french in (WORKSHOP["title_fr"], PROJECT["title_fr"], PROJECT["donor_acknowledgement_fr"], "Directrice",
                   "Le Caire, Égypte"):
        assert french in text, french
    assert WORKSHOP["title"] not in text and PROJECT["title"] not in text


def test_without_a_translation_the_title_as_given_is_printed(certify):
    text = _text(certify(Language.FRENCH, workshop_titles={"title": "Investigating trafficking in persons"},
                         title_fr="", donor_acknowledgement_fr=""))
    assert WORKSHOP["title"] in text and PROJECT["title"] in text and PROJECT["donor_acknowledgement"] in text
    assert "Directrice" in text  # the signatory's French title was given


def test_the_design_keeps_the_translations_it_was_issued_with(app, certify):
    certify(Language.ARABIC)
    with app.app_context():
        certificate = db.session.scalar(select(Certificate))
        project = db.session.scalar(select(Project))
        design_id = certificate.design_id
        assert current_design(project).id == design_id  # nothing changed: the same design
        project.title_ar = "عنوان جديد"
        db.session.flush()
        assert current_design(project).id != design_id  # a new translation is new content
        db.session.rollback()
        project = db.session.scalar(select(Project))
        project.title_ar = "عنوان جديد"
        db.session.commit()
        reprint = _text(services.certificate_pdf(certificate.id))
    assert PROJECT["title_ar"] in reprint and "عنوان جديد" not in reprint


def test_the_design_page_saves_the_donor_line_and_signatory_titles_in_each_language(client, login, app,
                                                                                    make_project):
    project = make_project()
    login(Role.ADMIN)
    page = client.get(f"/projects/{project.id}/certificate").get_data(as_text=True)
    assert 'name="donor_acknowledgement_ar"' in page and 'dir="rtl"' in page
    saved = client.post(f"/projects/{project.id}/certificate/donor-line", data={
        "donor_acknowledgement": "With the support of the Netherlands",
        "donor_acknowledgement_fr": "Avec le soutien des Pays-Bas", "donor_acknowledgement_ar": "بدعم من هولندا"})
    assert saved.status_code == 303
    signed = client.post(f"/projects/{project.id}/certificate/signatories", data={
        "position": "1", "name": "Amal Saleh", "title": "Director", "title_fr": "Directrice", "title_ar": "المديرة"},
        content_type="multipart/form-data")
    assert signed.status_code == 303
    too_long = client.post(f"/projects/{project.id}/certificate/donor-line", data={
        "donor_acknowledgement": "x", "donor_acknowledgement_ar": "ب" * 301})
    assert too_long.status_code == 422 and 'id="donor_acknowledgement_ar-error"' in too_long.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(Project, project.id)
        assert (stored.donor_acknowledgement_fr, stored.donor_acknowledgement_ar) == ("Avec le soutien des Pays-Bas",
                                                                                    "بدعم من هولندا")
        assert (stored.signatories[0].title_fr, stored.signatories[0].title_ar) == ("Directrice", "المديرة")
        trail = {entry.action: entry.details for entry in db.session.scalars(select(AuditEntry))}
        assert trail["project.donor_line_set"]["text_ar"] == "بدعم من هولندا"
        assert trail["project.signatory_set"]["title_fr"] == "Directrice"


@pytest.mark.parametrize(("language", "expected"), [
    ("ar", ("ورشة عمل وطنية حول التحقيق في جرائم الاتجار بالأشخاص", "القاهرة، مصر", "بناء القدرات الوطنية")),
    ("fr", ("Atelier national sur les enquêtes", "Le Caire, Égypte", "Renforcement des capacités nationales")),
])
def test_the_design_preview_speaks_the_language_chosen(client, login, make_project, language, expected):
    project = make_project(**PROJECT)
    login(Role.ADMIN)
    response = client.get(f"/projects/{project.id}/certificate/preview.pdf?language={language}")
    assert response.status_code == 200
    text = _text(response.data)
    assert all(words in text for words in expected), text
