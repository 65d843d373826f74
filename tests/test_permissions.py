"""Every page for every role: allowed or refused on the server, whatever the menu shows."""
import pytest

from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.training.models import Workshop

EVERYONE = (Role.ADMIN, Role.LEAD, Role.COORDINATOR, Role.TRAINER)
ADMIN_ONLY = (Role.ADMIN,)
LEADS = (Role.ADMIN, Role.LEAD)
COORDINATORS = (Role.ADMIN, Role.COORDINATOR)
READERS_OF_REPORTS = (Role.ADMIN, Role.LEAD, Role.COORDINATOR)
EDITORS_OF_PEOPLE = (Role.ADMIN, Role.COORDINATOR, Role.TRAINER)
BRANDING = (Role.ADMIN, Role.LEAD, Role.COORDINATOR)

ROUTES = [
    ("GET", "/", EVERYONE),
    ("GET", "/projects", EVERYONE),
    ("GET", "/projects/new", LEADS),
    ("POST", "/projects/new", LEADS),
    ("GET", "/projects/{project}", EVERYONE),
    ("GET", "/projects/{project}/edit", LEADS),
    ("POST", "/projects/{project}/edit", LEADS),
    ("GET", "/projects/{project}/objectives/new", LEADS),
    ("POST", "/projects/{project}/objectives/new", LEADS),
    ("GET", "/objectives/{objective}/edit", LEADS),
    ("GET", "/workshops", EVERYONE),
    ("GET", "/workshops/new", COORDINATORS),
    ("POST", "/workshops/new", COORDINATORS),
    ("GET", "/workshops/{workshop}", EVERYONE),
    ("GET", "/workshops/{workshop}/edit", COORDINATORS),
    ("POST", "/workshops/{workshop}/edit", COORDINATORS),
    ("GET", "/workshops/{workshop}/participants/add", COORDINATORS),
    ("POST", "/workshops/{workshop}/participants", COORDINATORS),
    ("POST", "/workshops/{workshop}/enrolments", COORDINATORS),
    ("GET", "/workshops/{workshop}/attendance", COORDINATORS),
    ("POST", "/workshops/{workshop}/attendance", COORDINATORS),
    ("POST", "/workshops/{workshop}/sessions", COORDINATORS),
    ("POST", "/workshops/{workshop}/certificates", COORDINATORS),
    ("POST", "/enrolments/{enrolment}/certificate", COORDINATORS),
    ("GET", "/workshops/{workshop}/certificates.pdf", COORDINATORS),
    ("GET", "/workshops/{workshop}/certificates.zip", COORDINATORS),
    ("GET", "/workshops/{workshop}/certificates/preview.pdf", COORDINATORS),
    ("GET", "/certificates/{serial}.pdf", COORDINATORS),
    ("GET", "/certificates/{serial}", COORDINATORS),
    ("POST", "/certificates/{serial}/revoke", COORDINATORS),
    ("POST", "/certificates/{serial}/reissue", COORDINATORS),
    ("GET", "/projects/{project}/certificate", BRANDING),
    ("GET", "/projects/{project}/certificate/preview.pdf?language=ar", BRANDING),
    ("POST", "/projects/{project}/certificate/donor-line", BRANDING),
    ("POST", "/projects/{project}/certificate/logos", BRANDING),
    ("POST", "/projects/{project}/certificate/signatories", BRANDING),
    ("POST", "/projects/{project}/certificate/logos/1/delete", BRANDING),
    ("GET", "/participants", EVERYONE),
    ("GET", "/participants.csv", EVERYONE),
    ("GET", "/workshops/{workshop}/participants.xlsx", EVERYONE),
    ("GET", "/participants/{participant}", EVERYONE),
    ("GET", "/participants/{participant}/edit", EDITORS_OF_PEOPLE),
    ("POST", "/participants/{participant}/edit", EDITORS_OF_PEOPLE),
    ("GET", "/participants/{participant}/merge", COORDINATORS),
    ("POST", "/participants/{participant}/merge", COORDINATORS),
    ("GET", "/reports/countries", READERS_OF_REPORTS),
    ("GET", "/reports/countries.csv", READERS_OF_REPORTS),
    ("GET", "/users", ADMIN_ONLY),
    ("GET", "/users/new", ADMIN_ONLY),
    ("POST", "/users/new", ADMIN_ONLY),
    ("GET", "/users/{user}/edit", ADMIN_ONLY),
]


@pytest.fixture
def world(app, make_user, make_workshop, make_participant, enrol):
    """One of everything, with a certificate issued, so every route has something to open."""
    trainer = make_user(Role.TRAINER)
    workshop = make_workshop(trainers=[trainer])
    participant = make_participant()
    enrolment = enrol(workshop, participant, attended=5)
    with app.app_context():
        stored = db.session.get(Workshop, workshop.id)
        certificate = certificate_services.issue_for_workshop(stored, actor=None)[0]
        db.session.commit()
        return {"project": stored.objective.project_id, "objective": stored.objective_id, "workshop": workshop.id,
                "participant": participant.id, "enrolment": enrolment.id, "serial": certificate.serial,
                "user": trainer.id, "trainer": trainer}


def _request(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, data={})


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("method", "path", "allowed"), ROUTES)
def test_route_is_allowed_or_refused_per_role(client, login, world, role, method, path, allowed):
    login(role)
    response = _request(client, method, path.format(**world))
    if role in allowed:
        assert response.status_code not in (401, 403, 404, 405, 500), response.status_code
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("method", "path", "_allowed"), ROUTES)
def test_anonymous_visitors_are_sent_to_login(client, world, method, path, _allowed):
    response = _request(client, method, path.format(**world))
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/workshops/{workshop}/participants/add", "/workshops/{workshop}/attendance"])
def test_trainer_of_the_workshop_runs_it(client, world, path):
    response = client.post("/login", data={"email": world["trainer"].email, "password": "correct horse battery"})
    assert response.status_code == 303
    assert client.get(path.format(**world)).status_code == 200


def test_lead_does_not_see_contact_details(client, login, world, app):
    login(Role.LEAD)
    page = client.get(f"/participants/{world['participant']}").get_data(as_text=True)
    assert "@example.org" not in page
    login_page = client.post("/logout")
    assert login_page.status_code == 303


def test_coordinator_sees_contact_details(client, login, world):
    login(Role.COORDINATOR)
    assert "@example.org" in client.get(f"/participants/{world['participant']}").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/login", "/healthz", "/verify", "/verify/{serial}",
                                  "/static/vendor/bootstrap-5.3.9/bootstrap.min.css"])
def test_public_pages_need_no_login(client, world, path):
    with client.get(path.format(**world)) as response:
        assert response.status_code == 200


@pytest.mark.parametrize("path", ["/workshops/999999", "/projects/999999", "/participants/999999",
                                  "/workshops/999999/attendance", "/certificates/AAAA-AAAA-AAAA.pdf"])
def test_missing_records_are_404(client, login, world, path):
    login(Role.ADMIN)
    assert client.get(path).status_code == 404
