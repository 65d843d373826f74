"""Importing a sheet into a workshop: preview verdicts, and the all-or-nothing commit (CLI)."""
import pytest

from workshops.extensions import db
from workshops.people.models import Participant
from workshops.training.models import Enrolment

HEADER = "given_name,family_name,sex,country,agency,role_category,email"


@pytest.fixture
def sheet_file(tmp_path):
    def write(*lines: str) -> str:
        path = tmp_path / "participants.csv"
        path.write_text("\n".join([HEADER, *lines]), encoding="utf-8")
        return str(path)
    return write


def _counts(app):
    with app.app_context():
        return (db.session.scalar(db.select(db.func.count()).select_from(Participant)),
                db.session.scalar(db.select(db.func.count()).select_from(Enrolment)))


def test_preview_says_new_matched_already_enrolled_or_error_and_saves_nothing(app, runner, sheet_file,
                                                                              make_workshop, make_participant, enrol):
    workshop = make_workshop()
    known = make_participant(email="known@example.org", given_name="Omar", family_name="Farouk")
    on_list = make_participant(email="listed@example.org")
    enrol(workshop, on_list)
    path = sheet_file("Hélène,Benali,F,Maroc,DGSN,police,h@example.org",
                      "Omar,Farouk,M,EG,Ministry of Interior,judge,KNOWN@example.org",
                      "Amina,Haddad,F,EG,Prosecution,prosecutor,listed@example.org",
                      "Nobody,,M,Narnia,X,judge,",
                      "Again,Benali,F,MA,DGSN,police,h@example.org")
    before = _counts(app)
    result = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "line 2: new: Hélène Benali"
    assert lines[1] == f"line 3: matched: Omar Farouk is #{known.id} Omar Farouk (Public Prosecution)"
    assert lines[2].startswith("line 4: already on the list")
    assert lines[3].startswith("line 5: error:") and "The family name is missing." in lines[3]
    assert "Unknown country “Narnia”." in lines[3]
    assert lines[4] == "line 6: error: Same email as line 2: the same person twice."
    assert _counts(app) == before


def test_commit_saves_every_good_row_at_once(app, runner, sheet_file, make_workshop, make_participant):
    workshop = make_workshop()
    make_participant(email="known@example.org")
    path = sheet_file("Hélène,Benali,F,Maroc,DGSN,police,h@example.org",
                      "Omar,Farouk,M,EG,Ministry of Interior,judge,known@example.org",
                      "Bad,Row,X,EG,A,judge,")
    result = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id), "--commit"])
    assert result.exit_code == 0, result.output
    assert "Saved: 1 new people, 2 added to the list, 1 skipped." in result.output
    assert _counts(app) == (2, 2)


def test_an_error_mid_commit_leaves_the_database_unchanged(app, runner, sheet_file, make_workshop, monkeypatch):
    """All or nothing: a failure after some rows were written rolls every one of them back."""
    from workshops.people import imports

    workshop = make_workshop()
    path = sheet_file("Hélène,Benali,F,MA,DGSN,police,h@example.org", "Omar,Farouk,M,EG,MoI,judge,o@example.org")
    real = imports.new_participants

    def fail_after_writing(details):
        real(details)
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "new_participants", fail_after_writing)
    result = runner.invoke(args=["participants", "import", path, "--workshop", str(workshop.id), "--commit"])
    assert result.exit_code != 0
    assert _counts(app) == (0, 0)


def test_missing_columns_refuse_the_whole_file(runner, tmp_path, make_workshop):
    workshop = make_workshop()
    path = tmp_path / "bad.csv"
    path.write_text("name,colour\nOmar Farouk,blue\n", encoding="utf-8")
    result = runner.invoke(args=["participants", "import", str(path), "--workshop", str(workshop.id)])
    assert result.exit_code == 1 and "missing columns: sex, country, agency, role_category" in result.output


def test_unknown_workshop(runner, sheet_file):
    result = runner.invoke(args=["participants", "import", sheet_file(), "--workshop", "999999"])
    assert result.exit_code == 2
