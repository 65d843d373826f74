"""A person's rights, exercised by staff on their behalf: download everything held about them, or erase them."""
import io
import json

from flask import Blueprint, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import StringField, ValidationError
from wtforms.validators import InputRequired

from workshops.access.guard import allow
from workshops.access.policy import Action
from workshops.extensions import db
from workshops.forms import Form
from workshops.people import rights
from workshops.people.models import Participant
from workshops.people.personal_data_pdf import personal_data_pdf
from workshops.web import submit_form

bp = Blueprint("rights", __name__)

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
        form, "people/erase.html", lambda: rights.erase_participant(participant_id, actor_id=current_user.id),
        success_url=lambda _erasure: url_for("people.show_participant", participant_id=participant_id),
        success_message=lambda _erasure: _("The person's identity was erased. Their workshops and certificates "
                                           "still count in every total."),
        participant=participant, preview=rights.erasure_preview(participant_id), word=CONFIRMATION_WORD)
