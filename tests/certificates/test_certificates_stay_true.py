"""Certificates that stay true (issue 11, item 4): a reprint is the certificate as issued, whatever the project's
branding became; a revoked or superseded one prints stamped; print runs leave them out and say so; a revocation
made by mistake can be withdrawn; deleting a logo never answers 500."""
import io
import re
import zipfile
from datetime import UTC, datetime

import pytest
from conftest import PASSWORD
from PIL import Image
from pypdf import PdfReader

from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.certificates import services
from workshops.certificates.models import Certificate, CertificateDesign
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Project, ProjectLogo
from workshops.training.models import Language, Workshop


def _png(colour: str, width: int = 300, height: int = 120) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def _brand(client, project_id: int, *, logo: str, signatory: str, donor: str) -> None:
    base = f"/projects/{project_id}/certificate"
    for response in (
        client.post(f"{base}/logos", data={"position": "1", "logo": (io.BytesIO(_png(logo)), "logo.png")},
                    content_type="multipart/form-data"),
        client.post(f"{base}/signatories", data={"position": "1", "name": signatory, "title": "Director General",
                                                 "signature": (io.BytesIO(_png("#000080", 200, 60)), "s.png")},
                    content_type="multipart/form-data"),
        client.post(f"{base}/donor-line", data={"donor_acknowledgement": donor}),
    ):
        assert response.status_code == 303, response.get_data(as_text=True)


@pytest.fixture
def branded(app, client, login, make_workshop, make_participant, enrol):
    """A coordinator signed in, a branded project, a workshop with three completers; returns the ids."""
    workshop = make_workshop()
    people = [make_participant(given_name=given, family_name=family)
              for given, family in (("Mohamed", "Abdelrahmen"), ("Leila", "Khalil"), ("Omar", "Farouk"))]
    for person in people:
        enrol(workshop, person, attended=5)
    with app.app_context():
        project_id = db.session.get(Workshop, workshop.id).objective.project_id
    login(Role.COORDINATOR)
    _brand(client, project_id, logo="#1f4e5f", signatory="Ambassador Ahmed Nabil",
           donor="With the support of the Government of the Netherlands")
    return {"workshop": workshop.id, "project": project_id, "people": [person.id for person in people]}


def _issue(client, workshop_id: int) -> None:
    assert client.post(f"/workshops/{workshop_id}/certificates").status_code == 303


def _serials(app, workshop_id: int) -> dict[int, str]:
    """Current serials by participant."""
    with app.app_context():
        return {certificate.enrolment.participant_id: certificate.serial
                for certificate in services.certificates_by_enrolment(workshop_id=workshop_id).values()}


def test_a_reprint_after_the_branding_changed_is_byte_identical(app, client, branded, enrol, make_workshop,
                                                                make_participant):
    _issue(client, branded["workshop"])
    serial = _serials(app, branded["workshop"])[branded["people"][0]]
    first = client.get(f"/certificates/{serial}.pdf")
    assert first.status_code == 200 and "Ambassador Ahmed Nabil" in _text(first.data)

    _brand(client, branded["project"], logo="#c8102e", signatory="Dr Amal Saleh", donor="Funded by the EU")
    assert client.post(f"/projects/{branded['project']}/certificate/logos",
                       data={"position": "2", "logo": (io.BytesIO(_png("#009edb")), "second.png")},
                       content_type="multipart/form-data").status_code == 303
    with app.app_context():
        db.session.get(Project, branded["project"]).title = "A renamed project"
        db.session.commit()

    again = client.get(f"/certificates/{serial}.pdf")
    assert again.data == first.data
    assert "Dr Amal Saleh" in _text(client.get(f"/projects/{branded['project']}/certificate/preview.pdf?"
                                               "language=en").data)  # the design page shows today's branding

    with app.app_context():
        objective = db.session.get(Workshop, branded["workshop"]).objective
    later = make_workshop(objective)
    enrol(later, make_participant(given_name="Sara", family_name="Nasser"), attended=5)
    _issue(client, later.id)
    new_serial = next(iter(_serials(app, later.id).values()))
    new_text = _text(client.get(f"/certificates/{new_serial}.pdf").data)
    assert "Dr Amal Saleh" in new_text and "Funded by the EU" in new_text and "A renamed project" in new_text
    old_text = _text(again.data)
    assert "Ambassador Ahmed Nabil" in old_text and "Government of the Netherlands" in old_text
    assert "Dr Amal Saleh" not in old_text and "A renamed project" not in old_text
    public = app.test_client().get(f"/verify/{serial}").get_data(as_text=True)
    assert "A renamed project" not in public  # the public page shows what the certificate shows


