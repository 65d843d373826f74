"""Revocation, reissue after a name correction, branding uploads, print runs as ZIP, and what the public sees."""
import gc
import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader

from workshops.audit.models import AuditEntry
from workshops.audit.services import shown_details
from workshops.auth.models import Role
from workshops.certificates import services
from workshops.certificates.archive import safe_file_name
from workshops.certificates.models import Certificate
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import ProjectLogo, Signatory
from workshops.training.models import Workshop


def _png(width=300, height=120, colour="#1f4e5f") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def issued(app, make_workshop, make_participant, enrol):
    """A workshop with one certified completer; returns (workshop id, participant id, serial)."""
    workshop = make_workshop()
    participant = make_participant(given_name="Mohamed", family_name="Abdelrahmen", name_ar="محمد عبد الرحمن")
    enrol(workshop, participant, attended=5)
    with app.app_context():
        certificate = services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)[0]
        db.session.commit()
        return workshop.id, participant.id, certificate.serial


def _state(app, serial):
    with app.app_context():
        return db.session.scalar(db.select(Certificate).where(Certificate.serial == serial)).state


def test_revoked_certificate_verifies_as_revoked_with_its_date(client, login, issued, app):
    _workshop, _participant, serial = issued
    login(Role.COORDINATOR)
    refused = client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": ""})
    assert refused.status_code == 422 and _state(app, serial) == "valid"
    response = client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Issued in error"})
    assert response.status_code == 303 and _state(app, serial) == "revoked"
    page = client.get(f"/verify/{serial}").get_data(as_text=True)
    assert "Revoked" in page and "revoked on" in page and "Issued in error" not in page
    again = client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Twice"})
    assert again.status_code == 409


def test_name_correction_reissues_under_a_new_serial(client, login, issued, app):
    workshop_id, participant_id, old_serial = issued
    user = login(Role.COORDINATOR)
    with app.app_context():
        db.session.get(Participant, participant_id).family_name = "Abdelrahman"
        db.session.commit()
    response = client.post(f"/certificates/{old_serial}/reissue", data={"reissue-reason": "Family name misspelt"})
    assert response.status_code == 303
    new_serial = response.headers["Location"].rsplit("/", 1)[1]
    assert new_serial != old_serial
    assert _state(app, old_serial) == "superseded" and _state(app, new_serial) == "valid"

    public = app.test_client()
    old_page = public.get(f"/verify/{old_serial}").get_data(as_text=True)
    assert "Superseded" in old_page
    for detail in ("Mohamed", "Abdelrahm", "Cairo", new_serial):
        assert detail not in old_page
    assert "Mohamed Abdelrahman" in public.get(f"/verify/{new_serial}").get_data(as_text=True)

    merged = client.get(f"/workshops/{workshop_id}/certificates.pdf")
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(merged.data)).pages]
    assert len(texts) == 1 and new_serial in texts[0] and "Mohamed Abdelrahman" in texts[0]
    with app.app_context():
        actions = db.session.scalars(db.select(AuditEntry.action).where(AuditEntry.subject_type == "certificate")
                                     .order_by(AuditEntry.id)).all()
        reissued = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "certificate.reissued"))
        assert actions == ["certificate.issued", "certificate.reissued"]
        assert reissued.actor_id == user.id and reissued.details["replaces"] == old_serial
        assert reissued.details["changes"]["printed_name"] == ["erased", "erased"]  # the names live apart
        assert shown_details(reissued)["changes"]["printed_name"] == ["Mohamed Abdelrahmen", "Mohamed Abdelrahman"]


def test_issuing_again_after_a_reissue_adds_nothing(app, issued):
    workshop_id, _participant, serial = issued
    with app.app_context():
        certificate = db.session.scalar(db.select(Certificate).where(Certificate.serial == serial))
        services.reissue(certificate, "spelling", actor_id=None)
        db.session.commit()
        assert services.issue_for_workshop(db.session.get(Workshop, workshop_id), actor_id=None) == []
        assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 2


