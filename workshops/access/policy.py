"""The one permission model: what a user may do to an object, and which rows a user may see.

Every grant is a role reaching an action through one of three scopes:

- PROJECT: the projects an administrator assigned the user to (leads and coordinators);
- WORKSHOP: the workshops the user trains (trainers);
- EVERYWHERE: no object needed (a lead may start a new project).

Administrators, and the command line (actor None: whoever has the shell has the database), may do
everything. The same grants answer both questions: `may(...)` for one object, and the `in_*` clauses
that list, search, export and count queries put in their WHERE, so a page never shows a row that the
user could not open. Everything is SQL against the live assignments, so a change of role or
assignment takes effect on the next query.
"""
from enum import Enum, StrEnum

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, bindparam, false, select, true

from workshops.access.models import ProjectAssignment
from workshops.auth.models import Role, User
from workshops.database import LARGEST_ID
from workshops.exceptions import NotPermitted
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective, Project
from workshops.training.models import Enrolment, Workshop, workshop_trainer


class Action(StrEnum):
    #: Open workshops, projects and the records of the people on them.
    VIEW = "view"
    #: Run a workshop: its list, imports, attendance, scores, sessions, sign-in sheets, self-registrations.
    RUN = "run"
    #: Read and edit a person's record, and see their email and phone.
    EDIT_PERSON = "edit_person"
    #: Create and edit workshops and their registration links.
    MANAGE_WORKSHOPS = "manage_workshops"
    #: Issue, print, revoke and reissue certificates.
    CERTIFY = "certify"
    #: Merge two records of one person.
    MERGE = "merge"
    #: Download everything held about a person (the right of access).
    EXPORT_PERSONAL_DATA = "export_personal_data"
    #: Totals, budgets and the per-country report.
    SEE_TOTALS = "see_totals"
    #: Edit a project and its objectives.
    EDIT_PROJECT = "edit_project"
    #: Logos, donor line and signatories of a project's certificates.
    DESIGN_CERTIFICATES = "design_certificates"
    #: Record a new project (its creator is assigned to it as its lead).
    CREATE_PROJECT = "create_project"
    #: Erase a person's identity (the right to erasure).
    ERASE_PERSON = "erase_person"
    #: Accounts, assignments and the audit trail.
    ADMINISTER = "administer"


class Reach(Enum):
    PROJECT = "project"
    WORKSHOP = "workshop"
    EVERYWHERE = "everywhere"


#: Who may do what beyond administrators, and through which scope. No entry, no permission.
GRANTS: dict[Action, dict[Role, Reach]] = {
    Action.VIEW: {Role.LEAD: Reach.PROJECT, Role.COORDINATOR: Reach.PROJECT, Role.TRAINER: Reach.WORKSHOP},
    Action.RUN: {Role.COORDINATOR: Reach.PROJECT, Role.TRAINER: Reach.WORKSHOP},
    Action.EDIT_PERSON: {Role.COORDINATOR: Reach.PROJECT, Role.TRAINER: Reach.WORKSHOP},
    Action.MANAGE_WORKSHOPS: {Role.COORDINATOR: Reach.PROJECT},
    Action.CERTIFY: {Role.COORDINATOR: Reach.PROJECT},
    Action.MERGE: {Role.COORDINATOR: Reach.PROJECT},
    Action.EXPORT_PERSONAL_DATA: {Role.COORDINATOR: Reach.PROJECT},
    Action.SEE_TOTALS: {Role.LEAD: Reach.PROJECT, Role.COORDINATOR: Reach.PROJECT},
    Action.EDIT_PROJECT: {Role.LEAD: Reach.PROJECT},
    Action.DESIGN_CERTIFICATES: {Role.LEAD: Reach.PROJECT, Role.COORDINATOR: Reach.PROJECT},
    Action.CREATE_PROJECT: {Role.LEAD: Reach.EVERYWHERE},
    Action.ERASE_PERSON: {},
    Action.ADMINISTER: {},
}


def role_of(actor_id: int | None) -> Role | None:
    """The actor's role; None (the command line) acts as an administrator; an unknown or inactive id has none."""
    if actor_id is None:
        return Role.ADMIN
    user = db.session.get(User, actor_id)
    return user.role if user is not None and user.is_active else None


def reach(actor_id: int | None, action: Action) -> Reach | None:
    role = role_of(actor_id)
    if role is None:
        return None
    return Reach.EVERYWHERE if role == Role.ADMIN else GRANTS[action].get(role)


def assigned_projects(user_id: int):
    return select(ProjectAssignment.project_id).where(ProjectAssignment.user_id == user_id)


