"""Certificates sent to their holders by email, in the background, each outcome recorded as it happens.

Starting a run records who gets what (a row per certificate, "no address" at once for people without an email);
the job `deliver_run` then sends each waiting row and commits after each one, so the page shows progress while it
runs and a crash loses nothing: what was not sent is still waiting, and Retry takes it up again. A mail server
refusing one person fails that row, with its answer, and the run goes on.
"""
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from babel.dates import format_date
from flask import current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.orm import joinedload

from workshops import mail
from workshops.access.policy import Action, in_workshops, require
from workshops.audit.services import record
from workshops.certificates import services
from workshops.certificates.delivery_models import DeliveryRecipient, DeliveryRun, DeliveryStatus
from workshops.certificates.models import Certificate
from workshops.dates import date_span
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.jobs import job
from workshops.people.models import Participant
from workshops.training.models import Enrolment, Workshop
from workshops.translated import place

#: How long an attempt under way keeps other jobs off its row: far beyond a message's SMTP exchange, so two jobs
#: on one run (a Retry while it still runs) never send one certificate twice; a row left claimed by a crashed
#: worker is sent again by the next Retry once this has passed.
CLAIM_LEASE = timedelta(minutes=5)
#: Runs listed on a workshop's delivery page, newest first.
RUNS_SHOWN = 20


@dataclass(frozen=True)
class Progress:
    sent: int = 0
    failed: int = 0
    no_address: int = 0
    #: Waiting to be sent, or being sent.
    remaining: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.no_address + self.remaining

    @property
    def finished(self) -> bool:
        return self.remaining == 0


@dataclass(frozen=True)
class Holders:
    """Who a new run would send to: the workshop's completers holding a current certificate."""

    certificates: int
    without_address: int


# --- Starting, retrying ------------------------------------------------------------------------------------------

def _current_holders(workshop_id: int) -> Select:
    return (select(Certificate.id, Participant.email).join(Certificate.enrolment).join(Enrolment.participant)
            .where(Enrolment.workshop_id == workshop_id, Enrolment.is_completed,
                   Certificate.superseded_at.is_(None), Certificate.revoked_at.is_(None)))


def holders_of(workshop_id: int) -> Holders:
    holders = _current_holders(workshop_id).subquery()
    total, with_address = db.session.execute(select(func.count(), func.count(holders.c.email))).one()
    return Holders(certificates=total, without_address=total - with_address)


def start_for_workshop(workshop_id: int, *, actor_id: int | None) -> DeliveryRun:
    """A run sending every completer of the workshop their current certificate; queue `deliver_run` once committed."""
    require(actor_id, Action.CERTIFY, workshop_id=workshop_id)
    holders = db.session.execute(_current_holders(workshop_id).order_by(Participant.family_name,
                                                                        Participant.given_name)).all()
    if not holders:
        raise DomainError(_("No one holds a current certificate of this workshop yet: issue the certificates first."))
    return _new_run(workshop_id, holders, actor_id)


def send_again(certificate_id: int, *, actor_id: int | None) -> DeliveryRun:
    """A run of one: this certificate to its holder, by the same job as a workshop's run."""
    certificate = db.session.get(Certificate, certificate_id)
    workshop_id = certificate.enrolment.workshop_id
    require(actor_id, Action.CERTIFY, workshop_id=workshop_id)
    if certificate.state != "valid":
        raise Conflict(_("Certificate %(serial)s is %(state)s: only a valid certificate is sent.",
                         serial=certificate.serial, state=_(certificate.state)))
    participant = certificate.enrolment.participant
    if not participant.email:
        raise DomainError(_("%(name)s has no email address: add one to their record first.",
                            name=participant.full_name))
    return _new_run(workshop_id, [(certificate.id, participant.email)], actor_id, serial=certificate.serial)


def _new_run(workshop_id: int, holders: Sequence[tuple[int, str | None]], actor_id: int | None,
             **details) -> DeliveryRun:
    run = DeliveryRun(workshop_id=workshop_id, started_by_id=actor_id, recipients=[
        DeliveryRecipient(certificate_id=certificate_id,
                          status=DeliveryStatus.QUEUED if email else DeliveryStatus.NO_ADDRESS)
        for certificate_id, email in holders])
    db.session.add(run)
    db.session.flush()
    waiting = sum(recipient.status == DeliveryStatus.QUEUED for recipient in run.recipients)
    record(actor_id, "certificate_delivery.started", run, workshop_id=workshop_id, certificates=len(holders),
           no_address=len(holders) - waiting, **details)
    return run


