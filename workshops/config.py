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
    #: Public certificate lookups per address: enough for a person, too few to walk the serial space.
    VERIFY_RATE_LIMIT = "30 per minute"
    #: Public self-registrations per address: a room of colleagues behind one address still fits.
    REGISTRATION_RATE_LIMIT = "60 per hour"
    #: Uploads above this are cut off with 413; under it, the forms give their own, clearer limits.
    MAX_CONTENT_LENGTH = 30 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "fr", "ar")
    ITEMS_PER_PAGE = 25
    #: Days an unconfirmed import preview or a pending or rejected self-registration is kept before
    #: `flask purge` deletes it (people.rights.purge_expired).
    RETENTION_DAYS = 90
