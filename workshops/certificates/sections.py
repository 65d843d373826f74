"""What the certificates area adds to lower areas' pages (workshops.pages): a workshop's certificates, a person's."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from workshops.access.policy import Action, may
from workshops.certificates import delivery
from workshops.certificates.services import certificates_by_enrolment
from workshops.extensions import db
from workshops.pages import participant_page, workshop_page
from workshops.people.models import Participant
from workshops.training.models import Enrolment


@workshop_page.add("certificates/_workshop_certificates.html", order=30)
def _workshop_certificates(workshop_id: int, viewer_id: int | None, **_page) -> dict | None:
    """Each completer with their current certificate, or the button that issues it; nothing before anyone completed
    and nobody holds one."""
    completers = db.session.scalars(
        select(Enrolment).join(Enrolment.participant).options(joinedload(Enrolment.participant))
        .where(Enrolment.workshop_id == workshop_id, Enrolment.is_completed)
        .order_by(Participant.family_name, Participant.given_name, Enrolment.id)).all()
    certificates = certificates_by_enrolment(workshop_id=workshop_id)
    if not completers and not certificates:
        return None
    return {"workshop_id": workshop_id, "completers": completers, "certificates": certificates,
            "can_certify": may(viewer_id, Action.CERTIFY, workshop_id=workshop_id)}


@participant_page.add("certificates/_person_certificates.html", order=60)
def _person_certificates(participant_id: int, viewer_id: int | None, **_page) -> dict | None:
    """A person's page lists their certificates on every workshop the viewer may open, with "Send again" where the
    viewer may certify."""
    held = delivery.certificates_of_person(participant_id, viewer_id=viewer_id)
    return {"certificates": held} if held else None
