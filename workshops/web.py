"""What every form view shares: validate, call one service, commit once, redirect; or show the errors in place."""
from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm

from workshops.exceptions import DomainError
from workshops.extensions import db


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
