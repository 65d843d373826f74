"""What the certificates area adds to lower areas' pages (workshops.pages): the certificates to issue on the start
page, a workshop's certificates, a person's."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, may
from workshops.certificates import delivery
from workshops.certificates.dashboard import certificates_to_issue
from workshops.certificates.services import certificates_by_enrolment
from workshops.extensions import db
from workshops.pages import dashboard, participant_page, workshop_page
from workshops.people.models import Participant
from workshops.training.dashboard import certifies_any
from workshops.training.models import Enrolment


@dashboard.add("certificates/_dashboard_to_issue.html", order=25)
def _to_issue(viewer_id: int | None, **_page) -> dict | None:
    """For those who issue certificates: the completers still waiting for one, by workshop."""
    if viewer_id is None or not certifies_any(viewer_id):
        return None
    return {"to_issue": certificates_to_issue(viewer_id)}


@workshop_page.add("certificates/_workshop_certificates.html", order=30)
def _workshop_certificates(workshop_id: int, viewer_id: int | None, **_page) -> dict | None:
    """Each completer with their current certificate, or the button that issues it; before anyone completed, what
    it takes to earn one."""
    completers = db.session.scalars(
        select(Enrolment).join(Enrolment.participant).options(joinedload(Enrolment.participant))
        .where(Enrolment.workshop_id == workshop_id, Enrolment.is_completed)
        .order_by(Participant.family_name, Participant.given_name, Enrolment.id)).all()
    certificates = certificates_by_enrolment(workshop_id=workshop_id)
    return {"workshop_id": workshop_id, "completers": completers, "certificates": certificates,
            "can_certify": may(viewer_id, Action.CERTIFY, workshop_id=workshop_id)}


@participant_page.add("certificates/_person_certificates.html", order=60)
def _person_certificates(participant_id: int, viewer_id: int | None, **_page) -> dict | None:
    """A person's page lists their certificates on every workshop the viewer may open, with "Send again" where the
    viewer may certify."""
    held = delivery.certificates_of_person(participant_id, viewer_id=viewer_id)
    return {"certificates": held} if held else None
