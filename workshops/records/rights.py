"""A person's rights over their data, and how long the registry keeps what nobody confirmed.

Access: `personal_data` gathers everything held about one person (their record, workshops, attendance,
certificates, self-registrations and the audit entries about them) as JSON-safe values, and
people.personal_data_pdf prints the same for someone who cannot read JSON.

Erasure: `erase_participant` removes what identifies a person but keeps what they count towards: their
country, sex, role category and year of birth (the reports' age groups come from it), their enrolments,
attendance and certificates. Donors' totals, by age group too, are the same before and after, and a
certificate they hold still verifies, with the name withheld. The audit trail is append-only, so its
entries stay; the personal values beside them (audit.models) are deleted.

Retention: `purge_expired` deletes import previews never confirmed and self-registrations never
approved once they are older than the retention period: nobody is trained under them, so nothing counts
them, and keeping them would keep personal data without a purpose.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, require
from workshops.audit.models import AuditPersonalValues
from workshops.audit.services import about_person, forget_person, plain, record, shown_details
from workshops.certificates.models import Certificate
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import ImportBatch, Participant
from workshops.training.models import (
    Attendance,
    Enrolment,
    Registration,
    RegistrationLink,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
)

#: What replaces an erased name or free text; the family name becomes "#<id>" so erased records stay apart.
ERASED_MARK = "[erased]"


def _participant(participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        raise DomainError(_("No such person in the registry."))
    return participant


def _columns(instance) -> dict:
    return {attribute.key: plain(getattr(instance, attribute.key)) for attribute in instance.__mapper__.column_attrs}


def _enrolment_ids(participant_id: int) -> list[int]:
    return list(db.session.scalars(select(Enrolment.id).where(Enrolment.participant_id == participant_id)))


def _registrations_of(enrolment_ids: list[int]) -> list[Registration]:
    """The self-registrations approved into this person's enrolments: the ones known to be theirs."""
    if not enrolment_ids:
        return []
    return list(db.session.scalars(
        select(Registration).options(joinedload(Registration.link).joinedload(RegistrationLink.workshop))
        .where(Registration.enrolment_id.in_(enrolment_ids)).order_by(Registration.created_at, Registration.id)))


def _certificates_of(enrolment_ids: list[int]) -> list[Certificate]:
    if not enrolment_ids:
        return []
    return list(db.session.scalars(
        select(Certificate).options(joinedload(Certificate.enrolment).joinedload(Enrolment.workshop))
        .where(Certificate.enrolment_id.in_(enrolment_ids)).order_by(Certificate.issued_at, Certificate.id)))


def personal_data(participant_id: int) -> dict:
    """Everything held about one person, for the right of access: plain values, dates as ISO text."""
    participant = _participant(participant_id)
    enrolments = db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.workshop)).join(Workshop, Workshop.id == Enrolment.workshop_id)
        .where(Enrolment.participant_id == participant_id).order_by(Workshop.starts_on, Enrolment.id)).all()
    enrolment_ids = [enrolment.id for enrolment in enrolments]
    marks = db.session.execute(
        select(Attendance, WorkshopSession, Workshop)
        .join(WorkshopSession, WorkshopSession.id == Attendance.session_id)
        .join(Workshop, Workshop.id == WorkshopSession.workshop_id)
        .where(Attendance.enrolment_id.in_(enrolment_ids or [-1]))
        .order_by(WorkshopSession.held_on, WorkshopSession.part_position, Attendance.id)).all()
    registrations = _registrations_of(enrolment_ids)
    entries = about_person(participant_id, [registration.id for registration in registrations])
    return {
        "generated_at": plain(datetime.now(UTC)),
        "record": _columns(participant),
        "enrolments": [{
            "workshop_id": enrolment.workshop_id, "workshop": enrolment.workshop.title,
            "starts_on": plain(enrolment.workshop.starts_on), "ends_on": plain(enrolment.workshop.ends_on),
            "city": enrolment.workshop.city, "country_code": enrolment.workshop.country_code,
            "completed": enrolment.is_completed, "pre_test_score": enrolment.pre_test_score,
            "post_test_score": enrolment.post_test_score, "enrolled_at": plain(enrolment.enrolled_at),
        } for enrolment in enrolments],
        "attendance": [{
            "workshop": workshop.title, "held_on": plain(session.held_on), "part": plain(session.part),
            "status": plain(mark.status), "recorded_at": plain(mark.recorded_at),
        } for mark, session, workshop in marks],
        "certificates": [{
            "serial": certificate.serial, "state": certificate.state, "workshop": certificate.enrolment.workshop.title,
            "issued_at": plain(certificate.issued_at), "printed_name": certificate.printed_name,
            "printed_name_ar": certificate.printed_name_ar, "revoked_at": plain(certificate.revoked_at),
            "revocation_reason": certificate.revocation_reason, "superseded_at": plain(certificate.superseded_at),
            "reissue_reason": certificate.reissue_reason,
        } for certificate in _certificates_of(enrolment_ids)],
        "registrations": [{**_columns(registration), "workshop": registration.link.workshop.title}
                          for registration in registrations],
        "audit_entries": [{
            "at": plain(entry.at), "action": entry.action,
            "by": entry.actor.full_name if entry.actor is not None else None,
            "subject_type": entry.subject_type, "subject_id": entry.subject_id, "details": shown_details(entry),
        } for entry in entries],
    }


def record_export(participant_id: int, file_format: str, *, actor_id: int | None) -> None:
    """Who downloaded a person's data, and when, is itself on record: the file holds all of it."""
    require(actor_id, Action.EXPORT_PERSONAL_DATA, participant_id=participant_id)
    record(actor_id, "participant.data_exported", _participant(participant_id), format=file_format)


