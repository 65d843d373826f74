"""The small programme the indicator and IATI tests count by hand.

Project (1 December 2024 to 30 November 2026), objectives 1 (W1, March 2025), 2 (W2, February 2026) and 3 (no
workshop):
  amina (EG, F, prosecutor):      completes W1 (scores 40 -> 70) and W2
  omar  (EG, M, law enforcement): completes W1 (scores 50 -> 60)
  sara  (ET, F, frontline):       completes W1
  leila (JO, F, judge):           completes W2
  karim (SD, M, prosecutor):      fails W1 (2 sessions of 5)
Whole project: 4 trainees (3 women: 75 %), 5 participations, 2 workshops, 3 countries (EG, ET, JO), average
gain 20 over 2 scored participations; prosecutors and judges: 2 trainees. 2025 alone: 3 trainees (2 women).
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from workshops.extensions import db
from workshops.people.models import RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.reports.indicators import IndicatorDetails, add_indicator
from workshops.reports.models import Indicator, Measure
from workshops.training.models import Enrolment, Workshop

STARTS_ON, ENDS_ON = date(2024, 12, 1), date(2026, 11, 30)


@dataclass(frozen=True)
class Programme:
    project: Project
    first: Objective
    second: Objective
    third: Objective
    w1: Workshop
    w2: Workshop


def build_programme(make_project, make_objective, make_workshop, make_participant, enrol, **project) -> Programme:
    project = make_project(starts_on=STARTS_ON, ends_on=ENDS_ON, **project)
    first, second, third = (make_objective(project, number=number, title=f"Objective {number}")
                            for number in (1, 2, 3))
    w1 = make_workshop(first, starts_on=date(2025, 3, 3), ends_on=date(2025, 3, 7))
    w2 = make_workshop(second, starts_on=date(2026, 2, 2), ends_on=date(2026, 2, 6), country_code="JO",
                       city="Amman")
    person = {name: make_participant(given_name=name.title(), sex=sex, country_code=country, role_category=role)
              for name, sex, country, role in [
                  ("amina", Sex.FEMALE, "EG", RoleCategory.PROSECUTOR),
                  ("omar", Sex.MALE, "EG", RoleCategory.LAW_ENFORCEMENT),
                  ("sara", Sex.FEMALE, "ET", RoleCategory.FRONTLINE),
                  ("leila", Sex.FEMALE, "JO", RoleCategory.JUDGE),
                  ("karim", Sex.MALE, "SD", RoleCategory.PROSECUTOR)]}
    scores = {}
    for workshop, name, attended, scored in [(w1, "amina", 5, (40, 70)), (w1, "omar", 5, (50, 60)),
                                             (w1, "sara", 4, None), (w1, "karim", 2, None),
                                             (w2, "amina", 5, None), (w2, "leila", 5, None)]:
        enrolment = enrol(workshop, person[name], attended=attended)
        if scored:
            scores[enrolment.id] = scored
    for enrolment_id, (pre, post) in scores.items():
        db.session.get(Enrolment, enrolment_id).fill_scores(pre, post, None)
    db.session.commit()
    return Programme(project, first, second, third, w1, w2)


def add(project: Project, measure: Measure, target, *, baseline=0, objective: Objective | None = None,
        roles=(), title: str | None = None, deadline: date = ENDS_ON) -> Indicator:
    """An indicator recorded through the service, as the command line would (actor None), and committed."""
    indicator = add_indicator(project.id, IndicatorDetails(
        title=title or f"{measure.value} {target}", measure=measure, baseline=Decimal(str(baseline)),
        target=Decimal(str(target)), deadline=deadline, objective_id=objective.id if objective else None,
        role_categories=tuple(role.value for role in roles)), actor_id=None)
    db.session.commit()
    return indicator
