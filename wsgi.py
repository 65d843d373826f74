"""The WSGI entry point: `gunicorn wsgi:app`. The only place an app is built at import."""
from workshops import create_app

app = create_app()
