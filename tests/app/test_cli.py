"""Command-line account management."""
from workshops.auth.models import Role, User
from workshops.extensions import db


def _user(app, email):
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.email == email))


def test_create_user_reads_password_twice_from_stdin(app, runner):
    result = runner.invoke(args=["users", "create", "Lead@Example.org", "--role", "lead", "--name", "Lina Nasser"],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    user = _user(app, "lead@example.org")
    assert user.role == Role.LEAD and user.full_name == "Lina Nasser" and user.check_password("a long password")


def test_mismatched_confirmation_is_asked_again(app, runner):
    result = runner.invoke(args=["users", "create", "t@example.org", "--role", "trainer"],
                           input="a long password\nanother one\n")
    assert result.exit_code != 0
    assert _user(app, "t@example.org") is None


def test_unknown_role_is_refused(runner):
    result = runner.invoke(args=["users", "create", "t@example.org", "--role", "superuser"])
    assert result.exit_code == 2


def test_duplicate_email_fails_cleanly(app, runner, make_user):
    existing = make_user(Role.TRAINER)
    result = runner.invoke(args=["users", "create", existing.email, "--role", "admin"],
                           input="a long password\na long password\n")
    assert result.exit_code == 1
    assert "already uses this email" in result.output


def test_set_password(app, runner, make_user):
    user = make_user(Role.TRAINER)
    result = runner.invoke(args=["users", "set-password", user.email], input="new long secret\nnew long secret\n")
    assert result.exit_code == 0, result.output
    assert _user(app, user.email).check_password("new long secret")
