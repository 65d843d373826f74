"""Importing a sheet into a workshop: preview verdicts, and the all-or-nothing commit (CLI and pages)."""
import io
import re

import pytest
from conftest import SHEET_HEADER as HEADER

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.people.sheets import parse_sheet
from workshops.training.models import Enrolment


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
    from workshops.training import sheet_import

    workshop = make_workshop()
    path = sheet_file("Hélène,Benali,F,MA,DGSN,police,h@example.org", "Omar,Farouk,M,EG,MoI,judge,o@example.org")
    real = sheet_import.new_participants

    def fail_after_writing(details):
        real(details)
        raise RuntimeError("disk full")

    monkeypatch.setattr(sheet_import, "new_participants", fail_after_writing)
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


def _upload(client, workshop, content: bytes, name: str):
    return client.post(f"/workshops/{workshop.id}/import", data={"sheet": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_upload_preview_and_confirm_in_the_browser(client, login, app, make_workshop):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    sheet = "\n".join([HEADER, "Hélène,Benali,F,Maroc,DGSN,police,h@example.org",
                       "Bad,Row,X,EG,A,judge,"]).encode("cp1252")
    response = _upload(client, workshop, sheet, "liste.csv")
    assert response.status_code == 303
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "new person" in preview and "Sex “X” is neither female nor male." in preview
    assert "1 row can be imported." in preview and "1 row has errors and will be left out: fix it" in preview
    assert "Confirm: import 1 row<" in preview
    assert _counts(app) == (0, 0)
    batch = response.headers["Location"].rsplit("/", 1)[1]
    assert client.post(f"/imports/{batch}/confirm").status_code == 303
    assert _counts(app) == (1, 1)
    assert client.get(f"/imports/{batch}").status_code == 404


def _cells(page: str, line: int) -> list[str]:
    """The text of each cell of the preview's row for this line of the sheet."""
    row = re.search(rf"<tr[^>]*>\s*<td>{line}</td>(.*?)</tr>", page, re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]


def test_the_preview_shows_the_values_it_understood(client, login, make_workshop):
    """"Maroc" and "MA" are Morocco, "h" a man, "police" law enforcement; the Arabic name is shown as read."""
    workshop = make_workshop()
    login(Role.COORDINATOR)
    sheet = "\n".join(["prénom,nom,nom en arabe,sexe,pays,organisme,catégorie",
                       "Hélène,Benali,هيلين بن علي,femme,Maroc,DGSN,police",
                       "Karim,Alaoui,,h,MA,Parquet,procureur"]).encode("utf-8")
    preview = client.get(_upload(client, workshop, sheet, "liste.csv").headers["Location"]).get_data(as_text=True)
    assert _cells(preview, 2)[:5] == ["Hélène Benali هيلين بن علي", "Female", "Morocco", "DGSN", "Law enforcement"]
    assert _cells(preview, 3)[:5] == ["Karim Alaoui", "Male", "Morocco", "Parquet", "Prosecutor"]
    assert "Maroc<" not in preview and ">MA<" not in preview
    assert "2 rows can be imported." in preview and "Confirm: import 2 rows<" in preview


def test_counts_are_said_in_the_plural_they_need(client, login, make_workshop):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    bad = [f"Bad{number},Row,X,EG,A,judge," for number in range(3)]
    sheet = "\n".join([HEADER, "Amina,Haddad,F,EG,A,judge,", *bad]).encode()
    preview = client.get(_upload(client, workshop, sheet, "s.csv").headers["Location"]).get_data(as_text=True)
    assert "1 row can be imported." in preview and "3 rows have errors and will be left out: fix them" in preview


@pytest.mark.parametrize(("name", "encoding"), [("liste.tsv", "utf-8"), ("liste.txt", "cp1256"),
                                                ("Unicode text.txt", "utf-16"), ("liste.tsv", "cp1252")])
def test_tab_separated_sheets_are_read_in_each_encoding(client, login, app, make_workshop, name, encoding):
    """A comma inside a cell stays in the cell: the tabs separate."""
    workshop = make_workshop()
    login(Role.COORDINATOR)
    arabic = encoding in ("utf-8", "cp1256", "utf-16")
    lines = ["given_name\tfamily_name\tname_ar\tsex\tcountry\tagency\trole_category",
             f"Amina\tHaddad\t{'أمينة حداد' if arabic else ''}\tF\tEG\tMinistry of Justice, Cairo\tjudge",
             "Sami\tNasser\t\tM\tJO\tPublic Security\tpolice"]
    response = _upload(client, workshop, "\r\n".join(lines).encode(encoding), name)
    assert response.status_code == 303
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 rows can be imported." in preview and "Ministry of Justice, Cairo" in preview
    assert ("أمينة حداد" in preview) == arabic
    batch = response.headers["Location"].rsplit("/", 1)[1]
    assert client.post(f"/imports/{batch}/confirm").status_code == 303
    assert _counts(app) == (2, 2)


def test_a_refused_confirmation_comes_back_to_the_preview_with_the_reason(client, login, app, make_workshop,
                                                                         monkeypatch):
    """The confirm view goes through the one form helper: a refusal is a message on the page and a 4xx."""
    from workshops.exceptions import Conflict
    from workshops.training import sheet_import

    workshop = make_workshop()
    login(Role.COORDINATOR)
    response = _upload(client, workshop, "\n".join([HEADER, "Amina,Haddad,F,EG,A,judge,"]).encode(), "s.csv")
    batch = response.headers["Location"].rsplit("/", 1)[1]

    def refuse(*_args, **_kwargs):
        raise Conflict("Someone confirmed this sheet already.")

    monkeypatch.setattr(sheet_import, "commit", refuse)
    refused = client.post(f"/imports/{batch}/confirm", data={"proposed": "2", "same": "2"})
    assert refused.status_code == 409
    assert "Someone confirmed this sheet already." in refused.get_data(as_text=True)
    assert "Import preview" in refused.get_data(as_text=True) and _counts(app) == (0, 0)


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "empty.csv", "The file has no rows."),
    (b"PK\x03\x04 broken", "broken.xlsx", "This is not a readable Excel (.xlsx) file."),
    (b"%PDF-1.4", "scan.pdf", "Upload a CSV, a tab-separated (.tsv or .txt) or an Excel (.xlsx) file."),
])
def test_unreadable_uploads_are_refused_next_to_the_field(client, login, make_workshop, content, name, message):
    workshop = make_workshop()
    login(Role.COORDINATOR)
    response = _upload(client, workshop, content, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_template_reads_back_without_errors(client, login, make_workshop):
    login(Role.TRAINER)
    for file_format in ("csv", "xlsx"):
        response = client.get(f"/participants/import-template.{file_format}")
        sheet = parse_sheet(response.data, f"template.{file_format}")
        assert not sheet.missing_columns and all(row.details for row in sheet.rows)


def test_only_those_running_the_workshop_import(client, login, make_workshop):
    workshop = make_workshop()
    login(Role.LEAD)
    assert client.get(f"/workshops/{workshop.id}/import").status_code == 403


def test_scores_arrive_with_new_people_and_update_those_already_listed(app, runner, tmp_path, make_workshop,
                                                                       make_participant, enrol):
    workshop = make_workshop()
    listed = enrol(workshop, make_participant(email="listed@example.org"))
    path = tmp_path / "scores.csv"
    path.write_text("\n".join([HEADER + ",pre-test,post-test",
                               "Hélène,Benali,F,MA,DGSN,police,h@example.org,40,85",
                               "Amina,Haddad,F,EG,Prosecution,prosecutor,listed@example.org,55,70",
                               "Omar,Farouk,M,EG,MoI,judge,o@example.org,abc,"]), encoding="utf-8")
    result = runner.invoke(args=["participants", "import", str(path), "--workshop", str(workshop.id), "--commit"])
    assert "“abc” is not a score from 0 to 100." in result.output
    with app.app_context():
        scores = {enrolment.participant.email: (enrolment.pre_test_score, enrolment.post_test_score)
                  for enrolment in db.session.scalars(db.select(Enrolment))}
        assert scores == {"h@example.org": (40, 85), "listed@example.org": (55, 70)}
        assert db.session.get(Enrolment, listed.id).post_test_score == 70