# The PDF: pure data in, bytes out (no app or database), like certificates.pdf whose fonts it shares.

#: The sections of the PDF: (key in the data, heading, columns shown as a table; None for one field list each).
@dataclass(frozen=True)
class ErasurePreview:
    """What erasing a person keeps (counted) and removes, shown before anyone confirms."""

    enrolments: int
    completed: int
    attendance_marks: int
    certificates: int
    registrations: int
    audit_values: int


def erasure_preview(participant_id: int) -> ErasurePreview:
    _participant(participant_id)
    enrolment_ids = _enrolment_ids(participant_id)
    registration_ids = [registration.id for registration in _registrations_of(enrolment_ids)]
    held = (select(func.count()).select_from(AuditPersonalValues)
            .where(or_(AuditPersonalValues.participant_id == participant_id,
                       AuditPersonalValues.registration_id.in_(registration_ids or [-1]))))
    return ErasurePreview(
        enrolments=len(enrolment_ids),
        completed=db.session.scalar(select(func.count()).select_from(Enrolment).where(
            Enrolment.participant_id == participant_id, Enrolment.is_completed)),
        attendance_marks=db.session.scalar(select(func.count()).select_from(Attendance).where(
            Attendance.enrolment_id.in_(enrolment_ids or [-1]))),
        certificates=len(_certificates_of(enrolment_ids)), registrations=len(registration_ids),
        audit_values=db.session.scalar(held))


@dataclass(frozen=True)
class Erasure:
    participant_id: int
    certificates: int
    registrations: int
    audit_values: int


def erase_participant(participant_id: int, *, actor_id: int | None) -> Erasure:
    """Replace what identifies the person, everywhere it is held, by a marker; keep what they count towards.

    Country, sex, role category and year of birth stay on the record, and its enrolments, attendance and
    completion stay, so every total, by age group too, is unchanged (counting rule 5). Their certificates keep
    their serials and still verify, without the name.
    """
    require(actor_id, Action.ERASE_PERSON, participant_id=participant_id)
    participant = _participant(participant_id)
    if participant.erased_at is not None:
        raise Conflict(_("This person's identity was already erased on %(date)s.",
                         date=format_date(participant.erased_at.date())))
    participant.given_name, participant.family_name = ERASED_MARK, f"#{participant.id}"
    participant.name_ar = participant.email = participant.phone = None
    participant.position, participant.agency = "", ERASED_MARK
    participant.erased_at = datetime.now(UTC)
    enrolment_ids = _enrolment_ids(participant_id)
    certificates = _certificates_of(enrolment_ids)
    for certificate in certificates:
        certificate.printed_name, certificate.printed_name_ar = ERASED_MARK, None
        certificate.revocation_reason = ERASED_MARK if certificate.revocation_reason is not None else None
        certificate.reissue_reason = ERASED_MARK if certificate.reissue_reason is not None else None
    registrations = _registrations_of(enrolment_ids)
    for registration in registrations:
        _erase_registration(registration, f"#{participant.id}")
    audit_values = forget_person(participant_id, [registration.id for registration in registrations])
    db.session.flush()
    record(actor_id, "participant.erased", participant, certificates=len(certificates),
           registrations=len(registrations), audit_values=audit_values)
    return Erasure(participant_id, len(certificates), len(registrations), audit_values)


def _erase_registration(registration: Registration, family_name: str) -> None:
    """What identifies its author goes; country, sex, role category and year of birth stay, as on the record."""
    registration.given_name, registration.family_name = ERASED_MARK, family_name
    registration.name_ar = registration.email = registration.phone = None
    registration.position, registration.agency = "", ERASED_MARK


# Retention

@dataclass(frozen=True)
class PurgeResult:
    registrations: int
    import_batches: int

    def __str__(self) -> str:
        return (f"Purged {self.registrations} self-registrations never approved and "
                f"{self.import_batches} unconfirmed import previews.")


def purge_expired(today: date, days: int, *, actor_id: int | None = None) -> PurgeResult:
    """Delete what was never confirmed and is older than `days`: pending or rejected self-registrations
    (by submission, or by decision when rejected) and import previews (confirmed ones are already gone).

    Each deletion is on record, without personal values; those the trail held about the registrations go too.
    """
    require(actor_id, Action.ADMINISTER)
    if days < 1:
        raise DomainError(_("Keep data for at least one day."), field="days")
    cutoff = datetime.combine(today - timedelta(days=days), time.min, tzinfo=UTC)
    registrations = db.session.scalars(select(Registration).where(or_(
        (Registration.status == RegistrationStatus.PENDING) & (Registration.created_at < cutoff),
        (Registration.status == RegistrationStatus.REJECTED)
        & (func.coalesce(Registration.decided_at, Registration.created_at) < cutoff)))).all()
    batches = db.session.scalars(select(ImportBatch).where(ImportBatch.created_at < cutoff)).all()
    forget_person(None, [registration.id for registration in registrations])
    for registration in registrations:
        record(actor_id, "registration.purged", registration, status=registration.status, link_id=registration.link_id,
               retention_days=days)
    for batch in batches:
        record(actor_id, "import.purged", batch, workshop_id=batch.workshop_id, retention_days=days)
    if registrations:
        db.session.execute(delete(Registration).where(Registration.id.in_([each.id for each in registrations])))
    if batches:
        db.session.execute(delete(ImportBatch).where(ImportBatch.id.in_([each.id for each in batches])))
    return PurgeResult(registrations=len(registrations), import_batches=len(batches))
