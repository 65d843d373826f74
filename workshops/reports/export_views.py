"""Spreadsheet downloads of participant lists: a workshop's, or the registry as searched."""
from flask import Blueprint, Response
from flask_login import current_user

from workshops.access.guard import allow
from workshops.access.policy import Action, in_people, may
from workshops.people.models import Participant
from workshops.people.services import search_query
from workshops.reports import participant_lists
from workshops.spreadsheets import XLSX, csv_text, xlsx_bytes
from workshops.training.services import workshop_with_details
from workshops.web import query_text

bp = Blueprint("exports", __name__)


def _download(header, rows, file_format: str, filename: str) -> Response:
    content, mimetype = (csv_text(header, rows), "text/csv") if file_format == "csv" else (xlsx_bytes(header, rows),
                                                                                             XLSX)
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={filename}.{file_format}"})


@bp.get("/workshops/<int:workshop_id>/participants.<any(csv, xlsx):file_format>")
@allow(Action.VIEW, on="workshop")
def workshop_participants(workshop_id: int, file_format: str):
    """A workshop's list; with emails and phones for those who run it, without for everyone else."""
    workshop = workshop_with_details(workshop_id)
    contacts = may(current_user.id, Action.EDIT_PERSON, workshop_id=workshop.id)
    return _download(participant_lists.workshop_header(contacts), participant_lists.workshop_rows(workshop, contacts),
                     file_format, f"workshop-{workshop.id}-participants")


@bp.get("/participants.<any(csv, xlsx):file_format>")
@allow(Action.VIEW)
def registry(file_format: str):
    """The registry as the user may see it, searched; contacts only of the people whose contacts they may see."""
    contacts = may(current_user.id, Action.EDIT_PERSON)
    query = search_query(query_text("q"), viewer_id=current_user.id)
    shown = in_people(current_user.id, Action.EDIT_PERSON, Participant.id)
    return _download(participant_lists.registry_header(contacts),
                     participant_lists.registry_rows(query, contacts and shown), file_format, "participants")
