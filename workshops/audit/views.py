"""The audit trail for administrators: who changed what and when, filtered, on screen and as CSV.

Filters come from the query string, so a filtered page can be bookmarked and an object's page can link to
its history. Anything malformed there is a 400 naming the filter: the trail is evidence, and an admin who
typed a date wrong should be told so rather than shown a silently unfiltered (or empty) list.
"""
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from workshops.access.guard import LARGEST_ID, allow
from workshops.access.policy import Action
from workshops.audit.models import AuditEntry
from workshops.audit.services import TrailFilters, shown_details, subject_types, trail_query
from workshops.auth.models import User
from workshops.extensions import db
from workshops.spreadsheets import csv_text

bp = Blueprint("audit", __name__)

CSV_COLUMNS = ("at", "actor_email", "action", "subject_type", "subject_id", "details")
#: Subject types are table names; anything else in the query string names no kind of object.
SUBJECT_TYPE = re.compile(r"[a-z][a-z0-9_]{0,39}")
#: Rows fetched per round trip for the CSV, so a long trail is never loaded whole.
CSV_BATCH = 1000


@dataclass(frozen=True)
class TrailRow:
    """One entry as the page shows it: its time in UTC, and its details split into changes and the rest."""

    entry: AuditEntry
    at: datetime
    changes: dict
    others: dict


def _utc(moment: datetime) -> datetime:
    """SQLite hands back the naive UTC time the database stored; PostgreSQL an aware one in its session zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _row(entry: AuditEntry) -> TrailRow:
    details = shown_details(entry)
    changes = details.pop("changes", {})
    return TrailRow(entry=entry, at=_utc(entry.at), changes=changes, others=details)


def _whole_number(name: str, label: str, largest: int = LARGEST_ID) -> int | None:
    """A positive id from the query string; beyond 64 bits it names nothing and must not reach the database."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or not 0 < int(raw) <= largest:
        abort(400, _("%(filter)s must be a whole number from 1 up, not “%(value)s”.", filter=label, value=raw[:20]))
    return int(raw)


def _date(name: str, label: str) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        abort(400, _("%(filter)s must be a date written as YYYY-MM-DD, not “%(value)s”.", filter=label,
                     value=raw[:20]))


def _filters() -> TrailFilters:
    subject_type = request.args.get("subject_type", "").strip() or None
    if subject_type is not None and not SUBJECT_TYPE.fullmatch(subject_type):
        abort(400, _("There is no kind of object called “%(value)s”.", value=subject_type[:40]))
    filters = TrailFilters(actor_id=_whole_number("actor", _("Person")), subject_type=subject_type,
                           subject_id=_whole_number("subject_id", _("Object id")), since=_date("since", _("From")),
                           until=_date("until", _("To")))
    if filters.actor_id is not None and db.session.get(User, filters.actor_id) is None:
        abort(400, _("There is no user %(value)s.", value=filters.actor_id))
    if filters.since and filters.until and filters.since > filters.until:
        abort(400, _("The start date is after the end date."))
    return filters


def _query_args(filters: TrailFilters) -> dict:
    """The filters as query-string arguments, for the pagination and CSV links."""
    args = {"actor": filters.actor_id, "subject_type": filters.subject_type, "subject_id": filters.subject_id,
            "since": filters.since and filters.since.isoformat(), "until": filters.until and filters.until.isoformat()}
    return {name: value for name, value in args.items() if value is not None}


@bp.get("/audit")
@allow(Action.ADMINISTER)
def trail():
    filters = _filters()
    per_page = current_app.config["ITEMS_PER_PAGE"]
    page = db.paginate(trail_query(filters), page=_whole_number("page", _("Page"), LARGEST_ID // per_page) or 1,
                       per_page=per_page, error_out=False)
    users = db.session.scalars(select(User).order_by(User.full_name, User.id)).all()
    types = sorted({*subject_types(), *([filters.subject_type] if filters.subject_type else [])})
    return render_template("audit/trail.html", page=page, rows=[_row(entry) for entry in page.items],
                           filters=filters, query_args=_query_args(filters), users=users, subject_types=types)


@bp.get("/audit.csv")
@allow(Action.ADMINISTER)
def trail_csv():
    query = trail_query(_filters()).execution_options(yield_per=CSV_BATCH)
    rows = ([_utc(entry.at).isoformat(), entry.actor.email if entry.actor else "", entry.action, entry.subject_type,
             entry.subject_id, json.dumps(shown_details(entry), ensure_ascii=False, sort_keys=True)]
            for entry in db.session.scalars(query))
    return Response(csv_text(CSV_COLUMNS, rows), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=audit-trail.csv"})
