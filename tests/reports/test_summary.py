"""The maintained summary equals the plain query for any data, filters and split, and stays equal after every
kind of write; every split adds up to its total."""
from dataclasses import replace
from datetime import date

import pytest
from conftest import DATABASE_URL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyroaring import BitMap
from sqlalchemy import delete

from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.reports import summary
from workshops.reports.cli import differences
from workshops.reports.figures import AgeGroup, Dimension, ReportFilters
from workshops.reports.plain import plain_breakdown
from workshops.reports.services import breakdown
from workshops.reports.tables import COLUMN_DIMENSIONS, ROWS_PARTITION_TRAINEES
from workshops.training.attendance import refresh_completion
from workshops.training.models import (
    Attendance,
    AttendanceStatus,
    Enrolment,
    Language,
    Theme,
    Workshop,
    WorkshopKind,
)

COUNTRIES = ("EG", "JO", "SD")
ROLES = (RoleCategory.LAW_ENFORCEMENT, RoleCategory.PROSECUTOR, RoleCategory.JUDGE)

people = st.lists(st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(list(Sex)), st.sampled_from(ROLES),
                            st.one_of(st.none(), st.integers(1960, 2002))), min_size=1, max_size=10)
workshops = st.lists(st.tuples(st.integers(0, 2), st.integers(2015, 2020), st.sampled_from(list(WorkshopKind)),
                               st.sampled_from(list(Theme)), st.sampled_from(COUNTRIES)), min_size=1, max_size=5)
enrolments = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 4), st.booleans()), max_size=30)


def _subset(values):
    return st.frozensets(st.sampled_from(values), max_size=2)


filters = st.builds(
    ReportFilters, project_id=st.one_of(st.none(), st.integers(0, 1)), objective_id=st.none(),
    year_from=st.one_of(st.none(), st.integers(2015, 2020)), year_to=st.one_of(st.none(), st.integers(2015, 2020)),
    kinds=_subset([kind.value for kind in WorkshopKind]), themes=_subset([theme.value for theme in Theme]),
    host_countries=_subset(COUNTRIES), countries=_subset(COUNTRIES), roles=_subset([role.value for role in ROLES]),
    sexes=_subset([sex.value for sex in Sex]), age_groups=_subset([group.value for group in AgeGroup]))
splits = st.tuples(st.one_of(st.none(), st.sampled_from(list(Dimension))),
                   st.one_of(st.none(), st.sampled_from(COLUMN_DIMENSIONS)))


def _load(people_rows, workshop_rows, enrolment_rows) -> list[int]:
    """Fresh data written through the ORM, so that the summary is kept by the same hooks as in the app."""
    for model in (Enrolment, Workshop, Objective, Project, Participant, summary.PeopleBy, summary.WorkshopsBy):
        db.session.execute(delete(model))
    db.session.commit()
    projects = [Project(title=f"P{number}", starts_on=date(2015, 1, 1), ends_on=date(2020, 12, 31), budget_usd=1)
                for number in range(2)]
    objectives = [Objective(project=projects[number % 2], number=number + 1, title="O") for number in range(3)]
    persons = [Participant(given_name="A", family_name=f"B{number}", sex=sex, country_code=country, agency="X",
                           role_category=role, year_of_birth=born)
               for number, (country, sex, role, born) in enumerate(people_rows)]
    held = [Workshop(objective=objectives[objective], title="W", kind=kind, theme=theme,
                     starts_on=date(year, 3, 1), ends_on=date(year, 3, 3), city="C", country_code=host,
                     language=Language.ENGLISH) for objective, year, kind, theme, host in workshop_rows]
    db.session.add_all([*projects, *persons, *held])
    db.session.flush()
    pairs = {(persons[person % len(persons)].id, held[workshop % len(held)].id): completed
             for person, workshop, completed in enrolment_rows}
    db.session.add_all([Enrolment(participant_id=person, workshop_id=workshop, is_completed=completed)
                        for (person, workshop), completed in pairs.items()])
    db.session.commit()
    return [project.id for project in projects]


def _with_projects(question: ReportFilters, project_ids: list[int]) -> ReportFilters:
    if question.project_id is None:
        return question
    return ReportFilters(**{**question.__dict__, "project_id": project_ids[question.project_id]})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(people=people, workshops=workshops, enrolments=enrolments, question=filters, split=splits)
def test_the_summary_counts_as_the_plain_query_and_every_split_adds_up(session, people, workshops, enrolments,
                                                                       question, split):
    question = _with_projects(question, _load(people, workshops, enrolments))
    rows, columns = split
    if rows is not None and rows == columns:
        columns = None
    kept = breakdown(question, rows, columns, viewer_id=None)
    assert kept == plain_breakdown(question, rows, columns, viewer_id=None)
    if columns is not None and rows is not None:
        for key, figures in kept.row_totals.items():
            assert sum(kept.cell(key, column).trainees for column in kept.column_keys) == figures.trainees
            assert sum(kept.cell(key, column).participations for column in kept.column_keys) == figures.participations
    if columns is not None:
        assert sum(figures.trainees for figures in kept.column_totals.values()) == kept.total.trainees
    if rows is not None:
        assert sum(figures.participations for figures in kept.row_totals.values()) == kept.total.participations
        if rows in ROWS_PARTITION_TRAINEES:
            assert sum(figures.trainees for figures in kept.row_totals.values()) == kept.total.trainees


