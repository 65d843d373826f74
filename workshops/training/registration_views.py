"""Self-registration pages: the coordinator's link, the public form, and the trainers' approvals.

Every view that changes something goes through web.submit_form (forms) or web.button_action (buttons).
"""
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.access.guard import allow, public
from workshops.access.policy import Action
from workshops.extensions import db, limiter
from workshops.forms import ActionForm
from workshops.training import registration, services
from workshops.training.forms import PublicRegistrationForm, RegistrationLinkForm
from workshops.training.models import Registration
from workshops.web import button_action, id_of, submit_form

bp = Blueprint("registration", __name__)


def _workshop_or_404(workshop_id: int):
    workshop = services.workshop_with_details(workshop_id)
    if workshop is None:
        abort(404)
    return workshop


@bp.route("/workshops/<int:workshop_id>/registration-link", methods=["GET", "POST"])
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def manage_link(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    link = registration.link_of(workshop.id)
    form = RegistrationLinkForm(obj=link, starts_on=link.opens_on if link else date.today(),
                                ends_on=link.closes_on if link else workshop.starts_on)
    return submit_form(form, "training/registration_link.html", lambda: registration.open_link(
        workshop, form.starts_on.data, form.ends_on.data, form.capacity.data, actor_id=current_user.id),
        success_url=lambda _link: url_for("registration.manage_link", workshop_id=workshop.id),
        success_message=lambda _link: _("Registration link open."), workshop=workshop, link=link,
        state=registration.state(link, date.today()) if link else None, close_form=ActionForm())


@bp.post("/workshops/<int:workshop_id>/registration-link/close")
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def close_link(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    return button_action(ActionForm(), lambda: registration.close_link(workshop, actor_id=current_user.id),
                         url_for("registration.manage_link", workshop_id=workshop.id), _("Registration closed."))


@bp.route("/register/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["REGISTRATION_RATE_LIMIT"], methods=["POST"])
def register(token: str):
    """The public form. A filled honeypot gets the same thanks as a person, and nothing is saved."""
    link = registration.link_by_token(token)
    if link is None:
        abort(404)
    state = registration.state(link, date.today())
    if state != registration.LinkState.OPEN:
        return render_template("training/register_closed.html", link=link,
                               message=registration.REFUSALS[state]()), 410 if state == "closed" else 409
    form = PublicRegistrationForm()
    if form.is_submitted() and form.website.data:
        return render_template("training/register_thanks.html", link=link)
    return submit_form(form, "training/register.html", lambda: registration.register(
        link, form.details(), consented=form.consent.data, today=date.today()),
        success_url=lambda _registration: url_for("registration.thanks", token=token), link=link)


@bp.get("/register/<token>/thanks")
@public
def thanks(token: str):
    link = registration.link_by_token(token)
    if link is None:
        abort(404)
    return render_template("training/register_thanks.html", link=link)


@bp.get("/workshops/<int:workshop_id>/registrations")
@allow(Action.RUN, on="workshop")
def list_registrations(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    registrations = registration.registrations_of(workshop.id)
    return render_template("training/registrations.html", workshop=workshop, action_form=ActionForm(),
                           registrations=registrations,
                           namesakes=registration.namesakes_by_registration(registrations))


@bp.post("/registrations/<int:registration_id>/<any(approve, reject):decision>")
@allow(Action.RUN, on="registration")
def decide(registration_id: int, decision: str):
    """Approve or reject. `same_as` is the registry person the trainer recognised in the registration, if they
    chose one (the service checks that it is one of those proposed)."""
    pending = db.session.get(Registration, registration_id)
    return button_action(
        ActionForm(), lambda: registration.decide(pending, decision == "approve", actor_id=current_user.id,
                                                  same_as_id=id_of(request.form.get("same_as")),
                                                  new_person_confirmed=request.form.get("new_person") == "1"),
        url_for("registration.list_registrations", workshop_id=pending.link.workshop_id),
        _("Registration approved: added to the list.") if decision == "approve" else _("Registration rejected."))
