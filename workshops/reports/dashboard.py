"""What the reports area adds to lower areas' pages (see workshops.pages): headline figures and indicator progress
on the start page, figures on a project's page."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshops.access.policy import Action, in_projects, may
from workshops.extensions import db
from workshops.pages import dashboard, project_page
from workshops.programmes.models import Project
from workshops.reports.indicators import Progress, progress_of
from workshops.reports.models import Indicator
from workshops.reports.services import ProjectSummary, overall_of, project_summaries, summaries_of, summary_table

#: A project nobody has completed a workshop of yet.
NOTHING_YET = ProjectSummary(0, 0, 0, 0)


#: Projects whose figures and indicators the start page shows; the Projects page lists them all.
SHOWN_PROJECTS = 6


@dataclass(frozen=True)
class ProjectOverview:
    project: Project
    figures: ProjectSummary
    indicators: list[Progress]


@dataclass(frozen=True)
class LeadOverview:
    #: Over every project the user may count, trainees counted once however many projects trained them.
    total: ProjectSummary
    #: How many projects the user may count; `projects` shows the first SHOWN_PROJECTS of them.
    project_count: int
    projects: list[ProjectOverview]


def lead_overview(viewer_id: int | None, *, on: date | None = None,
                  limit: int = SHOWN_PROJECTS) -> LeadOverview | None:
    """A lead's first question, how far the projects have come: the headline figures over all of them and for
    each, and each project's indicators against their targets. None for a user who sees no totals. A handful of
    queries: one table of projects by sex, the projects, their indicators, one table per indicator scope."""
    if not may(viewer_id, Action.SEE_TOTALS):
        return None
    table = summary_table(viewer_id=viewer_id)
    summaries = summaries_of(table)
    visible = in_projects(viewer_id, Action.SEE_TOTALS, Project.id)
    count = db.session.scalar(select(func.count(Project.id)).where(visible))
    projects = db.session.scalars(select(Project).where(visible).order_by(Project.ends_on.desc(), Project.title)
                                  .limit(limit)).all()
    indicators = db.session.scalars(
        select(Indicator).options(selectinload(Indicator.objective))
        .where(Indicator.project_id.in_([project.id for project in projects]))
        .order_by(Indicator.project_id, Indicator.position, Indicator.id)).all()
    by_project = defaultdict(list)
    for progress in progress_of(list(indicators), viewer_id=viewer_id, on=on):
        by_project[progress.indicator.project_id].append(progress)
    return LeadOverview(overall_of(table), count, [
        ProjectOverview(project, summaries.get(project.id, NOTHING_YET), by_project[project.id])
        for project in projects])


@dashboard.add("reports/_dashboard_figures.html", order=30)
def _figures(viewer_id: int | None, **_page) -> dict | None:
    """Headline figures and indicators, for those who may see totals and have a project to count."""
    overview = lead_overview(viewer_id)
    return {"overview": overview} if overview and overview.project_count else None


@project_page.add("reports/_project_figures.html", order=10, slot="aside")
def _project_figures(project_id: int, viewer_id: int | None, **_page) -> dict | None:
    """Trainees, women and participations of the project, for those who may see its totals."""
    if not may(viewer_id, Action.SEE_TOTALS, project_id=project_id):
        return None
    summaries = project_summaries(viewer_id=viewer_id, project_id=project_id)
    return {"project_id": project_id, "totals": summaries.get(project_id, NOTHING_YET)}