@pytest.fixture
def programme(session, make_project, make_objective, make_workshop, make_participant, enrol):
    project = make_project(starts_on=date(2016, 1, 1), ends_on=date(2030, 12, 31))
    objective = make_objective(project)
    first = make_workshop(objective, starts_on=date(2017, 5, 1), ends_on=date(2017, 5, 3))
    second = make_workshop(objective, starts_on=date(2019, 5, 1), ends_on=date(2019, 5, 3), country_code="JO")
    amina = make_participant(country_code="EG", year_of_birth=1985)
    omar = make_participant(given_name="Omar", sex=Sex.MALE, country_code="JO")
    for workshop in (first, second):
        enrol(workshop, amina, attended=3)
    enrol(first, omar, attended=3)
    return {"first": first, "second": second, "amina": amina, "omar": omar, "objective": objective}


def _figures():
    assert differences() == []
    return breakdown(ReportFilters(), Dimension.COUNTRY, Dimension.AGE_GROUP, viewer_id=None)


def test_hand_computed_age_groups(programme):
    """Amina, born 1985, was 32 in 2017 and 34 in 2019: youth both times; Omar's age is not known."""
    table = _figures()
    assert table.cell("EG", "youth").trainees == 1 and table.cell("EG", "youth").participations == 2
    assert table.cell("JO", "unknown").trainees == 1 and table.total.trainees == 2
    older = breakdown(ReportFilters(age_groups=frozenset({"older"})), viewer_id=None)
    assert older.total.trainees == 0


def test_exact_after_a_person_is_edited(programme):
    from workshops.people.services import ParticipantDetails, update_participant

    amina = db.session.get(Participant, programme["amina"].id)
    details = ParticipantDetails.of(amina)
    update_participant(amina, replace(details, country_code="SD"), actor_id=None)
    db.session.commit()
    table = _figures()
    assert "EG" not in table.row_totals and table.row_totals["SD"].participations == 2


def test_exact_after_the_year_of_birth_changes(programme):
    amina = db.session.get(Participant, programme["amina"].id)
    amina.year_of_birth = 1970
    db.session.commit()
    assert _figures().cell("EG", "older").trainees == 1


def test_exact_after_attendance_changes_and_a_workshop_moves(programme):
    second = db.session.get(Workshop, programme["second"].id)
    for mark in db.session.scalars(db.select(Attendance).join(Enrolment).where(Enrolment.workshop_id == second.id)):
        mark.status = AttendanceStatus.ABSENT
    refresh_completion(second)
    db.session.commit()
    assert _figures().total.participations == 2
    second.starts_on, second.ends_on = date(2030, 1, 1), date(2030, 1, 2)
    db.session.commit()
    _figures()


def test_exact_after_a_merge_an_erasure_and_a_deletion(programme, make_participant, enrol):
    from workshops.records.merging import merge_participants
    from workshops.records.rights import erase_participant

    twin = make_participant(given_name="Omar", family_name="Twin", sex=Sex.MALE, country_code="EG")
    enrol(programme["second"], twin, attended=3)
    before = _figures().total
    merge_participants(programme["omar"].id, twin.id, actor_id=None)
    db.session.commit()
    after = _figures().total
    assert (after.trainees, after.participations) == (before.trainees - 1, before.participations)
    erase_participant(programme["amina"].id, actor_id=None)
    db.session.commit()
    assert _figures().total == after
    empty = db.session.get(Workshop, programme["first"].id)
    db.session.delete(empty)
    db.session.commit()
    _figures()


def _by_workshop_dimensions():
    """Tables read from the workshops' rows (split by kind or host country) and from the groups' rows (by
    objective or year), for the same question, as the plain query counts them."""
    for rows in (Dimension.YEAR, Dimension.OBJECTIVE, Dimension.HOST_COUNTRY, Dimension.KIND):
        for columns in (Dimension.COUNTRY, Dimension.AGE_GROUP):
            kept = breakdown(ReportFilters(), rows, columns, viewer_id=None)
            assert kept == plain_breakdown(ReportFilters(), rows, columns, viewer_id=None)
    return breakdown(ReportFilters(), Dimension.YEAR, Dimension.COUNTRY, viewer_id=None)


def test_exact_after_a_workshop_moves_to_another_objective_and_year(programme, make_objective):
    """The groups it leaves and the groups it joins are rebuilt; the workshop counts per country follow."""
    other = make_objective(programme["objective"].project)
    first = db.session.get(Workshop, programme["first"].id)
    first.objective_id = other.id
    db.session.commit()
    table = _by_workshop_dimensions()
    assert table.row_totals[2017].workshops == 1
    first.starts_on, first.ends_on = date(2019, 6, 1), date(2019, 6, 2)
    db.session.commit()
    table = _by_workshop_dimensions()
    assert 2017 not in table.row_totals and table.row_totals[2019].workshops == 2
    assert table.column_totals["JO"].workshops == 1


