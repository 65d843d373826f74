"""Spreadsheet downloads of participant lists: a workshop's, or the registry as searched."""
from flask import Blueprint, Response, abort, request
from flask_login import current_user

from workshops.auth.permissions import CONTACT_READERS
from workshops.people.services import search_query
from workshops.reports import participant_lists
from workshops.reports.exports import csv_text, xlsx_bytes
from workshops.training.services import workshop_with_details

bp = Blueprint("exports", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(header, rows, file_format: str, filename: str) -> Response:
    content, mimetype = (csv_text(header, rows), "text/csv") if file_format == "csv" else (xlsx_bytes(header, rows),
                                                                                             XLSX)
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={filename}.{file_format}"})


@bp.get("/workshops/<int:workshop_id>/participants.<any(csv, xlsx):file_format>")
def workshop_participants(workshop_id: int, file_format: str):
    workshop = workshop_with_details(workshop_id)
    if workshop is None:
        abort(404)
    contacts = current_user.has_role(*CONTACT_READERS)
    return _download(participant_lists.workshop_header(contacts), participant_lists.workshop_rows(workshop, contacts),
                     file_format, f"workshop-{workshop.id}-participants")


@bp.get("/participants.<any(csv, xlsx):file_format>")
def registry(file_format: str):
    contacts = current_user.has_role(*CONTACT_READERS)
    query = search_query(request.args.get("q", "").strip())
    return _download(participant_lists.registry_header(contacts),
                     participant_lists.registry_rows(query, contacts), file_format, "participants")
