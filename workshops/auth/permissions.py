"""Who may open what: declared on the view, checked on the server for every request."""
import functools

from flask import abort
from flask_login import current_user

from workshops.auth.models import Role


def public(view):
    """Mark a view as open without login (login, health check, public verification)."""
    view.is_public = True
    return view


def roles_required(*roles: Role):
    """Refuse with 403 unless the current user has one of these roles; admins pass every check."""

    def decorate(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate


#: Roles that may read programme data and reports (everyone but trainers sees the totals).
REPORT_READERS = (Role.LEAD, Role.COORDINATOR)
#: Roles that see participants' emails and phones: those who contact them about a workshop.
CONTACT_READERS = (Role.COORDINATOR, Role.TRAINER)
