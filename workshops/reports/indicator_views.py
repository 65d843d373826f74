"""A project's indicators (listed, added, edited, deleted by its leads) and its IATI activity file."""
from datetime import UTC, datetime

from flask import Blueprint, Response, abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops import dates
from workshops.access.guard import allow
from workshops.access.policy import Action
from workshops.extensions import db
from workshops.forms import ActionForm
from workshops.programmes.models import Project
from workshops.reports import indicators as services
from workshops.reports.figures import ReportFilters
from workshops.reports.iati import activity_xml
from workshops.reports.indicator_forms import IndicatorForm
from workshops.reports.models import Indicator
from workshops.reports.tables import scope_name
from workshops.web import button_action, submit_form

bp = Blueprint("indicators", __name__)


def _indicators_url(project_id: int) -> str:
    return url_for("indicators.list_indicators", project_id=project_id)


def _indicator_or_404(project_id: int, indicator_id: int) -> Indicator:
    """The guard checked the project; an indicator of another project is not found under this one."""
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.project_id != project_id:
        abort(404)
    return indicator


@bp.route("/projects/<int:project_id>/indicators", methods=["GET", "POST"])
@allow(Action.EDIT_PROJECT, on="project")
def list_indicators(project_id: int):
    """The project's indicators, each to edit or delete, and the form that adds one."""
    project = db.session.get(Project, project_id)
    form = IndicatorForm(project=project, deadline=project.ends_on)
    return submit_form(form, "reports/indicators.html",
                       lambda: services.add_indicator(project.id, form.details(), actor_id=current_user.id),
                       success_url=lambda _indicator: _indicators_url(project.id),
                       success_message=lambda indicator: _("Indicator “%(title)s” added.", title=indicator.title),
                       project=project, indicators=services.indicators_of(project.id), action_form=ActionForm())


@bp.route("/projects/<int:project_id>/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@allow(Action.EDIT_PROJECT, on="project")
def edit_indicator(project_id: int, indicator_id: int):
    indicator = _indicator_or_404(project_id, indicator_id)
    project = db.session.get(Project, project_id)
    form = IndicatorForm(obj=indicator, project=project)
    return submit_form(form, "reports/indicator_form.html",
                       lambda: services.update_indicator(indicator.id, form.details(), form.expected_version(),
                                                         actor_id=current_user.id),
                       success_url=lambda _indicator: _indicators_url(project.id),
                       success_message=lambda _indicator: _("Indicator saved."), project=project, indicator=indicator)


@bp.post("/projects/<int:project_id>/indicators/<int:indicator_id>/delete")
@allow(Action.EDIT_PROJECT, on="project")
def delete_indicator(project_id: int, indicator_id: int):
    """Posted from the list, after the browser asked for confirmation (data-confirm)."""
    indicator = _indicator_or_404(project_id, indicator_id)
    return button_action(ActionForm(), lambda: services.delete_indicator(indicator.id, actor_id=current_user.id),
                         _indicators_url(project_id), _("Indicator deleted."))


@bp.get("/projects/<int:project_id>/iati.xml")
@allow(Action.SEE_TOTALS, on="project")
def iati_activity(project_id: int):
    """The project as an IATI 2.03 activity file, its figures counted in the viewer's scope."""
    content = activity_xml(project_id, viewer_id=current_user.id, generated_at=datetime.now(UTC))
    filename = f"iati-{scope_name(ReportFilters(project_id=project_id))}-{dates.today().isoformat()}.xml"
    return Response(content, mimetype="application/xml",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})
