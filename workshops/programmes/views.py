"""The dashboard, projects and their objectives."""
from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.auth.models import Role
from workshops.auth.permissions import roles_required
from workshops.extensions import db
from workshops.programmes import services
from workshops.programmes.forms import ObjectiveForm, ProjectForm
from workshops.programmes.models import Objective, Project
from workshops.reports.services import ProjectSummary, ReportFilters, country_totals, project_summaries
from workshops.training import services as training_services
from workshops.web import submit_form

bp = Blueprint("programmes", __name__)


def _show(project: Project) -> str:
    return url_for("programmes.show_project", project_id=project.id)


@bp.get("/")
def dashboard():
    projects = services.list_projects(1, 50).items
    mine = training_services.list_workshops(training_services.WorkshopFilters(trainer_id=current_user.id), 1, 10)
    return render_template("programmes/dashboard.html", projects=projects, my_workshops=mine.items,
                           summaries=project_summaries(), empty=ProjectSummary(0, 0, 0, 0))


@bp.get("/projects")
def list_projects():
    page = services.list_projects(request.args.get("page", 1, type=int), current_app.config["ITEMS_PER_PAGE"])
    return render_template("programmes/projects.html", page=page)


@bp.route("/projects/new", methods=["GET", "POST"])
@roles_required(Role.LEAD)
def create_project():
    form = ProjectForm()
    return submit_form(form, "programmes/project_form.html", lambda: services.create_project(form.details()),
                       success_url=_show, success_message=lambda p: _("Project %(title)s recorded.", title=p.title))


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@roles_required(Role.LEAD)
def edit_project(project_id: int):
    project = db.get_or_404(Project, project_id)
    form = ProjectForm(obj=project)
    if request.method == "GET":
        form.beneficiary_countries.data = project.country_codes
    return submit_form(form, "programmes/project_form.html",
                       lambda: services.update_project(project, form.details()), success_url=_show,
                       success_message=lambda _p: _("Project saved."), project=project)


@bp.get("/projects/<int:project_id>")
def show_project(project_id: int):
    project = db.get_or_404(Project, project_id)
    workshops = training_services.list_workshops(training_services.WorkshopFilters(project_id=project.id),
                                                 request.args.get("page", 1, type=int),
                                                 current_app.config["ITEMS_PER_PAGE"])
    counts = training_services.enrolment_counts([workshop.id for workshop in workshops.items])
    return render_template("programmes/project.html", project=project, workshops=workshops, counts=counts,
                           totals=country_totals(ReportFilters(project_id=project.id)).total,
                           objective_counts=services.workshops_per_objective(project.id))


@bp.route("/projects/<int:project_id>/objectives/new", methods=["GET", "POST"])
@roles_required(Role.LEAD)
def add_objective(project_id: int):
    project = db.get_or_404(Project, project_id)
    form = ObjectiveForm(number=len(project.objectives) + 1)
    return submit_form(form, "programmes/objective_form.html", lambda: services.add_objective(project, form.details()),
                       success_url=lambda objective: _show(objective.project),
                       success_message=lambda _o: _("Objective added."), project=project)


@bp.route("/objectives/<int:objective_id>/edit", methods=["GET", "POST"])
@roles_required(Role.LEAD)
def edit_objective(objective_id: int):
    objective = db.get_or_404(Objective, objective_id)
    form = ObjectiveForm(obj=objective)
    return submit_form(form, "programmes/objective_form.html",
                       lambda: services.update_objective(objective, form.details()),
                       success_url=lambda objective: _show(objective.project),
                       success_message=lambda _o: _("Objective saved."), project=objective.project,
                       objective=objective)
