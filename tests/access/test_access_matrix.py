"""Every route, every role, in and out of scope: the access matrix, with CSRF protection on as in production.

The expectation table (CASES) is written by hand from the permission spec, not derived from policy.GRANTS, so a
changed grant or a changed route rule shows up here as a failing case. A route missing from the table, or a view
declaring neither `@public` nor `@allow`, fails the suite, so a new route cannot slip in undeclared.

Two worlds share one database in every test: IN (the project the lead and the coordinator are assigned to, and
whose workshop the trainer trains) and OUT (another project, trained by someone else). Allowed is the exact status
the view answers to a bare request (a GET, or a POST carrying only the CSRF token); refused is exactly 403.
"""
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from conftest import PASSWORD, assign_projects
from flask import url_for

from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.people.models import RoleCategory, Sex
from workshops.people.services import ParticipantDetails
from workshops.reports.indicators import IndicatorDetails, add_indicator
from workshops.reports.models import Measure
from workshops.training import registration
from workshops.training import services as training_services
from workshops.training import sheet_import as imports
from workshops.training.models import Workshop

SHEET = b"given_name,family_name,sex,country,agency,role_category\nA,B,F,EG,X,judge\n"
ROLES = (Role.ADMIN, Role.LEAD, Role.COORDINATOR, Role.TRAINER)
#: OUT first, so that a POST that changes the IN world cannot affect what the OUT checks see.
SCOPES = ("out", "in")


@pytest.fixture
def app_settings(tmp_path) -> dict:
    return {"WTF_CSRF_ENABLED": True, "MAIL_OUTBOX": str(tmp_path / "outbox")}


# --- The worlds ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Side:
    """The ids of one world: a project with one of everything a route can point at."""

    project: int
    objective: int
    workshop: int
    session: int
    participant: int
    participant_email: str
    enrolment: int
    serial: str
    registration: int
    batch: int
    token: str
    indicator: int


@dataclass(frozen=True)
class World:
    trainer_id: int
    trainer_email: str
    project_in: object
    sides: dict[str, Side]


@pytest.fixture
def world(app, make_user, make_project, make_objective, make_workshop, make_participant, enrol) -> World:
    trainer = make_user(Role.TRAINER)
    other_trainer = make_user(Role.TRAINER)
    sides, projects = {}, {}
    for scope, trainers in (("in", [trainer]), ("out", [other_trainer])):
        project = make_project()
        objective = make_objective(project=project)
        workshop = make_workshop(objective=objective, trainers=trainers)
        participant = make_participant()
        enrolment = enrol(workshop, participant, attended=5)
        with app.app_context():
            stored = db.session.get(Workshop, workshop.id)
            certificate = certificate_services.issue_for_workshop(stored, actor_id=None)[0]
            session_id = stored.sessions[0].id
            training_services.attach_signed_sheet(stored, session_id, b"%PDF-1.4\n%%EOF\n", actor_id=None)
            today = date.today()
            link = registration.open_link(stored, today - timedelta(days=1), today + timedelta(days=30), None,
                                          actor_id=None)
            pending = registration.register(link, ParticipantDetails(
                given_name="Selma", family_name=f"Registrant {scope}", sex=Sex.FEMALE, country_code="JO",
                agency="Public Security", role_category=RoleCategory.LAW_ENFORCEMENT,
                email=f"selma.{scope}@example.net"), consented=True, today=today)
            batch = imports.keep_upload(stored, "s.csv", SHEET, actor_id=None)
            indicator = add_indicator(project.id, IndicatorDetails(
                title="Practitioners trained", measure=Measure.TRAINEES, baseline=Decimal(0), target=Decimal(100),
                deadline=project.ends_on), actor_id=None)
            db.session.commit()
            sides[scope] = Side(project=project.id, objective=objective.id, workshop=workshop.id, session=session_id,
                                participant=participant.id, participant_email=participant.email,
                                enrolment=enrolment.id, serial=certificate.serial, registration=pending.id,
                                batch=batch.id, token=link.token, indicator=indicator.id)
        projects[scope] = project
    return World(trainer_id=trainer.id, trainer_email=trainer.email, project_in=projects["in"], sides=sides)


def csrf_token(client) -> str:
    """The token of the login form; Flask-Login keeps the session, so it stays valid once signed in."""
    page = client.get("/login").get_data(as_text=True)
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert found, "no CSRF token on the login page"
    return found.group(1)


