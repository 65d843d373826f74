"""What the reports area adds to lower areas' pages (see workshops.pages): headline figures on the start page and
on a project's page."""
from sqlalchemy import select

from workshops.access.policy import Action, may
from workshops.extensions import db
from workshops.pages import dashboard, project_page
from workshops.programmes.models import Project
from workshops.reports.services import ProjectSummary, project_summaries


@dashboard.add("reports/_dashboard_figures.html", order=20)
def _figures(viewer_id: int | None, **_page) -> dict | None:
    """Trainees, women among them, and the workshops they completed, per project the viewer may count."""
    summaries = project_summaries(viewer_id=viewer_id)
    if not summaries:
        return None
    projects = db.session.scalars(select(Project).where(Project.id.in_(summaries)).order_by(Project.title)).all()
    return {"rows": [(project, summaries[project.id]) for project in projects]}


@project_page.add("reports/_project_figures.html", order=10, slot="aside")
def _project_figures(project_id: int, viewer_id: int | None, **_page) -> dict | None:
    """Trainees, women and participations of the project, for those who may see its totals."""
    if not may(viewer_id, Action.SEE_TOTALS, project_id=project_id):
        return None
    summaries = project_summaries(viewer_id=viewer_id, project_id=project_id)
    return {"project_id": project_id, "totals": summaries.get(project_id, ProjectSummary(0, 0, 0, 0))}
