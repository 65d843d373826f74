"""The maintained summary the reports read: exact after every commit, fast at a million people.

Counting distinct trainees over millions of enrolments for any combination of filters is what makes the plain
query (reports.plain) slow: it joins and de-duplicates every row each time. The summary splits the question:

- `report_completers`: per workshop and age group, the set of people who completed it, as a compressed bitmap
  (Roaring) of participant ids. A filter on workshops (project, objective, years, kind, theme, host country)
  selects workshops in SQL from the workshop table, which is small; their sets are united in memory, which is
  exact and takes milliseconds even for a million people.
- `report_people_by`: per country, sex and role category, the set of people who have it. A filter or a split by
  something about the person is an intersection with these sets.
- `report_completions`: per workshop and per country, sex, role and age group, the completed enrolments
  (participations) and the knowledge-test sums, which add up, so SQL sums them.
- `report_group_completers` and `report_group_completions`: the same two, per objective and year instead of per
  workshop. Most questions select whole objectives and years (a project, an objective, a span of years, the
  viewer's projects), and there are a few dozen of those where there are thousands of workshops, so they are
  answered from these; a filter on the kind, theme or host country reads the workshops' rows.
- `report_workshops_by`: per kind of person (country, sex, role and age group), the set of workshops someone of
  that kind completed, so that "how many workshops" per country or age group is an intersection too.

Nothing is refreshed by a batch: the changes a transaction makes to enrolments, completions, workshops' dates
and people are noted as they are flushed, and just before the commit the affected workshops' rows are rebuilt
from the enrolments and the moved people's ids taken out of one set and put in another, in the same
transaction. Rows are locked (people's sets first, then workshops, the sets of workshops by kind of person and
the objectives whose groups are rebuilt, each in key order) before they are read, so
that several app instances writing at once leave the summary equal to the data; `flask reports check`
compares it with the plain query and `flask reports rebuild` rebuilds it from scratch.
"""
from collections import defaultdict

from pyroaring import BitMap
from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    case,
    delete,
    event,
    insert,
    inspect,
    literal,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective
from workshops.reports.figures import YOUTH_AGE, AgeGroup, Dimension, workshop_year
from workshops.training import attendance
from workshops.training.models import Enrolment, Workshop

#: The person's fields the sets of report_people_by are kept for, by dimension.
PERSON_FIELDS = {Dimension.COUNTRY: "country_code", Dimension.SEX: "sex", Dimension.ROLE: "role_category"}
#: Fields whose change moves a person in the summary (the year of birth changes their age groups).
_COUNTED_FIELDS = (*PERSON_FIELDS.values(), "year_of_birth")


class Completers(db.Model):
    __tablename__ = "report_completers"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    #: A serialised pyroaring.BitMap of participant ids: as many as the workshop's participations of the group.
    people: Mapped[bytes] = mapped_column(LargeBinary)
    #: Of those, how many carry both test scores, and the sum of their gains: so that a table that splits
    #: nothing about the person needs no other row.
    scored: Mapped[int] = mapped_column(Integer)
    gain_total: Mapped[int] = mapped_column(Integer)


#: What report_completions sums.
SUMS = ("participations", "scored", "gain_total")


class _KindAndSums:
    """The kind of person a row of completions is about (after its unit's key) and what its completed enrolments
    add up to."""

    country_code: Mapped[str] = mapped_column(String(2), primary_key=True, sort_order=1)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True, sort_order=1)
    role_category: Mapped[str] = mapped_column(String(20), primary_key=True, sort_order=1)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True, sort_order=1)
    participations: Mapped[int] = mapped_column(Integer, sort_order=2)
    scored: Mapped[int] = mapped_column(Integer, sort_order=2)
    gain_total: Mapped[int] = mapped_column(Integer, sort_order=2)


