"""Sending certificates by email: start a run, follow its progress, retry what failed, send one again."""
from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from workshops import jobs
from workshops.access.guard import allow
from workshops.access.policy import Action
from workshops.certificates import delivery, services
from workshops.certificates.delivery_models import DeliveryRun
from workshops.extensions import db
from workshops.forms import ActionForm
from workshops.training.models import Workshop
from workshops.web import button_action, id_argument

bp = Blueprint("delivery", __name__)
#: The counts the page shows and its script updates, in order.
COUNTS = ("sent", "failed", "no_address", "remaining")


def _shown_run(workshop_id: int) -> DeliveryRun | None:
    """The run named by ?run=, or the workshop's latest; a run of another workshop is a 404, not a leak."""
    run_id = id_argument("run")
    run = delivery.run_of(workshop_id, run_id)
    if run is None and run_id is not None:
        abort(404)
    return run


def _page_url(workshop_id: int, run: DeliveryRun | None = None) -> str:
    return url_for("delivery.page", workshop_id=workshop_id, run=run.id if run else None)


@bp.get("/workshops/<int:workshop_id>/certificates/delivery")
@allow(Action.CERTIFY, on="workshop")
def page(workshop_id: int):
    """The latest run's progress (or the one asked for), its failures, and earlier runs; a script keeps the counts
    current while it runs, and without it the Refresh link does."""
    workshop = db.session.get(Workshop, workshop_id)
    run = _shown_run(workshop.id)
    runs = delivery.runs_of(workshop.id)
    progress = delivery.progress_of(list({each.id for each in runs} | ({run.id} if run else set())))
    return render_template("certificates/delivery.html", workshop=workshop, run=run, runs=runs, progress=progress,
                           problems=delivery.problems_of(run.id) if run else [], counts_shown=COUNTS,
                           holders=delivery.holders_of(workshop.id), action_form=ActionForm())


@bp.get("/workshops/<int:workshop_id>/certificates/delivery.json")
@allow(Action.CERTIFY, on="workshop")
def progress(workshop_id: int):
    """What the page's script polls: the shown run's counts, as numbers and as the page writes them."""
    run = _shown_run(workshop_id)
    if run is None:
        return jsonify(run=None)
    counts = delivery.progress_of([run.id])[run.id]
    numbers = {name: getattr(counts, name) for name in (*COUNTS, "total")}
    return jsonify(run=run.id, finished=counts.finished, counts=numbers,
                   shown={name: format_number(number) for name, number in numbers.items()})


@bp.post("/workshops/<int:workshop_id>/certificates/delivery")
@allow(Action.CERTIFY, on="workshop")
def start(workshop_id: int):
    response = button_action(ActionForm(), lambda: _queued(delivery.start_for_workshop(
        workshop_id, actor_id=current_user.id)), _page_url(workshop_id),
        _("Sending has started: the counts below follow it."))
    jobs.start_waiting()
    return response


@bp.post("/workshops/<int:workshop_id>/certificates/delivery/retry")
@allow(Action.CERTIFY, on="workshop")
def retry(workshop_id: int):
    """Retry the shown run (?run=, else the latest): its failures, and anything a stopped job left waiting."""
    run = _shown_run(workshop_id)
    if run is None:
        abort(404)
    response = button_action(ActionForm(), lambda: _queued(delivery.retry(run.id, actor_id=current_user.id)),
                             _page_url(workshop_id, run), _("Sending again what had not gone out."))
    jobs.start_waiting()
    return response


@bp.post("/certificates/<serial>/send")
@allow(Action.CERTIFY, on="certificate")
def send_again(serial: str):
    """Email one certificate to its holder again; the page that follows shows that one-person run."""
    certificate = services.find_by_serial(serial)
    response = button_action(ActionForm(), lambda: _queued(delivery.send_again(certificate.id,
                                                                               actor_id=current_user.id)),
                             _page_url(certificate.enrolment.workshop_id),
                             _("Sending certificate %(serial)s to its holder.", serial=certificate.serial))
    jobs.start_waiting()
    return response


def _queued(run: DeliveryRun) -> DeliveryRun:
    """The run's job, started once button_action has committed the rows it reads."""
    jobs.later(delivery.deliver_run, run.id)
    return run
