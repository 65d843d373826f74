"""What every form view shares: validate, call one service, commit once, redirect; or show the errors in place."""
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter

from workshops.database import LARGEST_ID
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.text import problem, whole_number

#: Beyond this a page number would only overflow the database's OFFSET; no list is that long.
MAXIMUM_PAGE = 10**9


def submit_form(form: FlaskForm, template: str | None, action: Callable[[], Any], *,
                success_url: Callable[[Any], str], success_message: Callable[[Any], str] | None = None,
                render: Callable[[int], Any] | None = None, **context):
    """Run `action` (a service call) on a valid POST and commit; re-render with 422 or the refusal's status if not.

    The page is `template` with the form, or what `render(status)` draws when a page holds several forms.
    The rollback on refusal is what keeps a rejected change from being half-saved. The refusal stays on the
    form as `form.refusal`, for a page that shows more of it than its message (a duplicate's namesakes).
    """
    def page(status: int):
        return render(status) if render else (render_template(template, form=form, **context), status)

    if not form.validate_on_submit():
        return page(422 if form.is_submitted() else 200)
    try:
        result = action()
    except DomainError as refusal:
        db.session.rollback()
        form.attach(refusal)
        form.refusal = refusal
        return page(refusal.status)
    db.session.commit()
    if success_message is not None:
        flash(success_message(result), "success")
    return redirect(success_url(result), 303)


class IdConverter(IntegerConverter):
    """`<int:...>` in every URL: a number beyond LARGEST_ID matches no route, a 404.

    Views and the access guard check the ids they look up, but not every id of a URL is looked up by them
    (the user of /projects/1/people/<user_id>/delete reaches the service as it came); PostgreSQL answers a
    parameter wider than its column with an error. Slots and positions are far below the bound anyway.
    """

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = LARGEST_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def page_number() -> int:
    """The `page` of a list from the query string; a missing, malformed or absurd one is the first page."""
    return whole_number(request.args.get("page"), MAXIMUM_PAGE, smallest=1) or 1


def id_argument(name: str) -> int | None:
    """An id from the query string, or None when it is missing or could not name a row."""
    return id_of(request.args.get(name))


def id_of(value: str | None) -> int | None:
    """An id typed or posted as text; None when it could not name a row (not digits, zero, beyond LARGEST_ID)."""
    return whole_number(value, LARGEST_ID, smallest=1)


#: Longer than any name, agency or serial anyone searches for; beyond it a search is an attack or an accident.
LONGEST_QUERY = 200


def query_text(name: str) -> str:
    """A search from the query string; a 400 if it is very long or holds characters no record can hold.

    A NUL would otherwise reach PostgreSQL, which refuses it with an error rather than finding nothing.
    """
    value = request.args.get(name, "").strip()
    if len(value) > LONGEST_QUERY or problem(value):
        abort(400, _("Search for at most %(count)d visible characters.", count=LONGEST_QUERY))
    return value


def public_url(endpoint: str, **values) -> str:
    """A link for outside the app (printed, mailed, handed out) on PUBLIC_BASE_URL, never on the request's Host
    header, which whoever sends the request writes."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def button_action(form: FlaskForm, change: Callable[[], Any], back: str, message: str | Callable[[Any], str], *,
                  render: Callable[[int], Any] | None = None):
    """A button that posts: run one service and commit, or show its refusal; either way, back to `back`.

    A service that returns False changed nothing (an assignment already there), and the flash says so.
    `message` may be a function of what the service returned ("3 certificates issued").
    With `render`, a refusal draws that page again with the reason and the refusal's status instead of
    going back (a page of many buttons, where the 4xx tells a script or a test what happened).
    """
    if not form.validate_on_submit():
        abort(400)
    try:
        changed = change()
    except DomainError as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        return render(refusal.status) if render else redirect(back, 303)
    db.session.commit()
    if changed is False:
        flash(_("Nothing to change."), "info")
    else:
        flash(message(changed) if callable(message) else message, "success")
    return redirect(back, 303)