class Completions(_KindAndSums, db.Model):
    __tablename__ = "report_completions"
    __table_args__ = (
        #: Covering indexes in the orders the reports group by, so that SQLite sums without sorting: by all the
        #: person's columns, and by workshop then one of them (by workshop then country is the primary key's
        #: order, and the table is stored in it: WITHOUT ROWID).
        Index("ix_report_completions_person", "country_code", "sex", "role_category", "age_group", "workshop_id",
              *SUMS),
        Index("ix_report_completions_sex", "workshop_id", "sex", "country_code", "role_category", "age_group", *SUMS),
        Index("ix_report_completions_role", "workshop_id", "role_category", "country_code", "sex", "age_group",
              *SUMS),
        Index("ix_report_completions_age", "workshop_id", "age_group", "country_code", "sex", "role_category",
              *SUMS),
        {"sqlite_with_rowid": False},
    )

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True)


class GroupCompleters(db.Model):
    """Completers per objective, year and age group: the union of the sets of its workshops, with their
    participations (which the union no longer tells) and test sums."""

    __tablename__ = "report_group_completers"

    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    people: Mapped[bytes] = mapped_column(LargeBinary)
    participations: Mapped[int] = mapped_column(Integer)
    scored: Mapped[int] = mapped_column(Integer)
    gain_total: Mapped[int] = mapped_column(Integer)


class GroupCompletions(_KindAndSums, db.Model):
    """report_completions summed per objective and year."""

    __tablename__ = "report_group_completions"
    __table_args__ = (
        Index("ix_report_group_completions_person", "country_code", "sex", "role_category", "age_group",
              "objective_id", "year", *SUMS),
        {"sqlite_with_rowid": False},
    )

    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


#: The columns that say what kind of person a row of report_completions or report_workshops_by is about.
PERSON_KIND = ("country_code", "sex", "role_category", "age_group")


class WorkshopsBy(db.Model):
    __tablename__ = "report_workshops_by"

    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)
    sex: Mapped[str] = mapped_column(String(1), primary_key=True)
    role_category: Mapped[str] = mapped_column(String(20), primary_key=True)
    age_group: Mapped[str] = mapped_column(String(10), primary_key=True)
    #: A serialised pyroaring.BitMap of the ids of the workshops someone of this kind completed.
    workshops: Mapped[bytes] = mapped_column(LargeBinary)


class PeopleBy(db.Model):
    __tablename__ = "report_people_by"

    dimension: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(20), primary_key=True)
    #: A serialised pyroaring.BitMap of participant ids.
    people: Mapped[bytes] = mapped_column(LargeBinary)


def age_group_of():
    """One completed enrolment's age group, in SQL, as reports.figures defines it."""
    return case((Participant.year_of_birth.is_(None), AgeGroup.UNKNOWN.value),
                (workshop_year() - Participant.year_of_birth <= YOUTH_AGE, AgeGroup.YOUTH.value),
                else_=AgeGroup.OLDER.value)


# -- Noting what changes ------------------------------------------------------------------------------------------

_NOTES = ("report_workshops", "report_people", "report_groups")


def _noted(session) -> tuple[set[int], dict[int, dict], set[tuple[int, int]]]:
    """The workshops to rebuild, the people to move (id -> their counted fields before the transaction, or None
    for a person new in it) and the (objective, year) groups to rebuild that this transaction has noted so far."""
    return (session.info.setdefault(_NOTES[0], set()), session.info.setdefault(_NOTES[1], {}),
            session.info.setdefault(_NOTES[2], set()))


def _before(person: Participant) -> dict:
    """The counted fields as they were before this flush."""
    state = inspect(person)
    values = {}
    for name in _COUNTED_FIELDS:
        history = state.attrs[name].history
        values[name] = history.deleted[0] if history.deleted else getattr(person, name)
    return values


@event.listens_for(db.session, "before_flush")
def _note_groups(session, _context, _instances) -> None:
    """A workshop deleted, or moved to another objective or year, leaves its (objective, year) group: the stored
    values are read before the flush writes the new ones (the instance may never have loaded them)."""
    leaving = [instance.id for instance in (*session.dirty, *session.deleted)
               if isinstance(instance, Workshop) and instance.id is not None
               and (instance in session.deleted or _moved(instance))]
    if leaving:
        with session.no_autoflush:
            _noted(session)[2].update((objective_id, year) for objective_id, year in session.execute(
                select(Workshop.objective_id, workshop_year()).where(Workshop.id.in_(leaving))))


