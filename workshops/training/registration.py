"""Self-registration: a coordinator opens a link; people register themselves; a trainer approves or rejects.

A registration is not an enrolment: it waits, pending, until someone who runs the workshop approves it, so a
public form can never put a person on a list (or into the totals) by itself.
"""
import re
import secrets
from datetime import UTC, date, datetime
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import func, select

from workshops.access.policy import Action, require
from workshops.audit.services import audited, file_registrations_under, record
from workshops.countries import is_country
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people import services as people_services
from workshops.people.matching import Candidate, PossibleDuplicate, Someone, candidates_for, namesakes_of
from workshops.people.models import Participant
from workshops.people.services import ParticipantDetails
from workshops.training import services as training_services
from workshops.training.models import Registration, RegistrationLink, RegistrationStatus, Workshop


class LinkState(StrEnum):
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"
    FULL = "full"


def open_link(workshop: Workshop, opens_on: date, closes_on: date, capacity: int | None, *,
              actor_id: int | None) -> RegistrationLink:
    """Open (or reopen with new dates) the workshop's link; its address stays the same once given out."""
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    if closes_on < opens_on:
        raise DomainError(_("The end date is before the start date."), field="ends_on")
    link = link_of(workshop.id) or RegistrationLink(workshop_id=workshop.id, token=secrets.token_urlsafe(32),
                                                    created_by_id=actor_id)
    link.opens_on, link.closes_on, link.capacity, link.is_closed = opens_on, closes_on, capacity, False
    db.session.add(link)
    db.session.flush()
    record(actor_id, "registration_link.opened", link, opens_on=opens_on.isoformat(),
           closes_on=closes_on.isoformat(), capacity=capacity)
    return link


def close_link(workshop: Workshop, *, actor_id: int | None) -> None:
    require(actor_id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id)
    link = link_of(workshop.id)
    if link is None:
        raise DomainError(_("This workshop has no registration link."))
    link.is_closed = True
    record(actor_id, "registration_link.closed", link)
    db.session.flush()


def link_of(workshop_id: int) -> RegistrationLink | None:
    return db.session.scalar(select(RegistrationLink).where(RegistrationLink.workshop_id == workshop_id))


#: What secrets.token_urlsafe writes; anything else (a NUL, a page of text) names no link, unasked of the database.
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def link_by_token(token: str) -> RegistrationLink | None:
    if not TOKEN.fullmatch(token):
        return None
    return db.session.scalar(select(RegistrationLink).where(RegistrationLink.token == token))


def state(link: RegistrationLink, today: date) -> LinkState:
    if link.is_closed or today > link.closes_on:
        return LinkState.CLOSED
    if today < link.opens_on:
        return LinkState.NOT_YET_OPEN
    if link.capacity is not None and _taken(link) >= link.capacity:
        return LinkState.FULL
    return LinkState.OPEN


def _taken(link: RegistrationLink) -> int:
    return db.session.scalar(select(func.count(Registration.id)).where(
        Registration.link_id == link.id, Registration.status != RegistrationStatus.REJECTED))


def register(link: RegistrationLink, details: ParticipantDetails, *, consented: bool, today: date) -> Registration:
    """A pending registration; refused when the link is not open or is full, or without consent."""
    current = state(link, today)
    if current != LinkState.OPEN:
        raise Conflict(REFUSALS[current]())
    if not consented:
        raise DomainError(_("Registration needs your consent to the processing of your data."), field="consent")
    if not is_country(details.country_code):
        raise DomainError(_("Unknown country: choose one from the list."), field="country_code")
    people_services.check_year_of_birth(details.year_of_birth)
    registration = Registration(link=link, consented_at=datetime.now(UTC))
    registration.take_details(details)
    db.session.add(registration)
    db.session.flush()
    record(None, "registration.submitted", registration, workshop_id=link.workshop_id, name=registration.full_name,
           email=registration.email)
    return registration


REFUSALS = {
    LinkState.CLOSED: lambda: _("Registration for this workshop is closed."),
    LinkState.NOT_YET_OPEN: lambda: _("Registration for this workshop has not opened yet."),
    LinkState.FULL: lambda: _("This workshop is full; no more registrations are taken."),
}


def registrations_of(workshop_id: int) -> list[Registration]:
    """Pending first, then the decided ones, newest first."""
    return db.session.scalars(select(Registration).join(Registration.link)
                              .where(RegistrationLink.workshop_id == workshop_id)
                              .order_by(Registration.status != RegistrationStatus.PENDING,
                                        Registration.created_at.desc(), Registration.id.desc())).all()


def namesakes_by_registration(registrations: list[Registration]) -> dict[int, list[Candidate]]:
    """For each pending registration, the registry records that may be the same person; one lookup for all."""
    pending = [each for each in registrations if each.status == RegistrationStatus.PENDING]
    found = candidates_for([Someone.of(each) for each in pending])
    return {each.id: candidates for each, candidates in zip(pending, found, strict=True)}


def decide(registration: Registration, approve: bool, *, actor_id: int | None, same_as_id: int | None = None,
           new_person_confirmed: bool = False) -> Registration:
    """Approve into an enrolment or reject; once only.

    An approved person is the registry's record with their email when there is one, else `same_as` when the
    trainer recognised them among their namesakes, else a new record; a namesake left unanswered stops the
    approval (see people.matching), so that self-registration does not record an officer twice. `same_as_id`
    must be one of those namesakes: a registrant's email and phone never go onto an unrelated record.
    """
    workshop = registration.link.workshop
    require(actor_id, Action.RUN, workshop_id=workshop.id)
    if registration.status != RegistrationStatus.PENDING:
        raise Conflict(_("This registration was already %(status)s.", status=str(registration.status.label).lower()))
    person = None
    if approve:
        person = _person(registration, same_as_id, new_person_confirmed, actor_id)
        existing = training_services.enrolment_of(workshop.id, person.id)
        registration.enrolment_id = (existing or training_services.enrol(workshop, person, actor_id=actor_id)).id
        file_registrations_under(person.id, [registration.id])
    registration.status = RegistrationStatus.APPROVED if approve else RegistrationStatus.REJECTED
    registration.decided_by_id, registration.decided_at = actor_id, datetime.now(UTC)
    record(actor_id, f"registration.{registration.status.value}", registration,
           participant_id=person.id if person is not None else None)
    db.session.flush()
    return registration


def _person(registration: Registration, same_as_id: int | None, new_person_confirmed: bool,
            actor_id: int | None) -> Participant:
    details = ParticipantDetails.of(registration)
    same_as = _proposed(registration, same_as_id) if same_as_id is not None else None
    known = (people_services.find_by_email(registration.email) if registration.email else None) or same_as
    if known is not None:
        with audited(actor_id, "participant.updated", known, people_services.PARTICIPANT_FIELDS,
                     registration_id=registration.id):
            people_services.fill_missing_details(known, details)
        return known
    namesakes = [] if new_person_confirmed else namesakes_of(registration)
    if namesakes:
        raise PossibleDuplicate(namesakes)
    return people_services.register_participant(details, actor_id=actor_id)


def _proposed(registration: Registration, participant_id: int) -> Participant:
    """The namesake the trainer chose, if it is one of those proposed for this registration; else a refusal."""
    proposed = {candidate.person.id: candidate.person for candidate in namesakes_of(registration)}
    if participant_id not in proposed:
        raise DomainError(_("Choose one of the people proposed for this registration, or approve as a new person."))
    return proposed[participant_id]
