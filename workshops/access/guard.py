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

#: From the view's URL arguments, the user and the action: whether they may, or None when the object does not exist.
Locator = Callable[[dict, int | None, Action], bool | None]


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
            allowed = locate(kwargs, current_user.id, action) if locate else may(current_user.id, action)
            if allowed is None:
                abort(404)
            if not allowed:
                abort(403)
            return view(**kwargs)

        guarded.access_rule = Rule(action, on)
        return guarded

    return decorate


def _then_may(find: Callable[[dict], dict | None]) -> Locator:
    """A locator from a function that finds the ids `may` checks (None when the object does not exist)."""
    def locate(kwargs: dict, actor_id: int | None, action: Action) -> bool | None:
        objects = find(kwargs)
        return None if objects is None else may(actor_id, action, **objects)
    return locate


def _workshop(kwargs: dict, actor_id: int | None, action: Action) -> bool | None:
    """The busiest pages (a workshop, its attendance grid): found and permitted in one query."""
    return may_on_workshop(actor_id, action, kwargs["workshop_id"])


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


LOCATORS: dict[str, Locator] = {"workshop": _workshop, **{on: _then_may(find) for on, find in {
    "enrolment": _enrolment, "registration": _registration, "import_batch": _import_batch,
    "certificate": _certificate, "project": _project, "objective": _objective, "participant": _participant,
    "user": _user}.items()}}
