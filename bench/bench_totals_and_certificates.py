"""Benchmark: per-country totals over N synthetic participants, and a 500-page merged certificate PDF.

Fills a fresh database (a SQLite file in a temporary folder, or --database URL) through the migrations, with
N participants, 2N enrolments over 2,000 workshops in two projects (90 % completed), then times the app's own
services: reports.services.breakdown by country and sex (all projects; one project and one year) and the merged PDF of a
500-person workshop (certificates.services.render, database read included). With --floors it also runs the
matching scripts of ../shared/floors in the same minute, since only the ratio to them is comparable.

Usage: python bench/bench_totals_and_certificates.py [--people 100000] [--database URL] [--floors]
"""
import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import insert, text

from workshops import create_app
from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.reports import summary
from workshops.reports.services import Dimension, ReportFilters, breakdown
from workshops.training.models import Enrolment, Language, Theme, Workshop, WorkshopKind

COUNTRIES = ["DZ", "EG", "IQ", "JO", "LB", "LY", "MA", "SD", "TN", "YE"]
WORKSHOPS = 2_000
CERTIFICATES = 500
FLOORS = Path(__file__).resolve().parent.parent.parent / "shared" / "floors"
GIVEN = ["Mohamed", "Fatima", "Hélène", "Youssef", "Amina", "Omar", "Leila", "Khaled", "Samira", "Şule"]
FAMILY = ["Benali-Çelik", "Haddad", "Mansour", "Abdelrahman", "Toure", "Diallo", "Farouk", "Nasser"]
ARABIC = ["محمد عبد الله", "فاطمة الزهراء بن علي", None, None]


def fill(people: int) -> None:
    rnd = random.Random(7)
    projects = [Project(title=f"Benchmark project {number}", starts_on=date(2011, 1, 1), ends_on=date(2019, 12, 31),
                        budget_usd=1_000_000, donors=[], implementing_partners=[], target_groups=[])
                for number in (1, 2)]
    db.session.add_all(projects)
    db.session.flush()
    objectives = [Objective(project_id=project.id, number=number, title=f"Objective {number}")
                  for project in projects for number in (1, 2, 3)]
    db.session.add_all(objectives)
    db.session.flush()
    db.session.execute(insert(Workshop), [
        {"objective_id": objectives[number % len(objectives)].id, "title": f"Workshop {number}",
         "kind": WorkshopKind.NATIONAL, "theme": Theme.TIP, "starts_on": date(2011 + number % 9, 3, 1),
         "ends_on": date(2011 + number % 9, 3, 5), "city": "Cairo", "country_code": "EG",
         "language": Language.ENGLISH, "completion_threshold": 80}
        for number in range(1, WORKSHOPS + 1)])
    db.session.execute(insert(Participant), [
        {"given_name": rnd.choice(GIVEN), "family_name": rnd.choice(FAMILY),
         "name_ar": rnd.choice(ARABIC), "sex": rnd.choice([Sex.FEMALE, Sex.MALE]),
         "country_code": rnd.choice(COUNTRIES), "agency": "Ministry of Interior",
         "role_category": rnd.choice(list(RoleCategory)), "position": "", "email": None}
        for number in range(1, people + 1)])
    people_ids = db.session.scalars(db.select(Participant.id)).all()
    workshop_ids = db.session.scalars(db.select(Workshop.id)).all()
    pairs = {(rnd.choice(people_ids), rnd.choice(workshop_ids)) for _ in range(2 * people)}
    db.session.execute(insert(Enrolment), [
        {"participant_id": participant, "workshop_id": workshop, "is_completed": rnd.random() < 0.9}
        for participant, workshop in pairs])
    db.session.commit()


def timings(runs: int, action) -> list[float]:
    """Seconds each of `runs` calls of `action` took."""
    taken = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        taken.append(time.perf_counter() - started)
    return taken


