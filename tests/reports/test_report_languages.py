"""The donor report in the language asked names projects, objectives and countries in that language, with its
comma, whatever language the reader's pages are in."""
import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from workshops.auth.models import Role


@pytest.fixture
def programme(make_project, make_objective, make_workshop, make_participant, enrol):
    objective = make_objective(make_project(title="Framework", title_fr="Cadre régional", title_ar="الإطار الإقليمي",
                                            starts_on=date(2017, 1, 1)),
                               number=1, title="Training", title_fr="Formation", title_ar="التدريب")
    workshop = make_workshop(objective, starts_on=date(2017, 5, 1), ends_on=date(2017, 5, 5))
    for country in ("EG", "JO", "JO"):
        enrol(workshop, make_participant(country_code=country), attended=5)
    return objective


@pytest.mark.parametrize(("language", "expected", "absent"), [
    ("fr", ("Cadre régional", "1. Formation", "Égypte, Jordanie"), ("Framework", "1. Training")),
    ("ar", ("الإطار الإقليمي", "التدريب", "مصر", "الأردن"), ("Framework", "Training", "Egypt, ", "مصر, ")),
])
def test_the_donor_report_names_everything_in_its_language(client, login, programme, language, expected, absent):
    login(Role.LEAD)
    response = client.get(f"/reports/totals.pdf?project={programme.project_id}&objective={programme.id}"
                          f"&countries=EG&countries=JO&language={language}")
    assert response.status_code == 200
    text = unicodedata.normalize("NFKC", "\n".join(page.extract_text()
                                                   for page in PdfReader(io.BytesIO(response.data)).pages))
    assert all(words in text for words in expected), text[:2000]
    assert not any(words in text for words in absent)
    if language == "ar":
        assert "،" in text  # the countries filtered on, listed with the Arabic comma
