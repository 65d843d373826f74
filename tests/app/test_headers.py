"""Security headers on every kind of response, and templates and scripts that work under the content policy."""
import re
from pathlib import Path

import pytest

from workshops.access.guard import public
from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.training.models import Workshop

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
                               "form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"


def issue_certificate(app, make_workshop, make_participant, enrol) -> tuple[int, str]:
    """A workshop with one completer holding a certificate; returns the workshop's id and the serial."""
    workshop = make_workshop()
    enrol(workshop, make_participant(), attended=5)
    with app.app_context():
        issued = certificate_services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)
        db.session.commit()
        return workshop.id, issued[0].serial


@pytest.fixture
def fail_on_purpose(app):
    """A public page that raises, to see the 500 page; added before the app's first request, as Flask requires."""
    @public
    def broken():
        raise RuntimeError("on purpose")

    app.add_url_rule("/broken-on-purpose", view_func=broken)
    return "/broken-on-purpose"


def _signed_in_page(client, login, **_):
    login(Role.ADMIN)
    return client.get("/"), 200


def _not_found(client, login, **_):
    login(Role.ADMIN)
    return client.get("/no/such/page"), 404


def _forbidden(client, login, **_):
    login(Role.TRAINER)
    return client.get("/audit"), 403


def _redirect_to_login(client, **_):
    return client.get("/"), 302


def _static_file(client, **_):
    return client.get("/static/workshops.css"), 200


def _pdf_download(client, login, certificate, **_):
    login(Role.ADMIN)
    return client.get(f"/workshops/{certificate[0]}/certificates.pdf"), 200


def _public_verify_page(client, certificate, **_):
    return client.get(f"/verify/{certificate[1]}"), 200


def _server_error(client, fail_on_purpose, **_):
    return client.get(fail_on_purpose), 500


KINDS = [_signed_in_page, _not_found, _forbidden, _redirect_to_login, _static_file, _pdf_download,
         _public_verify_page, _server_error]


@pytest.mark.parametrize("kind", KINDS, ids=[kind.__name__.strip("_") for kind in KINDS])
def test_every_kind_of_response_carries_the_security_headers(app, client, login, make_workshop, make_participant,
                                                             enrol, fail_on_purpose, kind):
    certificate = issue_certificate(app, make_workshop, make_participant, enrol)
    response, status = kind(client=client, login=login, certificate=certificate, fail_on_purpose=fail_on_purpose)
    with response:
        assert response.status_code == status
        for name, value in EXPECTED.items():
            assert response.headers.get(name) == value, name
        assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("path", ["/login", "/static/confirm.js", "/no/such/page", "/"])
def test_hsts_is_sent_over_https_only(client, path):
    with client.get(path, base_url="https://localhost") as secure:
        assert secure.headers.get("Strict-Transport-Security") == HSTS
        assert secure.headers.get("Content-Security-Policy") == EXPECTED["Content-Security-Policy"]
    with client.get(path, base_url="http://localhost") as plain:
        assert "Strict-Transport-Security" not in plain.headers


@pytest.mark.parametrize(("app_settings", "hsts"), [({"TRUSTED_PROXIES": 1}, HSTS), ({"TRUSTED_PROXIES": 0}, None)])
def test_behind_a_trusted_proxy_its_forwarded_https_counts(client, hsts):
    with client.get("/login", headers={"X-Forwarded-Proto": "https"}) as response:
        assert response.headers.get("Strict-Transport-Security") == hsts


def test_a_confirmation_is_a_data_attribute_not_an_inline_handler(app, client, login, make_workshop,
                                                                  make_participant, enrol):
    workshop = make_workshop()
    enrol(workshop, make_participant())
    login(Role.ADMIN)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert 'data-confirm="Take this person off the list? Their attendance marks go too."' in page
    assert "onsubmit" not in page
    assert 'src="/static/confirm.js"' in page


# What the content security policy blocks when it comes from a template: style attributes and blocks, event
# handler attributes, script elements with content, javascript: links.
INLINE = {
    "style attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE),
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "event handler": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE),
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}
#: Jinja comments and statements ({% macro button_form(..., style=...) %} names a parameter, not an attribute).
JINJA_TAGS = re.compile(r"\{#.*?#\}|\{%.*?%\}", re.DOTALL)


def test_no_template_has_inline_script_style_or_handlers():
    templates = sorted((ROOT / "templates").glob("**/*.html"))
    assert len(templates) > 20
    found = [f"{template.relative_to(ROOT)}: {kind}: {match.group(0)!r}"
             for template in templates
             for kind, pattern in INLINE.items()
             for match in pattern.finditer(JINJA_TAGS.sub("", template.read_text(encoding="utf-8")))]
    assert found == []


# Our own scripts may set element.style properties (CSSOM, allowed) but not write style or handler attributes
# or HTML strings, nor evaluate code.
BLOCKED_IN_SCRIPTS = re.compile(
    r"""setAttribute\(\s*["'](style|on[a-z]+)|\.(inner|outer)HTML\s*=|insertAdjacentHTML|\beval\(|new Function""")


def test_our_scripts_do_nothing_the_policy_blocks():
    scripts = sorted((ROOT / "workshops" / "static").glob("*.js"))
    assert {script.name for script in scripts} >= {"attendance.js", "confirm.js"}
    found = [f"{script.name}: {match.group(0)}" for script in scripts
             for match in BLOCKED_IN_SCRIPTS.finditer(script.read_text(encoding="utf-8"))]
    assert found == []
