"""Password rules: long enough, not among the most common, not the person's own name or email; shown on the field."""
import re
import tomllib
from pathlib import Path

import pytest
from conftest import PASSWORD

from workshops.auth import services
from workshops.auth.models import Role, User
from workshops.exceptions import DomainError
from workshops.extensions import db

ROOT = Path(__file__).resolve().parents[2]


def refusal(password: str, **person) -> str | None:
    """The message a password gets, or None when it passes."""
    try:
        services.check_password_strength(password, **person)
    except DomainError as refused:
        assert refused.field == "password"
        return refused.message
    return None


def test_the_shared_test_password_passes():
    assert refusal(PASSWORD, email="trainer1@example.org", full_name="Trainer 1") is None


@pytest.mark.parametrize("password", ["", "short", "elevenchars", "x" * (services.MINIMUM_PASSWORD_LENGTH - 1)])
def test_short_passwords_are_refused(app, password):
    with app.test_request_context():
        assert refusal(password) == "Use at least 12 characters."


@pytest.mark.parametrize("password", ["password1234", "PassWord1234", "qwerty123456", "1q2w3e4r5t6y",
                                      "LeaveMeAlone", "Password1234 "])
def test_common_passwords_are_refused_whatever_their_case(app, password):
    with app.test_request_context():
        assert "most common passwords" in refusal(password)


def test_the_common_list_holds_at_least_ten_thousand_lower_case_entries():
    common = services._common_passwords()
    assert len(common) >= 10_000
    assert {"password", "123456", "qwerty", "dragon", "password1234"} <= common
    assert all(entry == entry.lower() for entry in common)
    assert services.COMMON_PASSWORDS.read_text(encoding="utf-8").startswith("# ")  # the credit to zxcvbn
    assert services._common_passwords() is common  # read once


def test_the_common_list_ships_with_the_package():
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "auth/*.txt" in package_data["workshops"]


@pytest.mark.parametrize(("password", "person"), [
    ("hana.idris-2025!", {"email": "Hana.Idris@example.org"}),
    ("my idris password", {"full_name": "Hana Idris"}),
    ("HANA works here!", {"full_name": "Hana Idris"}),
    ("omar1985omar1985", {"email": "omar1985@example.org", "full_name": "O. K."}),
])
def test_the_persons_name_or_email_is_refused(app, password, person):
    with app.test_request_context():
        assert refusal(password, **person) in ("Leave your email address out of your password.",
                                               "Leave your name out of your password.")


@pytest.mark.parametrize(("password", "person"), [
    ("al the way to the top", {"full_name": "Al Li", "email": "al@example.org"}),  # two-letter words are chance
    ("seven green lanterns", {"full_name": "Hana Idris", "email": "h.idris@example.org"}),
])
def test_short_name_words_and_unrelated_phrases_pass(app, password, person):
    with app.test_request_context():
        assert refusal(password, **person) is None


def test_weak_new_password_is_explained_next_to_its_field(client, login):
    login(Role.TRAINER)
    response = client.post("/account/password", data={"current_password": PASSWORD, "password": "password1234",
                                                      "confirm": "password1234"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert re.search(r'id="password-error" class="invalid-feedback">This is one of the most common passwords', page)
    assert 'aria-describedby="password-help password-error"' in page


def test_password_with_own_name_is_refused_on_the_page(client, login, app):
    user = login(Role.TRAINER, full_name="Hana Idris")
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "password": "idris is my name", "confirm": "idris is my name"})
    assert response.status_code == 422
    assert "Leave your name out of your password." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, user.id).check_password(PASSWORD)


def test_the_command_line_applies_the_same_rules(app, runner, make_user):
    user = make_user(Role.TRAINER)
    result = runner.invoke(args=["users", "set-password", user.email], input="password1234\npassword1234\n")
    assert result.exit_code == 1
    assert "most common passwords" in result.output
    result = runner.invoke(args=["users", "create", "first@example.org", "--role", "admin"],
                           input="first admin pass\nfirst admin pass\n")
    assert result.exit_code == 1 and "email address" in result.output
    result = runner.invoke(args=["users", "create", "first@example.org", "--role", "admin"],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        created = db.session.scalar(db.select(User).where(User.email == "first@example.org"))
        assert created.password_changed_at is not None  # chose it: the user's page offers a reset, not an invitation


def test_hashes_stay_werkzeugs(app, session, make_user):
    user = session.get(User, make_user(Role.TRAINER).id)
    services.set_password(user, "a brand new passphrase", actor_id=None)
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
