"""The summary on a workshop's page: hand-counted figures, an empty workshop, who sees it, and its cost in queries."""
import re

import pytest

from workshops.auth.models import Role
from workshops.certificates import services as certificates
from workshops.certificates.services import certificate_of
from workshops.extensions import db
from workshops.people.models import RoleCategory, Sex
from workshops.reports.workshop_summary import Split, workshop_summary
from workshops.training.models import Enrolment, Workshop

F, M = Sex.FEMALE, Sex.MALE
LAW, PROSECUTOR, JUDGE, OTHER = (RoleCategory.LAW_ENFORCEMENT, RoleCategory.PROSECUTOR, RoleCategory.JUDGE,
                                 RoleCategory.OTHER)
#: (country, sex, role, sessions attended of 5, pre-test, post-test); 4 sessions of 5 complete (80 %).
PEOPLE = [
    ("EG", F, PROSECUTOR, 5, 40, 70),  # completes, +30; their certificate is revoked
    ("EG", M, JUDGE, 5, 50, 60),  # completes, +10; their certificate is reissued (the old one superseded)
    ("JO", F, LAW, 4, 60, 55),  # completes, -5
    ("JO", M, PROSECUTOR, 2, 30, None),  # does not complete; one score only, so not scored
    ("SD", F, JUDGE, None, None, None),  # never marked
    ("EG", F, PROSECUTOR, 5, None, None),  # completes, not scored
]
#: Completes after the certificates were issued, so is still without one.
LATE_COMPLETER = ("EG", M, OTHER, 5, None, None)


@pytest.fixture
def workshop(app, make_workshop, make_participant, enrol):
    """The workshop of PEOPLE: certificates issued to the first four completers, the first revoked, the second
    reissued, then LATE_COMPLETER enrolled."""
    workshop = make_workshop()

    def add(country, sex, role, attended, pre, post) -> int:
        enrolment = enrol(workshop, make_participant(country_code=country, sex=sex, role_category=role), attended)
        with app.app_context():
            db.session.get(Enrolment, enrolment.id).fill_scores(pre, post, None)
            db.session.commit()
        return enrolment.id

    enrolments = [add(*person) for person in PEOPLE]
    with app.app_context():
        certificates.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)
        certificates.revoke(certificate_of(enrolments[0]), "Issued in error", actor_id=None)
        certificates.reissue(certificate_of(enrolments[1]), "Name corrected", actor_id=None)
        db.session.commit()
    add(*LATE_COMPLETER)
    return workshop


def test_figures_match_a_hand_count(session, workshop):
    summary = workshop_summary(workshop.id)
    assert (summary.enrolled, summary.completed) == (7, 5)
    assert summary.completion_rate == pytest.approx(5 / 7)
    assert summary.scored == 3 and summary.average_gain == pytest.approx((30 + 10 - 5) / 3)
    assert (summary.certificates_valid, summary.certificates_revoked, summary.completers_without_certificate) == (
        3, 1, 1)
    assert summary.by_country == [Split("EG", 4, 4), Split("JO", 2, 1), Split("SD", 1, 0)]
    assert summary.by_role == [Split(LAW, 1, 1), Split(PROSECUTOR, 3, 2), Split(JUDGE, 2, 1), Split(OTHER, 1, 1)]
    assert summary.by_sex == [Split(F, 4, 3), Split(M, 3, 2)]
    for split in (summary.by_country, summary.by_role, summary.by_sex):
        assert (sum(line.enrolled for line in split), sum(line.completed for line in split)) == (7, 5)


def _row(page: str, label: str) -> tuple[str, ...]:
    """The numbers of the summary table row headed `label`."""
    found = re.search(rf'<th scope="row"[^>]*>{re.escape(label)}</th>((?:<td class="num">[^<]*</td>)+)', page)
    assert found, label
    return tuple(re.findall(r'<td class="num">([^<]*)</td>', found.group(1)))


def test_the_page_shows_the_figures(client, login, workshop):
    login(Role.LEAD)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    summary = page[page.index('id="workshop-summary-heading"'):]
    assert "71%" in summary and "Average knowledge gain: +11.7 points over 3 scored participants." in summary
    figures = dict(re.findall(r'<dt[^>]*>([^<]+)</dt><dd[^>]*>([^<]+)</dd>', summary))
    assert figures == {"enrolled": "7", "completed": "5", "completion rate": "71%", "certificates issued": "3",
                       "certificates revoked": "1", "completers without a certificate": "1"}
    assert _row(summary, "Egypt") == ("4", "4") and _row(summary, "Sudan") == ("1", "0")
    assert _row(summary, "Law enforcement") == ("1", "1") and _row(summary, "Prosecutor") == ("3", "2")
    assert _row(summary, "Female") == ("4", "3") and _row(summary, "Male") == ("3", "2")
    for caption in ("Participants by country", "Participants by role", "Participants by sex"):
        assert f'<caption class="caption-top">{caption}</caption>' in summary


def test_an_empty_workshop_says_there_is_no_rate(client, login, make_workshop, session):
    workshop = make_workshop()
    summary = workshop_summary(workshop.id)
    assert (summary.enrolled, summary.completed, summary.scored, summary.completers_without_certificate) == (0, 0, 0, 0)
    assert summary.completion_rate is None and summary.average_gain is None
    assert summary.by_country == summary.by_role == summary.by_sex == []
    login(Role.ADMIN)
    page = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    summary = page[page.index('id="workshop-summary-heading"'):]
    assert "Nobody is enrolled yet, so there is no completion rate" in summary
    assert "%" not in summary[:summary.index("</section>")] and "Participants by country" not in summary


@pytest.mark.parametrize(("role", "trains", "status"), [(Role.TRAINER, True, 200), (Role.TRAINER, False, 403),
                                                        (Role.LEAD, False, 403)])
def test_shown_to_whoever_may_open_the_workshop_only(client, login, make_user, make_workshop, enrol,
                                                     make_participant, role, trains, status):
    viewer = login(role, projects=[])
    workshop = make_workshop(trainers=[viewer] if trains else [])
    enrol(workshop, make_participant(), attended=5)
    response = client.get(f"/workshops/{workshop.id}")
    assert response.status_code == status
    assert ("Participants by sex" in response.get_data(as_text=True)) == (status == 200)


def test_the_summary_costs_two_queries(session, workshop, count_queries):
    workshop_id = workshop.id
    with count_queries() as statements:
        workshop_summary(workshop_id)
    assert len(statements) == 2


def test_the_workshop_page_costs_as_many_queries_for_many_people(client, login, make_workshop, make_participant,
                                                                 enrol, count_queries):
    workshop = make_workshop()
    login(Role.COORDINATOR)

    def queries_of_page() -> int:
        with count_queries() as statements:
            assert client.get(f"/workshops/{workshop.id}").status_code == 200
        return len(statements)

    enrol(workshop, make_participant(), attended=5)
    few = queries_of_page()
    for number, (country, sex, role) in enumerate([("EG", F, JUDGE), ("JO", M, LAW), ("SD", F, OTHER)] * 4):
        enrol(workshop, make_participant(country_code=country, sex=sex, role_category=role), attended=number % 6)
    assert queries_of_page() == few
