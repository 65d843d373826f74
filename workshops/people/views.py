"""The participant registry: search, a person's record and history."""
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.access.guard import allow
from workshops.access.policy import Action, may
from workshops.audit.services import trail
from workshops.certificates.services import certificates_by_enrolment
from workshops.extensions import db
from workshops.people import merging, services
from workshops.people.forms import MergeForm, ParticipantForm
from workshops.people.matching import namesakes_of
from workshops.people.models import Participant
from workshops.training.services import enrolments_of
from workshops.web import page_number, query_text, submit_form

bp = Blueprint("people", __name__)


@bp.get("/participants")
@allow(Action.VIEW)
def list_participants():
    """The people of the viewer's projects or workshops; emails only of those whose contacts they may see."""
    query = query_text("q")
    page = services.search_participants(query, page_number(),
                                        current_app.config["ITEMS_PER_PAGE"], viewer_id=current_user.id)
    return render_template("people/participants.html", page=page, query=query,
                           contacts=services.permitted_among(current_user.id, Action.EDIT_PERSON, page.items),
                           show_contacts=may(current_user.id, Action.EDIT_PERSON))


@bp.get("/participants/<int:participant_id>")
@allow(Action.VIEW, on="participant")
def show_participant(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    return render_template("people/participant.html", participant=participant,
                           enrolments=enrolments_of(participant.id, viewer_id=current_user.id),
                           certificates=certificates_by_enrolment(participant_id=participant.id),
                           show_contacts=may(current_user.id, Action.EDIT_PERSON, participant_id=participant.id),
                           history=trail("participant", [participant.id]))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@allow(Action.EDIT_PERSON, on="participant")
def edit_participant(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    form = ParticipantForm(obj=participant)
    return submit_form(form, "people/participant_form.html",
                       lambda: services.update_participant(participant, form.details(), actor_id=current_user.id),
                       success_url=lambda p: url_for("people.show_participant", participant_id=p.id),
                       success_message=lambda _p: _("Record saved."), participant=participant)


@bp.route("/participants/<int:participant_id>/merge", methods=["GET", "POST"])
@allow(Action.MERGE, on="participant")
def merge(participant_id: int):
    """Find the duplicate (proposed by name, or searched), compare the two records, then merge on confirmation.

    Only records the user may merge are proposed or found: both people must be on their projects' workshops.
    """
    keep = db.session.get(Participant, participant_id)
    form = MergeForm()
    chosen = request.values.get("duplicate_id", "")
    duplicate = services.participant_by_text_id(chosen)
    if chosen and (duplicate is None or not may(current_user.id, Action.MERGE, participant_id=duplicate.id)):
        abort(404)
    query = query_text("q")
    mergeable = [candidate for candidate in namesakes_of(keep) if candidate.person.id != keep.id]
    allowed = services.permitted_among(current_user.id, Action.MERGE, [candidate.person for candidate in mergeable])
    return submit_form(
        form, "people/merge.html",
        lambda: merging.merge_participants(keep.id, duplicate.id, actor_id=current_user.id),
        success_url=lambda result: url_for("people.show_participant", participant_id=result.kept.id),
        success_message=lambda result: _(
            "Records merged. Workshops moved: %(moved)d; workshops combined: %(combined)d.",
            moved=result.moved, combined=result.combined),
        keep=keep, duplicate=duplicate, query=query,
        namesakes=[candidate for candidate in mergeable if candidate.person.id in allowed],
        found=services.search_participants(query, 1, 10, viewer_id=current_user.id) if query else None,
        in_common=merging.workshops_in_common(keep, duplicate) if duplicate else [],
        enrolments={person.id: enrolments_of(person.id, viewer_id=current_user.id)
                    for person in (keep, duplicate) if person},
        show_contacts=True)