def test_exact_after_a_workshop_with_completers_is_deleted(programme):
    db.session.delete(db.session.get(Workshop, programme["second"].id))
    db.session.commit()
    table = _by_workshop_dimensions()
    assert table.total.workshops == 1 and table.column_totals["EG"].participations == 1


def test_a_selection_of_part_of_a_group_is_read_by_workshop(programme, make_workshop, make_participant, enrol):
    """A filter on the kind keeps one of two workshops of the same objective and year: the group's rows, which
    count both, cannot answer it."""
    regional = make_workshop(programme["objective"], starts_on=date(2017, 9, 1), ends_on=date(2017, 9, 2),
                             kind=WorkshopKind.REGIONAL)
    enrol(regional, make_participant(given_name="Lina", country_code="SD"), attended=3)
    question = ReportFilters(kinds=frozenset({WorkshopKind.REGIONAL.value}))
    for rows in (None, Dimension.YEAR, Dimension.COUNTRY):
        kept = breakdown(question, rows, viewer_id=None)
        assert kept == plain_breakdown(question, rows, viewer_id=None)
    assert breakdown(question, viewer_id=None).total.trainees == 1
    assert _by_workshop_dimensions().row_totals[2017].workshops == 2


def test_rebuild_gives_what_was_kept(programme):
    kept = _figures()
    summary.rebuild()
    db.session.commit()
    assert _figures() == kept


def test_exact_after_an_import_with_scores(programme, runner, tmp_path):
    """A sheet adds a new person and gives a completer's scores: the people's sets and the test sums follow."""
    amina = db.session.get(Participant, programme["amina"].id)
    sheet = tmp_path / "scores.csv"
    sheet.write_text("given_name,family_name,sex,country,agency,role_category,email,pre_test,post_test\n"
                     f"{amina.given_name},{amina.family_name},F,EG,{amina.agency},prosecutor,{amina.email},40,75\n"
                     "Nour,Saleh,F,SD,Police,police,nour@example.org,,\n", encoding="utf-8")
    result = runner.invoke(args=["participants", "import", str(sheet), "--workshop", str(programme["first"].id),
                                 "--commit"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    table = _figures()
    assert table.total.scored == 1 and table.total.average_gain == 35


def _at_once(app, work) -> None:
    """`work(share)` for shares 0 and 1 in two threads, each in its own session as two app instances would be."""
    import threading

    barrier, errors = threading.Barrier(2), []

    def run(share: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                work(share)
                db.session.remove()
        except Exception as error:  # reported below: an assertion in a thread would be lost
            errors.append(error)

    threads = [threading.Thread(target=run, args=(share,)) for share in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db.session.expire_all()


@pytest.fixture
def slow_upkeep(monkeypatch):
    """Each upkeep slowed between reading the data and writing the summary, so that two writers overlap there
    unless the summary's locks keep them apart."""
    import time

    insert_rows = summary._insert_rows

    def slowly(*arguments):
        time.sleep(0.05)
        insert_rows(*arguments)

    class SlowlyRead(BitMap):
        @staticmethod
        def deserialize(stored: bytes) -> BitMap:
            time.sleep(0.05)
            return BitMap.deserialize(stored)

    monkeypatch.setattr(summary, "_insert_rows", slowly)
    monkeypatch.setattr(summary, "BitMap", SlowlyRead)


@pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"), reason="concurrent writers need PostgreSQL")
def test_exact_with_several_writers_completing_at_once(app, programme, make_workshop, make_participant, enrol,
                                                        slow_upkeep):
    """Two writers complete people on one workshop that had no completer; the summary ends equal to the data."""
    fresh = make_workshop(programme["objective"], starts_on=date(2020, 5, 1), ends_on=date(2020, 5, 3))
    enrolments = [enrol(fresh, make_participant(given_name=f"N{number}")).id for number in range(8)]

    def complete(share: int) -> None:
        for enrolment_id in enrolments[share::2]:
            db.session.get(Enrolment, enrolment_id).is_completed = True
            db.session.commit()

    _at_once(app, complete)
    assert _figures().row_totals["EG"].participations == 2 + 8


@pytest.mark.skipif(not DATABASE_URL.startswith("postgresql"), reason="concurrent writers need PostgreSQL")
def test_exact_with_several_writers_registering_at_once(app, programme, slow_upkeep):
    """Two writers record the first people from a country new to the registry at the same moment."""
    from workshops.people.services import ParticipantDetails, register_participant

    def register(share: int) -> None:
        for number in range(3):
            register_participant(ParticipantDetails(
                given_name=f"K{share}", family_name=f"N{number}", sex=Sex.MALE, country_code="KE", agency="Police",
                role_category=RoleCategory.LAW_ENFORCEMENT, email=None), actor_id=None)
            db.session.commit()

    _at_once(app, register)
    assert differences() == []
    assert len(BitMap.deserialize(db.session.get(summary.PeopleBy, ("country", "KE")).people)) == 6
