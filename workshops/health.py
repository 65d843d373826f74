"""Liveness for load balancers and uptime checks: is the app up, and can it reach what it depends on?

Each configured dependency is reported: the database always, Redis when rate limits are counted there, the mail
server when MAIL_SERVER is set. The answer is 503 when the database or Redis does not answer. A mail server that
does not answer is reported ("degraded") but the answer stays 200: mail goes out after the commit and can wait,
and a load balancer should not take every instance out of service over it.
"""
import socket

import redis
from flask import Blueprint, current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from workshops.access.guard import public
from workshops.extensions import db

bp = Blueprint("health", __name__)
#: Seconds to wait for Redis or the mail server, so that a check answers quickly even when one is gone.
TIMEOUT = 1.0
#: Dependencies without which the app cannot do its work; the others are only reported.
REQUIRED = ("database", "redis")


@bp.get("/healthz")
@public
def healthz():
    checks = {"database": _database()}
    storage = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    if storage.startswith(("redis://", "rediss://")):
        checks["redis"] = _redis(storage)
    if current_app.config.get("MAIL_SERVER"):
        checks["mail"] = _mail(current_app.config["MAIL_SERVER"], int(current_app.config.get("MAIL_PORT") or 25))
    down = [name for name, state in checks.items() if state != "ok"]
    if any(name in REQUIRED for name in down):
        return {"status": "unavailable", **checks}, 503
    return {"status": "degraded" if down else "ok", **checks}


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return "unreachable"
    return "ok"


def _redis(url: str) -> str:
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT) as client:
            client.ping()
    except (redis.RedisError, OSError):
        return "unreachable"
    return "ok"


def _mail(host: str, port: int) -> str:
    """A TCP connection is enough: an SMTP exchange would need the server's TLS and login settings."""
    try:
        socket.create_connection((host, port), timeout=TIMEOUT).close()
    except OSError:
        return "unreachable"
    return "ok"
