"""The printable sign-in sheet of a session, and the signed scan kept as evidence."""
import gc
import io

import pdfplumber
import pytest
from pypdf import PdfReader

from workshops.auth.models import Role
from workshops.certificates.pdf import shaped
from workshops.extensions import db
from workshops.training.models import Workshop


def _first_session(app, workshop) -> int:
    with app.app_context():
        return db.session.get(Workshop, workshop.id).sessions[0].id


def test_sheet_lists_everyone_with_a_header_and_page_numbers_on_every_page(client, login, app, make_workshop,
                                                                           make_participant, enrol):
    workshop = make_workshop()
    for number in range(45):
        enrol(workshop, make_participant(given_name=f"Person{number:02d}", family_name="Haddad",
                                         name_ar="أمينة حداد" if number == 0 else None, agency="Public Prosecution"))
    login(Role.COORDINATOR)
    response = client.get(f"/workshops/{workshop.id}/sessions/{_first_session(app, workshop)}/sign-in.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Sign-in sheet" in text and "Investigating trafficking in persons" in text and "Cairo, Egypt" in text
        assert "3 March 2025" in text and "Signature" in text and f"Page {number} of {len(pages)}" in text
    everything = " ".join(pages)
    assert all(f"Person{number:02d} Haddad" in everything for number in range(45))
    with pdfplumber.open(io.BytesIO(response.data)) as document:
        assert shaped("أمينة حداد", "Sans")[0] in document.pages[0].extract_text()  # shaped, in visual order


def test_sheet_is_for_those_who_run_the_workshop(client, login, app, make_workshop):
    workshop = make_workshop()
    login(Role.TRAINER)
    assert client.get(f"/workshops/{workshop.id}/sessions/{_first_session(app, workshop)}/sign-in.pdf").status_code \
        == 403


def test_unknown_session_is_404(client, login, make_workshop):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    assert client.get(f"/workshops/{workshop.id}/sessions/999999/sign-in.pdf").status_code == 404


def _upload(client, workshop, session_id, content: bytes, name: str):
    return client.post(f"/workshops/{workshop.id}/signed-sheets",
                       data={"session_id": session_id, "sheet": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_signed_scan_is_kept_with_its_session_as_uploaded(client, login, app, make_workshop):
    workshop = make_workshop()
    session_id = _first_session(app, workshop)
    scan = b"%PDF-1.4\n% a scanned sheet\n"
    login(Role.COORDINATOR)
    assert _upload(client, workshop, session_id, scan, "day1.pdf").status_code == 303
    download = client.get(f"/workshops/{workshop.id}/sessions/{session_id}/signed-sheet")
    assert download.status_code == 200 and download.mimetype == "application/pdf" and download.data == scan
    assert "Signed sheet" in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


@pytest.mark.parametrize(("content", "message"), [
    (b"GIF89a not accepted", "Upload the scan as a PDF, PNG or JPEG file."),
    (b"%PDF-" + b"0" * (11 * 1024 * 1024), "the limit is 10 MB"),
])
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_bad_scans_are_refused(client, login, app, make_workshop, content, message):
    workshop = make_workshop()
    session_id = _first_session(app, workshop)
    login(Role.COORDINATOR)
    response = _upload(client, workshop, session_id, content, "scan.bin")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    del response
    gc.collect()  # the test client spools a large upload to a temporary file that only the collector closes
    assert client.get(f"/workshops/{workshop.id}/sessions/{session_id}/signed-sheet").status_code == 404


def test_scans_are_for_the_workshops_runners_and_leads(client, login, app, make_workshop):
    workshop = make_workshop()
    session_id = _first_session(app, workshop)
    login(Role.TRAINER)
    assert _upload(client, workshop, session_id, b"%PDF-1.4", "x.pdf").status_code == 403
    assert client.get(f"/workshops/{workshop.id}/sessions/{session_id}/signed-sheet").status_code == 403


LONG_AGENCY = ("Directorate-General for the Investigation of Organised Crime, Trafficking in Persons and the "
               "Smuggling of Migrants, Office of the Attorney General, Regional Coordination Unit for the Sahel "
               "and North A")


@pytest.mark.parametrize("agency", [LONG_AGENCY, "X" * 200])
def test_a_long_agency_wraps_inside_its_cell(client, login, app, make_workshop, make_participant, enrol, agency):
    assert len(agency) == 200
    workshop = make_workshop()
    enrol(workshop, make_participant(given_name="Aaliyah", family_name="Abbas", agency=agency))
    enrol(workshop, make_participant(given_name="Basma", family_name="Bakr", agency="Police"))
    login(Role.COORDINATOR)
    response = client.get(f"/workshops/{workshop.id}/sessions/{_first_session(app, workshop)}/sign-in.pdf")
    with pdfplumber.open(io.BytesIO(response.data)) as document:
        page = document.pages[0]
        columns = sorted({round(line["x0"]) for line in page.lines if line["x0"] == line["x1"]})
        rows = sorted({round(line["top"]) for line in page.lines if line["top"] == line["bottom"]})
        words = page.extract_words()
    left, right = columns[2], columns[3]  # #, Name, Agency, Country, Signature
    name = next(word for word in words if word["text"] == "Aaliyah")
    top, bottom = max(y for y in rows if y <= name["top"]), min(y for y in rows if y >= name["bottom"])
    in_cell = [word for word in words if left <= word["x0"] and word["x1"] <= right and top <= word["top"]
               and word["bottom"] <= bottom]
    assert "".join(word["text"] for word in in_cell) == agency.replace(" ", "")
    assert "Police" in [word["text"] for word in words if word["top"] > bottom]  # the next row starts below
