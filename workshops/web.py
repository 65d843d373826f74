"""What every form view shares: validate, call one service, commit once, redirect; or show the errors in place."""
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request
from flask_wtf import FlaskForm

from workshops.database import LARGEST_ID
from workshops.exceptions import DomainError
from workshops.extensions import db

#: Beyond this a page number would only overflow the database's OFFSET; no list is that long.
MAXIMUM_PAGE = 10**9


def submit_form(form: FlaskForm, template: str | None, action: Callable[[], Any], *,
                success_url: Callable[[Any], str], success_message: Callable[[Any], str] | None = None,
                render: Callable[[int], Any] | None = None, **context):
    """Run `action` (a service call) on a valid POST and commit; re-render with 422 or the refusal's status if not.

    The page is `template` with the form, or what `render(status)` draws when a page holds several forms.
    The rollback on refusal is what keeps a rejected change from being half-saved.
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
        return page(refusal.status)
    db.session.commit()
    if success_message is not None:
        flash(success_message(result), "success")
    return redirect(success_url(result), 303)


def page_number() -> int:
    """The `page` of a list from the query string; a missing, malformed or absurd one is the first page."""
    value = request.args.get("page", "")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) <= MAXIMUM_PAGE else 1


def id_argument(name: str) -> int | None:
    """An id from the query string, or None when it is missing or could not name a row."""
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) <= LARGEST_ID else None
