"""The demo command: seed 000's headline reproduced exactly by the totals page, and a second run changing nothing."""
import re

from sqlalchemy import func, select

from workshops.auth.models import User
from workshops.demo import data
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective, Project
from workshops.reports.services import Dimension, ReportFilters, breakdown
from workshops.training.models import Enrolment, Workshop

TEN_COUNTRIES = {"DZ", "EG", "IQ", "JO", "LB", "LY", "MA", "SD", "TN", "YE"}
LOGIN = re.compile(r"^\s+(admin@workshops\.example)\s+admin\s+(\S{16})$", re.MULTILINE)


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, Participant, Workshop, Enrolment, User)}


def _framework_enrolments(project_id: int):
    return select(Enrolment).join(Workshop).join(Objective).where(Objective.project_id == project_id).subquery()


def _check_years_of_birth(framework_id: int) -> None:
    """Seed 004 counts youth: most of its people gave a year of birth, adults at its workshops, some 35 or under;
    seed 000's records mostly have none."""
    capacities = db.session.scalar(select(Project.id).where(Project.title == data.CAPACITIES.title))
    known = {}
    for project_id, (least, most) in ((capacities, (0.6, 0.8)), (framework_id, (0.05, 0.15))):
        enrolled = select(_framework_enrolments(project_id).c.participant_id)
        years = db.session.scalars(select(Participant.year_of_birth).where(Participant.id.in_(enrolled))).all()
        known[project_id] = [year for year in years if year is not None]
        assert least < len(known[project_id]) / len(years) < most, (project_id, len(known[project_id]), len(years))
        assert min(known[project_id]) >= 1955 and max(known[project_id]) <= 2001
    assert any(year >= 1990 for year in known[capacities]), "youth at seed 004's workshops of 2025 and 2026"


def test_demo_gives_seed_000_headline_and_loads_once(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    login = LOGIN.search(result.output)
    assert login, result.output
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == login[1]))
        assert admin.check_password(login[2])
        framework = db.session.scalar(select(Project).where(Project.title == data.FRAMEWORK.title))
        totals = breakdown(ReportFilters(project_id=framework.id), Dimension.COUNTRY, Dimension.SEX, viewer_id=None)
        assert totals.total.trainees == 2003
        assert {code: row.trainees for code, row in totals.row_totals.items()} == data.FRAMEWORK_TRAINEES
        assert set(totals.row_totals) == TEN_COUNTRIES
        assert all(totals.cell(code, "F").trainees + totals.cell(code, "M").trainees == row.trainees
                   for code, row in totals.row_totals.items())
        assert totals.total.participations > totals.total.trainees
        enrolments = _framework_enrolments(framework.id)
        assert db.session.scalar(select(func.count()).where(enrolments.c.is_completed.is_(False))) > 0
        repeaters = (select(enrolments.c.participant_id).where(enrolments.c.is_completed.is_(True))
                     .group_by(enrolments.c.participant_id).having(func.count() > 1).subquery())
        assert db.session.scalar(select(func.count()).select_from(repeaters)) > 0
        people = db.session.scalar(select(func.count(func.distinct(enrolments.c.participant_id))))
        assert people > totals.total.trainees, "some people enrolled but never completed"
        _check_years_of_birth(framework.id)
        before = _counts()

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    with app.app_context():
        assert _counts() == before
