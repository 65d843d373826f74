"""Workshops: training management for counter-trafficking capacity-building programmes."""
import os
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_login import current_user

from workshops.config import Config
from workshops.extensions import babel, csrf, db, limiter, login_manager, migrate

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def create_app(test_config: dict | None = None) -> Flask:
    """Build an app: defaults, then instance/config.py, then FLASK_* variables (or the test settings given)."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(TEMPLATES))
    _configure(app, test_config)
    _init_extensions(app)
    _register_blueprints(app)
    _require_login_everywhere(app)
    _register_template_helpers(app)
    from workshops.cli import register_commands
    from workshops.errors import register_error_handlers

    register_error_handlers(app)
    register_commands(app)
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(Config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env()
    else:
        app.config.from_mapping(test_config)
    url = app.config["SQLALCHEMY_DATABASE_URI"] or os.environ.get("DATABASE_URL")
    if not url:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{Path(app.instance_path) / 'workshops.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = psycopg_url(url)
    if not app.config["SECRET_KEY"] and not (app.debug or app.testing):
        raise RuntimeError("No SECRET_KEY: set FLASK_SECRET_KEY or SECRET_KEY in instance/config.py "
                           "(python -c 'import secrets; print(secrets.token_hex(32))').")


def psycopg_url(url: str) -> str:
    """Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named to use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    from workshops.auth.services import load_user

    login_manager.user_loader(load_user)


def _select_locale() -> str:
    """The language the user picked for this browser session, else the default (translations arrive later)."""
    chosen = session.get("language") if has_request_context() else None
    return chosen if chosen in current_app_languages() else Config.BABEL_DEFAULT_LOCALE


def current_app_languages() -> tuple[str, ...]:
    from flask import current_app

    return current_app.config["LANGUAGES"]


def _register_blueprints(app: Flask) -> None:
    from workshops.access.views import bp as access_bp
    from workshops.audit.views import bp as audit_bp
    from workshops.auth.views import bp as auth_bp
    from workshops.certificates.views import bp as certificates_bp
    from workshops.health import bp as health_bp
    from workshops.people.import_views import bp as imports_bp
    from workshops.people.rights_views import bp as rights_bp
    from workshops.people.views import bp as people_bp
    from workshops.programmes.views import bp as programmes_bp
    from workshops.reports.export_views import bp as exports_bp
    from workshops.reports.views import bp as reports_bp
    from workshops.training.registration_views import bp as registration_bp
    from workshops.training.views import bp as training_bp

    for blueprint in (auth_bp, health_bp, programmes_bp, training_bp, people_bp, certificates_bp, reports_bp,
                      exports_bp, registration_bp, imports_bp, access_bp, audit_bp, rights_bp):
        app.register_blueprint(blueprint)


def _require_login_everywhere(app: Flask) -> None:
    """Deny by default: a page is public only when its view is marked with access.guard.public."""

    @app.before_request
    def _login_required():
        if request.endpoint is None or request.endpoint == "static":
            return None
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "is_public", False) or current_user.is_authenticated:
            return None
        return login_manager.unauthorized()


def _register_template_helpers(app: Flask) -> None:
    from flask_babel import get_locale

    from workshops.access.policy import Action, may
    from workshops.audit.services import shown_details
    from workshops.countries import country_name
    from workshops.dates import date_span

    @app.template_filter("date_span")
    def _date_span(first, last) -> str:
        return date_span(first, last, str(get_locale()))

    app.template_filter("details")(shown_details)

    @app.template_filter("country")
    def _country(code: str) -> str:
        return country_name(code, str(get_locale()))

    @app.context_processor
    def _helpers():
        locale = str(get_locale())
        return {"Action": Action, "may": _may_current_user, "text_direction": "rtl" if locale == "ar" else "ltr",
                "locale": locale}

    def _may_current_user(action, **objects) -> bool:
        """Templates show a button only when the same rule as the route behind it allows it."""
        return current_user.is_authenticated and may(current_user.id, action, **objects)
