"""Assigning leads and coordinators to projects: an administrator's act, recorded in the audit trail."""
from flask_babel import gettext as _
from sqlalchemy import delete, select

from workshops.access.models import ProjectAssignment
from workshops.access.policy import Action, require
from workshops.audit.services import record
from workshops.auth.models import Role, User
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.programmes.models import Project

#: Roles whose scope is made of assigned projects (trainers' scope is the workshops they train).
ASSIGNABLE_ROLES = (Role.LEAD, Role.COORDINATOR)


def assign(user_id: int, project_id: int, *, actor_id: int | None) -> bool:
    """Give a lead or coordinator a project; False when they already had it."""
    require(actor_id, Action.ADMINISTER)
    user, project = _user_and_project(user_id, project_id)
    if user.role not in ASSIGNABLE_ROLES:
        raise DomainError(_("Only project leads and coordinators are assigned to projects; trainers reach the "
                            "workshops they train."), field="project_id")
    if db.session.get(ProjectAssignment, (user.id, project.id)) is not None:
        return False
    db.session.add(ProjectAssignment(user_id=user.id, project_id=project.id, assigned_by_id=actor_id))
    db.session.flush()
    record(actor_id, "user.assigned", user, project_id=project.id, project=project.title)
    return True


def unassign(user_id: int, project_id: int, *, actor_id: int | None) -> bool:
    """Take a project away from a user; False when they did not have it."""
    require(actor_id, Action.ADMINISTER)
    user, project = _user_and_project(user_id, project_id)
    removed = db.session.execute(delete(ProjectAssignment).where(ProjectAssignment.user_id == user.id,
                                                                 ProjectAssignment.project_id == project.id)).rowcount
    if removed:
        record(actor_id, "user.unassigned", user, project_id=project.id, project=project.title)
    return bool(removed)


def _user_and_project(user_id: int, project_id: int) -> tuple[User, Project]:
    user, project = db.session.get(User, user_id), db.session.get(Project, project_id)
    if user is None:
        raise DomainError(_("No such account."), field="user_id")
    if project is None:
        raise DomainError(_("Choose a project from the list."), field="project_id")
    return user, project


def projects_of(user_id: int) -> list[Project]:
    return db.session.scalars(select(Project).join(ProjectAssignment, ProjectAssignment.project_id == Project.id)
                              .where(ProjectAssignment.user_id == user_id).order_by(Project.title)).all()


def people_of(project_id: int) -> list[User]:
    """The leads and coordinators assigned to a project."""
    return db.session.scalars(select(User).join(ProjectAssignment, ProjectAssignment.user_id == User.id)
                              .where(ProjectAssignment.project_id == project_id)
                              .order_by(User.role, User.full_name)).all()


def assignable_users() -> list[User]:
    return db.session.scalars(select(User).where(User.role.in_(ASSIGNABLE_ROLES), User.is_active.is_(True))
                              .order_by(User.full_name)).all()


def all_projects() -> list[Project]:
    """Every project by title, for an administrator assigning people."""
    return db.session.scalars(select(Project).order_by(Project.title)).all()
