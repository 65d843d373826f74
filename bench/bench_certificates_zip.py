"""Benchmark: the ZIP of separate certificate PDFs (GET /workshops/<id>/certificates.zip), in PDFs per second,
beside the floor's separate PDFs (../shared/floors/cert_floor.py) run in the same minute.

A branded project (three logos, a donor line, three signatories, two with signature images) and a workshop of
N completers, a third with Arabic names, in a fresh SQLite file; the certificates are issued through the app,
then the ZIP is fetched through the app's own route as a signed-in coordinator: database read, pages, PDFs and
the archive all counted. It also times the renderer alone (certificates.archive on ready pages), English and
Arabic. Only the ratio to the floor is comparable from one machine to another.

Usage: python bench/bench_certificates_zip.py [N]   (default 300)
"""
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_certificates import picture, print_run
from werkzeug.security import generate_password_hash

from workshops import create_app
from workshops.auth.models import Role, User
from workshops.certificates import services
from workshops.certificates.archive import zip_of_certificates
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.models import Objective, Project, ProjectLogo, Signatory
from workshops.training.models import Enrolment, Language, Theme, Workshop, WorkshopKind

FLOOR = Path(__file__).resolve().parent.parent.parent / "shared" / "floors" / "cert_floor.py"
PASSWORD = "a long bench password"
NAMES = [("Hélène", "Benali-Çelik", None), ("Mohamed", "Abdelrahman", "محمد عبد الرحمن"),
         ("Ayşe", "Yılmaz Doğan", None), ("Fatima Zahra", "Ben Ali", "فاطمة الزهراء بن علي"),
         ("Issoufou", "Ouédraogo", None), ("Aïcha", "Mint Abdallahi", "عائشة منت عبد الله")]


def fill(count: int) -> int:
    """The branded project and a workshop of `count` certified completers; returns the workshop's id."""
    project = Project(title="Building National Capacities to Combat Human Trafficking and Smuggling of Migrants",
                      starts_on=date(2024, 12, 1), ends_on=date(2026, 11, 30), budget_usd=1_000_000, donors=[],
                      implementing_partners=[], target_groups=[],
                      donor_acknowledgement="With the generous support of the Government of the Netherlands")
    db.session.add(project)
    db.session.flush()
    for position, (colour, text) in enumerate((("#1f4e5f", "CCCPA"), ("#c8102e", "NETHERLANDS"),
                                               ("#009edb", "PARTNER")), start=1):
        db.session.add(ProjectLogo(project_id=project.id, position=position, image=picture((600, 200), colour, text),
                                   width=600, height=200))
    for position, (name, title, image) in enumerate((
            ("Signatory One", "Director General", picture((400, 120), "#000080", "sig")),
            ("Signatory Two", "Project Manager", None),
            ("Signatory Three", "Head of Training", picture((400, 120), "#003366", "sig"))), start=1):
        db.session.add(Signatory(project_id=project.id, position=position, name=name, title=title,
                                 signature_image=image))
    objective = Objective(project_id=project.id, number=1, title="Specialised trainings")
    db.session.add(objective)
    db.session.flush()
    workshop = Workshop(objective_id=objective.id, kind=WorkshopKind.REGIONAL, theme=Theme.TIP,
                        title="Regional workshop on investigating and prosecuting trafficking in persons cases",
                        starts_on=date(2025, 3, 3), ends_on=date(2025, 3, 6), city="Cairo", country_code="EG",
                        language=Language.ENGLISH)
    db.session.add(workshop)
    db.session.flush()
    for number in range(count):
        given, family, arabic = NAMES[number % len(NAMES)]
        person = Participant(given_name=given, family_name=f"{family} {number}", name_ar=arabic, sex=Sex.FEMALE,
                             country_code="EG", agency="Public Prosecution", role_category=RoleCategory.PROSECUTOR)
        db.session.add(person)
        db.session.flush()
        db.session.add(Enrolment(workshop_id=workshop.id, participant_id=person.id, is_completed=True))
    db.session.flush()
    services.issue_for_workshop(workshop, actor_id=None)
    user = User(email="coordinator@bench.example", full_name="Bench Coordinator", role=Role.ADMIN,
                password_hash=generate_password_hash(PASSWORD))
    db.session.add(user)
    db.session.commit()
    return workshop.id


def zip_rate(count: int) -> float:
    """PDFs per second of the ZIP route, best of three, database read included."""
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
                          "PUBLIC_BASE_URL": "https://workshops.example.org"})
        with app.app_context():
            db.create_all()
            workshop_id = fill(count)
        client = app.test_client()
        client.post("/login", data={"email": "coordinator@bench.example", "password": PASSWORD})
        client.get(f"/workshops/{workshop_id}/certificates.zip")  # warm: fonts, subsets, pictures
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(f"/workshops/{workshop_id}/certificates.zip")
            best = min(best, time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        with app.app_context():
            db.engine.dispose()
    return count / best


def renderer_rate(count: int, language: str) -> float:
    pages = print_run(count, language)
    zip_of_certificates(pages[:10])
    started = time.perf_counter()
    zip_of_certificates(pages)
    return count / (time.perf_counter() - started)


def floor(count: int) -> None:
    if not FLOOR.exists():
        print(f"floor cert_floor.py: not found at {FLOOR}")
        return
    result = subprocess.run([sys.executable, str(FLOOR), str(count)], capture_output=True, text=True)
    for line in (result.stdout or result.stderr).strip().splitlines():
        print(f"floor cert_floor.py: {line}")


def main() -> None:
    """The floor before and after the app's figures: on a shared machine the bracket shows the noise."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    floor(count)
    print(f"workshops ZIP route, {count} branded certificates, database read included: "
          f"{zip_rate(count):.0f} PDFs/s")
    print(f"workshops renderer alone (ZIP of ready pages): en {renderer_rate(count, 'en'):.0f} PDFs/s, "
          f"ar {renderer_rate(count, 'ar'):.0f} PDFs/s")
    floor(count)


if __name__ == "__main__":
    main()
