"""Importing a sheet into a workshop in the browser: upload, look at the preview, confirm."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from workshops.access.guard import allow
from workshops.access.policy import Action
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.forms import Form
from workshops.people import imports
from workshops.people.importing import template_rows
from workshops.people.models import ImportBatch
from workshops.reports.export_views import XLSX
from workshops.reports.exports import csv_text, xlsx_bytes
from workshops.training import services as training_services
from workshops.training.forms import ActionForm
from workshops.web import id_of, submit_form

bp = Blueprint("imports", __name__)


class UploadForm(Form):
    sheet = FileField(_l("Participant sheet (CSV or Excel)"), validators=[FileRequired(_l("Choose a file."))],
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
    return submit_form(form, "people/import_upload.html", lambda: imports.keep_upload(
        workshop, form.sheet.data.filename or "sheet.csv", form.sheet.data.read(), actor_id=current_user.id),
        success_url=lambda batch: url_for("imports.show_preview", batch_id=batch.id), workshop=workshop)


@bp.get("/imports/<int:batch_id>")
@allow(Action.RUN, on="import_batch")
def show_preview(batch_id: int):
    batch, workshop = _batch(batch_id)
    sheet, rows = imports.batch_preview(batch, workshop)
    return render_template("people/import_preview.html", batch=batch, workshop=workshop, sheet=sheet, rows=rows,
                           Verdict=imports.Verdict, form=ActionForm())


@bp.post("/imports/<int:batch_id>/confirm")
@allow(Action.RUN, on="import_batch")
def confirm(batch_id: int):
    batch, workshop = _batch(batch_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        result = imports.confirm(batch, workshop, actor_id=current_user.id, same_person=_answers())
    except DomainError as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        return redirect(url_for("imports.show_preview", batch_id=batch_id), 303)
    db.session.commit()
    flash(_("Imported: %(created)d new people, %(enrolled)d added to the list, %(skipped)d rows skipped.",
            created=result.created, enrolled=result.enrolled, skipped=result.skipped), "success")
    return redirect(url_for("training.show_workshop", workshop_id=workshop.id), 303)


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
