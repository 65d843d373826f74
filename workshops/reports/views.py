"""Per-country totals for donors: on screen and as CSV, with the same filters."""
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from workshops.access.guard import allow
from workshops.access.policy import Action, in_projects, may
from workshops.database import LARGEST_ID
from workshops.extensions import db
from workshops.programmes.models import Objective, Project
from workshops.programmes.services import objectives_for
from workshops.reports.services import COLUMNS, ReportFilters, country_totals, report_years
from workshops.spreadsheets import csv_text
from workshops.text import whole_number

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _filters() -> ReportFilters:
    """Filters from the query string; a malformed or unknown one is a 400, not an empty report."""
    values = {}
    for name, model in (("project", Project), ("objective", Objective)):
        raw = request.args.get(name, "").strip()
        if raw:
            identifier = whole_number(raw, LARGEST_ID, smallest=1)
            if identifier is None or db.session.get(model, identifier) is None:
                abort(400, _("Unknown %(filter)s: %(value)s.", filter=name, value=raw[:20]))
            values[name] = identifier
    typed_year = request.args.get("year", "").strip()
    year = whole_number(typed_year, date.today().year + 10, smallest=1900)
    if typed_year and year is None:
        abort(400, _("The year must be four digits, like 2017."))
    if (values.get("objective") and values.get("project")
            and db.session.get(Objective, values["objective"]).project_id != values["project"]):
        abort(400, _("That objective belongs to another project."))
    project_id = values.get("project") or (db.session.get(Objective, values["objective"]).project_id
                                           if values.get("objective") else None)
    if project_id is not None and not may(current_user.id, Action.SEE_TOTALS, project_id=project_id):
        abort(403)
    return ReportFilters(project_id=values.get("project"), objective_id=values.get("objective"),
                         year=year)


@bp.get("/countries")
@allow(Action.SEE_TOTALS)
def countries():
    filters = _filters()
    projects = db.session.scalars(select(Project).where(in_projects(current_user.id, Action.SEE_TOTALS, Project.id))
                                  .order_by(Project.title)).all()
    objectives = objectives_for(current_user.id, Action.SEE_TOTALS)
    return render_template("reports/countries.html",
                           totals=country_totals(filters, str(get_locale()), viewer_id=current_user.id),
                           filters=filters, projects=projects, objectives=objectives, years=report_years())


@bp.get("/countries.csv")
@allow(Action.SEE_TOTALS)
def countries_csv():
    totals = country_totals(_filters(), str(get_locale()), viewer_id=current_user.id)
    rows = [[getattr(row, column) for column in COLUMNS] for row in totals.rows]
    rows.append(["", _("Total"), *[getattr(totals.total, column) for column in COLUMNS[2:]]])
    return Response(csv_text(COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=totals-by-country.csv"})
