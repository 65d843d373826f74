"""Configuration, the health check and error pages."""
import pytest

from workshops import create_app, psycopg_url


def test_refuses_to_start_without_a_secret_key_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite"})


def test_prefixed_environment_and_database_url(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SECRET_KEY", "from-env")
    monkeypatch.setenv("FLASK_PUBLIC_BASE_URL", "https://workshops.example.org")
    monkeypatch.setenv("DATABASE_URL", "postgres://someone@db.example/workshops")
    monkeypatch.setattr("workshops.Config.SQLALCHEMY_DATABASE_URI", None)
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.example/workshops"


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "x")
    monkeypatch.setenv("FLASK_PUBLIC_BASE_URL", "https://workshops.example.org")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("FLASK_SQLALCHEMY_DATABASE_URI", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/workshops.sqlite")


@pytest.mark.parametrize(("given", "expected"), [
    ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
    ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_psycopg_url(given, expected):
    assert psycopg_url(given) == expected


def test_health_check_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["database"] == "ok"


def test_health_check_says_503_when_the_database_is_down(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "x",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    assert app.test_client().get("/healthz").status_code == 503


def test_unknown_page_is_a_404_page(client, login):
    from workshops.auth.models import Role

    login(Role.ADMIN)
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


@pytest.mark.parametrize(("typed", "code"), [
    ("EG", "EG"), ("eg", "EG"), ("Egypt", "EG"), ("Égypte", "EG"), ("EGYPTE", "EG"), ("مصر", "EG"),
    ("Maroc", "MA"), ("المغرب", "MA"), ("Soudan du Sud", "SS"), ("Tchad", "TD"), ("Côte d’Ivoire", "CI"),
    ("Palestine", "PS"), ("UK", "GB"), ("Narnia", None), ("", None), ("XK", None),
])
def test_countries_are_read_from_codes_and_names_in_three_languages(typed, code):
    from workshops.countries import code_for_name

    assert code_for_name(typed) == code


def test_a_save_that_lost_a_race_on_a_version_is_a_409_not_a_500(app, client, login):
    """Two saves of one versioned row at the same instant: SQLAlchemy's StaleDataError becomes a refusal."""
    from sqlalchemy.orm.exc import StaleDataError

    from workshops.access.guard import public

    def lost_race():
        raise StaleDataError("UPDATE statement on table 'participant' expected to update 1 row(s); 0 were matched.")

    app.add_url_rule("/lost-race", "lost_race", public(lost_race))
    response = client.get("/lost-race")
    assert response.status_code == 409
    assert "Someone else changed this record at the same moment" in response.get_data(as_text=True)
