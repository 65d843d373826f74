"""The seed projects' indicators, as their documents word what they promised.

Seed 000 reports "2,003 law enforcement, criminal justice and other practitioners trained from Algeria, Egypt,
Iraq, Jordan, Lebanon, Libya, Morocco, Sudan, Tunisia and Yemen", so its indicators are 2,000 practitioners and those
ten countries. Seed 004 is gender- and youth-sensitive and monitors its results: at least 30 % women, 300
prosecutors and judges in its specialised trainings, participants from ten countries of Egypt, the Horn of Africa
and the Sahel, and an average knowledge gain of 20 points. Progress is counted from the demo's workshops, never
typed; seed 004's demo records no test scores, so its knowledge gain honestly shows no data yet.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from workshops.demo import data
from workshops.people.models import RoleCategory
from workshops.programmes.models import Project
from workshops.reports.indicators import IndicatorDetails, add_indicator
from workshops.reports.models import Measure

PROSECUTORS_AND_JUDGES = (RoleCategory.PROSECUTOR.value, RoleCategory.JUDGE.value)


@dataclass(frozen=True)
class Promise:
    title: str
    measure: Measure
    target: int
    #: The objective's number; None for the project as a whole.
    objective: int | None = None
    roles: tuple[str, ...] = ()


PROMISES = {
    data.FRAMEWORK.title: (
        Promise("2,000 law enforcement, criminal justice and other practitioners trained", Measure.TRAINEES, 2000),
        Promise("Practitioners from 10 Arab countries", Measure.COUNTRIES, 10),
    ),
    data.CAPACITIES.title: (
        Promise("At least 30 % women among the officials trained", Measure.WOMEN_SHARE, 30),
        Promise("300 prosecutors and judges trained", Measure.TRAINEES, 300, objective=1,
                roles=PROSECUTORS_AND_JUDGES),
        Promise("Participants from 10 countries", Measure.COUNTRIES, 10),
        Promise("Average knowledge gain of 20 points", Measure.KNOWLEDGE_GAIN, 20),
    ),
}


def add_indicators(projects: Iterable[Project], actor_id: int | None) -> None:
    """Each seed project's indicators, due at its end, through the service the project page uses."""
    for project in projects:
        objectives = {objective.number: objective.id for objective in project.objectives}
        for promise in PROMISES.get(project.title, ()):
            add_indicator(project.id, IndicatorDetails(
                title=promise.title, measure=promise.measure, baseline=Decimal(0), target=Decimal(promise.target),
                deadline=project.ends_on, objective_id=objectives[promise.objective] if promise.objective else None,
                role_categories=promise.roles), actor_id=actor_id)