def trained_workshops(user_id: int):
    return select(workshop_trainer.c.workshop_id).where(workshop_trainer.c.user_id == user_id)


def _workshops_of_projects(projects):
    return select(Workshop.id).join(Objective, Objective.id == Workshop.objective_id).where(
        Objective.project_id.in_(projects))


def in_workshops(actor_id: int | None, action: Action, workshop_id_column) -> ColumnElement[bool]:
    """A WHERE clause keeping the rows whose workshop the actor may act on."""
    return _in_reach(reach(actor_id, action), actor_id, workshop_id_column)


def _in_reach(scope: Reach | None, actor, workshop_id_column) -> ColumnElement[bool]:
    """The workshops a scope reaches, for an actor given as an id or as a bound parameter."""
    if scope is Reach.EVERYWHERE:
        return true()
    if scope is Reach.PROJECT:
        return workshop_id_column.in_(_workshops_of_projects(assigned_projects(actor)))
    if scope is Reach.WORKSHOP:
        return workshop_id_column.in_(trained_workshops(actor))
    return false()


def in_projects(actor_id: int | None, action: Action, project_id_column) -> ColumnElement[bool]:
    """A WHERE clause keeping the rows whose project the actor may act on (a trainer: where they train)."""
    scope = reach(actor_id, action)
    if scope is Reach.EVERYWHERE:
        return true()
    if scope is Reach.PROJECT:
        return project_id_column.in_(assigned_projects(actor_id))
    if scope is Reach.WORKSHOP:
        return project_id_column.in_(select(Objective.project_id).join(Workshop, Workshop.objective_id == Objective.id)
                                     .where(Workshop.id.in_(trained_workshops(actor_id))))
    return false()


def in_people(actor_id: int | None, action: Action, participant_id_column) -> ColumnElement[bool]:
    """A WHERE clause keeping the people enrolled on at least one workshop the actor may act on."""
    scope = reach(actor_id, action)
    if scope is Reach.EVERYWHERE:
        return true()
    if scope is None:
        return false()
    return participant_id_column.in_(select(Enrolment.participant_id).where(
        in_workshops(actor_id, action, Enrolment.workshop_id)))


def may(actor_id: int | None, action: Action, *, project_id: int | None = None, workshop_id: int | None = None,
        participant_id: int | None = None) -> bool:
    """May the actor do this to this object? Without an object: may they do it anywhere at all?"""
    scope = reach(actor_id, action)
    if scope is None:
        return False
    if scope is Reach.EVERYWHERE or (project_id, workshop_id, participant_id) == (None, None, None):
        return True
    checks = []
    if project_id is not None:
        checks.append(select(Project.id).where(Project.id == project_id,
                                               in_projects(actor_id, action, Project.id)))
    if workshop_id is not None:
        checks.append(select(Workshop.id).where(Workshop.id == workshop_id,
                                                in_workshops(actor_id, action, Workshop.id)))
    if participant_id is not None:
        checks.append(select(Participant.id).where(Participant.id == participant_id,
                                                   in_people(actor_id, action, Participant.id)))
    return all(db.session.scalar(check) is not None for check in checks)


def may_on_workshop(actor_id: int | None, action: Action, workshop_id: int) -> bool | None:
    """`may` for one workshop, None when there is no such workshop: one prepared query on the Core connection,
    because the busiest pages (a workshop, its attendance grid) ask it on every request, served from memory or
    not."""
    if not 0 < workshop_id <= LARGEST_ID:
        return None
    found = db.session.connection().execute(_WORKSHOP_CHECKS[reach(actor_id, action)],
                                            {"actor": actor_id, "workshop": workshop_id}).first()
    return None if found is None else bool(found[0])


#: Per scope, whether the workshop exists (a row) and lies within the actor's reach (its value).
_WORKSHOP_CHECKS = {scope: select(_in_reach(scope, bindparam("actor"), Workshop.id)).where(
    Workshop.id == bindparam("workshop")) for scope in (*Reach, None)}


def require(actor_id: int | None, action: Action, **objects) -> None:
    """Services call this before changing anything, so the web, the CLI and the API are held to one rule."""
    if not may(actor_id, action, **objects):
        raise NotPermitted(_("You may not do this here: it is outside the projects or workshops you work on."))


def permitted_people(actor_id: int | None, action: Action, participant_ids) -> set[int]:
    """Of these people, those the actor may act on, in one query (contacts on a page of search results)."""
    ids = list(participant_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Participant.id).where(Participant.id.in_(ids),
                                                               in_people(actor_id, action, Participant.id))))