def sign_in(client, email: str) -> str:
    token = csrf_token(client)
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 303, response.status_code
    return token


@pytest.fixture
def signed_in(app, client, make_user, world):
    """Sign in as this role, as the matrix means it: the lead and coordinator on IN only, the trainer of IN."""
    def do(role: Role) -> str:
        if role == Role.TRAINER:
            return sign_in(client, world.trainer_email)
        user = make_user(role)
        if role in (Role.LEAD, Role.COORDINATOR):
            assign_projects(app, user, [world.project_in])
        return sign_in(client, user.email)
    return do


def send(client, method: str, url: str, token: str | None):
    response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token} if token else {})
    status, location = response.status_code, response.headers.get("Location", "")
    response.close()
    return status, location


# --- The expectation table -------------------------------------------------------------------------------------

def who(*grants: str) -> frozenset[str]:
    """Administrators may everything; "lead-in" means a lead on an object of IN, "lead" a lead anywhere."""
    return frozenset({"admin", *grants})


PUBLIC = frozenset({"public"})
ADMIN = who()
EVERYONE = who("lead", "coordinator", "trainer")
VIEWERS = who("lead-in", "coordinator-in", "trainer-in")
RUNNERS = who("coordinator-in", "trainer-in")
COORDINATOR_IN = who("coordinator-in")
LEAD_IN = who("lead-in")
DESIGNERS = who("lead-in", "coordinator-in")
TOTALS = who("lead", "coordinator")
IMPORTERS = who("coordinator", "trainer")


@dataclass(frozen=True)
class Case:
    name: str
    endpoint: str
    values: Callable[[Side, World], dict]
    allowed: frozenset[str]
    #: The exact status when allowed, per method; a method absent here is not one the route answers.
    statuses: dict[str, int]
    #: False for rules without an object (role-level) and for user accounts: one case per role.
    scoped: bool = True
    query: Callable[[Side], dict] | None = None

    def url(self, side: Side, world: World) -> str:
        path = url_for(self.endpoint, **self.values(side, world))
        return f"{path}?{urlencode(self.query(side))}" if self.query else path

    def may(self, role: Role, scope: str | None) -> bool:
        if role == Role.ADMIN:
            return "admin" in self.allowed
        return (f"{role.value}-{scope}" if self.scoped else role.value) in self.allowed


def case(endpoint: str, values, allowed, *, get: int | None = None, post: int | None = None, scoped: bool = True,
         query=None, variant: str = "") -> Case:
    statuses = {method: status for method, status in (("GET", get), ("POST", post)) if status is not None}
    return Case(f"{endpoint}[{variant}]" if variant else endpoint, endpoint, values, allowed, statuses, scoped,
                query)


def nothing(_side, _world):
    return {}


def project(side, _world):
    return {"project_id": side.project}


def objective(side, _world):
    return {"objective_id": side.objective}


def indicator(side, _world):
    return {"project_id": side.project, "indicator_id": side.indicator}


def workshop(side, _world):
    return {"workshop_id": side.workshop}


def session(side, _world):
    return {"workshop_id": side.workshop, "session_id": side.session}


def participant(side, _world):
    return {"participant_id": side.participant}


def serial(side, _world):
    return {"serial": side.serial}


def batch(side, _world):
    return {"batch_id": side.batch}


def token(side, _world):
    return {"token": side.token}


def trainer(_side, world):
    return {"user_id": world.trainer_id}


def with_(values, **extra):
    return lambda side, world: {**values(side, world), **extra}