def retry(run_id: int, *, actor_id: int | None) -> DeliveryRun:
    """Put the run's failed certificates back in the queue; queue `deliver_run` once committed, which also sends
    whatever a stopped job left waiting."""
    run = db.session.get(DeliveryRun, run_id)
    require(actor_id, Action.CERTIFY, workshop_id=run.workshop_id)
    failed = db.session.execute(
        update(DeliveryRecipient).where(DeliveryRecipient.run_id == run.id,
                                        DeliveryRecipient.status == DeliveryStatus.FAILED)
        .values(status=DeliveryStatus.QUEUED, claimed_at=None)).rowcount
    if not failed and progress_of([run.id])[run.id].finished:
        raise Conflict(_("Nothing to retry: every certificate of this run was sent or has no address."))
    record(actor_id, "certificate_delivery.retried", run, workshop_id=run.workshop_id, failed=failed)
    return run


# --- What the page shows -----------------------------------------------------------------------------------------

def run_of(workshop_id: int, run_id: int | None = None) -> DeliveryRun | None:
    """The run asked for, if it is this workshop's; without one, the workshop's latest."""
    query = select(DeliveryRun).where(DeliveryRun.workshop_id == workshop_id).options(
        joinedload(DeliveryRun.started_by))
    if run_id is not None:
        return db.session.scalar(query.where(DeliveryRun.id == run_id))
    return db.session.scalar(query.order_by(DeliveryRun.started_at.desc(), DeliveryRun.id.desc()).limit(1))


def runs_of(workshop_id: int) -> Sequence[DeliveryRun]:
    return db.session.scalars(
        select(DeliveryRun).where(DeliveryRun.workshop_id == workshop_id).options(joinedload(DeliveryRun.started_by))
        .order_by(DeliveryRun.started_at.desc(), DeliveryRun.id.desc()).limit(RUNS_SHOWN)).all()


def progress_of(run_ids: Sequence[int]) -> dict[int, Progress]:
    """Each run's counts, in one grouped query."""
    counts: dict[int, dict[str, int]] = {run_id: {} for run_id in run_ids}
    rows = db.session.execute(
        select(DeliveryRecipient.run_id, DeliveryRecipient.status, func.count())
        .where(DeliveryRecipient.run_id.in_(run_ids)).group_by(DeliveryRecipient.run_id, DeliveryRecipient.status))
    for run_id, status, number in rows:
        counts[run_id]["remaining" if status == DeliveryStatus.QUEUED else status.value] = number
    return {run_id: Progress(**numbers) for run_id, numbers in counts.items()}


@dataclass(frozen=True)
class Problem:
    """A certificate of the run that did not reach its holder: failed (with the server's answer) or no address."""

    name: str
    participant_id: int
    serial: str
    status: DeliveryStatus
    attempts: int
    error: str | None


def problems_of(run_id: int) -> list[Problem]:
    rows = db.session.execute(
        select(Participant.given_name, Participant.family_name, Participant.id, Certificate.serial,
               DeliveryRecipient.status, DeliveryRecipient.attempts, DeliveryRecipient.last_error)
        .join(DeliveryRecipient.certificate).join(Certificate.enrolment).join(Enrolment.participant)
        .where(DeliveryRecipient.run_id == run_id,
               DeliveryRecipient.status.in_([DeliveryStatus.FAILED, DeliveryStatus.NO_ADDRESS]))
        .order_by(DeliveryRecipient.status, Participant.family_name, Participant.given_name))
    return [Problem(f"{given} {family}", participant_id, serial, status, attempts, error)
            for given, family, participant_id, serial, status, attempts, error in rows]


@dataclass(frozen=True)
class HeldCertificate:
    """A line of a person's certificates: what it is, and what the viewer may do with it."""

    certificate: Certificate
    workshop: Workshop
    last_sent_at: datetime | None
    may_certify: bool


def certificates_of_person(participant_id: int, *, viewer_id: int | None) -> list[HeldCertificate]:
    """Every certificate of the person on workshops the viewer may open, across projects, newest first."""
    last_sent = (select(func.max(DeliveryRecipient.sent_at))
                 .where(DeliveryRecipient.certificate_id == Certificate.id).scalar_subquery())
    rows = db.session.execute(
        select(Certificate, Workshop, last_sent, in_workshops(viewer_id, Action.CERTIFY, Workshop.id))
        .join(Certificate.enrolment).join(Enrolment.workshop)
        .where(Enrolment.participant_id == participant_id, in_workshops(viewer_id, Action.VIEW, Workshop.id))
        .options(joinedload(Certificate.superseded_by))
        .order_by(Certificate.issued_at.desc(), Certificate.id.desc())).all()
    return [HeldCertificate(certificate, workshop, sent_at, bool(may_certify))
            for certificate, workshop, sent_at, may_certify in rows]


