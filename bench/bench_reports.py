"""Benchmark: report totals for many filter combinations, at 100,000 and 1,000,000 people, beside the plain query
of ../shared/floors/sql_floor.py run on the same data in the same run.

Fills a fresh database (a SQLite file in a temporary folder, or --database URL) through the migrations: N people
(70 % with a year of birth), 2N enrolments (90 % completed) over 2,000 workshops of three projects, twelve
objectives and nine years, national and regional, on both themes, in ten host countries. The summary the
reports read is then built from scratch (timed). For each combination it prints the median of five answers of
reports.services.breakdown, the floor's GROUP BY on flat copies of the same rows with the floor's indexes (where
the floor's tables can express the filter), and the ratio. Then it writes (a person moves country, a workshop's
attendance is redone), times the next answer and checks it against the plain query of reports.plain.

Usage: python bench/bench_reports.py [--people 100000] [--database URL]
"""
import argparse
import ast
import random
import statistics
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path

from bench_totals_and_certificates import timings
from flask_migrate import upgrade
from sqlalchemy import insert, select, text

from workshops import create_app
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.reports import summary
from workshops.reports.figures import Dimension, ReportFilters
from workshops.reports.plain import plain_breakdown
from workshops.reports.services import breakdown
from workshops.training.models import Enrolment, Language, Theme, Workshop, WorkshopKind

FLOORS = Path(__file__).resolve().parent.parent.parent / "shared" / "floors"


def _floor_query() -> str:
    """The floor script's QUERY, read from its source (importing it would run its argument parsing)."""
    tree = ast.parse((FLOORS / "sql_floor.py").read_text())
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and any(getattr(target, "id", None) == "QUERY" for target in node.targets))


FLOOR_QUERY = _floor_query()

COUNTRIES = ["DZ", "EG", "IQ", "JO", "LB", "LY", "MA", "SD", "TN", "YE"]
ROLES = [RoleCategory.LAW_ENFORCEMENT, RoleCategory.PROSECUTOR, RoleCategory.JUDGE, RoleCategory.FRONTLINE]
WORKSHOPS = 2_000


def fill(people: int) -> None:
    rnd = random.Random(7)
    projects = [Project(title=f"Benchmark project {number}", starts_on=date(2011, 1, 1), ends_on=date(2019, 12, 31),
                        budget_usd=1_000_000, donors=[], implementing_partners=[], target_groups=[])
                for number in (1, 2, 3)]
    db.session.add_all(projects)
    db.session.flush()
    objectives = [Objective(project_id=projects[number % 3].id, number=number + 1, title=f"Objective {number + 1}")
                  for number in range(12)]
    db.session.add_all(objectives)
    db.session.flush()
    db.session.execute(insert(Workshop), [
        {"objective_id": objectives[number % 12].id, "title": f"Workshop {number}",
         "kind": rnd.choice(list(WorkshopKind)), "theme": rnd.choice([Theme.TIP, Theme.SOM]),
         "starts_on": date(2011 + number % 9, 3, 1), "ends_on": date(2011 + number % 9, 3, 5), "city": "City",
         "country_code": rnd.choice(COUNTRIES), "language": Language.ENGLISH, "completion_threshold": 80}
        for number in range(1, WORKSHOPS + 1)])
    for start in range(0, people, 100_000):
        db.session.execute(insert(Participant), [
            {"given_name": "Amina", "family_name": f"Person {number}", "sex": rnd.choice([Sex.FEMALE, Sex.MALE]),
             "country_code": rnd.choice(COUNTRIES), "agency": "Ministry of Interior",
             "role_category": rnd.choice(ROLES),
             "position": "", "year_of_birth": rnd.randint(1955, 2000) if rnd.random() < 0.7 else None}
            for number in range(start, min(people, start + 100_000))])
    people_ids = db.session.scalars(select(Participant.id)).all()
    workshop_ids = db.session.scalars(select(Workshop.id)).all()
    pairs = list({(rnd.choice(people_ids), rnd.choice(workshop_ids)) for _ in range(2 * people)})
    for start in range(0, len(pairs), 200_000):
        db.session.execute(insert(Enrolment), [
            {"participant_id": participant, "workshop_id": workshop, "is_completed": rnd.random() < 0.9}
            for participant, workshop in pairs[start:start + 200_000]])
    db.session.commit()


def floor_tables() -> None:
    """The floor's three flat tables and its indexes, copied from the same rows."""
    for statement in (
            "CREATE TABLE participants AS SELECT id, country_code, sex, role_category AS role FROM participant",
            "CREATE TABLE workshops AS SELECT w.id, o.project_id, w.objective_id, "
            f"CAST({_year('w.starts_on')} AS INTEGER) AS year "
            "FROM workshop w JOIN objective o ON o.id = w.objective_id",
            "CREATE TABLE participations AS SELECT participant_id, workshop_id, is_completed AS completed "
            "FROM enrolment",
            "CREATE INDEX pa_workshop ON participations (workshop_id, participant_id, completed)",
            "CREATE INDEX pa_participant ON participations (participant_id)"):
        db.session.execute(text(statement))
    db.session.commit()


def _year(column: str) -> str:
    return f"EXTRACT(YEAR FROM {column})" if db.engine.dialect.name == "postgresql" else f"strftime('%Y', {column})"


