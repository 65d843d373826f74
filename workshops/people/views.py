"""The participant registry: search, a person's record and history."""
from flask import Blueprint, current_app, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from workshops.access.guard import allow
from workshops.access.policy import Action, may
from workshops.audit.services import trail
from workshops.countries import country_name
from workshops.extensions import db
from workshops.page_cache import cached_page
from workshops.pages import participant_page
from workshops.people import services
from workshops.people.forms import EditParticipantForm
from workshops.people.models import Participant, RoleCategory
from workshops.web import page_number, query_text, submit_form

bp = Blueprint("people", __name__)


@bp.get("/participants")
@allow(Action.VIEW)
@cached_page
def list_participants():
    """The people of the viewer's projects or workshops; emails only of those whose contacts they may see.

    A page read often: two queries (the rows, with whose contacts show, and the count), and the role labels and
    country names translated once for the page rather than once per row.
    """
    query = query_text("q")
    page = services.registry_page(query, page_number(), current_app.config["ITEMS_PER_PAGE"],
                                  viewer_id=current_user.id)
    locale = str(get_locale())
    return render_template("people/participants.html", page=page, query=query,
                           show_contacts=may(current_user.id, Action.EDIT_PERSON),
                           roles={role: str(role.label) for role in RoleCategory},
                           countries={code: country_name(code, locale)
                                      for code in {person.country_code for person in page.items}})


@bp.get("/participants/<int:participant_id>")
@allow(Action.VIEW, on="participant")
def show_participant(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    return render_template("people/participant.html", participant=participant,
                           show_contacts=may(current_user.id, Action.EDIT_PERSON, participant_id=participant.id),
                           history=trail("participant", [participant.id]),
                           sections=participant_page.shown(participant_id=participant.id, viewer_id=current_user.id))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@allow(Action.EDIT_PERSON, on="participant")
def edit_participant(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    form = EditParticipantForm(obj=participant)
    return submit_form(form, "people/participant_form.html",
                       lambda: services.update_participant(participant, form.details(), actor_id=current_user.id,
                                                           expected_version=form.expected_version()),
                       success_url=lambda p: url_for("people.show_participant", participant_id=p.id),
                       success_message=lambda _p: _("Record saved."), participant=participant)
