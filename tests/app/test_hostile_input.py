"""No 500 from any input (issue 10, item 7): every route, as every role, with hostile values everywhere.

The routes come from app.url_map, so a new one is swept without touching this file. Form field names come
from the pages themselves: every page is opened once and each <form> tells which names it posts where. Each
request carries hostile text (NUL and other control characters, direction overrides, megabytes, markup) and
hostile numbers (2**64, -1, "²", Arabic-Indic digits, 5,000 digits) in its fields, its query string and its
path arguments, and must answer below 500 without ever echoing the markup marker unescaped.

One world (a project, its workshop with a list, a certificate, a registration, an import) is built per module
and one signed-in client kept per role, so the whole file takes well under a minute, on PostgreSQL too.
"""
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from conftest import PASSWORD, PASSWORD_HASH, mark_attendance, settings_for_tests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.test import EnvironBuilder

from workshops import create_app, jobs
from workshops.access import services as access_services
from workshops.auth.models import Role, User
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.people.services import ParticipantDetails
from workshops.programmes import branding
from workshops.programmes.models import Objective, Project
from workshops.reports.indicators import IndicatorDetails, add_indicator
from workshops.reports.models import Measure
from workshops.training import registration, sheet_import
from workshops.training import services as training_services
from workshops.training.models import Enrolment, Language, Theme, WorkshopKind

#: Posted as text everywhere; it must come back escaped (&lt;x-evil&gt;) or not at all.
MARKER = "<x-evil>"
HOSTILE_TEXT = (
    MARKER, f'"><x-evil a="{MARKER}', "\x00", "a\x00b", "%00", "\x1b[31mred", "\x07\x08\x0b\x0c\x7f\x85\x9f",
    "\u202eexe.live", "\u2066Amina\u2069", "\u200fعمر\u200e", "\ufdfa" * 120, "x" * 5_000, "y" * 200_000,
    "=HYPERLINK(\"http://evil.example\")", "'; DROP TABLE participant; --", "%_\\", "../../etc/passwd",
    "\r\n\r\n", " ", "", "ß" * 101, "😀" * 60,
)
HOSTILE_NUMBERS = (
    str(2**64), str(2**63), str(2**63 - 1), str(2**31), str(2**31 - 1), "-1", "0", "²", "¹⁰", "١٢", "۱۲", "５",
    "9" * 5_000, "1e9", "1.5", "NaN", "0x10", " 7 ", "+1", "",
)
#: Path values for int converters: werkzeug's pattern takes any Unicode digit, so Arabic-Indic ones too.
HOSTILE_PATH_INTS = ("0", str(2**31), str(2**63 - 1), str(2**64), "9" * 5_000, "١٢", "00000000000000000000001")
HOSTILE_PATH_TEXT = ("%00", quote(MARKER), "x" * 3_000, quote("\u202e"), "%C2%B2", "..", "%FF%FE")
#: What lists, filters and searches read from the query string.
QUERY_NAMES = ("page", "q", "project", "objective", "year", "duplicate_id", "serial", "status", "mine", "actor",
               "subject_type", "subject_id", "since", "until", "language", "next")
#: Values that pass validation, by field name, so that one hostile field among them reaches the services and
#: the database; any other field gets a name. Never the erasure's confirmation word.
PLAUSIBLE = {"sex": "F", "country_code": "EG", "role_category": "judge", "kind": "national", "theme": "tip",
             "language": "en", "status": "ongoing", "part": "full", "role": "trainer", "consent": "y",
             "starts_on": "2025-03-03", "ends_on": "2025-03-07", "held_on": "2025-03-05", "email": "new@example.org",
             "completion_threshold": "80", "capacity": "5", "number": "7", "budget_usd": "1000", "position": "1",
             "is_active": "y", "password": PASSWORD, "confirm": PASSWORD, "confirmation": "no",
             "year_of_birth": "1985", "measure": "trainees", "baseline": "0", "target": "100",
             "deadline": "2026-11-30"}
