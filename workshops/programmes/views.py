"""The dashboard, projects and their objectives."""
from dataclasses import dataclass

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops import dates, pages
from workshops.access import services as access_services
from workshops.access.guard import allow
from workshops.access.policy import Action, Reach, may, reach
from workshops.extensions import db
from workshops.forms import ActionForm
from workshops.programmes import services
from workshops.programmes.forms import ObjectiveForm, ProjectForm
from workshops.programmes.models import Objective, Project
from workshops.web import page_number, submit_form

bp = Blueprint("programmes", __name__)


def _may(action: Action, **objects) -> bool:
    return may(current_user.id, action, **objects)


def _show(project: Project) -> str:
    return url_for("programmes.show_project", project_id=project.id)


@bp.get("/")
@allow(Action.VIEW)
def dashboard():
    """Everyone starts here: their projects, then what the areas above add (workshops.pages). With nothing to show
    yet, the page says what comes next for the user's role, with links to what they can already do."""
    projects = services.list_projects(1, 50, viewer_id=current_user.id).items
    sections = pages.dashboard.shown(viewer_id=current_user.id)
    return render_template("programmes/dashboard.html", projects=projects, sections=sections, today=dates.today(),
                           first_steps=None if projects or sections else _first_steps())


@dataclass(frozen=True)
class FirstSteps:
    message: str
    #: (label, address) of what the user may already do.
    links: list[tuple[str, str]]


def _first_steps() -> FirstSteps:
    """What an empty start page says, by how far the user's role reaches."""
    scope = reach(current_user.id, Action.VIEW)
    if scope is Reach.EVERYWHERE:
        message = _("No project is recorded yet. Start with a new project, then give its leads and coordinators "
                    "their accounts and assign them to it.")
    elif scope is Reach.WORKSHOP:
        message = _("You are not a trainer on any workshop yet. A coordinator adds you to a workshop's trainers; "
                    "it then appears here, with its list, attendance and scores to record.")
    else:
        message = _("You are not assigned to any project yet. An administrator assigns project leads and "
                    "coordinators to their projects; they then appear here.")
    links = [(label, url_for(endpoint)) for label, endpoint, action in (
        (_("Record a new project"), "programmes.create_project", Action.CREATE_PROJECT),
        (_("Create accounts and assign people"), "auth.list_users", Action.ADMINISTER),
        (_("Set up sign-in security"), "security.account", None),
        (_("Change your password"), "auth.change_password", None),
    ) if action is None or _may(action)]
    return FirstSteps(message, links)


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
                       lambda: services.update_project(project, form.details(), actor_id=current_user.id,
                                                       expected_version=form.expected_version()),
                       success_url=_show, success_message=lambda _p: _("Project saved."), project=project)


@bp.get("/projects/<int:project_id>")
@allow(Action.VIEW, on="project")
def show_project(project_id: int):
    """The project itself, then what the areas above add (workshops.pages): its workshops, its figures."""
    project = db.session.get(Project, project_id)
    administering = _may(Action.ADMINISTER)
    return render_template(
        "programmes/project.html", project=project,
        sections=pages.project_page.shown(project_id=project.id, viewer_id=current_user.id),
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
                       lambda: services.update_objective(objective, form.details(), actor_id=current_user.id,
                                                         expected_version=form.expected_version()),
                       success_url=lambda objective: _show(objective.project),
                       success_message=lambda _o: _("Objective saved."), project=objective.project,
                       objective=objective)
