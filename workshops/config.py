"""Default settings. Secrets never live here: instance/config.py or FLASK_* variables supply them."""
from datetime import timedelta
from pathlib import Path


class Config:
    #: No default: create_app refuses to start outside debug and testing without one.
    SECRET_KEY = None
    #: Filled in by create_app: a SQLite file in the instance folder, unless DATABASE_URL or an override says otherwise.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: Minutes without a request after which a browser session ends (auth.sessions).
    SESSION_IDLE_MINUTES = 30
    #: Hours after signing in when a browser session ends, however busy; also PERMANENT_SESSION_LIFETIME.
    SESSION_MAX_HOURS = 12
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: "Keep me signed in" lasts two weeks, not Flask-Login's year; logout and "sign out everywhere" end it sooner.
    #: REMEMBER_COOKIE_SECURE follows SESSION_COOKIE_SECURE unless set itself (create_app).
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    #: Reverse proxies in front of the app: their X-Forwarded-For and -Proto are believed (ProxyFix); 0 trusts none,
    #: so a client cannot pick its own address to dodge the sign-in limits.
    TRUSTED_PROXIES = 0
    WTF_CSRF_TIME_LIMIT = None
    #: How long a page drawn for a session may be served again while no change is committed (workshops.page_cache);
    #: 0 turns the cache off.
    PAGE_CACHE_SECONDS = 600
    #: Where verification links on certificates point, e.g. "https://workshops.example.org"; never the request's
    #: host. Required outside debug and testing, where create_app uses "http://127.0.0.1:5000" if it is empty.
    PUBLIC_BASE_URL = ""
    #: Flask-Limiter storage; "redis://127.0.0.1:6379" shares limits across gunicorn workers.
    RATELIMIT_STORAGE_URI = "memory://"
    #: Passed to the Redis client: a Redis that stops answering costs a request one second, not a hang.
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    #: When Redis is down, count limits in this process's memory (logging a warning) rather than fail login and
    #: verification with a 500; Flask-Limiter goes back to Redis once it answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    #: Any other storage error is logged and the request goes through unlimited, rather than failing.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_HEADERS_ENABLED = True
    #: Sign-in attempts per client address, right or wrong.
    LOGIN_RATE_LIMIT = "10 per minute"
    #: Failed sign-in attempts per account (the email typed, lower-cased), from any number of addresses.
    LOGIN_ACCOUNT_RATE_LIMIT = "20 per hour"
    #: Public certificate lookups per address: enough for a person, too few to walk the serial space.
    VERIFY_RATE_LIMIT = "30 per minute"
    #: Public self-registrations per address: a room of colleagues behind one address still fits.
    REGISTRATION_RATE_LIMIT = "60 per hour"
    #: "Forgot your password?" requests per client address: a typo or two, not a sweep of the staff list.
    PASSWORD_RESET_RATE_LIMIT = "5 per 15 minutes"
    #: Seconds an invitation link (sent when an administrator creates an account) lets its owner choose a password.
    INVITATION_MAX_AGE = 7 * 24 * 3600
    #: Seconds a "forgot your password" link works; setting any password ends it sooner.
    RESET_MAX_AGE = 3600
    #: Outgoing mail server; empty keeps every message as an .eml file in MAIL_OUTBOX instead (development).
    MAIL_SERVER = ""
    MAIL_PORT = 587
    #: STARTTLS after connecting (port 587); MAIL_USE_SSL is TLS from the first byte instead (port 465).
    MAIL_USE_TLS = True
    MAIL_USE_SSL = False
    #: Credentials for the mail server, if it asks for them; set them in instance/config.py, never here.
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    #: The From of every message.
    MAIL_SENDER = "Workshops <no-reply@workshops.example>"
    #: Folder of the .eml files written when MAIL_SERVER is empty; empty means instance/outbox.
    MAIL_OUTBOX = ""
    #: Where background jobs (certificates sent by email) run: "thread", in the web process, nothing to set up
    #: (`make run`); "redis", on an RQ queue in REDIS_URL, run by `flask --app workshops worker` (workshops.jobs).
    JOB_QUEUE = "thread"
    REDIS_URL = "redis://127.0.0.1:6379/0"
    #: The RQ queue's name, for several installations sharing one Redis.
    JOB_QUEUE_NAME = "workshops"
    #: Uploads above this are cut off with 413; under it, the forms give their own, clearer limits.
    MAX_CONTENT_LENGTH = 30 * 1024 * 1024
    #: Whose system this is, in every page's header (workshops.branding): a name, or {"en": ..., "fr": ..., "ar": ...}
    #: for one per language; empty says the app's own name.
    ORGANISATION_NAME = ""
    #: The logo beside it: an image in the instance folder (or an absolute path), else a file under workshops/static;
    #: empty shows the app's own (static/logo.svg).
    ORGANISATION_LOGO = ""
    BABEL_DEFAULT_LOCALE = "en"
    #: The compiled catalogs (`make install` compiles them) inside the package, by absolute path, so that the web
    #: app, the command line and the job worker (PDFs made under force_locale) find them wherever they start.
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    #: The languages offered, in the switcher's order (workshops.i18n).
    LANGUAGES = ("en", "fr", "ar")
    ITEMS_PER_PAGE = 25
    #: Days an unconfirmed import preview or a pending or rejected self-registration is kept before
    #: `flask purge` deletes it (records.rights.purge_expired).
    RETENTION_DAYS = 90
    #: Who publishes the IATI activity files (reports.iati): the organisation identifier of the IATI Registry
    #: (https://org-id.guide, e.g. "XM-DAC-41114"), its name, and its IATI OrganisationType code (80: academic,
    #: training and research; 10: government; 21: international NGO). Each project's activity identifier is
    #: this identifier, a hyphen and the project's code ("P" and its number). Set your own before publishing.
    IATI_REPORTING_ORG_REF = "XI-IATI-WORKSHOPS"
    IATI_REPORTING_ORG_NAME = "Workshops"
    IATI_REPORTING_ORG_TYPE = "80"