def combinations(project: int, objective: int) -> list[tuple[str, ReportFilters, Dimension, Dimension | None, str]]:
    """(name, filters, rows, columns, the floor's WHERE for the same filter or None)."""
    return [
        ("all, country x sex", ReportFilters(), Dimension.COUNTRY, Dimension.SEX, ""),
        ("one project", ReportFilters(project_id=project), Dimension.COUNTRY, Dimension.SEX,
         f"AND w.project_id = {project}"),
        ("one objective", ReportFilters(objective_id=objective), Dimension.COUNTRY, Dimension.SEX,
         f"AND w.objective_id = {objective}"),
        ("one year", ReportFilters(year_from=2017, year_to=2017), Dimension.COUNTRY, Dimension.SEX,
         "AND w.year = 2017"),
        ("project + year", ReportFilters(project_id=project, year_from=2017, year_to=2017), Dimension.COUNTRY,
         Dimension.SEX, f"AND w.project_id = {project} AND w.year = 2017"),
        ("years 2014-2016", ReportFilters(year_from=2014, year_to=2016), Dimension.COUNTRY, Dimension.SEX,
         "AND w.year BETWEEN 2014 AND 2016"),
        ("one country", ReportFilters(countries=frozenset({"EG"})), Dimension.COUNTRY, Dimension.SEX,
         "AND p.country_code = 'EG'"),
        ("women prosecutors+judges, project", ReportFilters(project_id=project, sexes=frozenset({"F"}),
                                                            roles=frozenset({"prosecutor", "judge"})),
         Dimension.COUNTRY, Dimension.SEX,
         f"AND w.project_id = {project} AND p.sex = 'F' AND p.role IN ('prosecutor', 'judge')"),
        ("youth", ReportFilters(age_groups=frozenset({"youth"})), Dimension.COUNTRY, Dimension.SEX, None),
        ("regional, SOM", ReportFilters(kinds=frozenset({"regional"}), themes=frozenset({"som"})),
         Dimension.COUNTRY, Dimension.SEX, None),
        ("host country JO", ReportFilters(host_countries=frozenset({"JO"})), Dimension.COUNTRY, Dimension.SEX, None),
        ("all, year x role", ReportFilters(), Dimension.YEAR, Dimension.ROLE, ""),
        ("all, objective x age group", ReportFilters(), Dimension.OBJECTIVE, Dimension.AGE_GROUP, ""),
        ("project, country x role", ReportFilters(project_id=project), Dimension.COUNTRY, Dimension.ROLE,
         f"AND w.project_id = {project}"),
    ]


def median_of(runs: int, action) -> float:
    return statistics.median(timings(runs, action))


def floor_time(where: str | None) -> float | None:
    if where is None:
        return None
    query = text(FLOOR_QUERY.format(filter=where))
    return median_of(5, lambda: db.session.execute(query).all())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", help="SQLAlchemy URL; default: a SQLite file in a temporary folder")
    options = parser.parse_args()
    url = options.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "PUBLIC_BASE_URL": "https://workshops.example.org"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE"))
            db.session.execute(text("CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        started = time.perf_counter()
        fill(options.people)
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        summary.rebuild()
        db.session.commit()
        built = time.perf_counter() - started
        floor_tables()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"{db.engine.dialect.name}, {options.people:,} people, "
              f"{db.session.scalar(select(db.func.count(Enrolment.id))):,} enrolments: loaded in {loaded:.0f} s, "
              f"summary built in {built:.1f} s")
        project, objective = db.session.scalar(select(Project.id)), db.session.scalar(select(Objective.id))
        print(f"{'combination':<36} {'workshops':>10} {'floor':>10} {'ratio':>7}")
        for name, filters, rows, columns, where in combinations(project, objective):
            ours = median_of(5, partial(breakdown, filters, rows, columns, viewer_id=None))
            floor = floor_time(where)
            print(f"{name:<36} {ours * 1000:>7.0f} ms "
                  + (f"{floor * 1000:>7.0f} ms {ours / floor:>6.2f}x" if floor else f"{'-':>10} {'-':>7}"))
        after_a_write(project)


def after_a_write(project: int) -> None:
    """A person moves country and a workshop's completions change; the next answer is timed and checked."""
    person = db.session.scalar(select(Participant).join(Enrolment).where(Enrolment.is_completed).limit(1))
    person.country_code = "TN" if person.country_code != "TN" else "EG"
    workshop = db.session.get(Workshop, db.session.scalar(select(Workshop.id).order_by(Workshop.id.desc())))
    for enrolment in db.session.scalars(select(Enrolment).where(Enrolment.workshop_id == workshop.id)):
        enrolment.is_completed = not enrolment.is_completed
    started = time.perf_counter()
    db.session.commit()
    committed = time.perf_counter() - started
    filters = ReportFilters(project_id=project)
    started = time.perf_counter()
    kept = breakdown(filters, Dimension.COUNTRY, Dimension.SEX, viewer_id=None)
    answered = time.perf_counter() - started
    exact = kept == plain_breakdown(filters, Dimension.COUNTRY, Dimension.SEX, viewer_id=None)
    print(f"after a write (commit incl. summary upkeep {committed * 1000:.0f} ms): one project answered in "
          f"{answered * 1000:.0f} ms, equal to the plain query: {'yes' if exact else 'NO'}")


if __name__ == "__main__":
    main()
