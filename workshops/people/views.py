"""The participant registry: search, a person's record and history."""
from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.audit.services import trail
from workshops.auth.models import Role
from workshops.auth.permissions import CONTACT_READERS, roles_required
from workshops.certificates.services import certificates_by_enrolment
from workshops.extensions import db
from workshops.people import merging, services
from workshops.people.forms import MergeForm, ParticipantForm
from workshops.people.matching import namesakes_of
from workshops.people.models import Participant
from workshops.training.services import enrolments_of
from workshops.web import submit_form

bp = Blueprint("people", __name__)


@bp.get("/participants")
def list_participants():
    query = request.args.get("q", "").strip()
    page = services.search_participants(query, request.args.get("page", 1, type=int),
                                        current_app.config["ITEMS_PER_PAGE"])
    return render_template("people/participants.html", page=page, query=query,
                           show_contacts=current_user.has_role(*CONTACT_READERS))


@bp.get("/participants/<int:participant_id>")
def show_participant(participant_id: int):
    participant = db.get_or_404(Participant, participant_id)
    return render_template("people/participant.html", participant=participant,
                           enrolments=enrolments_of(participant.id),
                           certificates=certificates_by_enrolment(participant_id=participant.id),
                           show_contacts=current_user.has_role(*CONTACT_READERS),
                           history=trail("participant", [participant.id]))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.TRAINER)
def edit_participant(participant_id: int):
    participant = db.get_or_404(Participant, participant_id)
    form = ParticipantForm(obj=participant)
    return submit_form(form, "people/participant_form.html",
                       lambda: services.update_participant(participant, form.details()),
                       success_url=lambda p: url_for("people.show_participant", participant_id=p.id),
                       success_message=lambda _p: _("Record saved."), participant=participant)


@bp.route("/participants/<int:participant_id>/merge", methods=["GET", "POST"])
@roles_required(*merging.MERGERS)
def merge(participant_id: int):
    """Find the duplicate (proposed by name, or searched), compare the two records, then merge on confirmation."""
    keep = db.get_or_404(Participant, participant_id)
    form = MergeForm()
    chosen = request.values.get("duplicate_id", "")
    duplicate = db.session.get(Participant, int(chosen)) if chosen.isdigit() else None
    if chosen and duplicate is None:
        abort(404)
    query = request.args.get("q", "").strip()
    return submit_form(
        form, "people/merge.html", lambda: merging.merge_participants(keep, duplicate, actor=current_user),
        success_url=lambda result: url_for("people.show_participant", participant_id=result.kept.id),
        success_message=lambda result: _(
            "Records merged. Workshops moved: %(moved)d; workshops combined: %(combined)d.",
            moved=result.moved, combined=result.combined),
        keep=keep, duplicate=duplicate, query=query,
        namesakes=[candidate for candidate in namesakes_of(keep) if candidate.person.id != keep.id],
        found=services.search_participants(query, 1, 10) if query else None,
        in_common=merging.workshops_in_common(keep, duplicate) if duplicate else [],
        enrolments={person.id: enrolments_of(person.id) for person in (keep, duplicate) if person},
        show_contacts=current_user.has_role(*CONTACT_READERS))