CASES = [
    # Public: open without login (checked anonymously, in test_public_routes_answer_without_login).
    case("auth.login", nothing, PUBLIC, get=200, post=422, scoped=False),
    case("certificates.verify", nothing, PUBLIC, get=200, scoped=False),
    case("certificates.verify", serial, PUBLIC, get=200, scoped=False, variant="serial"),
    case("health.healthz", nothing, PUBLIC, get=200, scoped=False),
    case("favicon", nothing, PUBLIC, get=200, scoped=False),
    case("registration.register", token, PUBLIC, get=200, post=422, scoped=False),
    case("registration.thanks", token, PUBLIC, get=200, scoped=False),
    case("auth.forgot_password", nothing, PUBLIC, get=200, post=422, scoped=False),  # no email typed
    # Emailed links; a registration link's token is no signed password link: 410, "ask for a new one".
    case("auth.set_password", token, PUBLIC, get=410, post=410, scoped=False),
    case("auth.reset_password", token, PUBLIC, get=410, post=410, scoped=False),
    # Any signed-in user; alone in its test, so logging out cannot disturb another check.
    case("auth.logout", nothing, EVERYONE, post=303, scoped=False),
    # Lists: every role, each seeing its own rows.
    case("programmes.dashboard", nothing, EVERYONE, get=200, scoped=False),
    case("programmes.list_projects", nothing, EVERYONE, get=200, scoped=False),
    case("training.list_workshops", nothing, EVERYONE, get=200, scoped=False),
    case("people.list_participants", nothing, EVERYONE, get=200, scoped=False),
    case("exports.registry", with_(nothing, file_format="csv"), EVERYONE, get=200, scoped=False, variant="csv"),
    case("exports.registry", with_(nothing, file_format="xlsx"), EVERYONE, get=200, scoped=False, variant="xlsx"),
    # The import template is for those who import into a workshop: coordinators and trainers, not leads.
    case("imports.template", with_(nothing, file_format="csv"), IMPORTERS, get=200, scoped=False, variant="csv"),
    case("imports.template", with_(nothing, file_format="xlsx"), IMPORTERS, get=200, scoped=False, variant="xlsx"),
    # VIEW: whoever works on the project or trains the workshop.
    case("programmes.show_project", project, VIEWERS, get=200),
    case("training.show_workshop", workshop, VIEWERS, get=200),
    case("exports.workshop_participants", with_(workshop, file_format="csv"), VIEWERS, get=200, variant="csv"),
    case("exports.workshop_participants", with_(workshop, file_format="xlsx"), VIEWERS, get=200, variant="xlsx"),
    case("training.signed_sheet", session, VIEWERS, get=200),
    case("people.show_participant", participant, VIEWERS, get=200),
    # RUN: coordinators of the project and trainers of the workshop.
    case("training.attendance", workshop, RUNNERS, get=200, post=303),  # no marks changed: saved, nothing to do
    case("training.scores", workshop, RUNNERS, get=200, post=303),  # no scores sent: saved, nothing to do
    case("training.add_session", workshop, RUNNERS, post=422),  # no day given
    case("training.remove_session", workshop, RUNNERS, post=422),  # no session chosen
    case("training.sign_in_sheet", session, RUNNERS, get=200),
    case("training.attach_signed_sheet", workshop, RUNNERS, post=422),  # no session, no file
    case("training.add_participants", workshop, RUNNERS, get=200),
    case("training.enrol_existing", workshop, RUNNERS, post=422),  # nobody chosen
    case("training.register_participant", workshop, RUNNERS, post=422),  # empty form
    case("training.withdraw", workshop, RUNNERS, post=422),  # nobody chosen
    case("imports.upload", workshop, RUNNERS, get=200, post=422),  # no file
    case("imports.show_preview", batch, RUNNERS, get=200),
    case("imports.confirm", batch, RUNNERS, post=303),
    case("registration.list_registrations", workshop, RUNNERS, get=200),
    case("registration.decide", lambda side, _w: {"registration_id": side.registration, "decision": "approve"},
         RUNNERS, post=303, variant="approve"),
    case("registration.decide", lambda side, _w: {"registration_id": side.registration, "decision": "reject"},
         RUNNERS, post=303, variant="reject"),
    # EDIT_PERSON.
    # Fields absent from the POST keep the record's values (WTForms obj=), so a bare POST saves it unchanged.
    case("people.edit_participant", participant, RUNNERS, get=200, post=303),
    # MANAGE_WORKSHOPS: coordinators.
    case("training.create_workshop", nothing, who("coordinator"), get=200, post=422, scoped=False),
    case("training.edit_workshop", workshop, COORDINATOR_IN, get=200, post=422),  # dates are InputRequired
    case("registration.manage_link", workshop, COORDINATOR_IN, get=200, post=422),  # dates are InputRequired
    case("registration.close_link", workshop, COORDINATOR_IN, post=303),
    case("training.copy_workshop", workshop, COORDINATOR_IN, get=200, post=422),  # no start date
    case("training.cancel_workshop", workshop, COORDINATOR_IN, get=200, post=422),  # no reason
    case("training.reopen_workshop", workshop, COORDINATOR_IN, post=409),  # not cancelled
    case("training.delete_workshop", workshop, COORDINATOR_IN, post=409),  # attendance taken, certificate issued
    # CERTIFY: coordinators.
    case("certificates.issue_for_workshop", workshop, COORDINATOR_IN, post=303),
    case("certificates.issue_for_enrolment", lambda side, _w: {"enrolment_id": side.enrolment}, COORDINATOR_IN,
         post=303),  # already has one: refused with a flash, back to the workshop
    case("certificates.show_certificate", serial, COORDINATOR_IN, get=200),
    case("certificates.certificate_pdf", serial, COORDINATOR_IN, get=200),
    case("certificates.change_certificate", with_(serial, action="revoke"), COORDINATOR_IN, post=422,
         variant="revoke"),  # no reason given
    case("certificates.change_certificate", with_(serial, action="reissue"), COORDINATOR_IN, post=422,
         variant="reissue"),  # no reason given
    case("certificates.workshop_export", with_(workshop, file_format="pdf"), COORDINATOR_IN, get=200, variant="pdf"),
    case("certificates.workshop_export", with_(workshop, file_format="zip"), COORDINATOR_IN, get=200, variant="zip"),
    case("certificates.workshop_preview", workshop, COORDINATOR_IN, get=200),
    case("training.close_workshop", workshop, COORDINATOR_IN, get=200, post=422),  # sheets missing, not accepted
    case("delivery.page", workshop, COORDINATOR_IN, get=200),
    case("delivery.progress", workshop, COORDINATOR_IN, get=200),
    case("delivery.start", workshop, COORDINATOR_IN, post=303),  # the completer's certificate is emailed (outbox)
    case("delivery.retry", workshop, COORDINATOR_IN, post=404),  # no run to retry yet
    case("delivery.send_again", serial, COORDINATOR_IN, post=303),  # emailed again (outbox)
    # MERGE, EXPORT_PERSONAL_DATA: coordinators; ERASE_PERSON: administrators.
    case("records.merge", participant, COORDINATOR_IN, get=200, post=422),  # no duplicate chosen
    case("records.export_personal_data", with_(participant, file_format="json"), COORDINATOR_IN, get=200,
         variant="json"),
    case("records.export_personal_data", with_(participant, file_format="pdf"), COORDINATOR_IN, get=200,
         variant="pdf"),
    case("records.erase", participant, ADMIN, get=200, post=422),  # confirmation word missing
    # SEE_TOTALS: leads and coordinators, for their projects.
    case("reports.totals", nothing, TOTALS, get=200, scoped=False),
    case("reports.totals_file", with_(nothing, file_format="csv"), TOTALS, get=200, scoped=False, variant="csv"),
    case("reports.totals_file", with_(nothing, file_format="xlsx"), TOTALS, get=200, scoped=False, variant="xlsx"),
    case("reports.totals", nothing, who("lead-in", "coordinator-in"), get=200,
         query=lambda side: {"project": side.project}, variant="project"),
    case("reports.totals_file", with_(nothing, file_format="csv"), who("lead-in", "coordinator-in"), get=200,
         query=lambda side: {"project": side.project}, variant="project-csv"),
    case("indicators.iati_activity", project, who("lead-in", "coordinator-in"), get=200),
    # EDIT_PROJECT: leads; CREATE_PROJECT: leads anywhere.
    case("indicators.list_indicators", project, LEAD_IN, get=200, post=422),  # empty form: fields required
    case("indicators.edit_indicator", indicator, LEAD_IN, get=200, post=422),  # measure, amounts InputRequired
    case("indicators.delete_indicator", indicator, LEAD_IN, post=303),
    case("programmes.create_project", nothing, who("lead"), get=200, post=422, scoped=False),
    case("programmes.edit_project", project, LEAD_IN, get=200, post=422),  # dates are InputRequired
    case("programmes.add_objective", project, LEAD_IN, get=200, post=422),  # number is InputRequired
    case("programmes.edit_objective", objective, LEAD_IN, get=200, post=422),  # number is InputRequired
    # DESIGN_CERTIFICATES: leads and coordinators.
    case("certificates.branding_page", project, DESIGNERS, get=200),
    case("certificates.project_preview", project, DESIGNERS, get=200, query=lambda _side: {"language": "ar"}),
    case("certificates.set_donor_line", project, DESIGNERS, post=303),  # optional field: cleared
    case("certificates.put_logo", project, DESIGNERS, post=422),  # no file
    case("certificates.put_signatory", project, DESIGNERS, post=422),  # no name
    case("certificates.remove_branding", with_(project, kind="logos", position=1), DESIGNERS, post=303,
         variant="logos"),  # nothing there: refused with a flash, back to the page
    case("certificates.remove_branding", with_(project, kind="signatories", position=1), DESIGNERS, post=303,
         variant="signatories"),
    # ADMINISTER: administrators only; user accounts have no IN or OUT.
    case("auth.list_users", nothing, ADMIN, get=200, scoped=False),
    case("auth.create_user", nothing, ADMIN, get=200, post=422, scoped=False),
    # Fields absent keep the account's values (WTForms obj=); "is_active" absent is an unticked box: deactivated.
    case("auth.edit_user", trainer, ADMIN, get=200, post=303, scoped=False),
    case("access.assign_project", trainer, ADMIN, post=400, scoped=False),  # no project chosen
    case("access.unassign_project", lambda side, world: {"user_id": world.trainer_id, "project_id": side.project},
         ADMIN, post=303, scoped=False),  # nothing to remove: said so
    case("access.assign_person", project, ADMIN, post=400),  # nobody chosen
    case("access.unassign_person", lambda side, world: {"project_id": side.project, "user_id": world.trainer_id},
         ADMIN, post=303),  # nothing to remove: said so
    case("audit.trail", nothing, ADMIN, get=200, scoped=False),
    case("audit.trail_csv", nothing, ADMIN, get=200, scoped=False),
    # --- sign-in and sessions
    # The code step is public (the password came first); with no password pending it sends back to login (303).
    case("auth.enter_code", nothing, PUBLIC, get=303, post=303, scoped=False),
    case("security.account", nothing, EVERYONE, get=200, scoped=False),
    case("security.turn_on_second_factor", nothing, EVERYONE, post=422, scoped=False),  # no code typed
    case("security.turn_off_second_factor", nothing, EVERYONE, post=422, scoped=False),  # no code typed
    case("security.end_sessions", nothing, EVERYONE, post=303, scoped=False),  # signed out, to login
    case("security.edit_requirement", nothing, ADMIN, get=200, post=303, scoped=False),  # none chosen: saved
    # --- accounts (mail, passwords)
    case("auth.change_password", nothing, EVERYONE, get=200, post=422, scoped=False),  # nothing typed
    case("auth.choose_language", nothing, EVERYONE, post=400, scoped=False),  # no language chosen
    case("auth.send_password_link", trainer, ADMIN, post=303, scoped=False),  # invitation emailed (outbox)
    case("auth.reset_second_factor", trainer, ADMIN, post=303, scoped=False),  # none set up: refused with a message
]
PUBLIC_CASES = [each for each in CASES if each.allowed == PUBLIC]
SIGNED_IN_CASES = [each for each in CASES if each.allowed != PUBLIC]


