"""The dashboard, projects and their objectives."""
from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.access import services as access_services
from workshops.access.guard import allow
from workshops.access.policy import Action, may, reach
from workshops.extensions import db
from workshops.programmes import services
from workshops.programmes.forms import ObjectiveForm, ProjectForm
from workshops.programmes.models import Objective, Project
from workshops.reports.services import ProjectSummary, ReportFilters, country_totals, project_summaries
from workshops.training import services as training_services
from workshops.training.forms import ActionForm
from workshops.web import page_number, submit_form

bp = Blueprint("programmes", __name__)


def _may(action: Action, **objects) -> bool:
    return may(current_user.id, action, **objects)


def _show(project: Project) -> str:
    return url_for("programmes.show_project", project_id=project.id)


@bp.get("/")
@allow(Action.VIEW)
def dashboard():
    """Everyone starts here; with no assignment and no workshop yet, the page says so instead of showing nothing."""
    projects = services.list_projects(1, 50, viewer_id=current_user.id).items
    mine = training_services.list_workshops(training_services.WorkshopFilters(trainer_id=current_user.id), 1, 10,
                                            viewer_id=current_user.id)
    return render_template("programmes/dashboard.html", projects=projects, my_workshops=mine.items,
                           summaries=project_summaries(viewer_id=current_user.id), empty=ProjectSummary(0, 0, 0, 0),
                           sees_totals=_may(Action.SEE_TOTALS), reaches=reach(current_user.id, Action.VIEW).value)


@bp.get("/projects")
@allow(Action.VIEW)
def list_projects():
    page = services.list_projects(page_number(), current_app.config["ITEMS_PER_PAGE"],
                                  viewer_id=current_user.id)
    return render_template("programmes/projects.html", page=page)


@bp.route("/projects/new", methods=["GET", "POST"])
@allow(Action.CREATE_PROJECT)
def create_project():
    form = ProjectForm()
    return submit_form(form, "programmes/project_form.html",
                       lambda: services.create_project(form.details(), actor_id=current_user.id),
                       success_url=_show, success_message=lambda p: _("Project %(title)s recorded.", title=p.title))


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@allow(Action.EDIT_PROJECT, on="project")
def edit_project(project_id: int):
    project = db.session.get(Project, project_id)
    form = ProjectForm(obj=project)
    if request.method == "GET":
        form.beneficiary_countries.data = project.country_codes
    return submit_form(form, "programmes/project_form.html",
                       lambda: services.update_project(project, form.details(), actor_id=current_user.id),
                       success_url=_show, success_message=lambda _p: _("Project saved."), project=project)


@bp.get("/projects/<int:project_id>")
@allow(Action.VIEW, on="project")
def show_project(project_id: int):
    project = db.session.get(Project, project_id)
    workshops = training_services.list_workshops(training_services.WorkshopFilters(project_id=project.id),
                                                 page_number(),
                                                 current_app.config["ITEMS_PER_PAGE"], viewer_id=current_user.id)
    counts = training_services.enrolment_counts([workshop.id for workshop in workshops.items])
    administering = _may(Action.ADMINISTER)
    return render_template(
        "programmes/project.html", project=project, workshops=workshops, counts=counts,
        totals=(country_totals(ReportFilters(project_id=project.id), viewer_id=current_user.id).total
                if _may(Action.SEE_TOTALS, project_id=project.id) else None),
        objective_counts=services.workshops_per_objective(project.id, viewer_id=current_user.id),
        assigned=access_services.people_of(project.id) if administering else [],
        assignable=access_services.assignable_users() if administering else [], action_form=ActionForm())


@bp.route("/projects/<int:project_id>/objectives/new", methods=["GET", "POST"])
@allow(Action.EDIT_PROJECT, on="project")
def add_objective(project_id: int):
    project = db.session.get(Project, project_id)
    form = ObjectiveForm(number=len(project.objectives) + 1)
    return submit_form(form, "programmes/objective_form.html",
                       lambda: services.add_objective(project, form.details(), actor_id=current_user.id),
                       success_url=lambda objective: _show(objective.project),
                       success_message=lambda _o: _("Objective added."), project=project)


@bp.route("/objectives/<int:objective_id>/edit", methods=["GET", "POST"])
@allow(Action.EDIT_PROJECT, on="objective")
def edit_objective(objective_id: int):
    objective = db.session.get(Objective, objective_id)
    form = ObjectiveForm(obj=objective)
    return submit_form(form, "programmes/objective_form.html",
                       lambda: services.update_objective(objective, form.details(), actor_id=current_user.id),
                       success_url=lambda objective: _show(objective.project),
                       success_message=lambda _o: _("Objective saved."), project=objective.project,
                       objective=objective)
