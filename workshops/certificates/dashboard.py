"""What the start page asks of certificates: the completers still waiting for one, by workshop, for those who
issue them. A plain function of ids, one GROUP BY whatever the number of workshops or people."""
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, in_workshops
from workshops.certificates.models import Certificate
from workshops.extensions import db
from workshops.programmes.models import Objective
from workshops.training.dashboard import SHOWN
from workshops.training.models import Enrolment, Workshop


@dataclass(frozen=True)
class ToIssue:
    #: Completers without a current certificate, across every workshop the user may certify.
    people: int
    #: How many workshops they completed.
    workshop_count: int
    #: (workshop, how many of its completers wait), the workshops with the most waiting first, at most SHOWN.
    workshops: list[tuple[Workshop, int]]


def certificates_to_issue(viewer_id: int, *, limit: int = SHOWN) -> ToIssue:
    """Completers of workshops the user may certify (cancelled ones aside) who hold no current certificate: the
    count per workshop in one GROUP BY, the totals over all of them beside the first rows (window sums)."""
    waiting = (
        select(Enrolment.workshop_id, func.count(Enrolment.id).label("people"))
        .join(Workshop, Workshop.id == Enrolment.workshop_id)
        .outerjoin(Certificate, (Certificate.enrolment_id == Enrolment.id) & Certificate.superseded_at.is_(None))
        .where(Enrolment.is_completed, Certificate.id.is_(None), Workshop.cancelled_at.is_(None),
               in_workshops(viewer_id, Action.CERTIFY, Enrolment.workshop_id))
        .group_by(Enrolment.workshop_id).subquery())
    rows = db.session.execute(
        select(Workshop, waiting.c.people, func.sum(waiting.c.people).over(), func.count().over())
        .join(waiting, waiting.c.workshop_id == Workshop.id)
        .options(joinedload(Workshop.objective).joinedload(Objective.project))
        .order_by(waiting.c.people.desc(), Workshop.ends_on, Workshop.id).limit(limit)).all()
    if not rows:
        return ToIssue(0, 0, [])
    return ToIssue(people=int(rows[0][2]), workshop_count=rows[0][3],
                   workshops=[(workshop, people) for workshop, people, _total, _count in rows])
