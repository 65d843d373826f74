"""Every page's header names the organisation and shows its logo, as configured; lists print cleanly."""
import re
from pathlib import Path

import pytest

from tests.conftest import settings_for_tests
from workshops import create_app
from workshops.branding import Organisation

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
STATIC = Path(__file__).resolve().parents[2] / "workshops" / "static"


def test_by_default_the_header_shows_the_apps_own_name_and_logo():
    client = create_app(settings_for_tests()).test_client()
    page = client.get("/login").get_data(as_text=True)
    assert '<img class="site-logo" src="/static/logo.svg"' in page
    assert '<span class="site-name">Workshops</span>' in page
    with client.get("/static/logo.svg") as logo:
        assert logo.status_code == 200


@pytest.fixture
def app_settings(tmp_path):
    logo = tmp_path / "ministry.png"
    logo.write_bytes(PNG)
    return {"ORGANISATION_NAME": {"en": "Ministry of Justice", "fr": "Ministère de la Justice"},
            "ORGANISATION_LOGO": str(logo)}


def test_the_configured_name_and_logo_head_every_page(client, login):
    assert '<span class="site-name">Ministry of Justice</span>' in client.get("/login").get_data(as_text=True)
    login()
    for path in ("/", "/workshops"):
        page = client.get(path).get_data(as_text=True)
        assert '<span class="site-name">Ministry of Justice</span>' in page
        assert '<img class="site-logo" src="/organisation-logo"' in page
    assert "· Ministry of Justice</title>" in page
    with client.get("/organisation-logo") as logo:
        assert logo.status_code == 200 and logo.mimetype == "image/png" and logo.data == PNG


def test_a_name_given_per_language_follows_the_page(client):
    assert "Ministère de la Justice" in client.get("/login?lang=fr").get_data(as_text=True)


def test_a_logo_that_is_not_there_stops_the_app_at_start():
    with pytest.raises(RuntimeError, match="ORGANISATION_LOGO"):
        create_app(settings_for_tests(ORGANISATION_LOGO="missing-logo.png"))
    with pytest.raises(RuntimeError, match="not an image"):
        create_app(settings_for_tests(ORGANISATION_LOGO="config.py"))


def test_a_logo_under_static_is_served_from_there():
    app = create_app(settings_for_tests(ORGANISATION_LOGO="favicon.svg"))
    with app.test_request_context():
        assert Organisation().logo_url == "/static/favicon.svg"


def test_pages_link_an_svg_favicon_beside_the_ico(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    with client.get("/static/favicon.svg") as icon:
        assert icon.data.startswith(b"<svg")


def test_the_stylesheet_prints_lists_without_navigation_and_with_repeated_headers(client):
    css = (STATIC / "workshops.css").read_text(encoding="utf-8")
    printed = css[css.index("@media print"):]
    for rule in (".site-nav", ".btn", "form:not(:has(table))", "thead { display: table-header-group; }",
                 "width: 100% !important", "border: 1px solid"):
        assert rule in printed, rule
    assert "/static/workshops.css" in client.get("/login").get_data(as_text=True)


def test_the_look_uses_logical_properties_only():
    """Arabic pages mirror by themselves: no left or right in the look and print sections."""
    css = (STATIC / "workshops.css").read_text(encoding="utf-8")
    mine = css[css.index("/* look */"):]
    assert not re.search(r"(margin|padding|border)-(left|right)|\b(left|right)\s*:|text-align:\s*(left|right)", mine)


def test_icons_come_from_the_vendored_sprite(client, login):
    login()
    page = client.get("/").get_data(as_text=True)
    assert '<svg class="bi" aria-hidden="true" focusable="false"><use href="/static/vendor/bootstrap-icons-1.13.2/' \
           'bootstrap-icons.svg#' in page
    with client.get("/static/vendor/bootstrap-icons-1.13.2/bootstrap-icons.svg") as sprite:
        assert sprite.status_code == 200
