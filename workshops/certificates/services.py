"""Issuing certificates to completers, and only to them; revoking, withdrawing a revocation and reissuing;
printing them as issued.

A certificate prints from what was fixed when it was issued (its printed names and its design), never from
the project's branding of today; only previews show the branding as it is now.
"""
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from babel.dates import format_date
from flask import current_app, has_request_context
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, require
from workshops.audit.services import Person, record
from workshops.certificates.archive import zip_of_certificates
from workshops.certificates.designs import branding_of, current_design, live_branding
from workshops.certificates.models import Certificate, CertificateDesign
from workshops.certificates.pdf import Branding, CertificatePage, render_certificates
from workshops.certificates.serials import new_serial, normalise
from workshops.dates import date_span, today
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Project
from workshops.training.models import Enrolment, Workshop
from workshops.training.services import KeptOnEnrolments, kept_on_enrolments
from workshops.translated import in_language, place
from workshops.web import public_url

_CURRENT = Certificate.superseded_at.is_(None)
#: Printed instead of a serial on previews, which are never issued.
PREVIEW_SERIAL = "PREVIEW"
SAMPLE_NAME, SAMPLE_NAME_AR = "Fatima Zahra Benali", "فاطمة الزهراء بن علي"
#: The sample workshop of a design's preview, in each language a certificate prints in.
SAMPLE_WORKSHOP_TITLES = {"en": "National workshop on investigating trafficking in persons",
                          "fr": "Atelier national sur les enquêtes en matière de traite des personnes",
                          "ar": "ورشة عمل وطنية حول التحقيق في جرائم الاتجار بالأشخاص"}


def issue_for_workshop(workshop: Workshop, *, actor_id: int | None) -> list[Certificate]:
    """Certificates for every completer who has none yet; issuing twice creates nothing new."""
    require(actor_id, Action.CERTIFY, workshop_id=workshop.id)
    pending = db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.participant))
        .outerjoin(Certificate, (Certificate.enrolment_id == Enrolment.id) & _CURRENT)
        .where(Enrolment.workshop_id == workshop.id, Enrolment.is_completed, Certificate.id.is_(None))
    ).all()
    if not pending:
        return []
    design = current_design(workshop.objective.project)
    issued = [_issue(enrolment, actor_id, design) for enrolment in pending]
    db.session.flush()
    for certificate in issued:
        record(actor_id, "certificate.issued", certificate, serial=certificate.serial, design=design.id)
    return issued


def issue_for_enrolment(enrolment: Enrolment, *, actor_id: int | None) -> Certificate:
    """The enrolment's certificate, issued now if needed; refused to anyone who did not complete."""
    require(actor_id, Action.CERTIFY, workshop_id=enrolment.workshop_id)
    existing = certificate_of(enrolment.id)
    if existing is not None:
        return existing
    _require_completed(enrolment)
    design = current_design(enrolment.workshop.objective.project)
    certificate = _issue(enrolment, actor_id, design)
    db.session.flush()
    record(actor_id, "certificate.issued", certificate, serial=certificate.serial, design=design.id)
    return certificate


def revoke(certificate: Certificate, reason: str, *, actor_id: int | None) -> Certificate:
    """Withdraw a certificate; its serial keeps verifying, as revoked on that date, and its PDF says so."""
    require(actor_id, Action.CERTIFY, workshop_id=certificate.enrolment.workshop_id)
    if certificate.state != "valid":
        raise Conflict(_("This certificate is already %(state)s.", state=_(certificate.state)))
    reason = _reason(reason, _("Say why the certificate is revoked."))
    certificate.revoked_at, certificate.revoked_by_id = datetime.now(UTC), actor_id
    certificate.revocation_reason = reason
    record(actor_id, "certificate.revoked", certificate, serial=certificate.serial, reason=reason,
           person=Person(participant_id=certificate.enrolment.participant_id))
    db.session.flush()
    return certificate


def withdraw_revocation(certificate: Certificate, reason: str, *, actor_id: int | None) -> Certificate:
    """Undo a revocation made by mistake: the serial verifies as valid again.

    The certificate keeps no trace of the revocation; the trail keeps both steps, with their reasons.
    """
    require(actor_id, Action.CERTIFY, workshop_id=certificate.enrolment.workshop_id)
    if certificate.state != "revoked":
        raise Conflict(_("Only a revoked certificate can have its revocation withdrawn; this one is %(state)s.",
                         state=_(certificate.state)))
    reason = _reason(reason, _("Say why the revocation is withdrawn."))
    _require_completed(certificate.enrolment)
    record(actor_id, "certificate.revocation_withdrawn", certificate, serial=certificate.serial, reason=reason,
           revoked_at=certificate.revoked_at, person=Person(participant_id=certificate.enrolment.participant_id))
    certificate.revoked_at = certificate.revoked_by_id = certificate.revocation_reason = None
    db.session.flush()
    return certificate