#: Grid cells the attendance and score pages post: names that carry ids.
GRID_PREFIXES = ("mark-", "was-", "pre-", "post-")
ROLES = (Role.ADMIN, Role.LEAD, Role.COORDINATOR, Role.TRAINER)
#: Someone not signed in: the login, verification and public registration pages are theirs.
ANONYMOUS = "anonymous"
VISITORS = (*ROLES, ANONYMOUS)
#: Names some views read from the request themselves, in forms a page shows only in some states (a proposal to
#: answer, a duplicate chosen): posted whether or not the page showed them.
RAW_FIELDS = {"registration.decide": {"same_as", "new_person"}, "imports.confirm": {"same", "proposed"},
              "records.merge": {"duplicate_id"}, "training.enrol_existing": {"participant_id", "q"}}
#: Logging out takes no input and would only end the sweep's own session.
SKIPPED_ENDPOINTS = {"static", "auth.logout"}
ROUTE_ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    methods: tuple[str, ...]
    #: (name, converter, choices) for each path argument, in order.
    arguments: tuple[tuple[str, str, tuple[str, ...]], ...]


@dataclass
class World:
    app: object
    clients: dict
    emails: dict
    routes: list
    #: Argument name -> a value naming a real object of the world.
    real: dict
    #: Endpoint -> field names its forms post; file fields separately.
    fields: dict
    file_fields: set
    #: Endpoint -> the query-string names its filter and search forms send.
    filters: dict


