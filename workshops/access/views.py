"""Assignments, made by an administrator from the user's page or from the project's page."""
from flask import Blueprint, abort, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.access import services
from workshops.access.guard import allow
from workshops.access.policy import Action
from workshops.database import LARGEST_ID
from workshops.forms import ActionForm
from workshops.text import whole_number
from workshops.web import button_action

bp = Blueprint("access", __name__)


def _chosen(name: str) -> int:
    """The id picked in the form's list; anything else is a bad request, not a server error."""
    chosen = whole_number(request.form.get(name), LARGEST_ID, smallest=1)
    if chosen is None:
        abort(400, _("Choose from the list."))
    return chosen


def _change(change, back: str, message: str):
    return button_action(ActionForm(), change, back, message)


@bp.post("/users/<int:user_id>/projects")
@allow(Action.ADMINISTER, on="user")
def assign_project(user_id: int):
    project_id = _chosen("project_id")
    return _change(lambda: services.assign(user_id, project_id, actor_id=current_user.id),
                   url_for("auth.edit_user", user_id=user_id), _("Project assigned."))


@bp.post("/users/<int:user_id>/projects/<int:project_id>/delete")
@allow(Action.ADMINISTER, on="user")
def unassign_project(user_id: int, project_id: int):
    return _change(lambda: services.unassign(user_id, project_id, actor_id=current_user.id),
                   url_for("auth.edit_user", user_id=user_id), _("Assignment removed."))


@bp.post("/projects/<int:project_id>/people")
@allow(Action.ADMINISTER, on="project")
def assign_person(project_id: int):
    user_id = _chosen("user_id")
    return _change(lambda: services.assign(user_id, project_id, actor_id=current_user.id),
                   url_for("programmes.show_project", project_id=project_id), _("Assigned to the project."))


@bp.post("/projects/<int:project_id>/people/<int:user_id>/delete")
@allow(Action.ADMINISTER, on="project")
def unassign_person(project_id: int, user_id: int):
    return _change(lambda: services.unassign(user_id, project_id, actor_id=current_user.id),
                   url_for("programmes.show_project", project_id=project_id), _("Assignment removed."))