def reissue(certificate: Certificate, reason: str, *, actor_id: int | None) -> Certificate:
    """A new serial with the participant's current names (a corrected spelling) and the project's current
    branding; the old one is superseded, and prints so."""
    require(actor_id, Action.CERTIFY, workshop_id=certificate.enrolment.workshop_id)
    if certificate.superseded_at is not None:
        raise Conflict(_("This certificate was already replaced by %(serial)s.",
                         serial=certificate.superseded_by.serial))
    reason = _reason(reason, _("Say why the certificate is reissued."))
    _require_completed(certificate.enrolment)
    certificate.superseded_at, certificate.superseded_by_user_id = datetime.now(UTC), actor_id
    certificate.reissue_reason = reason
    db.session.flush()  # the partial unique index allows the new current certificate only once this one is not
    replacement = _issue(certificate.enrolment, actor_id, current_design(certificate.enrolment.workshop.objective
                                                                         .project))
    db.session.flush()
    certificate.superseded_by_id = replacement.id
    record(actor_id, "certificate.reissued", replacement, serial=replacement.serial, replaces=certificate.serial,
           reason=reason, design=replacement.design_id,
           changes={"printed_name": (certificate.printed_name, replacement.printed_name)},
           person=Person(participant_id=certificate.enrolment.participant_id))
    db.session.flush()
    return replacement


def _reason(typed: str, missing: str) -> str:
    if not typed.strip():
        raise DomainError(missing, field="reason")
    return typed.strip()


def _require_completed(enrolment: Enrolment) -> None:
    if not enrolment.is_completed:
        raise DomainError(_("%(name)s did not complete this workshop, so gets no certificate.",
                            name=enrolment.participant.full_name))