def test_zip_holds_one_safely_named_pdf_per_person(client, login, issued):
    workshop_id, _participant, serial = issued
    login(Role.COORDINATOR)
    response = client.get(f"/workshops/{workshop_id}/certificates.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.namelist() == [f"{serial}-Mohamed-Abdelrahmen.pdf"]
    assert "Mohamed Abdelrahmen" in PdfReader(io.BytesIO(archive.read(archive.namelist()[0]))).pages[0].extract_text()


@pytest.mark.parametrize(("name", "expected"), [
    ("Hélène Benali-Çelik", "K7Q2-9XMB-3FZ4-Helene-Benali-Celik.pdf"),
    ("محمد عبد الله", "K7Q2-9XMB-3FZ4.pdf"),
    ('a/b\\c:d*e?f"g<h>i|j', "K7Q2-9XMB-3FZ4-a-b-c-d-e-f-g-h-i-j.pdf"),
    ("CON", "K7Q2-9XMB-3FZ4.pdf"),
    ("x" * 300, "K7Q2-9XMB-3FZ4-" + "x" * 80 + ".pdf"),
])
def test_file_names_are_safe_everywhere(name, expected):
    assert safe_file_name("K7Q2-9XMB-3FZ4", name) == expected


def test_cli_exports_a_zip(app, runner, issued, tmp_path):
    workshop_id, _participant, serial = issued
    output = tmp_path / "run.zip"
    result = runner.invoke(args=["certificates", "export", "--workshop", str(workshop_id), "--format", "zip",
                                 "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert zipfile.ZipFile(output).namelist() == [f"{serial}-Mohamed-Abdelrahmen.pdf"]


def test_project_branding_prints_on_certificates(client, login, issued, app):
    workshop_id, _participant, _serial = issued
    with app.app_context():
        project_id = db.session.get(Workshop, workshop_id).objective.project_id
    login(Role.LEAD)
    base = f"/projects/{project_id}/certificate"
    assert client.post(f"{base}/logos", data={"position": "1", "logo": (io.BytesIO(_png()), "logo.png")},
                       content_type="multipart/form-data").status_code == 303
    assert client.post(f"{base}/signatories", data={"position": "1", "name": "Ambassador Ahmed Nabil",
                                                    "title": "Director General", "signature": (io.BytesIO(
                                                        _png(200, 60, "#000080")), "signature.png")},
                       content_type="multipart/form-data").status_code == 303
    assert client.post(f"{base}/donor-line",
                       data={"donor_acknowledgement": "With the support of the Government of the Netherlands"}
                       ).status_code == 303
    preview = client.get(f"{base}/preview.pdf?language=fr")
    text = PdfReader(io.BytesIO(preview.data)).pages[0].extract_text()
    assert "Ambassador Ahmed Nabil" in text and "Government of the Netherlands" in text
    assert "Certificat de formation".upper() in text and "PREVIEW" in text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectLogo)) == 1
        assert db.session.scalar(db.select(Signatory.signature_image)).startswith(b"\xff\xd8")  # re-encoded JPEG
    assert client.post(f"{base}/logos/1/delete").status_code == 303
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectLogo)) == 0


def _bomb() -> bytes:
    """A PNG of 20,000 × 20,000 pixels that compresses to a few hundred kilobytes."""
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.4 not an image", "This file is not a readable PNG or JPEG image."),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "This file is not a readable PNG or JPEG image."),
    (b"\x00" * (20 * 1024 * 1024), "the limit is 2 MB"),
    ("bomb", "too many pixels to be a logo"),
    ("large", "too many pixels to be a logo"),
])
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_bad_logo_uploads_are_refused_with_a_reason(client, login, make_project, app, content, message):
    project = make_project()
    login(Role.COORDINATOR)
    upload = {"bomb": _bomb, "large": lambda: _png(6000, 5000)}.get(content, lambda: content)()
    response = client.post(f"/projects/{project.id}/certificate/logos",
                           data={"position": "1", "logo": (io.BytesIO(upload), "logo.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    del response
    gc.collect()  # Werkzeug's test client spools a large upload to a temporary file it leaves to the collector
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectLogo)) == 0


def test_gif_is_refused(client, login, make_project):
    project = make_project()
    login(Role.COORDINATOR)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    response = client.post(f"/projects/{project.id}/certificate/logos",
                           data={"position": "1", "logo": (io.BytesIO(buffer.getvalue()), "logo.gif")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "Upload a PNG or JPEG image." in response.get_data(as_text=True)


def test_workshop_preview_issues_nothing(client, login, issued, app):
    workshop_id, _participant, _serial = issued
    login(Role.COORDINATOR)
    response = client.get(f"/workshops/{workshop_id}/certificates/preview.pdf")
    assert response.status_code == 200
    assert "PREVIEW" in PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Certificate)) == 1
