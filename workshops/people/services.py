"""The registry: finding a person before creating one, so that a person trained twice is one record."""
import unicodedata
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import and_, case, false, func, or_, select

from workshops.access.policy import Action, in_people, permitted_people, reach, require
from workshops.audit.services import audited
from workshops.countries import is_country
from workshops.database import LARGEST_ID
from workshops.dates import today
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.people.names import name_key
from workshops.text import whole_number
from workshops.versions import FormVersion, versioned


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
    year_of_birth: int | None = None

    @classmethod
    def of(cls, record) -> "ParticipantDetails":
        """The details a registry record or a self-registration holds."""
        return cls(given_name=record.given_name, family_name=record.family_name, sex=record.sex,
                   country_code=record.country_code, agency=record.agency, role_category=record.role_category,
                   position=record.position, name_ar=record.name_ar, email=record.email, phone=record.phone,
                   year_of_birth=record.year_of_birth)


#: The earliest year of birth taken (the column's CHECK constraint allows it too).
EARLIEST_BIRTH_YEAR = 1900
#: Practitioners are adults: a year of birth that makes someone younger than this today is a slip of the keyboard.
YOUNGEST_AGE = 16


def latest_birth_year() -> int:
    return today().year - YOUNGEST_AGE


def year_of_birth_from(text: str | None) -> int | None:
    """The year of birth typed (optional): None when left empty, else a plausible year or a refusal.

    Digits only, ASCII or Arabic-Indic as workshops.text reads every number people type: no sign, decimal point
    or exponent ("1e9"), and no run of digits long enough to slow int() down.
    """
    if not (text or "").strip():
        return None
    year = whole_number(text, latest_birth_year(), smallest=EARLIEST_BIRTH_YEAR)
    if year is None:
        raise _implausible_year()
    return year


def is_birth_year(year: int) -> bool:
    return EARLIEST_BIRTH_YEAR <= year <= latest_birth_year()


def check_year_of_birth(year: int | None) -> None:
    """Refuse a year of birth no practitioner can have, whichever way it came (form, sheet, command line)."""
    if year is not None and not is_birth_year(year):
        raise _implausible_year()


def _implausible_year() -> DomainError:
    return DomainError(_("Give the year of birth in digits, from %(earliest)s to %(latest)s, or leave it empty.",
                         earliest=EARLIEST_BIRTH_YEAR, latest=latest_birth_year()), field="year_of_birth")


#: What the trail records of a person's record (personal values go to its erasable side, see audit.services).
#: The year of birth is not among those: like sex and country it stays when a person is erased (records.rights).
PARTICIPANT_FIELDS = ("given_name", "family_name", "name_ar", "sex", "country_code", "agency", "role_category",
                      "position", "email", "phone", "year_of_birth")
#: Searched for everyone; emails and phones only for those who may see them (see search_query).
NAME_COLUMNS = (Participant.given_name, Participant.family_name, Participant.name_ar, Participant.agency)
CONTACT_COLUMNS = (Participant.email, Participant.phone)
#: Words beyond these are ignored: no name has more, and each word adds conditions to the query.
MOST_WORDS = 6
#: Shorter keys ("al" of "El") are inside most names: they would find everyone.
SHORTEST_KEY = 3
#: Ways of writing inside a name that its key folds away ("El-Mansouri", "O'Neill", "Abd."); a word with anything
#: else (a digit, "@", "%", "_") is searched as typed only, so emails and phones are never matched loosely.
NAME_PUNCTUATION = frozenset("-'’.")


def _search(text: str, contacts) -> tuple[list, list]:
    """The conditions a search puts on the registry, and the rank it orders by, best first: the name exactly as
    typed; the same name in another spelling (the same name key); every word as typed; the rest, found through
    the name keys.

    Each word must appear, as typed, in a name or the agency (or in a contact the searcher may see; % and _
    are literal), or have its name key (people.names, as duplicate matching folds names) inside the person's
    name key or Arabic name key: so "Muhammad" finds Mohamed, "El-Mansouri" finds Elmansouri and "احمد"
    finds أحمد, whatever the order of the words. Keys are compared with LIKE, a scan like the substring search
    beside it; only the same-key rank could use the key indexes, and it is one condition among the others.
    """
    words = text.split()[:MOST_WORDS]
    if not words:
        return [], []
    as_typed, loosely, keys = [], [], [_key_of(word) for word in words]
    for word, key in zip(words, keys, strict=True):
        in_names = [func.lower(column).contains(word.lower(), autoescape=True) for column in NAME_COLUMNS]
        in_contacts = [and_(contacts, func.lower(column).contains(word.lower(), autoescape=True))
                       for column in CONTACT_COLUMNS]
        as_typed.append(or_(*in_names, *in_contacts))
        loosely.append(or_(as_typed[-1], *_containing(key)))
    whole = " ".join(words).lower()
    exact = or_(func.lower(Participant.given_name + " " + Participant.family_name) == whole,
                func.lower(Participant.name_ar) == whole)
    key = _key_of(" ".join(words)) if all(keys) else None
    same_key = or_(Participant.name_key == key, Participant.name_ar_key == key) if key else false()
    return [and_(*loosely)], [case((exact, 0), (same_key, 1), (and_(*as_typed), 2), else_=3)]


