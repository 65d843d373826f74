"""Every route declares who may open it: `@public`, or `@allow(action, on=...)` checked before the view runs.

`on` names the object the URL points at (a workshop, an enrolment, a certificate...) and finds where it lives
in the permission model's terms: its project, its workshop or its person. A missing object is a 404; an
object outside the user's scope is a 403. tests/test_access_matrix.py fails for any route declaring neither.
"""
import functools
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from workshops.access.policy import Action, may, may_on_workshop
from workshops.database import LARGEST_ID
from workshops.extensions import db

#: Finds, from the view's URL arguments, the ids `may` checks; None when the object does not exist.
Locator = Callable[[dict], dict | None]


@dataclass(frozen=True)
class Rule:
    #: None: any signed-in user, whatever their role or scope.
    action: Action | None
    on: str | None


def signed_in(view):
    """Any signed-in user (logging out); login itself is still required, as everywhere."""
    view.access_rule = Rule(None, None)
    return view


def public(view):
    """Open without login: login, health check, static files, public verification, self-registration."""
    view.is_public = True
    return view


def allow(action: Action, on: str | None = None):
    """Refuse with 403 unless the current user may do `action` on the object named by `on` (see LOCATORS)."""
    locate = LOCATORS[on] if on else None

    def decorate(view):
        @functools.wraps(view)
        def guarded(**kwargs):
            if on == "workshop":  # the busiest pages: found and permitted in one query
                allowed = may_on_workshop(current_user.id, action, kwargs["workshop_id"])
            else:
                objects = locate(kwargs) if locate else {}
                allowed = None if objects is None else may(current_user.id, action, **objects)
            if allowed is None:
                abort(404)
            if not allowed:
                abort(403)
            return view(**kwargs)

        guarded.access_rule = Rule(action, on)
        return guarded

    return decorate


def _workshop(kwargs):
    from workshops.training.models import Workshop

    return _if_found(Workshop, kwargs["workshop_id"], lambda workshop: {"workshop_id": workshop.id})


def _enrolment(kwargs):
    from workshops.training.models import Enrolment

    return _if_found(Enrolment, kwargs["enrolment_id"], lambda enrolment: {"workshop_id": enrolment.workshop_id})


def _registration(kwargs):
    from workshops.training.models import Registration

    return _if_found(Registration, kwargs["registration_id"],
                     lambda registration: {"workshop_id": registration.link.workshop_id})


def _import_batch(kwargs):
    from workshops.people.models import ImportBatch

    return _if_found(ImportBatch, kwargs["batch_id"], lambda batch: {"workshop_id": batch.workshop_id})


def _certificate(kwargs):
    from workshops.certificates.models import Certificate
    from workshops.certificates.serials import normalise
    from workshops.training.models import Enrolment

    serial = normalise(kwargs["serial"])
    workshop_id = serial and db.session.scalar(select(Enrolment.workshop_id).join(Certificate)
                                               .where(Certificate.serial == serial))
    return {"workshop_id": workshop_id} if workshop_id else None


def _project(kwargs):
    from workshops.programmes.models import Project

    return _if_found(Project, kwargs["project_id"], lambda project: {"project_id": project.id})


def _objective(kwargs):
    from workshops.programmes.models import Objective

    return _if_found(Objective, kwargs["objective_id"], lambda objective: {"project_id": objective.project_id})


def _participant(kwargs):
    from workshops.people.models import Participant

    return _if_found(Participant, kwargs["participant_id"], lambda participant: {"participant_id": participant.id})


def _user(kwargs):
    from workshops.auth.models import User

    return _if_found(User, kwargs["user_id"], lambda _user: {})


def _if_found(model, identifier: int, where: Callable) -> dict | None:
    found = db.session.get(model, identifier) if 0 < identifier <= LARGEST_ID else None
    return where(found) if found is not None else None


LOCATORS: dict[str, Locator] = {
    "workshop": _workshop, "enrolment": _enrolment, "registration": _registration, "import_batch": _import_batch,
    "certificate": _certificate, "project": _project, "objective": _objective, "participant": _participant,
    "user": _user,
}