def checks_of(each: Case) -> int:
    """(route, method, role, scope) checks one case makes across the roles."""
    if each.allowed == PUBLIC:
        return len(each.statuses)
    return len(each.statuses) * len(ROLES) * (len(SCOPES) if each.scoped else 1)


MATRIX_SIZE = sum(checks_of(each) for each in CASES)


# --- The route list against the table --------------------------------------------------------------------------

def routes(app) -> dict[str, set[str]]:
    """Every endpoint but static, with the methods it answers (beyond HEAD and OPTIONS)."""
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            found.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return found


def test_every_route_declares_who_may_open_it(app):
    undeclared = [endpoint for endpoint in routes(app)
                  if not getattr(app.view_functions[endpoint], "is_public", False)
                  and getattr(app.view_functions[endpoint], "access_rule", None) is None]
    assert not undeclared, f"routes declaring neither @public nor @allow: {undeclared}"


def test_every_route_is_in_the_table_with_its_methods(app):
    tabled: dict[str, set[str]] = {}
    for each in CASES:
        tabled.setdefault(each.endpoint, set()).update(each.statuses)
    found = routes(app)
    assert sorted(set(found) - set(tabled)) == [], "routes missing from CASES: add them with who may use them"
    assert sorted(set(tabled) - set(found)) == [], "CASES names routes the app no longer has"
    assert {endpoint: methods for endpoint, methods in found.items() if tabled[endpoint] != methods} == {}