def _moved(workshop: Workshop) -> bool:
    state = inspect(workshop)
    return state.attrs.objective_id.history.has_changes() or state.attrs.starts_on.history.has_changes()


@event.listens_for(db.session, "after_flush")
def _note_changes(session, _context) -> None:
    workshops, people, _groups = _noted(session)
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, Enrolment):
            workshops.update(value for value in inspect(instance).attrs.workshop_id.history.sum() if value)
            workshops.add(instance.workshop_id)
        elif isinstance(instance, Workshop) and (instance in session.deleted or _moved(instance)):
            workshops.add(instance.id)
        elif isinstance(instance, Participant):
            state = inspect(instance)
            if instance in session.new:
                people.setdefault(instance.id, None)
            elif instance in session.deleted or any(state.attrs[name].history.has_changes()
                                                    for name in _COUNTED_FIELDS):
                people.setdefault(instance.id, _before(instance))


def _note_completion(workshop_id: int) -> None:
    _noted(db.session)[0].add(workshop_id)


attendance.completion_watchers.append(_note_completion)


@event.listens_for(db.session, "before_commit")
def _bring_up_to_date(session) -> None:
    session.flush()
    workshops, people, groups = _noted(session)
    if people:
        workshops |= _move_people(session, people)
    if workshops or groups:
        refresh_workshops(sorted(workshops), groups)
    _forget(session)


@event.listens_for(db.session, "after_rollback")
def _forget(session) -> None:
    """Nothing noted outlives its transaction."""
    for name in _NOTES:
        session.info.pop(name, None)


# -- Keeping the summary ------------------------------------------------------------------------------------------

