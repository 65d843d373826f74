"""Browser-side defences sent with every response: pages, errors, redirects, files and the public verify page.

The content security policy allows only this site's own scripts, styles, fonts and images (plus data: images for
QR codes), so templates carry no inline script, style or event handler: styles live in static/workshops.css and
behaviour in static/*.js (a confirm dialog is `data-confirm` on the form, handled by static/confirm.js).
tests/test_headers.py scans the templates for anything inline, and the browser tests fail on a CSP violation.
"""
from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
))
#: Sent whatever the scheme; a page is never framed, never sniffed into another type, and never names itself
#: to other sites in a Referer.
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
#: Only over HTTPS (a browser ignores it on plain HTTP anyway); behind a proxy, ProxyFix makes X-Forwarded-Proto count.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def register_security_headers(app: Flask) -> None:
    app.after_request(security_headers)


def security_headers(response: Response) -> Response:
    """Flask runs after_request for error pages and login redirects too, and send_file responses pass through here."""
    for name, value in HEADERS.items():
        response.headers[name] = value
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    return response