def _key_of(text: str) -> str | None:
    """The name key of what was typed, if it is written like a name and its key is long enough to tell."""
    if not all(character.isalpha() or character.isspace() or unicodedata.combining(character)
               or character in NAME_PUNCTUATION for character in text):
        return None
    key = name_key(text)
    return key if len(key) >= SHORTEST_KEY else None


def _containing(key: str | None) -> list:
    if key is None:
        return []
    return [Participant.name_key.contains(key, autoescape=True), Participant.name_ar_key.contains(key, autoescape=True)]


def _ranked(query, text: str, contacts):
    conditions, rank = _search(text, contacts)
    return query.where(*conditions).order_by(*rank, Participant.family_name, Participant.given_name, Participant.id)


def search_query(text: str, *, viewer_id: int | None):
    """The registry as the viewer may see it: people on workshops in their scope, matching every word typed.

    A word matches an email or phone only where the viewer may see that person's contacts, so a search can
    never be used to guess a hidden address one character at a time.
    """
    contacts = in_people(viewer_id, Action.EDIT_PERSON, Participant.id)
    return _ranked(select(Participant).where(in_people(viewer_id, Action.VIEW, Participant.id)), text, contacts)


def search_participants(text: str, page: int, per_page: int, *, viewer_id: int | None):
    return db.paginate(search_query(text, viewer_id=viewer_id), page=page, per_page=per_page, error_out=False)


class _RowPagination(SelectPagination):
    """A page of rows of columns, where db.paginate gives the first column (a whole record) only."""

    def _query_items(self) -> list:
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(self._query_args["session"].execute(query).all())


#: What the registry list shows of each person.
LISTED = (Participant.id, Participant.given_name, Participant.family_name, Participant.name_ar,
          Participant.country_code, Participant.agency, Participant.role_category)


def registry_page(text: str, page: int, per_page: int, *, viewer_id: int | None) -> Pagination:
    """The registry list in two queries, the rows and their count: rows of the columns shown, not whole records.

    The email is a column of the page's query, NULL where the viewer may not see that person's contacts: no
    question is asked per row, and a hidden address never leaves the database. A scope is a role's reach, so a
    viewer who reaches the people they edit as they reach those they see (a coordinator through their projects, a
    trainer through their workshops) sees the contacts of everyone listed: the column is then the email itself,
    without testing the scope a second time on every row (on SQLite, most of the query's time).
    """
    email = Participant.email
    if reach(viewer_id, Action.EDIT_PERSON) != reach(viewer_id, Action.VIEW):
        email = case((in_people(viewer_id, Action.EDIT_PERSON, Participant.id), Participant.email))
    query = search_query(text, viewer_id=viewer_id).with_only_columns(*LISTED, email.label("email"))
    return _RowPagination(select=query, session=db.session(), page=page, per_page=per_page, error_out=False)


def find_in_registry(text: str, page: int, per_page: int):
    """The whole registry searched by name or agency only, for adding someone to a list without a second record.

    Pages that show these results show name, country, agency and role only, unless the viewer may open the record.
    """
    return db.paginate(_ranked(select(Participant), text, false()), page=page, per_page=per_page, error_out=False)


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


def update_participant(participant: Participant, details: ParticipantDetails, *, actor_id: int | None,
                       expected_version: FormVersion | None = None) -> Participant:
    """Refused if the record changed since the form was loaded at `expected_version` (see workshops.versions)."""
    require(actor_id, Action.EDIT_PERSON, participant_id=participant.id)
    with versioned(actor_id, "participant.updated", participant, PARTICIPANT_FIELDS, expected_version):
        _apply(participant, details)
    return participant


def fill_missing_details(participant: Participant, details: ParticipantDetails) -> None:
    """What a newer sheet or form knows and the record lacks (an email, a phone, the Arabic name, the position,
    the year of birth).

    Nothing already recorded is overwritten: a sheet matched by name must not rewrite a person's record, and a
    year of birth that differs stays as recorded (the import preview says so).
    The caller has looked the email up: it matched nobody, or the person would have been matched by it.
    """
    if details.email and participant.email is None:
        participant.email = details.email.strip().lower()
    participant.phone = participant.phone or (details.phone or "").strip() or None
    participant.name_ar = participant.name_ar or (details.name_ar or "").strip() or None
    participant.position = participant.position or (details.position or "").strip()
    if participant.year_of_birth is None:
        participant.year_of_birth = details.year_of_birth


def find_by_email(email: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.email == email.strip().lower()))


def _apply(participant: Participant, details: ParticipantDetails, *, check_email: bool = True) -> None:
    if not is_country(details.country_code):
        raise DomainError(_("Unknown country: choose one from the list."), field="country_code")
    check_year_of_birth(details.year_of_birth)
    email = details.email.strip().lower() if details.email and details.email.strip() else None
    if email is not None and check_email:
        holder = find_by_email(email)
        if holder is not None and holder.id != participant.id:
            raise Conflict(_("%(name)s (%(agency)s) is already registered with this email: search for them "
                             "instead of creating a second record.", name=holder.full_name, agency=holder.agency),
                           field="email")
    participant.take_details(details)