def _move_people(session, people: dict[int, dict | None]) -> set[int]:
    """Take each person out of the sets of their former values and into those of their present ones; give back
    the workshops they completed, whose per-person rows must be rebuilt."""
    present = {person_id: values for person_id, *values in session.execute(
        select(Participant.id, *(getattr(Participant, name) for name in _COUNTED_FIELDS))
        .where(Participant.id.in_(people)))}
    changes: dict[tuple[str, str], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for person_id, before in people.items():
        now = dict(zip(_COUNTED_FIELDS, present[person_id], strict=True)) if person_id in present else None
        for dimension, name in PERSON_FIELDS.items():
            old, new = (str(before[name]) if before else None), (str(now[name]) if now else None)
            if old != new:
                if old is not None:
                    changes[(dimension.value, old)][1].add(person_id)
                if new is not None:
                    changes[(dimension.value, new)][0].add(person_id)
    _apply_to_sets(session, changes)
    return set(session.scalars(select(Enrolment.workshop_id).distinct()
                               .where(Enrolment.participant_id.in_(people), Enrolment.is_completed)))


def _apply_to_sets(session, changes) -> None:
    """Add and remove people in the sets of these (dimension, value) keys."""
    rows = _locked_sets(session, PeopleBy, ("dimension", "value"), "people", sorted(changes))
    for key, row in rows.items():
        added, removed = changes[key]
        people = BitMap.deserialize(row.people)
        people |= BitMap(added)
        people -= BitMap(removed)
        row.people = people.serialize()
    session.flush()


def _locked_sets(session, model, key_names: tuple[str, ...], set_name: str, keys: list[tuple],
                 existing=frozenset()) -> dict:
    """The rows of a table of sets with these keys, locked in key order, made empty first where missing (with an
    insert that does nothing where another transaction made the same one meanwhile), so that concurrent writers
    queue instead of overwriting each other's changes. Keys known to exist are not inserted again."""
    if not keys:
        return {}
    if missing := [key for key in keys if key not in existing]:
        dialect_insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(dialect_insert(model).values([dict(zip(key_names, key, strict=True))
                                                      | {set_name: BitMap().serialize()} for key in missing])
                        .on_conflict_do_nothing())
    columns = [getattr(model, name) for name in key_names]
    return {tuple(getattr(row, name) for name in key_names): row for row in session.scalars(
        select(model).where(tuple_(*columns).in_(keys)).order_by(*columns).with_for_update()
        .execution_options(populate_existing=True))}


def refresh_workshops(workshop_ids: list[int], groups=frozenset()) -> None:
    """Rebuild the summary's rows of these workshops from their completed enrolments, their rows locked first,
    then the sets of workshops by kind of person they are in, and their groups and these."""
    session = db.session
    session.scalars(select(Workshop.id).where(Workshop.id.in_(workshop_ids)).order_by(Workshop.id)
                    .with_for_update()).all()
    session.execute(delete(Completers).where(Completers.workshop_id.in_(workshop_ids)))
    session.execute(delete(Completions).where(Completions.workshop_id.in_(workshop_ids)))
    _insert_rows(session, Workshop.id.in_(workshop_ids))
    _refresh_workshops_by(session, workshop_ids)
    groups = set(groups) | {(objective_id, year) for objective_id, year in session.execute(
        select(Workshop.objective_id, workshop_year()).where(Workshop.id.in_(workshop_ids)).distinct())}
    _refresh_groups(session, sorted(groups))


def _refresh_workshops_by(session, workshop_ids) -> None:
    """Take these workshops out of the sets of the kinds of person they had and into those they have now. The
    sets holding them are found before locking: no other transaction can change these workshops' membership,
    as their rows are locked."""
    changed = BitMap(workshop_ids)
    now: dict[tuple, BitMap] = defaultdict(BitMap)
    for workshop_id, *kind in session.execute(select(Completions.workshop_id, *_kind_columns(Completions))
                                              .where(Completions.workshop_id.in_(workshop_ids))):
        now[tuple(kind)].add(workshop_id)
    sets = {tuple(kind): BitMap.deserialize(workshops) for *kind, workshops in session.execute(
        select(*_kind_columns(WorkshopsBy), WorkshopsBy.workshops))}
    holding = {kind for kind, workshops in sets.items() if workshops.intersect(changed)}
    for kind, row in _locked_sets(session, WorkshopsBy, PERSON_KIND, "workshops", sorted(holding | set(now)),
                                  existing=sets.keys()).items():
        row.workshops = ((BitMap.deserialize(row.workshops) - changed) | now.get(kind, BitMap())).serialize()
    session.flush()


def _kind_columns(model) -> list:
    return [getattr(model, name) for name in PERSON_KIND]


def _refresh_groups(session, groups: list[tuple[int, int]]) -> None:
    """Rebuild the rows of these (objective, year) groups from their workshops' rows, the objectives locked
    first (without blocking the key-share locks of foreign keys to them)."""
    if not groups:
        return
    session.scalars(select(Objective.id).where(Objective.id.in_(sorted({objective for objective, _ in groups})))
                    .order_by(Objective.id).with_for_update(key_share=True)).all()
    session.execute(delete(GroupCompleters).where(
        tuple_(GroupCompleters.objective_id, GroupCompleters.year).in_(groups)))
    session.execute(delete(GroupCompletions).where(
        tuple_(GroupCompletions.objective_id, GroupCompletions.year).in_(groups)))
    _insert_group_rows(session, tuple_(Workshop.objective_id, workshop_year()).in_(groups))


def _insert_group_rows(session, which) -> None:
    """The rows of the groups of the workshops matching `which`, from the workshops' rows: one statement per
    group, which reads its workshops' rows by their key and needs no join to say whose they are."""
    members: dict[tuple[int, int], list[int]] = defaultdict(list)
    for workshop_id, objective_id, year in session.execute(
            select(Workshop.id, Workshop.objective_id, workshop_year()).where(which)):
        members[(objective_id, year)].append(workshop_id)
    for (objective_id, year), workshop_ids in members.items():
        session.execute(insert(GroupCompletions).from_select(
            ["objective_id", "year", *PERSON_KIND, *SUMS],
            select(literal(objective_id), literal(year), *_kind_columns(Completions),
                   *(db.func.sum(getattr(Completions, name)) for name in SUMS))
            .where(Completions.workshop_id.in_(workshop_ids)).group_by(*_kind_columns(Completions))))
        united: dict[str, list] = defaultdict(lambda: [BitMap(), 0, 0, 0])
        for age_group, people, scored, gain in session.execute(
                select(Completers.age_group, Completers.people, Completers.scored, Completers.gain_total)
                .where(Completers.workshop_id.in_(workshop_ids))):
            people = BitMap.deserialize(people)
            sums = united[age_group]
            sums[0] |= people
            sums[1] += len(people)
            sums[2] += scored
            sums[3] += gain
        if united:
            session.execute(insert(GroupCompleters), [
                {"objective_id": objective_id, "year": year, "age_group": age_group, "people": people.serialize(),
                 "participations": participations, "scored": scored, "gain_total": gain}
                for age_group, (people, participations, scored, gain) in united.items()])


def _insert_rows(session, which) -> None:
    """The summary rows of the workshops matching `which`, from their completed enrolments."""
    age = age_group_of()
    completed = (select(Enrolment.workshop_id, age.label("age"), Enrolment.participant_id)
                 .join(Workshop, Workshop.id == Enrolment.workshop_id)
                 .join(Participant, Participant.id == Enrolment.participant_id)
                 .where(Enrolment.is_completed, which).order_by(Enrolment.workshop_id))
    sets: dict[tuple[int, str], BitMap] = defaultdict(BitMap)
    for workshop_id, age_group, person_id in session.execute(completed):
        sets[(workshop_id, age_group)].add(person_id)
    scored = Enrolment.pre_test_score.is_not(None) & Enrolment.post_test_score.is_not(None)
    counts = (select(Enrolment.workshop_id, Participant.country_code, Participant.sex, Participant.role_category,
                     age, db.func.count(), db.func.count(case((scored, 1))),
                     db.func.coalesce(db.func.sum(case((scored, Enrolment.post_test_score
                                                        - Enrolment.pre_test_score))), 0))
              .join(Workshop, Workshop.id == Enrolment.workshop_id)
              .join(Participant, Participant.id == Enrolment.participant_id)
              .where(Enrolment.is_completed, which)
              .group_by(Enrolment.workshop_id, Participant.country_code, Participant.sex,
                        Participant.role_category, age))
    rows = [{"workshop_id": row[0], "country_code": row[1], "sex": str(row[2]), "role_category": str(row[3]),
             "age_group": row[4], "participations": row[5], "scored": row[6], "gain_total": row[7]}
            for row in session.execute(counts)]
    tests: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        tests[(row["workshop_id"], row["age_group"])][0] += row["scored"]
        tests[(row["workshop_id"], row["age_group"])][1] += row["gain_total"]
    if sets:
        session.execute(insert(Completers), [
            {"workshop_id": workshop_id, "age_group": age_group, "people": people.serialize(),
             "scored": tests[(workshop_id, age_group)][0], "gain_total": tests[(workshop_id, age_group)][1]}
            for (workshop_id, age_group), people in sets.items()])
    if rows:
        session.execute(insert(Completions), rows)


def rebuild() -> None:
    """The whole summary from the data, in the caller's transaction: after a restore, or to repair."""
    session = db.session
    for model in (Completers, Completions, GroupCompleters, GroupCompletions, WorkshopsBy, PeopleBy):
        session.execute(delete(model))
    _insert_rows(session, true())
    _insert_group_rows(session, true())
    workshops: dict[tuple, BitMap] = defaultdict(BitMap)
    for workshop_id, *kind in session.execute(select(Completions.workshop_id, *_kind_columns(Completions))):
        workshops[tuple(kind)].add(workshop_id)
    if workshops:
        session.execute(insert(WorkshopsBy), [dict(zip(PERSON_KIND, kind, strict=True))
                                             | {"workshops": members.serialize()}
                                             for kind, members in workshops.items()])
    sets: dict[tuple[str, str], BitMap] = defaultdict(BitMap)
    columns = [getattr(Participant, name) for name in PERSON_FIELDS.values()]
    for person_id, *values in session.execute(select(Participant.id, *columns)):
        for dimension, value in zip(PERSON_FIELDS, values, strict=True):
            sets[(dimension.value, str(value))].add(person_id)
    if sets:
        session.execute(insert(PeopleBy), [{"dimension": dimension, "value": value, "people": people.serialize()}
                                          for (dimension, value), people in sets.items()])
    _forget(session)
