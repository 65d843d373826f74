"""Totals for project leads and donors: any filters, any split, on screen and as files to send."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import force_locale, get_locale
from flask_login import current_user

from workshops import dates
from workshops.access.guard import allow
from workshops.access.policy import Action, in_projects, may
from workshops.database import LARGEST_ID
from workshops.extensions import db
from workshops.programmes.models import Project
from workshops.programmes.services import objectives_for
from workshops.reports import exports
from workshops.reports.donor_pdf import donor_report
from workshops.reports.forms import TotalsForm
from workshops.reports.tables import filter_lines, grid, scope_name, table
from workshops.text import whole_number

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _question() -> tuple[TotalsForm, int]:
    """The form read from the query string, and the status to answer with: 403 for a project outside the
    viewer's scope (which is not even listed), 400 when the question does not hold."""
    asked = whole_number(request.args.get("project", ""), LARGEST_ID, smallest=1)
    if asked and db.session.get(Project, asked) and not may(current_user.id, Action.SEE_TOTALS, project_id=asked):
        abort(403)
    projects = db.session.scalars(db.select(Project).where(in_projects(current_user.id, Action.SEE_TOTALS,
                                                                       Project.id)).order_by(Project.title)).all()
    form = TotalsForm(request.args, projects=projects, objectives=objectives_for(current_user.id, Action.SEE_TOTALS),
                      locale=str(get_locale()))
    return form, 200 if form.validate() else 400


@bp.get("/totals")
@allow(Action.SEE_TOTALS)
def totals():
    form, status = _question()
    shown = None
    if status == 200:
        rows, columns = form.dimensions()
        shown = table(form.filters(), rows, columns, viewer_id=current_user.id, locale=str(get_locale()))
    return render_template("reports/totals.html", form=form, shown=shown,
                           grid=grid(shown, suppressed=form.suppress.data) if shown else None,
                           chart=exports.chart_of(shown, str(get_locale())) if shown else None), status


@bp.get("/totals.<any(csv, xlsx, pdf):file_format>")
@allow(Action.SEE_TOTALS)
def totals_file(file_format: str):
    """The table on screen as CSV, every donor split as a workbook, or the donor report as PDF in the language
    asked; the filters written at the top of each."""
    form, status = _question()
    if status != 200:
        return render_template("reports/totals.html", form=form, shown=None, grid=None, chart=None), status
    locale, filters = str(get_locale()), form.filters()
    filename = f"totals-{scope_name(filters)}-{dates.today().isoformat()}.{file_format}"
    if file_format == "csv":
        rows, columns = form.dimensions()
        shown = table(filters, rows, columns, viewer_id=current_user.id, locale=locale)
        content = exports.csv_report(filter_lines(filters, locale), grid(shown, suppressed=form.suppress.data))
        mimetype = "text/csv; charset=utf-8"
    elif file_format == "xlsx":
        content = exports.xlsx_report(filters, viewer_id=current_user.id, locale=locale,
                                      suppressed=form.suppress.data)
        mimetype = exports.XLSX
    else:
        with force_locale(form.language.data):
            content = donor_report(filters, viewer_id=current_user.id, locale=form.language.data,
                                   suppressed=form.suppress.data, today=dates.today())
        filename = filename.replace(".pdf", f"-{form.language.data}.pdf")
        mimetype = "application/pdf"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": f"attachment; filename={filename}"})