class _Forms(HTMLParser):
    """Each <form>'s action, method and the names of its inputs, selects and text areas.

    A field outside its form names it (`form="id"`): one form serves a list whose rows hold the buttons.
    """

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url, self.forms, self.files, self.by_id = page_url, [], set(), {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append((attributes.get("action") or self.page_url, (attributes.get("method") or "get").upper(),
                               set()))
            self.by_id[attributes.get("id")] = self.forms[-1]
        elif tag in ("input", "select", "textarea", "button") and attributes.get("name") and self.forms:
            form = self.by_id.get(attributes["form"], self.forms[-1]) if "form" in attributes else self.forms[-1]
            form[2].add(attributes["name"])
            if attributes.get("type") == "file":
                self.files.add(attributes["name"])


def _routes(app) -> list[Route]:
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        arguments = tuple((name, converter or "default", tuple(
            sorted(part.strip().strip("'\"") for part in options.split(","))) if options else ())
            for converter, options, name in ROUTE_ARGUMENT.findall(rule.rule))
        routes.append(Route(rule.endpoint, rule.rule, tuple(sorted(rule.methods - {"HEAD", "OPTIONS"})), arguments))
    return sorted(routes, key=lambda route: (route.rule, route.endpoint))


def _path(route: Route, values: dict) -> str:
    return ROUTE_ARGUMENT.sub(lambda match: str(values[match.group(3)]), route.rule)


def _real_path(route: Route, real: dict) -> str:
    return _path(route, {name: choices[0] if choices else real[name] for name, _converter, choices in route.arguments})


def _build_world(app) -> dict:
    """The objects every path argument can name, made through the services as the app makes them."""
    today = date.today()
    users = {}
    for role in (*ROLES, "victim"):
        user = User(email=f"hostile-{getattr(role, 'value', role)}@example.org", full_name=f"Hostile {role}",
                    role=role if isinstance(role, Role) else Role.TRAINER)
        user.password_hash = PASSWORD_HASH
        db.session.add(user)
        users[role] = user
    project = Project(title="Countering trafficking", donors=["Netherlands"], implementing_partners=["CCCPA"],
                      starts_on=date(2024, 12, 1), ends_on=today + timedelta(days=365), budget_usd="1120693.41",
                      target_groups=["Frontline officers"])
    db.session.add(project)
    db.session.flush()
    objective = Objective(project_id=project.id, number=1, title="Specialised trainings")
    db.session.add(objective)
    db.session.commit()
    admin_id = users[Role.ADMIN].id
    for role in (Role.LEAD, Role.COORDINATOR):
        access_services.assign(users[role].id, project.id, actor_id=admin_id)
    workshop = training_services.create_workshop(training_services.WorkshopDetails(
        objective_id=objective.id, title="Investigating trafficking in persons", kind=WorkshopKind.NATIONAL,
        theme=Theme.TIP, starts_on=date(2025, 3, 3), ends_on=date(2025, 3, 7), city="Cairo", country_code="EG",
        language=Language.ENGLISH, trainer_ids=(users[Role.TRAINER].id,)),
        actor_id=admin_id)
    people = [Participant(given_name=given, family_name=family, sex=Sex.FEMALE, country_code="EG",
                          agency="Public Prosecution", role_category=RoleCategory.PROSECUTOR,
                          email=f"{given.lower()}.{family.lower()}@example.org")
              for given, family in (("Amina", "Haddad"), ("Omar", "Farouk"), ("Amina", "Hadad"))]
    db.session.add_all(people)
    db.session.flush()
    enrolments = [Enrolment(workshop_id=workshop.id, participant_id=person.id) for person in people[:2]]
    db.session.add_all(enrolments)
    db.session.flush()
    mark_attendance(workshop, enrolments[0], 5)
    certificate = certificate_services.issue_for_enrolment(enrolments[0], actor_id=admin_id)
    # The public link belongs to a second workshop, so that the sweep closing the first one's keeps it open.
    public = training_services.create_workshop(training_services.WorkshopDetails(
        objective_id=objective.id, title="Identifying victims", kind=WorkshopKind.NATIONAL, theme=Theme.TIP,
        starts_on=today + timedelta(days=40), ends_on=today + timedelta(days=41), city="Amman", country_code="JO",
        language=Language.ARABIC, trainer_ids=(users[Role.TRAINER].id,)), actor_id=admin_id)
    link = registration.open_link(public, today - timedelta(days=1), today + timedelta(days=30), None,
                                  actor_id=admin_id)
    pending = registration.register(link, ParticipantDetails(
        given_name="Leila", family_name="Khalil", sex=Sex.FEMALE, country_code="JO", agency="Police",
        role_category=RoleCategory.LAW_ENFORCEMENT, email="leila@example.org"), consented=True, today=today)
    sheet = ("given_name,family_name,sex,country,agency,role_category,email\nSara,Nasser,F,EG,Police,police,\n"
             "Amina,Hadad,F,EG,Public Prosecution,prosecutor,\n")
    batch = sheet_import.keep_upload(workshop, "sheet.csv", sheet.encode(), actor_id=admin_id)
    branding.put_signatory(project, 1, "Dr Amal Saleh", "Director", None, actor_id=admin_id)
    indicator = add_indicator(project.id, IndicatorDetails(
        title="Practitioners trained", measure=Measure.TRAINEES, baseline=Decimal(0), target=Decimal(100),
        deadline=project.ends_on), actor_id=admin_id)
    db.session.commit()
    return {"users": {role: (user.id, user.email) for role, user in users.items()},
            "real": {"workshop_id": workshop.id, "enrolment_id": enrolments[1].id, "registration_id": pending.id,
                     "batch_id": batch.id, "participant_id": people[1].id, "project_id": project.id,
                     "objective_id": objective.id, "user_id": users["victim"].id,
                     "session_id": workshop.sessions[-1].id, "position": 1, "serial": certificate.serial,
                     "token": link.token, "namesake_id": people[2].id, "trainer_id": users[Role.TRAINER].id,
                     "indicator_id": indicator.id}}


def _sign_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 303, response.data
    return client


def _discover(clients: list, routes: list[Route], real: dict, app) -> tuple[dict, set, dict]:
    """What each endpoint's forms post or send, read from every page an administrator or a visitor can open.

    Pages are opened with a search and a chosen duplicate, which bring out the forms shown only then.
    """
    adapter = app.url_map.bind("localhost")
    fields = {endpoint: set(names) for endpoint, names in RAW_FIELDS.items()}
    filters: dict[str, set[str]] = {}
    files: set[str] = set()
    for client in clients:
        for route in routes:
            if "GET" not in route.methods or re.search(r"\.(pdf|csv|xlsx|zip|json)|<any\(", route.rule):
                continue
            response = client.get(_real_path(route, real), query_string={"q": "Amina",
                                                                          "duplicate_id": real["namesake_id"]})
            if response.mimetype != "text/html":
                continue
            parser = _Forms(_real_path(route, real))
            parser.feed(response.get_data(as_text=True))
            files |= parser.files
            for action, method, names in parser.forms:
                try:
                    endpoint, _arguments = adapter.match(urlsplit(action).path, method=method)
                except (NotFound, MethodNotAllowed):
                    continue
                (filters if method == "GET" else fields).setdefault(endpoint, set()).update(names)
    return fields, files, filters


@pytest.fixture(scope="module")
def world():
    app = create_app(settings_for_tests())
    with app.app_context():
        db.drop_all()
        db.create_all()
        made = _build_world(app)
    routes = _routes(app)
    emails = {role: made["users"][role][1] for role in ROLES}
    clients = {role: _sign_in(app, emails[role]) for role in ROLES} | {ANONYMOUS: app.test_client()}
    fields, files, filters = _discover([clients[Role.ADMIN], clients[ANONYMOUS]], routes, made["real"], app)
    yield World(app, clients, emails, routes, made["real"], fields, files, filters)
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _signed_in(world: World, role):
    """The role's client, signed in again if a request ended its session (a sign-out everywhere, say).

    The visitor's client is signed out again, in case a plausible login signed it in.
    """
    client = world.clients[role]
    if role == ANONYMOUS:
        with client.session_transaction() as session:
            session.clear()
        return client
    with client.session_transaction() as session:
        if session.get("_user_id"):
            return client
    world.clients[role] = _sign_in(world.app, world.emails[role])
    return world.clients[role]


def _send(world: World, role, method: str, path: str, query: list, data: dict):
    """One request, which must answer below 500 and never show the marker unescaped.

    The environment is built here so that its body can be closed: werkzeug spools a multipart body over 500 kB
    to a temporary file that nothing else closes.
    """
    client = _signed_in(world, role)
    builder = EnvironBuilder(path=path, method=method, query_string=query, data=data)
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()
    # A request may start a background job (certificates sent by email); it ends before the next example, whose
    # data Hypothesis generates and which the job's use of `random` (message ids) would otherwise disturb.
    jobs.wait_for_threads()
    request = f"{getattr(role, 'value', role)} {method} {path[:200]} query={str(query)[:300]} data={str(data)[:500]}"
    assert response.status_code < 500, request
    if response.mimetype == "text/html":
        assert MARKER not in response.get_data(as_text=True), request
    return response


def _file(name: str, content: str):
    return io.BytesIO(content.encode("utf-8", "surrogatepass")), name


def _sheet(cell: str) -> str:
    """A participant sheet whose names, agency and score are all `cell`."""
    return ("given_name,family_name,sex,country,agency,role_category,email,pre_test\n"
            f"{cell},{cell},F,EG,{cell},judge,,{cell}\n")


VALUES = (*HOSTILE_TEXT, *HOSTILE_NUMBERS)


def _plausible(name: str, real: dict) -> str:
    if name.startswith(("mark-", "was-")):
        return "present" if name.startswith("mark-") else ""
    if name.startswith(("pre-", "post-")):
        return "50"
    if name in ("objective_id", "trainer_ids", "user_id"):
        return str(real[{"trainer_ids": "trainer_id"}.get(name, name)])
    return PLAUSIBLE.get(name, "Amina")


def _value(world: World, name: str, value: str):
    """`value` for the field `name`; a file field gets a sheet made of it, under a name made of it."""
    if name in world.file_fields:
        return _file(value[:60] + ".csv", _sheet(value))
    return value


def _filled(world: World, names) -> dict:
    """Every field as a person would fill it in (new file objects each time: a request reads them to the end)."""
    return {name: _value(world, name, _plausible(name, world.real)) for name in names}


def _hostile_grid_keys(names) -> list[str]:
    """Cell names of the attendance and score grids with ids no grid has: beyond 64 bits, 5,000 digits, "²"."""
    numbers = (*HOSTILE_PATH_INTS, "²", "-1")
    keys = []
    if any(name.startswith("mark-") for name in names):
        keys += [f"mark-{number}-1" for number in numbers] + [f"mark-1-{number}" for number in numbers]
    if any(name.startswith(("pre-", "post-")) for name in names):
        keys += [f"pre-{number}" for number in numbers]
    return keys


def _offset(role) -> int:
    """Each visitor starts at another place in VALUES, so that the sweeps put different values in a field."""
    return VISITORS.index(role) * len(VALUES) // len(VISITORS)


@pytest.mark.parametrize("role", VISITORS, ids=[getattr(role, "value", role) for role in VISITORS])
def test_every_route_takes_the_worst_values_without_a_server_error(world, role):
    """Each route with every field and query argument hostile at once, then with hostile path arguments."""
    offset = _offset(role)
    for route in world.routes:
        for method in route.methods:
            names = sorted(world.fields.get(route.endpoint, ())) if method == "POST" else []
            data = {name: _value(world, name, VALUES[(offset + index) % len(VALUES)])
                    for index, name in enumerate(names)}
            query = [(name, VALUES[(offset + index) % len(VALUES)]) for index, name in enumerate(QUERY_NAMES)]
            _send(world, role, method, _real_path(route, world.real), query, data)
            if route.arguments:
                hostile = {name: choices[0] if choices else
                           HOSTILE_PATH_INTS[index % len(HOSTILE_PATH_INTS)] if converter == "int" else
                           HOSTILE_PATH_TEXT[index % len(HOSTILE_PATH_TEXT)]
                           for index, (name, converter, choices) in enumerate(route.arguments)}
                _send(world, role, method, _path(route, hostile), [], {})


@pytest.mark.parametrize("role", VISITORS, ids=[getattr(role, "value", role) for role in VISITORS])
def test_each_field_alone_hostile_among_plausible_ones(world, role):
    """One field or filter hostile, the others as a person would fill them, so the value gets past validation of
    the rest and reaches the service and the database; grid cells also get names with impossible ids."""
    offset = _offset(role)
    for route in world.routes:
        path = _real_path(route, world.real)
        if "POST" in route.methods:
            names = sorted(world.fields.get(route.endpoint, ()))
            for index, name in enumerate(names):
                hostile = _value(world, name, VALUES[(offset + index) % len(VALUES)])
                _send(world, role, "POST", path, [], _filled(world, names) | {name: hostile})
            for key in _hostile_grid_keys(names):
                _send(world, role, "POST", path, [], _filled(world, names) | {key: _plausible(key, world.real)})
        if "GET" in route.methods:
            for index, name in enumerate(sorted(world.filters.get(route.endpoint, ()))):
                _send(world, role, "GET", path, [(name, VALUES[(offset + index) % len(VALUES)])], {})


hostile_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(st.characters(codec="utf-8"), max_size=40),
                         st.text(st.characters(max_codepoint=0x9f), max_size=10))
