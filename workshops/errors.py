"""Error pages. A failed request rolls back whatever it had changed, so nothing is ever half-saved."""
from flask import Flask, render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from workshops.extensions import db


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        db.session.rollback()
        message = _("The form had expired or came from elsewhere. Go back, reload the page and try again.")
        return render_template("errors/error.html", status=400, message=message), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        db.session.rollback()
        return render_template("errors/error.html", status=error.code, message=error.description), error.code

    @app.errorhandler(StaleDataError)
    def _changed_meanwhile(error: StaleDataError):
        """Two saves of one versioned row at the same moment, one through a path without a version check of its
        own (closing, cancelling): the later is refused whole, never half-saved, never a server error."""
        db.session.rollback()
        message = _("Someone else changed this record at the same moment. Nothing was saved; reload the page and "
                    "try again.")
        return render_template("errors/error.html", status=409, message=message), 409

    @app.errorhandler(Exception)
    def _server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        message = _("Something went wrong on our side. Nothing was saved; please try again.")
        return render_template("errors/error.html", status=500, message=message), 500
