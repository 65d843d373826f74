"""Issuing certificates to completers, and only to them; revoking and reissuing; turning them into PDF pages."""
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from babel.dates import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, require
from workshops.audit.services import Person, record
from workshops.certificates.archive import zip_of_certificates
from workshops.certificates.models import Certificate
from workshops.certificates.pdf import Branding, CertificatePage, Signature, render_certificates
from workshops.certificates.serials import new_serial, normalise
from workshops.countries import country_name
from workshops.dates import date_span
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective, Project
from workshops.training.models import Enrolment, Workshop

_CURRENT = Certificate.superseded_at.is_(None)
#: Printed instead of a serial on previews, which are never issued.
PREVIEW_SERIAL = "PREVIEW"
SAMPLE_NAME, SAMPLE_NAME_AR = "Fatima Zahra Benali", "فاطمة الزهراء بن علي"
SAMPLE_WORKSHOP_TITLE = "National workshop on investigating trafficking in persons"


def issue_for_workshop(workshop: Workshop, *, actor_id: int | None) -> list[Certificate]:
    """Certificates for every completer who has none yet; issuing twice creates nothing new."""
    require(actor_id, Action.CERTIFY, workshop_id=workshop.id)
    pending = db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.participant))
        .outerjoin(Certificate, (Certificate.enrolment_id == Enrolment.id) & _CURRENT)
        .where(Enrolment.workshop_id == workshop.id, Enrolment.is_completed, Certificate.id.is_(None))
    ).all()
    issued = [_issue(enrolment, actor_id) for enrolment in pending]
    db.session.flush()
    for certificate in issued:
        record(actor_id, "certificate.issued", certificate, serial=certificate.serial)
    return issued


def issue_for_enrolment(enrolment: Enrolment, *, actor_id: int | None) -> Certificate:
    """The enrolment's certificate, issued now if needed; refused to anyone who did not complete."""
    require(actor_id, Action.CERTIFY, workshop_id=enrolment.workshop_id)
    existing = certificate_of(enrolment.id)
    if existing is not None:
        return existing
    _require_completed(enrolment)
    certificate = _issue(enrolment, actor_id)
    db.session.flush()
    record(actor_id, "certificate.issued", certificate, serial=certificate.serial)
    return certificate


def revoke(certificate: Certificate, reason: str, *, actor_id: int | None) -> Certificate:
    """Withdraw a certificate; its serial keeps verifying, as revoked on that date."""
    require(actor_id, Action.CERTIFY, workshop_id=certificate.enrolment.workshop_id)
    if certificate.state != "valid":
        raise Conflict(_("This certificate is already %(state)s.", state=_(certificate.state)))
    if not reason.strip():
        raise DomainError(_("Say why the certificate is revoked."), field="reason")
    certificate.revoked_at, certificate.revoked_by_id = datetime.now(UTC), actor_id
    certificate.revocation_reason = reason.strip()
    record(actor_id, "certificate.revoked", certificate, serial=certificate.serial, reason=reason.strip(),
           person=Person(participant_id=certificate.enrolment.participant_id))
    db.session.flush()
    return certificate


def reissue(certificate: Certificate, reason: str, *, actor_id: int | None) -> Certificate:
    """A new serial with the participant's current names (a corrected spelling); the old one is superseded."""
    require(actor_id, Action.CERTIFY, workshop_id=certificate.enrolment.workshop_id)
    if certificate.superseded_at is not None:
        raise Conflict(_("This certificate was already replaced by %(serial)s.",
                         serial=certificate.superseded_by.serial))
    if not reason.strip():
        raise DomainError(_("Say why the certificate is reissued."), field="reason")
    _require_completed(certificate.enrolment)
    certificate.superseded_at, certificate.superseded_by_user_id = datetime.now(UTC), actor_id
    certificate.reissue_reason = reason.strip()
    db.session.flush()  # the partial unique index allows the new current certificate only once this one is not
    replacement = _issue(certificate.enrolment, actor_id)
    db.session.flush()
    certificate.superseded_by_id = replacement.id
    record(actor_id, "certificate.reissued", replacement, serial=replacement.serial, replaces=certificate.serial,
           reason=reason.strip(), changes={"printed_name": (certificate.printed_name, replacement.printed_name)},
           person=Person(participant_id=certificate.enrolment.participant_id))
    db.session.flush()
    return replacement


def _require_completed(enrolment: Enrolment) -> None:
    if not enrolment.is_completed:
        raise DomainError(_("%(name)s did not complete this workshop, so gets no certificate.",
                            name=enrolment.participant.full_name))


def _issue(enrolment: Enrolment, actor_id: int | None) -> Certificate:
    participant = enrolment.participant
    certificate = Certificate(serial=_unused_serial(), enrolment=enrolment, issued_by_id=actor_id,
                              printed_name=participant.full_name, printed_name_ar=participant.name_ar)
    db.session.add(certificate)
    return certificate


def _unused_serial() -> str:
    """55 random bits make a clash vanishingly rare; checking anyway costs one indexed lookup."""
    while True:
        serial = new_serial()
        if db.session.scalar(select(Certificate.id).where(Certificate.serial == serial)) is None:
            return serial


def certificate_of(enrolment_id: int) -> Certificate | None:
    """The enrolment's current certificate (valid or revoked), not the ones it superseded."""
    return db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment_id, _CURRENT))


