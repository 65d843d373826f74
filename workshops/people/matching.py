"""Finding the registry record a new or imported person probably already has.

The same email is the same person. Otherwise each person carries indexed *name keys* (see people.names),
so that looking for a person is one indexed lookup per batch of names, never a comparison of every pair.
A key alone is not a match, since common names are shared by many people: the same key in the same
country is a *possible* match; the same sex and a similar agency as well make it a *likely* one, which
the import preselects and the registration form asks about.
"""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import or_, select

from workshops.exceptions import Conflict
from workshops.extensions import db
from workshops.people.models import Participant, Sex
from workshops.people.names import keys_of, similar_agencies


class Likeness(StrEnum):
    SAME_EMAIL = "same_email"
    #: Same name key, country and sex, and a similar agency: preselected as the same person.
    LIKELY = "likely"
    #: Same name key and country only: shown, but the user decides.
    POSSIBLE = "possible"


@dataclass(frozen=True)
class Candidate:
    person: Participant
    likeness: Likeness


@dataclass(frozen=True)
class Someone:
    """What is known of a person being registered, enough to look for their record."""

    given_name: str
    family_name: str
    country_code: str
    sex: Sex | None = None
    agency: str | None = None
    name_ar: str | None = None
    email: str | None = None

    @classmethod
    def of(cls, record) -> "Someone":
        """From anything that describes a person: the details of a form or sheet row, a self-registration."""
        return cls(given_name=record.given_name, family_name=record.family_name, country_code=record.country_code,
                   sex=record.sex, agency=record.agency, name_ar=record.name_ar, email=record.email)


class PossibleDuplicate(Conflict):
    """People with this name are in the registry already: a human decides whether one of them is this person."""

    def __init__(self, namesakes: list[Candidate]):
        super().__init__(_("People with this name are already in the registry. Add the right one to the list, "
                           "or confirm that this is someone new."), field="new_person")
        self.namesakes = namesakes


def namesakes_of(record) -> list[Candidate]:
    """Registry people who may be this person by name, country, sex and agency (an email match is not here)."""
    return [candidate for candidate in candidates_for([Someone.of(record)])[0]
            if candidate.likeness != Likeness.SAME_EMAIL]


KEY_BATCH = 500


def candidates_for(people: Sequence[Someone], *, limit: int = 5) -> list[list[Candidate]]:
    """For each person, the registry records that are probably them, best first; one query per 500 names.

    The registry is searched through its indexed name keys and emails, so the cost grows with the number
    of names looked up, not with the size of the registry.
    """
    keys = [keys_of(person.given_name, person.family_name, person.name_ar) for person in people]
    by_key = _people_by_key(set().union(*keys)) if people else {}
    by_email = _people_by_email({person.email for person in people if person.email})
    result = []
    for person, person_keys in zip(people, keys, strict=True):
        found: dict[int, Candidate] = {}
        holder = by_email.get(person.email) if person.email else None
        if holder is not None:
            found[holder.id] = Candidate(holder, Likeness.SAME_EMAIL)
        for key in person_keys:
            for record in by_key.get(key, ()):
                if record.country_code == person.country_code and record.id not in found:
                    found[record.id] = Candidate(record, _likeness(person, record))
        result.append(sorted(found.values(), key=_rank)[:limit])
    return result


def _likeness(person: Someone, record: Participant) -> Likeness:
    """Likely needs everything known to agree; two different emails suggest two people who share a name."""
    other_email = bool(person.email and record.email and person.email != record.email)
    if (person.sex in (None, record.sex) and similar_agencies(person.agency, record.agency)
            and not other_email):
        return Likeness.LIKELY
    return Likeness.POSSIBLE


def _rank(candidate: Candidate) -> tuple[int, int]:
    return list(Likeness).index(candidate.likeness), candidate.person.id


def _people_by_key(keys: set[str]) -> dict[str, list[Participant]]:
    found: dict[str, list[Participant]] = defaultdict(list)
    for batch in _batches(keys):
        for person in db.session.scalars(select(Participant).where(
                or_(Participant.name_key.in_(batch), Participant.name_ar_key.in_(batch)))):
            for key in {person.name_key, person.name_ar_key} & set(batch):
                found[key].append(person)
    return found


def _people_by_email(emails: set[str]) -> dict[str, Participant]:
    found: dict[str, Participant] = {}
    for batch in _batches(emails):
        found.update({person.email: person for person in db.session.scalars(
            select(Participant).where(Participant.email.in_(batch)))})
    return found


def _batches(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), KEY_BATCH):
        yield ordered[start:start + KEY_BATCH]
