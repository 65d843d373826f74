"""Workshops: training management for counter-trafficking capacity-building programmes."""
import logging
import os
from datetime import timedelta
from pathlib import Path

from flask import Flask, request
from flask.logging import default_handler
from flask_login import current_user

from workshops.config import Config
from workshops.extensions import babel, csrf, db, limiter, login_manager, migrate

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
#: PUBLIC_BASE_URL in debug and testing when none is set: where `make run` serves.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def create_app(test_config: dict | None = None) -> Flask:
    """Build an app: defaults, then instance/config.py, then FLASK_* variables (or the test settings given)."""
    app = Flask(__name__, instance_relative_config=True, template_folder=str(TEMPLATES))
    _configure(app, test_config)
    _trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    _add_page_sections()
    _require_login_everywhere(app)
    _end_stale_sessions(app)
    _register_template_helpers(app)
    _serve_favicon(app)
    from workshops.branding import register_branding
    from workshops.cli import register_commands
    from workshops.errors import register_error_handlers
    from workshops.security import register_security_headers

    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    register_branding(app)
    from workshops.jobs import worker_command

    app.cli.add_command(worker_command)
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
    # A remember cookie sent over plain HTTP would leak what the HTTPS-only session cookie protects.
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config["SESSION_COOKIE_SECURE"])
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=app.config["SESSION_MAX_HOURS"])
    if not app.config["SECRET_KEY"] and not (app.debug or app.testing):
        raise RuntimeError("No SECRET_KEY: set FLASK_SECRET_KEY or SECRET_KEY in instance/config.py "
                           "(python -c 'import secrets; print(secrets.token_hex(32))').")
    if not app.config["PUBLIC_BASE_URL"]:
        # Printed links never come from the request's Host header, which whoever sends the request chooses.
        if not (app.debug or app.testing):
            raise RuntimeError("No PUBLIC_BASE_URL: set FLASK_PUBLIC_BASE_URL (e.g. https://workshops.example.org), "
                               "the address printed on certificates for verification.")
        app.config["PUBLIC_BASE_URL"] = DEVELOPMENT_BASE_URL


def psycopg_url(url: str) -> str:
    """Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named to use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _trust_proxies(app: Flask) -> None:
    """Believe X-Forwarded-For and -Proto from the TRUSTED_PROXIES hops in front of us, and nobody else's.

    Without a proxy a client could write its own X-Forwarded-For and take a new address, and so a fresh sign-in
    limit, with every request; the host stays the configured one (x_host=0), as printed links never follow it.
    """
    hops = int(app.config["TRUSTED_PROXIES"] or 0)
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    limiter.init_app(app)
    if not logging.getLogger().handlers:
        # Flask-Limiter warns on its own logger when Redis is down and it counts in memory; unless logging is set
        # up (it is not under gunicorn), that warning would be dropped, so it goes where the app's errors go.
        logging.getLogger("flask-limiter").addHandler(default_handler)
    from workshops import i18n

    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.register(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    from workshops.auth.services import load_user

    login_manager.user_loader(load_user)


def _register_blueprints(app: Flask) -> None:
    from workshops.access.views import bp as access_bp
    from workshops.audit.views import bp as audit_bp
    from workshops.auth.security_views import bp as security_bp
    from workshops.auth.views import bp as auth_bp
    from workshops.certificates.delivery_views import bp as delivery_bp
    from workshops.certificates.views import bp as certificates_bp
    from workshops.health import bp as health_bp
    from workshops.people.views import bp as people_bp
    from workshops.programmes.views import bp as programmes_bp
    from workshops.records.views import bp as records_bp
    from workshops.reports.export_views import bp as exports_bp
    from workshops.reports.indicator_views import bp as indicators_bp
    from workshops.reports.views import bp as reports_bp
    from workshops.training.import_views import bp as imports_bp
    from workshops.training.registration_views import bp as registration_bp
    from workshops.training.views import bp as training_bp
    from workshops.web import IdConverter

    app.url_map.converters["int"] = IdConverter  # before the rules: each takes its converters when added
    for blueprint in (auth_bp, health_bp, programmes_bp, training_bp, people_bp, certificates_bp, reports_bp,
                      exports_bp, registration_bp, imports_bp, access_bp, audit_bp, records_bp, security_bp,
                      delivery_bp, indicators_bp):
        app.register_blueprint(blueprint)


def _add_page_sections() -> None:
    """What the areas add to lower areas' pages (workshops.pages), imported once here rather than as a side effect
    of a view module (the person's certificates come with the delivery views)."""
    import workshops.certificates.sections  # noqa: F401
    import workshops.reports.dashboard  # noqa: F401
    import workshops.reports.indicator_sections  # noqa: F401
    import workshops.reports.workshop_summary  # noqa: F401
    import workshops.training.sections  # noqa: F401


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


def _end_stale_sessions(app: Flask) -> None:
    """Idle and over-age sessions end; a user whose role needs a second factor sets it up first (auth.sessions)."""
    from workshops.auth.sessions import register_session_checks

    register_session_checks(app)


def _register_template_helpers(app: Flask) -> None:
    from workshops.templating import register_template_helpers

    register_template_helpers(app)


def _serve_favicon(app: Flask) -> None:
    """Browsers ask for /favicon.ico whatever the page links to: the icon in static answers there too, from memory
    (it is read once), cached by the browser for a day."""
    from flask import Response

    from workshops.access.guard import public

    icon = (Path(app.static_folder) / "favicon.ico").read_bytes()
    app.add_url_rule("/favicon.ico", "favicon", public(lambda: Response(
        icon, mimetype="image/vnd.microsoft.icon", headers={"Cache-Control": "public, max-age=86400"})))