# --- The job -------------------------------------------------------------------------------------------------------

@job
def deliver_run(run_id: int) -> None:
    """Send each waiting certificate of the run, committing each claim and each outcome as it happens."""
    waiting = db.session.scalars(select(DeliveryRecipient.id).where(
        DeliveryRecipient.run_id == run_id, DeliveryRecipient.status == DeliveryStatus.QUEUED)
        .order_by(DeliveryRecipient.id)).all()
    for recipient_id in waiting:
        if _claim(recipient_id):
            _deliver(recipient_id)


def _claim(recipient_id: int) -> bool:
    """Take the row for this attempt, unless another job holds it: a conditional UPDATE, so only one job wins."""
    now = datetime.now(UTC)
    claimed = db.session.execute(
        update(DeliveryRecipient).where(
            DeliveryRecipient.id == recipient_id, DeliveryRecipient.status == DeliveryStatus.QUEUED,
            or_(DeliveryRecipient.claimed_at.is_(None), DeliveryRecipient.claimed_at < now - CLAIM_LEASE))
        .values(claimed_at=now, attempts=DeliveryRecipient.attempts + 1)).rowcount == 1
    db.session.commit()
    return claimed


def _deliver(recipient_id: int) -> None:
    certificate = db.session.get(DeliveryRecipient, recipient_id).certificate
    address = certificate.enrolment.participant.email
    if not address:
        _outcome(recipient_id, DeliveryStatus.NO_ADDRESS)
    elif certificate.state != "valid":
        _outcome(recipient_id, DeliveryStatus.FAILED, _("Not sent: the certificate was %(state)s after the "
                                                        "sending started.", state=_(certificate.state)))
    else:
        _send(recipient_id, certificate, address)


def _send(recipient_id: int, certificate: Certificate, address: str) -> None:
    try:
        mail.deliver(certificate_email(certificate, address))
    except (OSError, smtplib.SMTPException) as error:
        _outcome(recipient_id, DeliveryStatus.FAILED, _described(error, address))
    except Exception as error:  # a certificate that cannot be made fails its row, and the others still go
        current_app.logger.exception("Certificate %s could not be sent.", certificate.serial)
        db.session.rollback()
        _outcome(recipient_id, DeliveryStatus.FAILED, _described(error, address))
    else:
        _outcome(recipient_id, DeliveryStatus.SENT)


def _outcome(recipient_id: int, status: DeliveryStatus, error: str | None = None) -> None:
    recipient = db.session.get(DeliveryRecipient, recipient_id)
    recipient.status, recipient.last_error, recipient.claimed_at = status, error, None
    if status == DeliveryStatus.SENT:
        recipient.sent_at = datetime.now(UTC)
    db.session.commit()


def _described(error: Exception, address: str) -> str:
    """The server's answer ("550 5.1.1 Mailbox unavailable"), without the address: it is on the person's record,
    and an error kept here would otherwise outlive its erasure."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        answers = [f"{code} {_text(message)}" for code, message in error.recipients.values()]
    elif isinstance(error, smtplib.SMTPResponseException):
        answers = [f"{error.smtp_code} {_text(error.smtp_error)}"]
    else:
        answers = [str(error) or type(error).__name__]
    return "; ".join(answers).replace(address, "<address>")[:1000]


def _text(message: bytes | str) -> str:
    return message.decode("utf-8", "replace") if isinstance(message, bytes) else message


# --- The message ---------------------------------------------------------------------------------------------------

def certificate_email(certificate: Certificate, address: str) -> mail.Email:
    """The certificate as a PDF, with its verify link, in the workshop's language (templates/mail/certificate_*.txt,
    whose first paragraph is the subject line)."""
    workshop = certificate.enrolment.workshop
    language = workshop.language.value
    verify_url = services.verify_url(certificate.serial)
    heading, _blank, text = render_template(
        f"mail/certificate_{language}.txt", certificate=certificate, workshop=workshop, verify_url=verify_url,
        dates=date_span(workshop.starts_on, workshop.ends_on, language),
        place=place(workshop.city, workshop.country_code, language),
        issued_on=format_date(certificate.issued_at.date(), "d MMMM y", locale=language)).partition("\n\n")
    pdf = services.certificate_pdf(certificate.id)
    return mail.Email(to=address, subject=heading.removeprefix("Subject:").strip(), text=text,
                      attachments=(mail.Attachment(f"certificate-{certificate.serial}.pdf", pdf),))
