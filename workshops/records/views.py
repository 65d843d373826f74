"""A person's whole record: merging a duplicate into it, and their rights exercised by staff on their behalf
(download everything held about them, or erase them)."""
import io
import json

from flask import Blueprint, abort, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, ValidationError
from wtforms.validators import InputRequired

from workshops.access.guard import allow
from workshops.access.policy import Action, may
from workshops.extensions import db
from workshops.forms import Form
from workshops.people import services as people_services
from workshops.people.forms import MergeForm
from workshops.people.matching import namesakes_of
from workshops.people.models import Participant
from workshops.records import merging, rights
from workshops.records.personal_data_pdf import personal_data_pdf
from workshops.training.services import enrolments_of
from workshops.web import query_text, submit_form

bp = Blueprint("records", __name__)

#: The word typed to confirm an erasure: a deliberate act, harder to make by a stray click than a checkbox.
CONFIRMATION_WORD = "ERASE"
DOWNLOAD_TYPES = {"json": "application/json", "pdf": "application/pdf"}


class EraseForm(Form):
    confirmation = StringField(_l("Type %(word)s to confirm", word=CONFIRMATION_WORD), validators=[InputRequired()],
                               render_kw={"autocomplete": "off", "spellcheck": "false"})

    def validate_confirmation(self, field) -> None:
        if field.data.strip() != CONFIRMATION_WORD:
            raise ValidationError(_l("Type %(word)s, in capitals, to confirm.", word=CONFIRMATION_WORD))


@bp.get("/participants/<int:participant_id>/personal-data.<any(json, pdf):file_format>")
@allow(Action.EXPORT_PERSONAL_DATA, on="participant")
def export_personal_data(participant_id: int, file_format: str):
    """A download, never shown inline or cached: the file holds the person's contacts and whole history."""
    data = rights.personal_data(participant_id)
    if file_format == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    else:
        content = personal_data_pdf(data)
    rights.record_export(participant_id, file_format, actor_id=current_user.id)
    db.session.commit()
    response = send_file(io.BytesIO(content), mimetype=DOWNLOAD_TYPES[file_format], as_attachment=True,
                         download_name=f"personal-data-{participant_id}.{file_format}")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@allow(Action.ERASE_PERSON, on="participant")
def erase(participant_id: int):
    """Shows what is kept and what goes before anything happens; the erasure itself is people.rights'."""
    participant = db.session.get(Participant, participant_id)
    form = EraseForm()
    return submit_form(
        form, "records/erase.html", lambda: rights.erase_participant(participant_id, actor_id=current_user.id),
        success_url=lambda _erasure: url_for("people.show_participant", participant_id=participant_id),
        success_message=lambda _erasure: _("The person's identity was erased. Their workshops and certificates "
                                           "still count in every total."),
        participant=participant, preview=rights.erasure_preview(participant_id), word=CONFIRMATION_WORD)


@bp.route("/participants/<int:participant_id>/merge", methods=["GET", "POST"])
@allow(Action.MERGE, on="participant")
def merge(participant_id: int):
    """Find the duplicate (proposed by name, or searched), compare the two records, then merge on confirmation.

    Only records the user may merge are proposed or found: both people must be on their projects' workshops.
    """
    keep = db.session.get(Participant, participant_id)
    form = MergeForm()
    chosen = request.values.get("duplicate_id", "")
    duplicate = people_services.participant_by_text_id(chosen)
    if chosen and (duplicate is None or not may(current_user.id, Action.MERGE, participant_id=duplicate.id)):
        abort(404)
    query = query_text("q")
    mergeable = [candidate for candidate in namesakes_of(keep) if candidate.person.id != keep.id]
    allowed = people_services.permitted_among(current_user.id, Action.MERGE,
                                              [candidate.person for candidate in mergeable])
    return submit_form(
        form, "records/merge.html",
        lambda: merging.merge_participants(keep.id, duplicate.id, actor_id=current_user.id),
        success_url=lambda result: url_for("people.show_participant", participant_id=result.kept.id),
        success_message=lambda result: _(
            "Records merged. Workshops moved: %(moved)d; workshops combined: %(combined)d.",
            moved=result.moved, combined=result.combined),
        keep=keep, duplicate=duplicate, query=query,
        namesakes=[candidate for candidate in mergeable if candidate.person.id in allowed],
        found=people_services.search_participants(query, 1, 10, viewer_id=current_user.id) if query else None,
        in_common=merging.workshops_in_common(keep, duplicate) if duplicate else [],
        enrolments={person.id: enrolments_of(person.id, viewer_id=current_user.id)
                    for person in (keep, duplicate) if person},
        show_contacts=True)
