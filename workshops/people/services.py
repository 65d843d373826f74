"""The registry: finding a person before creating one, so that a person trained twice is one record."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import and_, false, func, or_, select

from workshops.access.policy import Action, in_people, permitted_people, require
from workshops.audit.services import audited
from workshops.countries import is_country
from workshops.database import LARGEST_ID
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.text import whole_number


@dataclass(frozen=True)
class ParticipantDetails:
    given_name: str
    family_name: str
    sex: Sex
    country_code: str
    agency: str
    role_category: RoleCategory
    position: str = ""
    name_ar: str | None = None
    email: str | None = None
    phone: str | None = None

    @classmethod
    def of(cls, record) -> "ParticipantDetails":
        """The details a registry record or a self-registration holds."""
        return cls(given_name=record.given_name, family_name=record.family_name, sex=record.sex,
                   country_code=record.country_code, agency=record.agency, role_category=record.role_category,
                   position=record.position, name_ar=record.name_ar, email=record.email, phone=record.phone)


#: What the trail records of a person's record (personal values go to its erasable side, see audit.services).
PARTICIPANT_FIELDS = ("given_name", "family_name", "name_ar", "sex", "country_code", "agency", "role_category",
                      "position", "email", "phone")
#: Searched for everyone; emails and phones only for those who may see them (see search_query).
NAME_COLUMNS = (Participant.given_name, Participant.family_name, Participant.name_ar, Participant.agency)
CONTACT_COLUMNS = (Participant.email, Participant.phone)


def _matching(words: list[str], contacts) -> list:
    """Each word must appear in a name or the agency, or in a contact the searcher may see; % and _ are literal."""
    conditions = []
    for word in words[:6]:
        in_names = [func.lower(column).contains(word.lower(), autoescape=True) for column in NAME_COLUMNS]
        in_contacts = [and_(contacts, func.lower(column).contains(word.lower(), autoescape=True))
                       for column in CONTACT_COLUMNS]
        conditions.append(or_(*in_names, *in_contacts))
    return conditions


def search_query(text: str, *, viewer_id: int | None):
    """The registry as the viewer may see it: people on workshops in their scope, matching every word typed.

    A word matches an email or phone only where the viewer may see that person's contacts, so a search can
    never be used to guess a hidden address one character at a time.
    """
    contacts = in_people(viewer_id, Action.EDIT_PERSON, Participant.id)
    return (select(Participant).where(in_people(viewer_id, Action.VIEW, Participant.id),
                                      *_matching(text.split(), contacts))
            .order_by(Participant.family_name, Participant.given_name, Participant.id))


def search_participants(text: str, page: int, per_page: int, *, viewer_id: int | None):
    return db.paginate(search_query(text, viewer_id=viewer_id), page=page, per_page=per_page, error_out=False)


def find_in_registry(text: str, page: int, per_page: int):
    """The whole registry searched by name or agency only, for adding someone to a list without a second record.

    Pages that show these results show name, country, agency and role only, unless the viewer may open the record.
    """
    query = (select(Participant).where(*_matching(text.split(), false()))
             .order_by(Participant.family_name, Participant.given_name, Participant.id))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def permitted_among(viewer_id: int | None, action: Action, people) -> set[int]:
    return permitted_people(viewer_id, action, [person.id for person in people])


def participant_by_text_id(text: str | None) -> Participant | None:
    """The person a form names by id; anything that is not a plausible id names nobody."""
    identifier = whole_number(text, LARGEST_ID, smallest=1)
    return db.session.get(Participant, identifier) if identifier is not None else None


def register_participant(details: ParticipantDetails, *, actor_id: int | None) -> Participant:
    """A new registry record; the same email twice is the same person, so it is refused with a pointer."""
    participant = Participant()
    with audited(actor_id, "participant.created", participant, PARTICIPANT_FIELDS, creating=True):
        _apply(participant, details)
        db.session.add(participant)
    return participant


def new_participants(details: list[ParticipantDetails]) -> list[Participant]:
    """Many new records at once, for an import whose emails were already checked against the registry."""
    people = []
    for each in details:
        participant = Participant()
        _apply(participant, each, check_email=False)
        people.append(participant)
    db.session.add_all(people)
    db.session.flush()
    return people


def update_participant(participant: Participant, details: ParticipantDetails, *, actor_id: int | None) -> Participant:
    require(actor_id, Action.EDIT_PERSON, participant_id=participant.id)
    with audited(actor_id, "participant.updated", participant, PARTICIPANT_FIELDS):
        _apply(participant, details)
    return participant


def fill_missing_details(participant: Participant, details: ParticipantDetails) -> None:
    """What a newer sheet or form knows and the record lacks (an email, a phone, the Arabic name, the position).

    Nothing already recorded is overwritten: a sheet matched by name must not rewrite a person's record.
    The caller has looked the email up: it matched nobody, or the person would have been matched by it.
    """
    if details.email and participant.email is None:
        participant.email = details.email.strip().lower()
    participant.phone = participant.phone or (details.phone or "").strip() or None
    participant.name_ar = participant.name_ar or (details.name_ar or "").strip() or None
    participant.position = participant.position or (details.position or "").strip()


def find_by_email(email: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.email == email.strip().lower()))


def _apply(participant: Participant, details: ParticipantDetails, *, check_email: bool = True) -> None:
    if not is_country(details.country_code):
        raise DomainError(_("Unknown country: choose one from the list."), field="country_code")
    email = details.email.strip().lower() if details.email and details.email.strip() else None
    if email is not None and check_email:
        holder = find_by_email(email)
        if holder is not None and holder.id != participant.id:
            raise Conflict(_("%(name)s (%(agency)s) is already registered with this email: search for them "
                             "instead of creating a second record.", name=holder.full_name, agency=holder.agency),
                           field="email")
    participant.given_name = details.given_name.strip()
    participant.family_name = details.family_name.strip()
    participant.name_ar = (details.name_ar or "").strip() or None
    participant.sex = details.sex
    participant.country_code = details.country_code
    participant.agency = details.agency.strip()
    participant.role_category = details.role_category
    participant.position = (details.position or "").strip()
    participant.email = email
    participant.phone = (details.phone or "").strip() or None