def test_the_table_and_the_app_agree_on_what_is_public(app):
    public_in_table = {each.endpoint for each in PUBLIC_CASES}
    public_in_app = {endpoint for endpoint in routes(app) if getattr(app.view_functions[endpoint], "is_public", False)}
    assert public_in_table == public_in_app


# --- The matrix ------------------------------------------------------------------------------------------------

MATRIX = [pytest.param(each, role, id=f"{each.name}-{role.value}") for each in SIGNED_IN_CASES for role in ROLES]


@pytest.mark.parametrize(("each", "role"), MATRIX)
def test_route_allows_exactly_whom_the_spec_names(app, client, world, signed_in, each, role):
    token = signed_in(role)
    wrong = []
    for scope in SCOPES if each.scoped else ("in",):
        with app.test_request_context():
            url = each.url(world.sides[scope], world)
        for method, allowed_status in each.statuses.items():
            expected = allowed_status if each.may(role, scope if each.scoped else None) else 403
            status, location = send(client, method, url, token)
            if status != expected:
                wrong.append(f"{role.value} {scope if each.scoped else ''} {method} {url}: {status} "
                             f"(expected {expected}) {location}".replace("  ", " "))
    assert not wrong, "\n".join(wrong)


def test_matrix_size(capsys):
    """Printed past the capture, so that it shows in CI logs: how many (route, method, role, scope) checks run."""
    line = (f"access matrix: {MATRIX_SIZE} checks ({len(CASES)} cases over "
            f"{len({each.endpoint for each in CASES})} endpoints)")
    with capsys.disabled():
        print(f"\n{line}")
        sys.stderr.write(f"{line}\n")
    assert len(CASES) < MATRIX_SIZE