hostile_number = st.one_of(st.sampled_from(HOSTILE_NUMBERS), st.integers(-(2**70), 2**70).map(str))
hostile_value = st.one_of(hostile_text, hostile_number)
hostile_grid_key = st.builds(
    lambda prefix, first, second: prefix + first + (f"-{second}" if prefix in ("mark-", "was-") else ""),
    st.sampled_from(GRID_PREFIXES), st.sampled_from((*HOSTILE_PATH_INTS, "²", "-1", "1")),
    st.sampled_from((*HOSTILE_PATH_INTS, "²", "1")))


@st.composite
def requests(draw, world: World):
    """A request to any route: some path arguments, filters and fields hostile, the rest plausible."""
    route = draw(st.sampled_from(world.routes))
    method = draw(st.sampled_from(route.methods))
    values = {}
    for name, converter, choices in route.arguments:
        if choices:
            values[name] = draw(st.sampled_from(choices))
        else:
            hostile = HOSTILE_PATH_INTS if converter == "int" else HOSTILE_PATH_TEXT
            values[name] = draw(st.one_of(st.just(world.real[name]), st.sampled_from(hostile)))
    names = sorted({*QUERY_NAMES, *world.filters.get(route.endpoint, ())})
    query = draw(st.lists(st.tuples(st.sampled_from(names), hostile_value), max_size=4))
    data = {}
    if method == "POST":
        names = sorted(world.fields.get(route.endpoint, ()))
        hostile = set(draw(st.lists(st.sampled_from(names), max_size=3, unique=True))) if names else set()
        for name in names:
            data[name] = _value(world, name, draw(hostile_value) if name in hostile else _plausible(name, world.real))
        for key in draw(st.lists(hostile_grid_key, max_size=2)):
            data[key] = draw(st.one_of(st.just(_plausible(key, world.real)), hostile_value))
    return method, _path(route, values), query, data


@pytest.mark.parametrize("role", VISITORS, ids=[getattr(role, "value", role) for role in VISITORS])
@settings(max_examples=200, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_hostile_requests_never_fail_on_the_server(world, role, data):
    method, path, query, form = data.draw(requests(world))
    _send(world, role, method, path, query, form)
