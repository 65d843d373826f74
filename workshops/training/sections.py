"""What training adds to the pages of the areas below it (workshops.pages): the workshops a user trains on the
start page, a project's workshops, a person's."""
from flask import current_app
from sqlalchemy import func, select

from workshops.access.policy import Action, in_workshops
from workshops.extensions import db
from workshops.pages import dashboard, participant_page, project_page
from workshops.programmes.models import Objective
from workshops.training.models import Workshop
from workshops.training.services import WorkshopFilters, enrolment_counts, enrolments_of, list_workshops
from workshops.web import page_number

#: The nearest workshops a trainer sees first on the start page; the Workshops page lists them all.
SHOWN_ON_START_PAGE = 10


@dashboard.add("training/_dashboard_workshops.html", order=10)
def _workshops_trained(viewer_id: int | None, **_page) -> dict | None:
    trained = list_workshops(WorkshopFilters(trainer_id=viewer_id), 1, SHOWN_ON_START_PAGE, viewer_id=viewer_id).items
    return {"workshops": trained} if trained else None


@participant_page.add("training/_person_workshops.html", order=40)
def _person_workshops(participant_id: int, viewer_id: int | None, **_page) -> dict:
    """Every workshop of the person's that the viewer may open; the empty list says so rather than vanishing."""
    return {"enrolments": enrolments_of(participant_id, viewer_id=viewer_id)}


@project_page.add("training/_project_workshops.html", order=40)
def _project_workshops(project_id: int, viewer_id: int | None, **_page) -> dict:
    """The project's workshops the viewer may open, a page at a time, and how many serve each objective."""
    workshops = list_workshops(WorkshopFilters(project_id=project_id), page_number(),
                               current_app.config["ITEMS_PER_PAGE"], viewer_id=viewer_id)
    return {"project_id": project_id, "workshops": workshops,
            "counts": enrolment_counts([workshop.id for workshop in workshops.items]),
            "per_objective": workshops_per_objective(project_id, viewer_id=viewer_id)}


def workshops_per_objective(project_id: int, *, viewer_id: int | None) -> list[tuple[Objective, int]]:
    """Each objective of the project with how many workshops the viewer may open serve it, in one GROUP BY."""
    visible = (select(Workshop.objective_id, func.count(Workshop.id).label("count"))
               .where(in_workshops(viewer_id, Action.VIEW, Workshop.id)).group_by(Workshop.objective_id).subquery())
    return db.session.execute(select(Objective, func.coalesce(visible.c.count, 0))
                              .outerjoin(visible, visible.c.objective_id == Objective.id)
                              .where(Objective.project_id == project_id).order_by(Objective.number)).all()