def test_designs_are_shared_while_the_branding_stays_the_same(app, client, branded, make_workshop, make_participant,
                                                              enrol):
    _issue(client, branded["workshop"])
    with app.app_context():
        objective = db.session.get(Workshop, branded["workshop"]).objective

    def issue_one():
        workshop = make_workshop(objective)
        enrol(workshop, make_participant(), attended=5)
        _issue(client, workshop.id)

    issue_one()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CertificateDesign)) == 1
        assert len(set(db.session.scalars(db.select(Certificate.design_id)))) == 1
    base = f"/projects/{branded['project']}/certificate"
    assert client.post(f"{base}/donor-line", data={"donor_acknowledgement": "Another donor"}).status_code == 303
    issue_one()
    assert client.post(f"{base}/donor-line", data={
        "donor_acknowledgement": "With the support of the Government of the Netherlands"}).status_code == 303
    issue_one()
    with app.app_context():
        designs = db.session.scalars(db.select(Certificate.design_id).order_by(Certificate.id)).all()
        assert db.session.scalar(db.select(db.func.count()).select_from(CertificateDesign)) == 2
        assert designs[-1] == designs[0] != designs[-2]  # the old branding back: the old design again


def test_a_revoked_certificate_prints_stamped_with_its_date(app, client, branded):
    _issue(client, branded["workshop"])
    serial = _serials(app, branded["workshop"])[branded["people"][0]]
    assert client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Issued in error"}).status_code == 303
    text = _text(client.get(f"/certificates/{serial}.pdf").data)
    today = datetime.now(UTC)
    assert f"REVOKED on {today.day} {today:%B %Y}" in text
    assert "Mohamed Abdelrahmen" in text and serial in text
    page = client.get(f"/workshops/{branded['workshop']}").get_data(as_text=True)
    assert "The print run leaves out 1 revoked certificate: no longer valid" in page


def test_a_french_certificate_is_stamped_in_french(app, client, login, make_workshop, make_participant, enrol):
    workshop = make_workshop(language=Language.FRENCH)
    enrol(workshop, make_participant(given_name="Hélène", family_name="Benali"), attended=5)
    login(Role.COORDINATOR)
    _issue(client, workshop.id)
    serial = next(iter(_serials(app, workshop.id).values()))
    client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Erreur"})
    assert "RÉVOQUÉ le" in _text(client.get(f"/certificates/{serial}.pdf").data)


def test_a_superseded_certificate_prints_its_replacement_and_the_name_as_issued(app, client, branded):
    _issue(client, branded["workshop"])
    old = _serials(app, branded["workshop"])[branded["people"][0]]
    with app.app_context():
        db.session.get(Participant, branded["people"][0]).family_name = "Abdelrahman"
        db.session.commit()
    response = client.post(f"/certificates/{old}/reissue", data={"reissue-reason": "Family name misspelt"})
    new = response.headers["Location"].rsplit("/", 1)[1]
    old_text = _text(client.get(f"/certificates/{old}.pdf").data)
    assert f"SUPERSEDED by {new}" in old_text and "Mohamed Abdelrahmen" in old_text
    new_text = _text(client.get(f"/certificates/{new}.pdf").data)
    assert "Mohamed Abdelrahman" in new_text and "SUPERSEDED" not in new_text and "REVOKED" not in new_text


def test_print_runs_leave_out_what_is_no_longer_valid_and_say_so(app, client, branded):
    _issue(client, branded["workshop"])
    serials = _serials(app, branded["workshop"])
    revoked, reissued, kept = (serials[person] for person in branded["people"])
    client.post(f"/certificates/{revoked}/revoke", data={"revoke-reason": "Did not attend the last day"})
    replacement = client.post(f"/certificates/{reissued}/reissue", data={"reissue-reason": "Spelling"}
                              ).headers["Location"].rsplit("/", 1)[1]

    merged = client.get(f"/workshops/{branded['workshop']}/certificates.pdf")
    assert merged.headers["X-Left-Out-Revoked"] == "1" and merged.headers["X-Left-Out-Superseded"] == "1"
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(merged.data)).pages]
    assert len(pages) == 2 and all(revoked not in page and reissued not in page for page in pages)
    assert {kept, replacement} == {serial for page in pages for serial in (kept, replacement) if serial in page}
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/workshops/{branded['workshop']}/certificates.zip").data))
    assert sorted(name[:14] for name in archive.namelist()) == sorted([kept, replacement])

    page = client.get(f"/workshops/{branded['workshop']}").get_data(as_text=True)
    assert re.search(r"leaves out 1 revoked certificate and 1 superseded certificate", page)


def test_the_workshop_page_says_nothing_when_nothing_is_left_out(app, client, branded):
    _issue(client, branded["workshop"])
    assert "leaves out" not in client.get(f"/workshops/{branded['workshop']}").get_data(as_text=True)