def best_of(runs: int, action) -> float:
    return min(timings(runs, action))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", help="SQLAlchemy URL; default: a SQLite file in a temporary folder")
    parser.add_argument("--floors", action="store_true", help="also run ../shared/floors scripts")
    options = parser.parse_args()
    url = options.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite"
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": url,
                      "PUBLIC_BASE_URL": "https://workshops.example.org"})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.drop_all()
            db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
        upgrade()
        started = time.perf_counter()
        fill(options.people)
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        load = time.perf_counter() - started
        summary.rebuild()  # the rows went in without the app's upkeep, as a restore would
        db.session.commit()
        project = db.session.scalar(db.select(Project.id).order_by(Project.id))
        everything = best_of(3, lambda: by_country(ReportFilters(), viewer_id=None))
        project_year = ReportFilters(project_id=project, year_from=2017, year_to=2017)
        one_year = best_of(3, lambda: by_country(project_year, viewer_id=None))
        totals = by_country(ReportFilters(), viewer_id=None)
        lead = project_lead(project)
        one_project = best_of(3, lambda: by_country(ReportFilters(project_id=project), viewer_id=None))
        as_lead = best_of(3, lambda: by_country(ReportFilters(), viewer_id=lead))
        lead_project = best_of(3, lambda: by_country(ReportFilters(project_id=project), viewer_id=lead))
        print(f"{db.engine.dialect.name}, {options.people:,} people / {2 * options.people:,} enrolments: "
              f"load {load:.1f} s; totals all {everything * 1000:.0f} ms; project+year {one_year * 1000:.0f} ms "
              f"({totals.total.trainees:,} trainees, {totals.total.participations:,} participations)")
        print(f"one project as admin {one_project * 1000:.0f} ms; the same project as its lead, through the "
              f"lead's scope {as_lead * 1000:.0f} ms; the lead with the project chosen {lead_project * 1000:.0f} ms")
        print(certificate_rate(app))
    if options.floors:
        run_floors(options)


def by_country(filters: ReportFilters, *, viewer_id: int | None):
    return breakdown(filters, Dimension.COUNTRY, Dimension.SEX, viewer_id=viewer_id)


def project_lead(project_id: int) -> int:
    """A lead assigned to one project: their totals go through the permission model's scope clause."""
    from workshops.access.services import assign
    from workshops.auth.services import UserDetails, create_user

    lead = create_user(UserDetails(email="lead@bench.example", full_name="Bench Lead", role=Role.LEAD),
                       "a long bench password")
    assign(lead.id, project_id, actor_id=None)
    db.session.commit()
    return lead.id


def certificate_rate(app) -> str:
    objective_id = db.session.scalar(db.select(Objective.id).limit(1))
    workshop = Workshop(objective_id=objective_id, title="National workshop on investigating trafficking in persons",
                        kind=WorkshopKind.NATIONAL, theme=Theme.BOTH, starts_on=date(2025, 3, 3),
                        ends_on=date(2025, 3, 6), city="Cairo", country_code="EG", language=Language.ENGLISH)
    db.session.add(workshop)
    db.session.flush()
    people = db.session.scalars(db.select(Participant.id).order_by(Participant.id).limit(CERTIFICATES)).all()
    db.session.execute(insert(Enrolment), [
        {"participant_id": person, "workshop_id": workshop.id, "is_completed": True} for person in people])
    certificate_services.issue_for_workshop(workshop, actor_id=None)
    db.session.commit()

    def render() -> bytes:
        certificates = certificate_services.certificates_of_workshop(workshop.id)
        return certificate_services.render(certificates, lambda serial: f"https://workshops.example.org/verify/{serial}")

    render()
    seconds = best_of(3, render)
    size = len(render())
    return (f"merged certificate PDF, {CERTIFICATES} pages (database read included): {seconds:.2f} s, "
            f"{CERTIFICATES / seconds:.0f} pages/s, {size / 1e6:.1f} MB")


def run_floors(options) -> None:
    scripts = [["sql_floor.py", str(options.people)] + ([options.database.replace("+psycopg", "")]
                                                        if options.database else []),
               ["cert_floor.py", str(CERTIFICATES)]]
    for script in scripts:
        result = subprocess.run([sys.executable, str(FLOORS / script[0]), *script[1:]], capture_output=True, text=True)
        print(f"floor {script[0]}: {result.stdout.strip() or result.stderr.strip()}")


if __name__ == "__main__":
    main()
