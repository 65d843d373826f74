"""Benchmark: a 10,000-row XLSX (and CSV) read, checked and matched against a registry of 100,000 people.

Times the app's own path from the uploaded bytes to the preview (people.sheets.parse_sheet, then
training.sheet_import.preview with its batched matching by email and by name key), on a SQLite file filled through
the migrations. One row in ten is a person the registry already has: half of them with their email, half
without one and with their name spelled another way ("Muhammad" for "Mohamed", the family name in capitals),
so that only name matching can find them. Then runs ../shared/floors/import_floor.py.
Usage: python bench/bench_import.py
"""
import csv
import io
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from flask_migrate import upgrade
from openpyxl import Workbook
from sqlalchemy import insert

from workshops import create_app
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.people.names import name_key
from workshops.people.sheets import parse_sheet
from workshops.programmes.models import Objective, Project
from workshops.training import sheet_import
from workshops.training.services import WorkshopDetails, create_workshop

FLOOR = Path(__file__).resolve().parent.parent.parent / "shared" / "floors" / "import_floor.py"
GIVEN = ["Mohamed", "Ahmed", "Fatima", "Youssef", "Khaled", "Amina", "Omar", "Leila", "Hassan", "Samira", "Karim",
         "Nadia", "Said", "Hana"]
FAMILY = ["Benali", "Haddad", "Mansour", "Saleh", "Abdallah", "Othman", "Farouk", "Khalil", "Nasser", "Bakr", "Idris",
          "Toure", "Diallo", "Traoré"]
COUNTRIES = ["DZ", "EG", "IQ", "JO", "LB", "LY", "MA", "SD", "TN", "YE", "NE", "ML", "TD", "ET", "ER", "SO"]
HEADER = ["given_name", "family_name", "sex", "country", "agency", "role_category", "email", "phone"]
RESPELLED = {"Mohamed": "Muhammad", "Ahmed": "Ahmad", "Fatima": "Fatma", "Youssef": "Yusuf", "Khaled": "Khalid",
             "Omar": "Umar", "Leila": "Layla", "Hassan": "Hasan", "Karim": "Kareem", "Said": "Saeed"}


def person(rnd: random.Random, number: int) -> list:
    return [rnd.choice(GIVEN), f"{rnd.choice(FAMILY)} {number}", rnd.choice("FM"), rnd.choice(COUNTRIES),
            f"Agency {number % 300}", "prosecutor", f"p{number}@example.org", "+20 100 000 0000"]


def fill_registry(rnd: random.Random) -> list[list]:
    people = [person(rnd, number) for number in range(100_000)]
    db.session.execute(insert(Participant), [
        {"given_name": row[0], "family_name": row[1], "sex": Sex(row[2]), "country_code": row[3], "agency": row[4],
         "role_category": RoleCategory.PROSECUTOR, "position": "", "email": row[6], "phone": row[7],
         "name_key": name_key(row[0], row[1])}
        for row in people])
    project = Project(title="Benchmark", starts_on=date(2025, 1, 1), ends_on=date(2026, 12, 31), budget_usd=0,
                      donors=[], implementing_partners=[], target_groups=[])
    objective = Objective(project=project, number=1, title="Training")
    db.session.add_all([project, objective])
    db.session.flush()
    return people


def respelled(row: list) -> list:
    """The same person as the sheet of another ministry writes them: another spelling, no email."""
    return [RESPELLED.get(row[0], row[0]), row[1].upper(), *row[2:6], "", row[7]]


def known(rnd: random.Random, registry: list[list], number: int) -> list:
    row = registry[rnd.randrange(len(registry))]
    return row if number % 20 == 0 else respelled(row)


def sheets(rnd: random.Random, registry: list[list]) -> tuple[bytes, bytes]:
    rows = [known(rnd, registry, number) if number % 10 == 0 else person(rnd, 200_000 + number)
            for number in range(10_000)]
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in [HEADER, *rows]:
        sheet.append(row)
    xlsx = io.BytesIO()
    workbook.save(xlsx)
    return text.getvalue().encode("utf-8-sig"), xlsx.getvalue()


def main() -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tempfile.mkdtemp()}/import.sqlite"})
    rnd = random.Random(3)
    with app.app_context():
        upgrade()
        registry = fill_registry(rnd)
        workshop = create_workshop(WorkshopDetails(
            objective_id=db.session.scalar(db.select(Objective.id)), title="Import benchmark", kind="national",
            theme="tip", starts_on=date(2025, 3, 3), ends_on=date(2025, 3, 6), city="Cairo", country_code="EG",
            language="en"), actor_id=None)
        db.session.commit()
        csv_bytes, xlsx_bytes = sheets(rnd, registry)
        for name, content in (("CSV", csv_bytes), ("XLSX", xlsx_bytes)):
            started = time.perf_counter()
            sheet = parse_sheet(content, f"participants.{name.lower()}")
            parsed = time.perf_counter()
            rows = sheet_import.preview(workshop, sheet)
            done = time.perf_counter()
            matched = [row for row in rows if row.verdict == sheet_import.Verdict.MATCHED]
            by_name = sum(row.proposal is not None for row in matched)
            errors = sum(row.verdict == sheet_import.Verdict.ERROR for row in rows)
            print(f"workshops {name}: 10,000 rows into 100,000 people, upload to preview {done - started:.2f} s "
                  f"(read and check {parsed - started:.2f} s, match {done - parsed:.2f} s); matched "
                  f"{len(matched)} ({len(matched) - by_name} by email, {by_name} by name), errors {errors}")
    if FLOOR.exists():
        result = subprocess.run([sys.executable, str(FLOOR)], capture_output=True, text=True)
        print(f"floor import_floor.py: {(result.stdout or result.stderr).strip()}")


if __name__ == "__main__":
    main()
