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
LIKENESS_ORDER = {likeness: position for position, likeness in enumerate(Likeness)}
#: What ranking a candidate needs; whole records are loaded only for the few proposed.
_FACTS = (Participant.id, Participant.name_key, Participant.name_ar_key, Participant.country_code, Participant.sex,
          Participant.agency, Participant.email)


def candidates_for(people: Sequence[Someone], *, limit: int = 5) -> list[list[Candidate]]:
    """For each person, the registry records that are probably them, best first.

    Names are looked up by their keys through an index, 500 at a time, reading only the columns
    the ranking needs; only the few records finally proposed are loaded whole. The cost therefore grows
    with the number of names looked up and their namesakes, never with the size of the registry.
    """
    wanted = [{(key, person.country_code) for key in keys_of(person.given_name, person.family_name, person.name_ar)}
              for person in people]
    namesakes = _facts_by_key(set().union(*wanted)) if people else {}
    holders = {facts.email: facts for facts in _in_batches(
        select(*_FACTS), Participant.email, {person.email for person in people if person.email})}
    ranked = []
    for person, pairs in zip(people, wanted, strict=True):
        found: dict[int, Likeness] = {}
        if person.email in holders:
            found[holders[person.email].id] = Likeness.SAME_EMAIL
        for pair in pairs:
            for facts in namesakes.get(pair, ()):
                found.setdefault(facts.id, _likeness(person, facts))
        ranked.append(sorted(found.items(), key=lambda item: (LIKENESS_ORDER[item[1]], item[0]))[:limit])
    loaded = {person.id: person for (person,) in _in_batches(
        select(Participant), Participant.id, {person_id for best in ranked for person_id, _likeness in best})}
    return [[Candidate(loaded[person_id], likeness) for person_id, likeness in best] for best in ranked]


def _likeness(person: Someone, record) -> Likeness:
    """Likely needs everything known to agree; two different emails suggest two people who share a name."""
    other_email = bool(person.email and record.email and person.email != record.email)
    if (person.sex in (None, record.sex) and similar_agencies(person.agency, record.agency)
            and not other_email):
        return Likeness.LIKELY
    return Likeness.POSSIBLE


def _facts_by_key(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], list]:
    """Namesakes by (key, country). The query asks by key alone, which SQLite answers from both key indexes
    (a row-value IN over key and country made it scan the table); the country is checked here."""
    found: dict[tuple[str, str], list] = defaultdict(list)
    for batch in _batches({key for key, _country in pairs}):
        for facts in db.session.execute(select(*_FACTS).where(
                or_(Participant.name_key.in_(batch), Participant.name_ar_key.in_(batch)))):
            for key in {facts.name_key, facts.name_ar_key}:
                if (key, facts.country_code) in pairs:
                    found[key, facts.country_code].append(facts)
    return found


def _in_batches(query, column, values: Iterable):
    """The rows of `query` whose `column` is one of `values`, asked a batch at a time."""
    for batch in _batches(values):
        yield from db.session.execute(query.where(column.in_(batch)))


def _batches(values: Iterable) -> Iterable[list]:
    ordered = sorted(values)
    for start in range(0, len(ordered), KEY_BATCH):
        yield ordered[start:start + KEY_BATCH]
