"""Projects and objectives: recording what a programme promises its donors."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshops.access.models import ProjectAssignment
from workshops.access.policy import Action, in_projects, require
from workshops.audit.services import audited
from workshops.auth.models import Role, User
from workshops.countries import is_country
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.programmes.models import Objective, Project, ProjectCountry
from workshops.translated import columns
from workshops.versions import FormVersion, versioned

#: What the trail records of a project's and an objective's changes.
PROJECT_FIELDS = ("title", *columns("title"), "implementing_partners", "donors", "starts_on", "ends_on", "budget_usd",
                  "target_groups", "country_codes")
OBJECTIVE_FIELDS = ("number", "title", *columns("title"), "description")


@dataclass(frozen=True)
class ProjectDetails:
    title: str
    implementing_partners: list[str]
    donors: list[str]
    starts_on: date
    ends_on: date
    budget_usd: Decimal
    country_codes: list[str]
    target_groups: list[str]
    #: The title in French and in Arabic; empty when not given (workshops.translated).
    title_fr: str = ""
    title_ar: str = ""


@dataclass(frozen=True)
class ObjectiveDetails:
    number: int
    title: str
    description: str = ""
    title_fr: str = ""
    title_ar: str = ""


def list_projects(page: int, per_page: int, *, viewer_id: int | None):
    """The projects the viewer may open, newest first."""
    query = (select(Project).options(selectinload(Project.beneficiary_countries))
             .where(in_projects(viewer_id, Action.VIEW, Project.id)).order_by(Project.starts_on.desc(), Project.id))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def objectives_for(viewer_id: int | None, action: Action):
    """The objectives of the projects where the viewer may do `action`, with their project, for choosing one."""
    return db.session.scalars(select(Objective).join(Objective.project).options(selectinload(Objective.project))
                              .where(in_projects(viewer_id, action, Objective.project_id))
                              .order_by(Project.title, Objective.number)).all()


def create_project(details: ProjectDetails, *, actor_id: int | None) -> Project:
    """A new project; a lead who records it is assigned to it, or they could not open what they made."""
    require(actor_id, Action.CREATE_PROJECT)
    project = Project()
    with audited(actor_id, "project.created", project, PROJECT_FIELDS, creating=True):
        _apply(project, details)
        db.session.add(project)
    creator = db.session.get(User, actor_id) if actor_id is not None else None
    if creator is not None and creator.role == Role.LEAD:
        db.session.add(ProjectAssignment(user_id=creator.id, project_id=project.id, assigned_by_id=creator.id))
        db.session.flush()
    return project


def update_project(project: Project, details: ProjectDetails, *, actor_id: int | None,
                   expected_version: FormVersion | None = None) -> Project:
    """Refused if the project changed since the form was loaded at `expected_version` (see workshops.versions)."""
    require(actor_id, Action.EDIT_PROJECT, project_id=project.id)
    with versioned(actor_id, "project.updated", project, PROJECT_FIELDS, expected_version):
        _apply(project, details)
    return project


def _apply(project: Project, details: ProjectDetails) -> None:
    if details.ends_on < details.starts_on:
        raise DomainError(_("The end date is before the start date."), field="ends_on")
    unknown = [code for code in details.country_codes if not is_country(code)]
    if unknown:
        raise DomainError(_("Unknown country code: %(codes)s.", codes=", ".join(unknown)),
                          field="beneficiary_countries")
    same_title = select(Project.id).where(func.lower(Project.title) == details.title.lower())
    if project.id is not None:
        same_title = same_title.where(Project.id != project.id)
    if db.session.scalar(same_title) is not None:
        raise Conflict(_("Another project already has this title."), field="title")
    project.title, project.title_fr, project.title_ar = (details.title, details.title_fr.strip(),
                                                         details.title_ar.strip())
    project.implementing_partners = list(details.implementing_partners)
    project.donors = list(details.donors)
    project.starts_on, project.ends_on = details.starts_on, details.ends_on
    project.budget_usd = details.budget_usd
    project.target_groups = list(details.target_groups)
    wanted = sorted(set(details.country_codes))
    kept = {country.country_code: country for country in project.beneficiary_countries}
    project.beneficiary_countries = [kept.get(code) or ProjectCountry(country_code=code) for code in wanted]


def add_objective(project: Project, details: ObjectiveDetails, *, actor_id: int | None) -> Objective:
    require(actor_id, Action.EDIT_PROJECT, project_id=project.id)
    objective = Objective()
    with audited(actor_id, "objective.created", objective, OBJECTIVE_FIELDS, creating=True, project_id=project.id):
        _apply_objective(objective, project, details)
        objective.project = project
        db.session.add(objective)
    return objective


def update_objective(objective: Objective, details: ObjectiveDetails, *, actor_id: int | None,
                     expected_version: FormVersion | None = None) -> Objective:
    """Refused if the objective changed since the form was loaded at `expected_version`."""
    require(actor_id, Action.EDIT_PROJECT, project_id=objective.project_id)
    with versioned(actor_id, "objective.updated", objective, OBJECTIVE_FIELDS, expected_version):
        _apply_objective(objective, objective.project, details)
    return objective


def _apply_objective(objective: Objective, project: Project, details: ObjectiveDetails) -> None:
    taken = select(Objective.id).where(Objective.project_id == project.id, Objective.number == details.number)
    if objective.id is not None:
        taken = taken.where(Objective.id != objective.id)
    if db.session.scalar(taken) is not None:
        raise Conflict(_("This project already has an objective number %(number)d.", number=details.number),
                       field="number")
    objective.number, objective.title, objective.description = details.number, details.title, details.description
    objective.title_fr, objective.title_ar = details.title_fr.strip(), details.title_ar.strip()
