"""Importing a sheet into a workshop in the browser: upload, look at the preview, confirm."""
from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from workshops.access.guard import allow
from workshops.access.policy import Action
from workshops.extensions import db
from workshops.forms import ActionForm, Form
from workshops.people.models import ImportBatch
from workshops.people.sheets import template_rows
from workshops.spreadsheets import XLSX, csv_text, xlsx_bytes
from workshops.training import services as training_services
from workshops.training import sheet_import
from workshops.web import id_of, submit_form

bp = Blueprint("imports", __name__)


class UploadForm(Form):
    sheet = FileField(_l("Participant sheet (CSV, tab-separated or Excel)"),
                      validators=[FileRequired(_l("Choose a file."))],
                      description=_l("Headers in English, French or Arabic; countries as codes or names."))


def _runnable_workshop(workshop_id: int):
    """The route's rule has checked that the workshop exists and that the user runs it."""
    return training_services.workshop_with_details(workshop_id)


def _batch(batch_id: int):
    batch = db.session.get(ImportBatch, batch_id)
    return batch, _runnable_workshop(batch.workshop_id)


@bp.route("/workshops/<int:workshop_id>/import", methods=["GET", "POST"])
@allow(Action.RUN, on="workshop")
def upload(workshop_id: int):
    workshop = _runnable_workshop(workshop_id)
    form = UploadForm()
    return submit_form(form, "training/import_upload.html", lambda: sheet_import.keep_upload(
        workshop, form.sheet.data.filename or "sheet.csv", form.sheet.data.read(), actor_id=current_user.id),
        success_url=lambda batch: url_for("imports.show_preview", batch_id=batch.id), workshop=workshop)


@bp.get("/imports/<int:batch_id>")
@allow(Action.RUN, on="import_batch")
def show_preview(batch_id: int):
    batch, workshop = _batch(batch_id)
    return _preview_page(batch, workshop, ActionForm(), 200)


def _preview_page(batch, workshop, form, status: int, answers=None):
    """The preview, with the user's answers to the proposals when a confirmation came back refused."""
    sheet, rows = sheet_import.batch_preview(batch, workshop, answers)
    return render_template("training/import_preview.html", batch=batch, workshop=workshop, sheet=sheet, rows=rows,
                           Verdict=sheet_import.Verdict, form=form), status


@bp.post("/imports/<int:batch_id>/confirm")
@allow(Action.RUN, on="import_batch")
def confirm(batch_id: int):
    batch, workshop = _batch(batch_id)
    form, answers = ActionForm(), _answers()
    return submit_form(
        form, None, lambda: sheet_import.confirm(batch, workshop, actor_id=current_user.id, same_person=answers),
        success_url=lambda _result: url_for("training.show_workshop", workshop_id=workshop.id),
        success_message=_imported,
        render=lambda status: _preview_page(batch, workshop, form, status, answers))


def _imported(result: sheet_import.ImportResult) -> str:
    return _("Imported: %(created)s, %(enrolled)s, %(skipped)s.",
             created=ngettext("%(num)d new person", "%(num)d new people", result.created),
             enrolled=ngettext("%(num)d added to the list", "%(num)d added to the list", result.enrolled),
             skipped=ngettext("%(num)d row skipped", "%(num)d rows skipped", result.skipped))


def _answers() -> dict[int, bool]:
    """The ticked and unticked "same person" boxes of the preview, by line."""
    ticked = set(request.form.getlist("same"))
    lines = {line: id_of(line) for line in request.form.getlist("proposed")}
    return {number: line in ticked for line, number in lines.items() if number is not None}


@bp.get("/participants/import-template.<any(csv, xlsx):file_format>")
@allow(Action.RUN)
def template(file_format: str):
    header, *rows = list(template_rows())
    if file_format == "csv":
        return Response(csv_text(header, rows), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=participants-template.csv"})
    return Response(xlsx_bytes(header, rows), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=participants-template.xlsx"})
