"""What training adds to the pages of the areas below it (workshops.pages): on the start page a trainer's next
workshop with what its records lack and the workshops waiting to be closed; a project's workshops, a person's."""
from flask import current_app
from sqlalchemy import func, select

from workshops import dates
from workshops.access.policy import Action, in_workshops
from workshops.extensions import db
from workshops.pages import dashboard, participant_page, project_page
from workshops.programmes.models import Objective
from workshops.training.dashboard import awaiting_close, certifies_any, trainer_overview
from workshops.training.models import Workshop
from workshops.training.services import WorkshopFilters, enrolment_counts, enrolments_of, list_workshops
from workshops.web import page_number


@dashboard.add("training/_dashboard_trainer.html", order=10)
def _trainer_overview(viewer_id: int | None, **_page) -> dict | None:
    """A trainer's next workshop and what its records lack, then their other open workshops."""
    overview = trainer_overview(viewer_id, dates.today()) if viewer_id is not None else None
    return {"overview": overview} if overview else None


@dashboard.add("training/_dashboard_awaiting_close.html", order=20)
def _awaiting_close(viewer_id: int | None, **_page) -> dict | None:
    """For those who close workshops: the ended ones still open, the longest waiting first."""
    if viewer_id is None or not certifies_any(viewer_id):
        return None
    return {"waiting": awaiting_close(viewer_id, dates.today())}


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