# --- CSRF, anonymous visitors, public pages --------------------------------------------------------------------

def test_a_post_without_csrf_token_is_refused(app, client, world, signed_in):
    token = signed_in(Role.ADMIN)
    with app.test_request_context():
        url = url_for("training.attendance", workshop_id=world.sides["in"].workshop)
    assert send(client, "POST", url, None)[0] == 400
    assert send(client, "POST", url, token)[0] == 303


def test_anonymous_visitors_are_sent_to_login(app, client, world):
    token = csrf_token(client)
    wrong = []
    for each in SIGNED_IN_CASES:
        for scope in SCOPES if each.scoped else ("in",):
            with app.test_request_context():
                url = each.url(world.sides[scope], world)
            for method in each.statuses:
                status, location = send(client, method, url, token)
                if status != 302 or "/login" not in location:
                    wrong.append(f"{method} {url}: {status} {location}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("each", PUBLIC_CASES, ids=[each.name for each in PUBLIC_CASES])
def test_public_routes_answer_without_login(app, client, world, each):
    token = csrf_token(client)
    with app.test_request_context():
        url = each.url(world.sides["in"], world)
    for method in each.statuses:
        status, location = send(client, method, url, token)
        assert status != 500, f"{method} {url}"
        assert not (status == 302 and "/login" in location), f"{method} {url} sent to login"


@pytest.mark.parametrize("path", ["/login", "/healthz", "/verify", "/verify/{serial}",
                                  "/static/vendor/bootstrap-5.3.9/bootstrap.min.css"])
def test_public_pages_need_no_login(client, world, path):
    with client.get(path.format(serial=world.sides["in"].serial)) as response:
        assert response.status_code == 200


# --- Contacts and missing records ------------------------------------------------------------------------------

def test_lead_does_not_see_contact_details(client, world, signed_in):
    signed_in(Role.LEAD)
    side = world.sides["in"]
    response = client.get(f"/participants/{side.participant}")
    assert response.status_code == 200
    assert side.participant_email not in response.get_data(as_text=True)


def test_coordinator_in_scope_sees_contact_details(client, world, signed_in):
    signed_in(Role.COORDINATOR)
    side = world.sides["in"]
    response = client.get(f"/participants/{side.participant}")
    assert response.status_code == 200
    assert side.participant_email in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/workshops/999999", "/projects/999999", "/participants/999999",
                                  "/workshops/999999/attendance", "/certificates/AAAA-AAAA-AAAA.pdf",
                                  "/imports/999999", "/registrations/999999/approve", "/users/999999/edit",
                                  "/workshops/99999999999999999999", "/participants/99999999999999999999",
                                  "/projects/99999999999999999999/edit", "/objectives/99999999999999999999/edit"])
def test_missing_records_are_404(client, world, signed_in, path):
    token = signed_in(Role.ADMIN)
    method = "POST" if path.endswith("/approve") else "GET"
    assert send(client, method, path, token)[0] == 404
