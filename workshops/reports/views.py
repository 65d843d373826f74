"""Per-country totals for donors: on screen and as CSV, with the same filters."""
from datetime import date

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from workshops.auth.permissions import REPORT_READERS, roles_required
from workshops.extensions import db
from workshops.programmes.models import Objective, Project
from workshops.reports.exports import csv_text
from workshops.reports.services import COLUMNS, ReportFilters, country_totals, report_years

bp = Blueprint("reports", __name__, url_prefix="/reports")


def _filters() -> ReportFilters:
    """Filters from the query string; a malformed or unknown one is a 400, not an empty report."""
    values = {}
    for name, model in (("project", Project), ("objective", Objective)):
        raw = request.args.get(name, "").strip()
        if raw:
            if not raw.isdigit() or db.session.get(model, int(raw)) is None:
                abort(400, _("Unknown %(filter)s: %(value)s.", filter=name, value=raw[:20]))
            values[name] = int(raw)
    year = request.args.get("year", "").strip()
    if year and not (year.isdigit() and 1900 <= int(year) <= date.today().year + 10):
        abort(400, _("The year must be four digits, like 2017."))
    if (values.get("objective") and values.get("project")
            and db.session.get(Objective, values["objective"]).project_id != values["project"]):
        abort(400, _("That objective belongs to another project."))
    return ReportFilters(project_id=values.get("project"), objective_id=values.get("objective"),
                         year=int(year) if year else None)


@bp.get("/countries")
@roles_required(*REPORT_READERS)
def countries():
    filters = _filters()
    projects = db.session.scalars(select(Project).order_by(Project.title)).all()
    objectives = db.session.scalars(select(Objective).order_by(Objective.project_id, Objective.number)).all()
    return render_template("reports/countries.html", totals=country_totals(filters, str(get_locale())),
                           filters=filters, projects=projects, objectives=objectives, years=report_years())


@bp.get("/countries.csv")
@roles_required(*REPORT_READERS)
def countries_csv():
    totals = country_totals(_filters(), str(get_locale()))
    rows = [[getattr(row, column) for column in COLUMNS] for row in totals.rows]
    rows.append(["", _("Total"), *[getattr(totals.total, column) for column in COLUMNS[2:]]])
    return Response(csv_text(COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=totals-by-country.csv"})
