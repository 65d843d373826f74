"""The registry: finding a person before creating one, so that a person trained twice is one record."""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from workshops.countries import is_country
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex


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


SEARCHED_COLUMNS = (Participant.given_name, Participant.family_name, Participant.name_ar, Participant.email,
                    Participant.agency)


def search_query(text: str = ""):
    """People whose name, Arabic name, email or agency contain every word typed, in any order."""
    query = select(Participant)
    for word in text.split()[:6]:
        pattern = f"%{word.lower()}%"
        query = query.where(or_(*(func.lower(column).like(pattern) for column in SEARCHED_COLUMNS)))
    return query.order_by(Participant.family_name, Participant.given_name, Participant.id)


def search_participants(text: str, page: int, per_page: int):
    return db.paginate(search_query(text), page=page, per_page=per_page, error_out=False)


def register_participant(details: ParticipantDetails) -> Participant:
    """A new registry record; the same email twice is the same person, so it is refused with a pointer."""
    participant = Participant()
    _apply(participant, details)
    db.session.add(participant)
    db.session.flush()
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


def update_participant(participant: Participant, details: ParticipantDetails) -> Participant:
    _apply(participant, details)
    db.session.flush()
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
