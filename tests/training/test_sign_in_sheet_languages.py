"""The sign-in sheet speaks the workshop's language (printed for the room), or the one asked by ?language=:
its words, titles, place, date and countries; in Arabic it reads right to left."""
import io
import unicodedata

import pdfplumber
import pytest
from pypdf import PdfReader

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training.models import Language, Workshop

TITLES = {"title": "Investigating trafficking in persons", "title_fr": "Enquêter sur la traite des personnes",
          "title_ar": "التحقيق في جرائم الاتجار بالأشخاص"}


def _text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture
def sheet(client, login, app, make_project, make_objective, make_workshop, make_participant, enrol):
    """The sign-in sheet of the first session of a workshop in `language`, two people on its list."""
    def get(language: Language, query: str = "", **titles) -> bytes:
        project = make_project(title="Building capacities", title_fr="Renforcement des capacités",
                               title_ar="بناء القدرات")
        workshop = make_workshop(make_objective(project), language=language, **{**TITLES, **titles})
        enrol(workshop, make_participant(given_name="Amina", family_name="Haddad", name_ar="أمينة حداد",
                                         country_code="TN", agency="Ministère de la Justice"))
        enrol(workshop, make_participant(given_name="Omar", family_name="Bakr", country_code="EG", agency="Police"))
        login(Role.COORDINATOR)
        with app.app_context():
            session_id = db.session.get(Workshop, workshop.id).sessions[0].id
        response = client.get(f"/workshops/{workshop.id}/sessions/{session_id}/sign-in.pdf{query}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        return response.data
    return get


def test_a_french_workshop_gets_a_french_sheet(sheet):
    text = _text(sheet(Language.FRENCH))
    for french in (TITLES["title_fr"], "Renforcement des capacités", "Le Caire, Égypte", "3 mars 2025",
                   "Tunisie", "Égypte", "Page 1 sur 1"):
        assert french in text, french
    assert TITLES["title"] not in text and "Building capacities" not in text and "March" not in text


def test_an_arabic_workshop_gets_an_arabic_sheet_from_right_to_left(sheet):
    pdf = sheet(Language.ARABIC)
    text = _text(pdf)
    for arabic in (TITLES["title_ar"], "بناء القدرات", "القاهرة، مصر", "مارس", "2025", "يوم كامل", "تونس",
                   "أمينة حداد"):
        assert arabic in text, arabic
    assert "Cairo" not in text and "Egypt" not in text and "Building" not in text
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
        header = [word for word in words if word["top"] < 40]
        assert min(word["x0"] for word in header) > page.width / 2  # the title hangs from the right margin
        amina = next(word for word in words if word["text"] == "Amina")
        omar = next(word for word in words if word["text"] == "Omar")
        assert amina["x0"] > page.width / 2 and omar["x0"] > page.width / 2  # names in the right-hand columns


def test_the_sheet_falls_back_to_the_title_as_given(sheet):
    text = _text(sheet(Language.FRENCH, title_fr=""))
    assert TITLES["title"] in text and "Page 1 sur 1" in text


@pytest.mark.parametrize(("query", "expected", "absent"), [
    ("?language=en", "Cairo, Egypt", "Le Caire"),
    ("?language=ar", "القاهرة، مصر", "Le Caire"),
    ("?language=xx", "Le Caire, Égypte", "Cairo"),  # anything else: the workshop's language
    ("?language=%00", "Le Caire, Égypte", "Cairo"),
])
def test_another_language_can_be_asked(sheet, query, expected, absent):
    text = _text(sheet(Language.FRENCH, query))
    assert expected in text and absent not in text