def _issue(enrolment: Enrolment, actor_id: int | None, design: CertificateDesign) -> Certificate:
    participant = enrolment.participant
    certificate = Certificate(serial=_unused_serial(), enrolment=enrolment, issued_by_id=actor_id, design=design,
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


def certificates_of_workshop(workshop_id: int) -> Sequence[Certificate]:
    """The workshop's print run: its valid certificates, by family name; revoked and superseded ones are left
    out (left_out_of_print_run counts them)."""
    return db.session.scalars(
        select(Certificate).join(Certificate.enrolment).join(Enrolment.participant)
        .where(Enrolment.workshop_id == workshop_id, _CURRENT, Certificate.revoked_at.is_(None))
        .options(*_page_loads(), joinedload(Certificate.design).selectinload(CertificateDesign.logos),
                 joinedload(Certificate.design).selectinload(CertificateDesign.signatories))
        .order_by(Participant.family_name, Participant.given_name, Certificate.id)).all()


@dataclass(frozen=True)
class LeftOut:
    """Certificates of a workshop that its print run leaves out, by reason."""

    revoked: int
    superseded: int

    @property
    def total(self) -> int:
        return self.revoked + self.superseded


def left_out_of_print_run(workshop_id: int) -> LeftOut:
    revoked, superseded = db.session.execute(
        select(func.count(case((_CURRENT & Certificate.revoked_at.is_not(None), Certificate.id))),
               func.count(Certificate.superseded_at))
        .join(Certificate.enrolment).where(Enrolment.workshop_id == workshop_id)).one()
    return LeftOut(revoked=revoked, superseded=superseded)


def _page_loads():
    """What a page prints besides the design's pictures: the person, the workshop, the design, a replacement."""
    return (joinedload(Certificate.enrolment).joinedload(Enrolment.participant),
            joinedload(Certificate.enrolment).joinedload(Enrolment.workshop), joinedload(Certificate.design),
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


def verify_url(serial: str) -> str:
    """The printed link, always on PUBLIC_BASE_URL: certificates outlive the host that issued them, and a request's
    Host header is whatever its sender wrote. Outside a request (a command, a background job) too."""
    if has_request_context():
        return public_url("certificates.verify", serial=serial)
    with current_app.test_request_context():
        return public_url("certificates.verify", serial=serial)


def page_for(certificate: Certificate, verify_url: str, branding: Branding | None = None) -> CertificatePage:
    """What one page prints: the certificate as issued, in the workshop's language (its words, and the titles
    and donor line in that language where they were given), stamped if no longer valid.

    `branding` is the certificate's design's in that language, shared across a print run.
    """
    workshop, design = certificate.enrolment.workshop, certificate.design
    language = workshop.language.value
    revoked_on = None
    if certificate.revoked_at is not None:
        revoked_on = format_date(certificate.revoked_at.date(), "d MMMM y", locale=language)
    superseded_by = None
    if certificate.superseded_at is not None:
        superseded_by = certificate.superseded_by.serial if certificate.superseded_by else ""
    return _page(workshop, certificate.printed_name, certificate.printed_name_ar, certificate.serial,
                 certificate.issued_at.date(), verify_url, in_language(design, "project_title", language),
                 branding or branding_of(design, language), revoked_on=revoked_on, superseded_by=superseded_by)


def _page(workshop: Workshop, name: str, name_ar: str | None, serial: str, issued_on: date, verify_url: str,
          project_title: str, branding: Branding, **state) -> CertificatePage:
    language = workshop.language.value
    return CertificatePage(
        participant_name=name, participant_name_ar=name_ar, workshop_title=in_language(workshop, "title", language),
        workshop_dates=date_span(workshop.starts_on, workshop.ends_on, language),
        place=place(workshop.city, workshop.country_code, language), project_title=project_title,
        serial=serial, issued_on=format_date(issued_on, "d MMMM y", locale=language), verify_url=verify_url,
        language=language, branding=branding, **state)


def pages(certificates: Sequence[Certificate], verify_url_for: Callable[[str], str] = verify_url
          ) -> list[CertificatePage]:
    """A page per certificate; certificates of one design and language share one Branding, so its pictures go in
    once."""
    brandings: dict[tuple[int, str], Branding] = {}
    result = []
    for certificate in certificates:
        key = (certificate.design_id, certificate.enrolment.workshop.language.value)
        if key not in brandings:
            brandings[key] = branding_of(certificate.design, key[1])
        result.append(page_for(certificate, verify_url_for(certificate.serial), brandings[key]))
    return result


def render(certificates: Sequence[Certificate], verify_url_for: Callable[[str], str] = verify_url) -> bytes:
    """One PDF holding a page per certificate; `verify_url_for(serial)` builds the printed link."""
    return render_certificates(pages(certificates, verify_url_for))


def certificate_pdf(certificate_id: int) -> bytes:
    """One certificate's PDF as issued: the same bytes for the download, every reprint and the copy mailed to
    its holder (as long as it stays valid; a revoked or superseded one prints stamped)."""
    certificate = db.session.scalar(select(Certificate).where(Certificate.id == certificate_id)
                                    .options(*_page_loads()))
    if certificate is None:
        raise DomainError(_("No such certificate."))
    return render([certificate])


def export(certificates: Sequence[Certificate], file_format: str,
           verify_url_for: Callable[[str], str] = verify_url) -> bytes:
    """A print run as one merged PDF or as a ZIP of one PDF per person."""
    run = pages(certificates, verify_url_for)
    return zip_of_certificates(run) if file_format == "zip" else render_certificates(run)


def preview(workshop: Workshop, verify_url_for: Callable[[str], str] = verify_url) -> bytes:
    """The workshop's certificate as it would print, for a completer (or anyone enrolled); nothing is issued."""
    participant = db.session.scalar(
        select(Participant).join(Enrolment, Enrolment.participant_id == Participant.id)
        .where(Enrolment.workshop_id == workshop.id)
        .order_by(Enrolment.is_completed.desc(), Participant.family_name).limit(1))
    name, name_ar = (participant.full_name, participant.name_ar) if participant else (SAMPLE_NAME, SAMPLE_NAME_AR)
    project, language = workshop.objective.project, workshop.language.value
    return render_certificates([_page(workshop, name, name_ar, PREVIEW_SERIAL, today(),
                                      verify_url_for(PREVIEW_SERIAL), in_language(project, "title", language),
                                      live_branding(project, language))])


def preview_for_project(project: Project, language: str, verify_url_for: Callable[[str], str] = verify_url) -> bytes:
    """The project's certificate design with a sample person and workshop, before any workshop issues one."""
    day = today()
    page = CertificatePage(
        participant_name=SAMPLE_NAME, participant_name_ar=SAMPLE_NAME_AR,
        workshop_title=SAMPLE_WORKSHOP_TITLES.get(language, SAMPLE_WORKSHOP_TITLES["en"]),
        workshop_dates=date_span(day, day, language), place=place("Cairo", "EG", language),
        project_title=in_language(project, "title", language), serial=PREVIEW_SERIAL,
        issued_on=format_date(day, "d MMMM y", locale=language), verify_url=verify_url_for(PREVIEW_SERIAL),
        language=language, branding=live_branding(project, language))
    return render_certificates([page])


def _enrolments_certified(*enrolments, in_force_only: bool) -> set[int]:
    """Which of the enrolments matching these conditions hold a certificate: one in force (neither revoked nor
    superseded), or any at all, since a revoked certificate's verify page still tells its story."""
    in_force = (Certificate.revoked_at.is_(None), Certificate.superseded_at.is_(None)) if in_force_only else ()
    return set(db.session.scalars(select(Certificate.enrolment_id).distinct()
                                  .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
                                  .where(*enrolments, *in_force)))


kept_on_enrolments.append(KeptOnEnrolments(
    enrolment_ids=_enrolments_certified,
    described=lambda number: ngettext("one certificate was issued", "%(num)d certificates were issued", number),
    undo=lambda number: ngettext("revoke it first", "revoke them first", number)))