def test_revoke_reissue_and_withdrawal_ask_for_a_reason_and_a_confirmation(app, client, branded):
    _issue(client, branded["workshop"])
    serial = _serials(app, branded["workshop"])[branded["people"][0]]
    page = client.get(f"/certificates/{serial}").get_data(as_text=True)
    for action in ("revoke", "reissue"):
        form = re.search(rf'<form[^>]*action="/certificates/{serial}/{action}"[^>]*>', page).group(0)
        assert "data-confirm=" in form
        assert re.search(rf'<textarea[^>]*name="{action}-reason"[^>]*required', page)
    assert client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Wrong person"}).status_code == 303
    page = client.get(f"/certificates/{serial}").get_data(as_text=True)
    assert re.search(rf'<form[^>]*action="/certificates/{serial}/reinstate"[^>]*data-confirm=', page)
    assert f'action="/certificates/{serial}/revoke"' not in page


def test_a_revocation_made_by_mistake_is_withdrawn_audited_and_verifies_valid_again(app, client, branded):
    _issue(client, branded["workshop"])
    serial = _serials(app, branded["workshop"])[branded["people"][0]]
    issued_pdf = client.get(f"/certificates/{serial}.pdf").data
    assert client.post(f"/certificates/{serial}/reinstate", data={"reinstate-reason": "Never revoked"}
                       ).status_code == 409
    client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Wrong person"})
    assert "Revoked" in app.test_client().get(f"/verify/{serial}").get_data(as_text=True)

    assert client.post(f"/certificates/{serial}/reinstate", data={"reinstate-reason": "  "}).status_code == 422
    assert "Revoked" in app.test_client().get(f"/verify/{serial}").get_data(as_text=True)
    response = client.post(f"/certificates/{serial}/reinstate",
                           data={"reinstate-reason": "Revoked the namesake by mistake"})
    assert response.status_code == 303

    public = app.test_client().get(f"/verify/{serial}").get_data(as_text=True)
    assert "Valid certificate" in public and "Revoked" not in public
    assert client.get(f"/certificates/{serial}.pdf").data == issued_pdf  # no stamp left: as issued
    page = client.get(f"/certificates/{serial}").get_data(as_text=True)
    assert "revocation withdrawn: Revoked the namesake by mistake" in page and "revoked: Wrong person" in page
    with app.app_context():
        certificate_id = db.session.scalar(db.select(Certificate.id).where(Certificate.serial == serial))
        actions = db.session.scalars(db.select(AuditEntry.action).where(
            AuditEntry.subject_type == "certificate", AuditEntry.subject_id == certificate_id).order_by(AuditEntry.id))
        assert actions.all() == ["certificate.issued", "certificate.revoked", "certificate.revocation_withdrawn"]
    merged = client.get(f"/workshops/{branded['workshop']}/certificates.pdf")
    assert merged.headers["X-Left-Out-Revoked"] == "0" and len(PdfReader(io.BytesIO(merged.data)).pages) == 3


def test_only_those_who_certify_withdraw_a_revocation(app, client, make_user, branded):
    _issue(client, branded["workshop"])
    serial = _serials(app, branded["workshop"])[branded["people"][0]]
    client.post(f"/certificates/{serial}/revoke", data={"revoke-reason": "Wrong person"})
    trainer = app.test_client()
    trainer.post("/login", data={"email": make_user(Role.TRAINER).email, "password": PASSWORD})
    assert trainer.post(f"/certificates/{serial}/reinstate", data={"reinstate-reason": "x"}).status_code == 403


def test_removing_a_logo_goes_back_to_the_design_page_whatever_is_posted(app, client, branded):
    base = f"/projects/{branded['project']}/certificate"
    removed = client.post(f"{base}/logos/1/delete", follow_redirects=True)
    assert removed.status_code == 200 and "Removed." in removed.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectLogo)) == 0
    again = client.post(f"{base}/logos/1/delete", follow_redirects=True)
    assert again.status_code == 200 and "Nothing to change." in again.get_data(as_text=True)
    for position in (0, 4, 7, 2**31 - 1):
        response = client.post(f"{base}/logos/{position}/delete")
        assert response.status_code in (303, 404), position
        if response.status_code == 303:
            assert "Choose a place from 1 to 3." in client.get(base).get_data(as_text=True)


def test_certificate_pdf_is_the_same_outside_a_request(app, client, branded):
    """What delivery by email attaches is what the download serves."""
    _issue(client, branded["workshop"])
    serial = _serials(app, branded["workshop"])[branded["people"][0]]
    served = client.get(f"/certificates/{serial}.pdf").data
    with app.app_context():
        certificate_id = db.session.scalar(db.select(Certificate.id).where(Certificate.serial == serial))
        assert services.certificate_pdf(certificate_id) == served
