"""Whose system this is: the organisation's name and logo in every page's header, set by the installation.

ORGANISATION_NAME is a string, or a mapping of language code to name ({"en": ..., "fr": ..., "ar": ...}) for a
name that changes with the language; empty, the header says the app's own name in the user's language.
ORGANISATION_LOGO is an image: a path inside the instance folder (or an absolute path), served at
/organisation-logo, or else a file under workshops/static; empty, the app's own logo (static/logo.svg). A path that
names no image stops the app at start-up rather than show a broken picture on every page.
"""
from pathlib import Path

from flask import Flask, current_app, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

DEFAULT_LOGO = "logo.svg"
#: Kinds of image a browser shows in an <img>, by suffix: what the logo's address answers with.
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".webp": "image/webp", ".gif": "image/gif"}


class Organisation:
    """Read when a template asks, not when it is rendered: mail rendered away from any request never builds the
    logo's address."""

    @property
    def name(self) -> str:
        """In the language of the page."""
        return _name(current_app.config["ORGANISATION_NAME"])

    @property
    def logo_url(self) -> str:
        return _logo_url()


def register_branding(app: Flask) -> None:
    """Check the logo once, serve it when it lives outside static, and give every template `organisation`."""
    logo = _logo_file(app)
    if logo is not None:
        from workshops.access.guard import public

        app.add_url_rule("/organisation-logo", "organisation_logo", public(lambda: send_file(
            logo, mimetype=IMAGE_TYPES[logo.suffix.lower()], max_age=86400)))
    shown = Organisation()
    app.context_processor(lambda: {"organisation": shown})


def _name(configured: str | dict) -> str:
    if isinstance(configured, dict):
        configured = configured.get(str(get_locale())) or configured.get("en") or next(iter(configured.values()), "")
    return configured or _("Workshops")


def _logo_url() -> str:
    if "organisation_logo" in current_app.view_functions:
        return url_for("organisation_logo")
    return url_for("static", filename=current_app.config["ORGANISATION_LOGO"] or DEFAULT_LOGO)


def _logo_file(app: Flask) -> Path | None:
    """The logo's file when it is served from outside static; None when static holds it. Refuses what is no image."""
    configured = app.config["ORGANISATION_LOGO"]
    if not configured:
        return None
    outside = Path(app.instance_path) / configured
    inside = Path(app.static_folder) / configured
    if Path(configured).suffix.lower() not in IMAGE_TYPES:
        raise RuntimeError(f"ORGANISATION_LOGO {configured!r} is not an image a browser shows "
                           f"({', '.join(IMAGE_TYPES)}).")
    if outside.is_file():
        return outside
    if inside.is_file() and inside.resolve().is_relative_to(Path(app.static_folder).resolve()):
        return None
    raise RuntimeError(f"ORGANISATION_LOGO {configured!r} is neither in the instance folder ({app.instance_path}) "
                       f"nor under workshops/static.")
