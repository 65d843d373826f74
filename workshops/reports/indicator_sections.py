"""What indicators add to a project's page (workshops.pages): each with its progress, for those who see totals."""
from flask_babel import get_locale
from markupsafe import Markup

from workshops.access.policy import Action, may
from workshops.pages import project_page
from workshops.reports import charts
from workshops.reports.indicators import progress_chart, project_progress


@project_page.add("reports/_project_indicators.html", order=20)
def _project_indicators(project_id: int, viewer_id: int | None, **_page) -> dict | None:
    """Progress counted in the viewer's scope; the empty list stays, saying what to do, for those who may see it."""
    if not may(viewer_id, Action.SEE_TOTALS, project_id=project_id):
        return None
    progress = project_progress(project_id, viewer_id=viewer_id)
    chart = Markup(charts.svg(progress_chart(progress, locale=str(get_locale())))) if progress else None
    return {"project_id": project_id, "progress": progress, "chart": chart}
