"""Default settings. Secrets never live here: instance/config.py or FLASK_* variables supply them."""


class Config:
    #: No default: create_app refuses to start outside debug and testing without one.
    SECRET_KEY = None
    #: Filled in by create_app: a SQLite file in the instance folder, unless DATABASE_URL or an override says otherwise.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None
    #: Where verification links on certificates point; empty means the host of the request that issued them.
    PUBLIC_BASE_URL = ""
    #: Flask-Limiter storage; "redis://127.0.0.1:6379" shares limits across gunicorn workers.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "fr", "ar")
    ITEMS_PER_PAGE = 25
