"""The demo command: seed 000's headline reproduced exactly by the totals page, and a second run changing nothing."""
import re

from sqlalchemy import func, select

from workshops.auth.models import User
from workshops.demo import data
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective, Project
from workshops.reports.services import ReportFilters, country_totals
from workshops.training.models import Enrolment, Workshop

TEN_COUNTRIES = {"DZ", "EG", "IQ", "JO", "LB", "LY", "MA", "SD", "TN", "YE"}
LOGIN = re.compile(r"^\s+(admin@workshops\.example)\s+admin\s+(\S{16})$", re.MULTILINE)


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (Project, Participant, Workshop, Enrolment, User)}


def _framework_enrolments(project_id: int):
    return select(Enrolment).join(Workshop).join(Objective).where(Objective.project_id == project_id).subquery()


def test_demo_gives_seed_000_headline_and_loads_once(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    login = LOGIN.search(result.output)
    assert login, result.output
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == login[1]))
        assert admin.check_password(login[2])
        framework = db.session.scalar(select(Project).where(Project.title == data.FRAMEWORK.title))
        totals = country_totals(ReportFilters(project_id=framework.id), viewer_id=None)
        assert totals.total.trainees == 2003
        assert {row.country_code: row.trainees for row in totals.rows} == data.FRAMEWORK_TRAINEES
        assert {row.country_code for row in totals.rows} == TEN_COUNTRIES
        assert all(row.women + row.men == row.trainees for row in [*totals.rows, totals.total])
        assert totals.total.participations > totals.total.trainees
        enrolments = _framework_enrolments(framework.id)
        assert db.session.scalar(select(func.count()).where(enrolments.c.is_completed.is_(False))) > 0
        repeaters = (select(enrolments.c.participant_id).where(enrolments.c.is_completed.is_(True))
                     .group_by(enrolments.c.participant_id).having(func.count() > 1).subquery())
        assert db.session.scalar(select(func.count()).select_from(repeaters)) > 0
        people = db.session.scalar(select(func.count(func.distinct(enrolments.c.participant_id))))
        assert people > totals.total.trainees, "some people enrolled but never completed"
        before = _counts()

    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0, again.output
    assert "already loaded" in again.output
    with app.app_context():
        assert _counts() == before