def find_by_serial(typed: str) -> Certificate | None:
    serial = normalise(typed)
    if serial is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.serial == serial).options(*_page_loads()))


def certificates_of_workshop(workshop_id: int, *, include_revoked: bool = False) -> Sequence[Certificate]:
    """Current certificates of a workshop, by family name: what a print run prints."""
    query = (select(Certificate).join(Certificate.enrolment).join(Enrolment.participant)
             .where(Enrolment.workshop_id == workshop_id, _CURRENT).options(*_page_loads())
             .order_by(Participant.family_name, Participant.given_name, Certificate.id))
    if not include_revoked:
        query = query.where(Certificate.revoked_at.is_(None))
    return db.session.scalars(query).all()


def _page_loads():
    project = (joinedload(Certificate.enrolment).joinedload(Enrolment.workshop).joinedload(Workshop.objective)
               .joinedload(Objective.project))
    return (joinedload(Certificate.enrolment).joinedload(Enrolment.participant), project,
            project.selectinload(Project.logos), project.selectinload(Project.signatories),
            joinedload(Certificate.superseded_by))


def certificates_by_enrolment(*, workshop_id: int | None = None, participant_id: int | None = None
                              ) -> dict[int, Certificate]:
    """Current certificates keyed by enrolment, for one workshop's list or one person's history."""
    query = select(Certificate).join(Certificate.enrolment).where(_CURRENT)
    if workshop_id is not None:
        query = query.where(Enrolment.workshop_id == workshop_id)
    if participant_id is not None:
        query = query.where(Enrolment.participant_id == participant_id)
    return {certificate.enrolment_id: certificate for certificate in db.session.scalars(query)}


def branding_of(project: Project) -> Branding:
    return Branding(logos=tuple(logo.image for logo in project.logos), donor_line=project.donor_acknowledgement,
                    signatures=tuple(Signature(signatory.name, signatory.title, signatory.signature_image)
                                     for signatory in project.signatories))


def page_for(certificate: Certificate, verify_url: str, branding: Branding | None = None) -> CertificatePage:
    """What one page prints, in the workshop's language; `branding` is shared across a print run."""
    return _page(certificate.enrolment.workshop, certificate.printed_name, certificate.printed_name_ar,
                 certificate.serial, certificate.issued_at.date(), verify_url, branding)


def _page(workshop: Workshop, name: str, name_ar: str | None, serial: str, issued_on: date, verify_url: str,
          branding: Branding | None) -> CertificatePage:
    project = workshop.objective.project
    language = workshop.language.value
    return CertificatePage(
        participant_name=name, participant_name_ar=name_ar, workshop_title=workshop.title,
        workshop_dates=date_span(workshop.starts_on, workshop.ends_on, language),
        place=f"{workshop.city}, {country_name(workshop.country_code, language)}", project_title=project.title,
        serial=serial, issued_on=format_date(issued_on, "d MMMM y", locale=language), verify_url=verify_url,
        language=language, branding=branding or branding_of(project))


def pages(certificates: Sequence[Certificate], verify_url_for: Callable[[str], str]) -> list[CertificatePage]:
    brandings: dict[int, Branding] = {}
    result = []
    for certificate in certificates:
        project = certificate.enrolment.workshop.objective.project
        branding = brandings.setdefault(project.id, branding_of(project))
        result.append(page_for(certificate, verify_url_for(certificate.serial), branding))
    return result


def render(certificates: Sequence[Certificate], verify_url_for: Callable[[str], str]) -> bytes:
    """One PDF holding a page per certificate; `verify_url_for(serial)` builds the printed link."""
    return render_certificates(pages(certificates, verify_url_for))


def export(certificates: Sequence[Certificate], verify_url_for: Callable[[str], str], file_format: str) -> bytes:
    """A print run as one merged PDF or as a ZIP of one PDF per person."""
    run = pages(certificates, verify_url_for)
    return zip_of_certificates(run) if file_format == "zip" else render_certificates(run)


def preview(workshop: Workshop, verify_url_for: Callable[[str], str]) -> bytes:
    """The workshop's certificate as it would print, for a completer (or anyone enrolled); nothing is issued."""
    participant = db.session.scalar(
        select(Participant).join(Enrolment, Enrolment.participant_id == Participant.id)
        .where(Enrolment.workshop_id == workshop.id)
        .order_by(Enrolment.is_completed.desc(), Participant.family_name).limit(1))
    name, name_ar = (participant.full_name, participant.name_ar) if participant else (SAMPLE_NAME, SAMPLE_NAME_AR)
    return render_certificates([_page(workshop, name, name_ar, PREVIEW_SERIAL, date.today(),
                                      verify_url_for(PREVIEW_SERIAL), None)])


def preview_for_project(project: Project, language: str, verify_url_for: Callable[[str], str]) -> bytes:
    """The project's certificate design with a sample person and workshop, before any workshop issues one."""
    today = date.today()
    page = CertificatePage(
        participant_name=SAMPLE_NAME, participant_name_ar=SAMPLE_NAME_AR,
        workshop_title=SAMPLE_WORKSHOP_TITLE, workshop_dates=date_span(today, today, language),
        place=f"Cairo, {country_name('EG', language)}", project_title=project.title, serial=PREVIEW_SERIAL,
        issued_on=format_date(today, "d MMMM y", locale=language), verify_url=verify_url_for(PREVIEW_SERIAL),
        language=language, branding=branding_of(project))
    return render_certificates([page])
