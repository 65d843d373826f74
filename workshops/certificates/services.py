"""Issuing certificates to completers, and only to them, and turning issued ones into PDF pages."""
from collections.abc import Sequence

from babel.dates import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workshops.auth.models import User
from workshops.certificates.models import Certificate
from workshops.certificates.pdf import CertificatePage, render_certificates
from workshops.certificates.serials import new_serial, normalise
from workshops.countries import country_name
from workshops.dates import date_span
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective
from workshops.training.models import Enrolment, Workshop


def issue_for_workshop(workshop: Workshop, *, actor: User | None) -> list[Certificate]:
    """Certificates for every completer who has none yet; issuing twice creates nothing new."""
    pending = db.session.scalars(
        select(Enrolment).outerjoin(Certificate, Certificate.enrolment_id == Enrolment.id)
        .where(Enrolment.workshop_id == workshop.id, Enrolment.is_completed, Certificate.id.is_(None))
    ).all()
    issued = [_issue(enrolment, actor) for enrolment in pending]
    db.session.flush()
    return issued


def issue_for_enrolment(enrolment: Enrolment, *, actor: User | None) -> Certificate:
    """The enrolment's certificate, issued now if needed; refused to anyone who did not complete."""
    existing = certificate_of(enrolment.id)
    if existing is not None:
        return existing
    if not enrolment.is_completed:
        raise DomainError(_("%(name)s did not complete this workshop, so gets no certificate.",
                            name=enrolment.participant.full_name))
    certificate = _issue(enrolment, actor)
    db.session.flush()
    return certificate


def _issue(enrolment: Enrolment, actor: User | None) -> Certificate:
    certificate = Certificate(serial=_unused_serial(), enrolment_id=enrolment.id,
                              issued_by_id=actor.id if actor else None)
    db.session.add(certificate)
    return certificate


def _unused_serial() -> str:
    """55 random bits make a clash vanishingly rare; checking anyway costs one indexed lookup."""
    while True:
        serial = new_serial()
        if db.session.scalar(select(Certificate.id).where(Certificate.serial == serial)) is None:
            return serial


def certificate_of(enrolment_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.enrolment_id == enrolment_id))


def find_by_serial(typed: str) -> Certificate | None:
    serial = normalise(typed)
    if serial is None:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.serial == serial).options(
        *_page_loads()))


def certificates_of_workshop(workshop_id: int) -> Sequence[Certificate]:
    return db.session.scalars(
        select(Certificate).join(Certificate.enrolment).join(Enrolment.participant)
        .where(Enrolment.workshop_id == workshop_id).options(*_page_loads())
        .order_by(Participant.family_name, Participant.given_name, Certificate.id)).all()


def _page_loads():
    return (joinedload(Certificate.enrolment).joinedload(Enrolment.participant),
            joinedload(Certificate.enrolment).joinedload(Enrolment.workshop).joinedload(Workshop.objective)
            .joinedload(Objective.project))


def page_for(certificate: Certificate, verify_url: str) -> CertificatePage:
    enrolment = certificate.enrolment
    participant, workshop = enrolment.participant, enrolment.workshop
    return CertificatePage(
        participant_name=participant.full_name, participant_name_ar=participant.name_ar,
        workshop_title=workshop.title, workshop_dates=date_span(workshop.starts_on, workshop.ends_on),
        place=f"{workshop.city}, {country_name(workshop.country_code)}",
        project_title=workshop.objective.project.title, serial=certificate.serial,
        issued_on=format_date(certificate.issued_at.date(), "d MMMM y", locale="en"), verify_url=verify_url)


def render(certificates: Sequence[Certificate], verify_url_for) -> bytes:
    """One PDF holding a page per certificate; `verify_url_for(serial)` builds the printed link."""
    return render_certificates(page_for(certificate, verify_url_for(certificate.serial))
                               for certificate in certificates)


def certificates_by_enrolment(*, workshop_id: int | None = None, participant_id: int | None = None
                              ) -> dict[int, Certificate]:
    """Issued certificates keyed by enrolment, for one workshop's list or one person's history."""
    query = select(Certificate).join(Certificate.enrolment)
    if workshop_id is not None:
        query = query.where(Enrolment.workshop_id == workshop_id)
    if participant_id is not None:
        query = query.where(Enrolment.participant_id == participant_id)
    return {certificate.enrolment_id: certificate for certificate in db.session.scalars(query)}
