"""Serials people can type and check, issuing only to completers, and the public verification page."""
import pytest

from workshops.auth.models import Role
from workshops.certificates import services
from workshops.certificates.serials import ALPHABET, check_symbol, new_serial, normalise
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.training.models import Enrolment, Workshop


def test_serials_are_random_grouped_and_self_checking():
    serials = {new_serial() for _ in range(2000)}
    assert len(serials) == 2000
    for serial in list(serials)[:50]:
        assert len(serial) == 14 and serial[4] == serial[9] == "-"
        assert normalise(serial) == serial


def test_every_single_mistyped_symbol_is_caught():
    serial = new_serial()
    symbols = serial.replace("-", "")
    for position in range(len(symbols)):
        for replacement in ALPHABET:
            if replacement != symbols[position]:
                typo = symbols[:position] + replacement + symbols[position + 1:]
                assert normalise(typo) is None


def test_swapped_neighbours_are_caught_except_luhns_blind_spot():
    """Every swap of two different neighbours is caught, but 0 and Z (values 0 and 31), as with any Luhn mod N."""
    blind_spot = {"0", "Z"}
    for first in ALPHABET:
        for second in ALPHABET:
            if first == second or {first, second} == blind_spot:
                continue
            for position in range(0, 10, 3):
                body = ("7K3M9Q2W8XZ"[:position] + first + second + "7K3M9Q2W8XZ"[position + 2:])[:11]
                symbols = body + check_symbol(body)
                swapped = symbols[:position] + second + first + symbols[position + 2:]
                assert normalise(swapped) is None, (first, second, position)


def test_typing_is_forgiving_about_case_spaces_and_confusable_letters():
    body = "0123456789A"
    serial = normalise(body + check_symbol(body))
    assert serial == "0123-4567-89A" + check_symbol(body)
    assert normalise(serial.lower().replace("-", " ").replace("0", "o").replace("1", "l")) == serial


@pytest.mark.parametrize("typed", ["", "ABC", "ABCD-EFGH-JKMN-P", "UUUU-UUUU-UUUU"])
def test_malformed_serials_are_refused(typed):
    assert normalise(typed) is None


def test_only_completers_get_certificates(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    completer = enrol(workshop, make_participant(), attended=4)
    dropout = enrol(workshop, make_participant(), attended=3)
    stored = db.session.get(Workshop, workshop.id)
    issued = services.issue_for_workshop(stored, actor_id=None)
    assert [certificate.enrolment_id for certificate in issued] == [completer.id]
    with pytest.raises(DomainError, match="did not complete"):
        services.issue_for_enrolment(db.session.get(Enrolment, dropout.id), actor_id=None)
    assert services.issue_for_workshop(stored, actor_id=None) == []


@pytest.fixture
def issued(app, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrol(workshop, make_participant(given_name="Samira", family_name="Khalil", email="samira@example.org",
                                     phone="+20 100 123 4567", agency="Ministry of Social Solidarity"), attended=5)
    with app.app_context():
        certificate = services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)[0]
        db.session.commit()
        return certificate.serial


def test_verify_page_shows_a_valid_certificate_without_personal_data(client, issued):
    response = client.get(f"/verify/{issued}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Valid certificate" in page and "Samira Khalil" in page and "Cairo" in page
    for private in ("samira@example.org", "+20 100 123 4567", "Ministry of Social Solidarity"):
        assert private not in page


def test_verify_accepts_a_retyped_serial(client, issued):
    retyped = issued.lower().replace("-", " ")
    assert "Valid certificate" in client.get(f"/verify?serial={retyped}").get_data(as_text=True)


def test_unknown_and_mistyped_serials(client, issued):
    body = "ZZZZZZZZZZZ"
    unknown = normalise(body + check_symbol(body))
    response = client.get(f"/verify/{unknown}")
    assert response.status_code == 404 and "No certificate with this serial" in response.get_data(as_text=True)
    mistyped = client.get("/verify/ABCD-EFGH-JKMN")
    assert mistyped.status_code == 404 and "not a valid serial" in mistyped.get_data(as_text=True)


class TestVerifyRateLimit:
    @pytest.fixture
    def app_settings(self):
        return {"RATELIMIT_ENABLED": True}

    def test_lookups_are_rate_limited(self, client):
        statuses = [client.get("/verify/ABCD-EFGH-JKMN").status_code for _ in range(31)]
        assert statuses[:30] == [404] * 30 and statuses[30] == 429


def test_cli_issues_and_exports(app, runner, make_workshop, make_participant, enrol, tmp_path):
    workshop = make_workshop()
    enrol(workshop, make_participant(given_name="Khaled", family_name="Othman"), attended=5)
    result = runner.invoke(args=["certificates", "issue", "--workshop", str(workshop.id)])
    assert result.exit_code == 0 and "Issued 1 certificates" in result.output
    again = runner.invoke(args=["certificates", "issue", "--workshop", str(workshop.id)])
    assert "Issued 0 certificates" in again.output
    output = tmp_path / "print-run.pdf"
    exported = runner.invoke(args=["certificates", "export", "--workshop", str(workshop.id), "-o", str(output)])
    assert exported.exit_code == 0, exported.output
    assert output.read_bytes().startswith(b"%PDF")
    missing = runner.invoke(args=["certificates", "issue", "--workshop", "999999"])
    assert missing.exit_code == 2


def test_coordinator_needed_to_issue(client, login, make_workshop):
    workshop = make_workshop()
    login(Role.TRAINER)
    assert client.post(f"/workshops/{workshop.id}/certificates").status_code == 403


def test_the_longest_names_a_form_accepts_fit_on_a_certificate(session, make_workshop, make_participant, enrol):
    workshop = make_workshop()
    longest = make_participant(given_name="G" * 100, family_name="F" * 100)
    enrol(workshop, longest, attended=5)
    [certificate] = services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)
    db.session.commit()
    assert len(certificate.printed_name) == 201
