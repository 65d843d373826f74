"""The demo programme: seeds 000 and 004 with their workshops, people, attendance and certificates.

Seed 000's headline (2,003 practitioners trained from ten countries) must come out of the totals page exactly,
so who completes what is decided before any attendance is written, and attendance is then drawn and, where the
app's completion rule judges otherwise, corrected to match it: the count holds by construction, whatever the
random draws. Everything else is random but seeded, so every load gives the same programme (except the
passwords). Workshops follow the calendar of the day it is loaded: no mark on a session still to come.
"""
import random
import secrets
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import select

from workshops import dates
from workshops.access.services import ASSIGNABLE_ROLES, assign
from workshops.auth.models import Role, User
from workshops.auth.services import UserDetails, create_user
from workshops.certificates.services import issue_for_workshop
from workshops.demo import data
from workshops.demo.data import WorkshopPlan
from workshops.demo.indicators import add_indicators
from workshops.extensions import db
from workshops.people.models import Participant, RoleCategory, Sex
from workshops.programmes.branding import set_donor_line
from workshops.programmes.models import Objective, Project
from workshops.programmes.services import ObjectiveDetails, ProjectDetails, add_objective, create_project
from workshops.reports.services import project_summaries
from workshops.training.attendance import refresh_completion
from workshops.training.models import Attendance, AttendanceStatus, Enrolment, Workshop, WorkshopKind, WorkshopStatus
from workshops.training.services import WorkshopDetails, close_workshop, create_workshop

SEED = 2011
#: Seed 000's workshops start between these dates (the project ran from June 2011 to June 2019).
FIRST_START, LAST_START = date(2011, 10, 2), date(2019, 4, 28)
#: Regional workshops after the launch (data.FRAMEWORK_LAUNCH).
REGIONAL_WORKSHOPS = 15
#: People per national workshop, on average.
NATIONAL_SIZE = 32
#: Seats beyond one per person, as a share of a country's trainees: taken by people trained before.
REPEAT_SHARE = 0.18
#: A repeat trainee completes their further workshop this often; the others stop attending.
REPEAT_COMPLETION = 0.85
#: Seed 000 people trained again in seed 004's workshops (Egyptians and Sudanese, who took part in both).
RETURNING = 6
#: Share of a country's seed 004 seats taken by a second workshop of the same person.
CAPACITIES_REPEAT_SHARE = 0.1
#: (share of people who gave a year of birth, earliest year, latest year), by the project a person was first
#: trained in. Seed 004's youth-sensitive approach asks for it, so most of its people gave one (aged 24 to 63 at
#: its workshops); seed 000's sheets rarely did (26 to 56 when it began).
FRAMEWORK_BIRTHS = (0.1, 1955, 1985)
CAPACITIES_BIRTHS = (0.7, 1962, 2001)

ATTENDED = (AttendanceStatus.PRESENT,) * 9 + (AttendanceStatus.LATE,)
MISSED = (AttendanceStatus.ABSENT, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)
SET_PASSWORD = "`flask --app workshops users set-password EMAIL` sets a new password."
ALREADY_LOADED = f"The demo is already loaded; nothing was changed. {SET_PASSWORD}"

Roster = list[tuple[Participant, bool]]


def load_demo() -> str:
    """Load both projects in the caller's transaction and say how to log in; a second run changes nothing."""
    titles = (data.FRAMEWORK.title, data.CAPACITIES.title)
    if db.session.scalar(select(Project.id).where(Project.title.in_(titles)).limit(1)) is not None:
        return ALREADY_LOADED
    rng = random.Random(SEED)
    users, logins = _users()
    trainers = [user for user in users if user.role == Role.TRAINER]
    registry = Registry(rng)
    framework_plans = _framework_plans(rng)
    framework_rosters = _seat(framework_plans, _framework_newcomers(), registry, rng)
    capacities_plans = list(data.CAPACITIES_WORKSHOPS)
    capacities_rosters = _seat(capacities_plans, _capacities_newcomers(capacities_plans), registry, rng)
    _bring_back(framework_rosters, capacities_plans, capacities_rosters, rng)
    _years_of_birth(framework_rosters, capacities_rosters)
    db.session.add_all(registry.people)
    framework, framework_workshops = _project(data.FRAMEWORK, data.FRAMEWORK_OBJECTIVES, framework_plans,
                                              trainers[:3], rng)
    capacities, capacities_workshops = _project(data.CAPACITIES, data.CAPACITIES_OBJECTIVES, capacities_plans,
                                                trainers, rng)
    _enrol(framework_workshops + capacities_workshops, framework_rosters + capacities_rosters, rng)
    coordinator = next(user for user in users if user.role == Role.COORDINATOR)
    for project in (framework, capacities):
        for user in users:
            if user.role in ASSIGNABLE_ROLES:
                assign(user.id, project.id, actor_id=None)
    for project, (line, line_fr, line_ar) in ((framework, data.FRAMEWORK_DONOR_LINE),
                                              (capacities, data.CAPACITIES_DONOR_LINE)):
        set_donor_line(project, line, text_fr=line_fr, text_ar=line_ar, actor_id=coordinator.id)
    add_indicators([framework, capacities], actor_id=None)
    _close(zip(framework_plans + capacities_plans, framework_workshops + capacities_workshops, strict=True),
           coordinator)
    certificates = _certify(capacities_workshops, coordinator)
    return _report([(framework, framework_workshops), (capacities, capacities_workshops)], certificates, logins)


def _users() -> tuple[list[User], list[tuple[str, str, str]]]:
    """Accounts with passwords made now, so that no demo password is ever published; existing ones are kept."""
    emails = [email for email, _name, _role in data.USERS]
    existing = {user.email: user for user in db.session.scalars(select(User).where(User.email.in_(emails)))}
    users, logins = [], []
    for email, full_name, role in data.USERS:
        if email in existing:
            users.append(existing[email])
            logins.append((email, existing[email].role.value, "(existing account, password unchanged)"))
            continue
        password = secrets.token_urlsafe(12)
        users.append(create_user(UserDetails(email=email, full_name=full_name, role=role), password))
        logins.append((email, role.value, password))
    return users, logins


class Registry:
    """Makes the people: names unique within a country (the registry holds each person once), emails unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[Participant] = []
        self._names: set[tuple[str, str, str]] = set()

    def new(self, code: str, audience: dict[RoleCategory, int]) -> Participant:
        """A person of the kind the workshop is meant for: a judges' workshop mostly brings judges."""
        rng = self.rng
        role = rng.choices(list(audience), weights=list(audience.values()))[0]
        sex = Sex.FEMALE if rng.random() < data.WOMEN_SHARE[role] else Sex.MALE
        (given, given_ar), (family, family_ar) = self._name(code, sex)
        agency, positions = rng.choice(data.AGENCIES[role])
        number = len(self.people) + 1
        person = Participant(
            given_name=given, family_name=family, sex=sex, country_code=code, role_category=role,
            name_ar=f"{given_ar} {family_ar}" if given_ar and family_ar and rng.random() < 0.6 else None,
            agency=agency.format(committee=data.NATIONAL_COMMITTEES.get(code, data.DEFAULT_COMMITTEE),
                                 social=data.SOCIAL_MINISTRIES.get(code, data.DEFAULT_SOCIAL_MINISTRY)),
            position=rng.choice(positions),
            email=f"{_ascii(given)}.{_ascii(family)}.{number}@example.org" if rng.random() < 0.85 else None,
            phone=(f"+{data.CALLING_CODES[code]} {rng.randint(10, 99)} {rng.randint(100, 999)} "
                   f"{rng.randint(1000, 9999)}") if rng.random() < 0.8 else None)
        self.people.append(person)
        return person

    def _name(self, code: str, sex: Sex) -> tuple[data.Name, data.Name]:
        pool = data.NAMES[code]
        while True:
            given = self.rng.choice(pool.women if sex == Sex.FEMALE else pool.men)
            family = self.rng.choice(pool.families)
            if code == "MR" and sex == Sex.FEMALE:
                family = tuple(name.replace(son, daughter)
                               for name, (son, daughter) in zip(family, data.DAUGHTER_OF, strict=True))
            if given[0] != family[0] and (code, given[0], family[0]) not in self._names:
                self._names.add((code, given[0], family[0]))
                return given, family


def _ascii(name: str) -> str:
    """'Keïta' -> 'keita', 'Al-Jubouri' -> 'aljubouri': for email addresses."""
    return "".join(char for char in unicodedata.normalize("NFKD", name.lower()) if char.isascii() and char.isalnum())


def _never_completing(trainees: int) -> int:
    """People who enrolled but never completed anything: participants, not trainees."""
    return trainees // 40 + 1


def _framework_newcomers() -> dict[str, tuple[int, int]]:
    return {code: (trainees, _never_completing(trainees)) for code, trainees in data.FRAMEWORK_TRAINEES.items()}


def _capacities_newcomers(plans: list[WorkshopPlan]) -> dict[str, tuple[int, int]]:
    """Seed 004 has no headline to meet: about one person per seat, a few of whom never complete."""
    newcomers = {}
    for code in sorted({code for plan in plans for code in plan.seats}):
        people = round(sum(plan.seats.get(code, 0) for plan in plans) / (1 + CAPACITIES_REPEAT_SHARE))
        newcomers[code] = (people - people // 15, people // 15)
    return newcomers


def _framework_plans(rng: random.Random) -> list[WorkshopPlan]:
    """Regional workshops, then each country's national ones, sized so that its seats are exactly what its
    trainees, its never-completers and its repeat trainees need."""
    plans = [data.FRAMEWORK_LAUNCH, *(_regional_plan(number, rng) for number in range(REGIONAL_WORKSHOPS))]
    regional_seats = {code: sum(plan.seats.get(code, 0) for plan in plans) for code in data.FRAMEWORK_TRAINEES}
    for code, trainees in data.FRAMEWORK_TRAINEES.items():
        seats = trainees + _never_completing(trainees) + round(trainees * REPEAT_SHARE) - regional_seats[code]
        plans += _national_plans(code, seats, rng)
    return sorted(plans, key=lambda plan: plan.starts_on)


def _regional_plan(number: int, rng: random.Random) -> WorkshopPlan:
    objective = rng.choices((1, 2, 3, 4), weights=(3, 3, 2, 12))[0]
    city, host = rng.choice(data.REGIONAL_HOSTS)
    countries = rng.sample(sorted(data.FRAMEWORK_TRAINEES), rng.randint(5, 10))
    return WorkshopPlan(objective, rng.choice(data.FRAMEWORK_TOPICS[objective]), WorkshopKind.REGIONAL,
                        _week_start(_spread(number, REGIONAL_WORKSHOPS, rng), host), rng.choice(data.DAYS), city,
                        host, rng.choice(data.REGIONAL_LANGUAGES), data.CLOSED,
                        {code: rng.randint(2, 4) for code in countries})


def _national_plans(code: str, seats: int, rng: random.Random) -> list[WorkshopPlan]:
    """Workshops of uneven size (as real ones are) whose sizes add up to `seats`."""
    count = max(1, round(seats / NATIONAL_SIZE))
    sizes = [seats // count + (index < seats % count) for index in range(count)]
    for index in range(count - 1):
        shift = rng.randint(-4, 4)
        sizes[index], sizes[index + 1] = sizes[index] + shift, sizes[index + 1] - shift
    return [_national_plan(code, size, _spread(number, count, rng), rng) for number, size in enumerate(sizes)]


def _national_plan(code: str, size: int, day: date, rng: random.Random) -> WorkshopPlan:
    if code in data.HELD_ABROAD and day.year >= data.HELD_ABROAD[code][0]:
        city, host = rng.choice(data.HELD_ABROAD[code][1])
    else:
        city, host = rng.choice(data.CITIES[code]), code
    objective = 3 if rng.random() < 0.12 else 4
    return WorkshopPlan(objective, rng.choice(data.FRAMEWORK_TOPICS[objective]), WorkshopKind.NATIONAL,
                        _week_start(day, host), rng.choice(data.DAYS), city, host,
                        rng.choice(data.NATIONAL_LANGUAGES.get(code, (data.AR,))), data.CLOSED,
                        {code: size})


def _spread(number: int, count: int, rng: random.Random) -> date:
    """The number-th of `count` dates spread over seed 000's years, so no country is trained in one burst."""
    span = (LAST_START - FIRST_START).days
    return FIRST_START + timedelta(days=int((number + rng.random()) / count * span))


def _week_start(day: date, host: str) -> date:
    """The next first day of the host's working week, so a workshop does not straddle a weekend."""
    first_weekday = 0 if host in data.MONDAY_WEEK else 6
    return day + timedelta(days=(first_weekday - day.weekday()) % 7)


def _seat(plans: list[WorkshopPlan], newcomers: dict[str, tuple[int, int]], registry: Registry,
          rng: random.Random) -> list[Roster]:
    """Fill every plan's seats with (person, completes) so that, per country, exactly the given number of new
    people complete at least one workshop.

    Each new person first takes a seat of their own: completed for the would-be trainees, not completed for the
    others. The seats left over go to people already seated (never twice in one workshop): the repeat trainees,
    who may complete again or drop out, and who therefore change participations but never the trainee count.
    """
    rosters: list[Roster] = [[] for _ in plans]
    for code, (completers, others) in newcomers.items():
        seats = [index for index, plan in enumerate(plans) for _ in range(plan.seats.get(code, 0))]
        rng.shuffle(seats)
        people = [registry.new(code, plans[index].topic.audience) for index in seats[:completers + others]]
        for number, (person, index) in enumerate(zip(people, seats, strict=False)):
            rosters[index].append((person, number < completers))
        for index in seats[len(people):]:
            seated = {person for person, _ in rosters[index]}
            number = rng.choice([number for number, person in enumerate(people) if person not in seated])
            rosters[index].append((people[number], number < completers and rng.random() < REPEAT_COMPLETION))
    return rosters


def _bring_back(framework_rosters: list[Roster], plans: list[WorkshopPlan], rosters: list[Roster],
                rng: random.Random) -> None:
    """A few of seed 000's trainees are trained again by seed 004: they count in its totals, and seed 000's totals
    stay as they were because reports are per project."""
    veterans = list(dict.fromkeys(person for roster in framework_rosters for person, completes in roster
                                  if completes and person.country_code in ("EG", "SD")))
    for person in rng.sample(veterans, RETURNING):
        index = rng.choice([index for index, plan in enumerate(plans)
                            if plan.closed and person.country_code in plan.seats])
        rosters[index].append((person, True))


def _years_of_birth(framework_rosters: list[Roster], capacities_rosters: list[Roster]) -> None:
    """Give a share of the people a year of birth, as the project that first trained them asked.

    Drawn from a generator of its own, so that every other draw (names, rosters, attendance) is the same as
    before people had years of birth, and each load gives the same years.
    """
    rng = random.Random(SEED + 4)
    first_project: dict[Participant, tuple[float, int, int]] = {}
    for rosters, births in ((framework_rosters, FRAMEWORK_BIRTHS), (capacities_rosters, CAPACITIES_BIRTHS)):
        for roster in rosters:
            for person, _completes in roster:
                first_project.setdefault(person, births)
    for person, (share, earliest, latest) in first_project.items():
        if rng.random() < share:
            person.year_of_birth = rng.randint(earliest, latest)


def _project(details: ProjectDetails, objectives: tuple[ObjectiveDetails, ...], plans: list[WorkshopPlan],
             trainers: list[User], rng: random.Random) -> tuple[Project, list[Workshop]]:
    """The project, its objectives and its workshops, through the services that the app itself uses."""
    project = create_project(details, actor_id=None)
    by_number: dict[int, Objective] = {objective.number: add_objective(project, objective, actor_id=None)
                                       for objective in objectives}
    workshops = [create_workshop(WorkshopDetails(
        objective_id=by_number[plan.objective].id, **_titles(plan), kind=plan.kind, theme=plan.topic.theme,
        starts_on=plan.starts_on,
        ends_on=plan.starts_on + timedelta(days=plan.days - 1), city=plan.city, country_code=plan.country_code,
        language=plan.language,
        trainer_ids=tuple(trainer.id for trainer in rng.sample(trainers, rng.choice((1, 2))))), actor_id=None)
        for plan in plans]
    return project, workshops


#: "National workshop on ...", in English, French and Arabic, by kind of workshop.
TITLES = {WorkshopKind.NATIONAL: ("National workshop on {}", "Atelier national sur {}", "ورشة عمل وطنية حول {}"),
          WorkshopKind.REGIONAL: ("Regional workshop on {}", "Atelier régional sur {}", "ورشة عمل إقليمية حول {}")}


def _titles(plan: WorkshopPlan) -> dict[str, str]:
    """Its title in the three languages: its kind and its topic's subject in each."""
    english, french, arabic = TITLES[plan.kind]
    topic = plan.topic
    return {"title": english.format(topic.subject), "title_fr": french.format(topic.subject_fr),
            "title_ar": arabic.format(topic.subject_ar)}


def _enrol(workshops: list[Workshop], rosters: list[Roster], rng: random.Random) -> None:
    """Enrolments and attendance in two bulk flushes; then the app's completion rule judges, and where it
    does not give the outcome planned, one mark is changed and it judges again."""
    enrolments = [(Enrolment(workshop_id=workshop.id, participant=person, enrolled_by_id=workshop.trainers[0].id),
                   workshop, completes) for workshop, roster in zip(workshops, rosters, strict=True)
                  for person, completes in roster]
    db.session.add_all(enrolment for enrolment, _, _ in enrolments)
    db.session.flush()
    marks = {enrolment.id: _attendance(enrolment, workshop, completes, rng)
             for enrolment, workshop, completes in enrolments}
    db.session.add_all(mark for row in marks.values() for mark in row)
    planned = {enrolment.id: (workshop, completes) for enrolment, workshop, completes in enrolments}
    judged = workshops
    while judged:
        db.session.flush()
        for workshop in judged:
            refresh_completion(workshop)
        outcomes = db.session.execute(select(Enrolment.id, Enrolment.is_completed).where(
            Enrolment.workshop_id.in_([workshop.id for workshop in judged])))
        judged = list({planned[enrolment_id][0].id: planned[enrolment_id][0] for enrolment_id, completed in outcomes
                       if completed != planned[enrolment_id][1]
                       and _mend(marks[enrolment_id], planned[enrolment_id][1])}.values())


def _attendance(enrolment: Enrolment, workshop: Workshop, completes: bool, rng: random.Random) -> list[Attendance]:
    """Marks for the sessions held by the day the demo is loaded, none for those still to come."""
    today = dates.today()
    held = [session for session in workshop.sessions if session.held_on <= today]
    return [Attendance(enrolment_id=enrolment.id, session_id=session.id, status=status,
                       recorded_by_id=enrolment.enrolled_by_id)
            for session, status in zip(held, _marks(len(held), completes, rng), strict=True)]


def _marks(count: int, completes: bool, rng: random.Random) -> list[AttendanceStatus]:
    """Days attended and missed, drawn without the completion rule: would-be completers miss a day now and then,
    the others one or two days, a few every day. _mend then brings each in line with the rule."""
    missing = rng.choice((0, 0, 0, 1)) if completes else rng.choice((1, 1, 1, 2, count))
    missed = set(rng.sample(range(count), min(missing, count)))
    return [rng.choice(MISSED) if day in missed else rng.choice(ATTENDED) for day in range(count)]


def _mend(marks: list[Attendance], completes: bool) -> bool:
    """One mark moved towards the planned outcome: a day missed becomes attended for someone meant to complete,
    a day attended becomes missed for someone who is not. False when no mark can move (no session held yet)."""
    movable = [mark for mark in marks if mark.status.counts_towards_completion != completes]
    if movable:
        movable[0].status = AttendanceStatus.PRESENT if completes else AttendanceStatus.ABSENT
    return bool(movable)


def _close(plans: Iterable[tuple[WorkshopPlan, Workshop]], coordinator: User) -> None:
    """The coordinator closes the workshops meant to be closed once they have ended, whatever is missing (the
    demo uploads no signed sheets)."""
    today = dates.today()
    for plan, workshop in plans:
        if plan.closed and workshop.ends_on < today:
            close_workshop(workshop, missing_accepted=True, actor_id=coordinator.id)


def _certify(workshops: list[Workshop], coordinator: User) -> int:
    """Certificates for the completers of seed 004's three latest completed workshops, as a coordinator would."""
    completed = sorted((workshop for workshop in workshops if workshop.status == WorkshopStatus.CLOSED),
                       key=lambda workshop: workshop.starts_on)
    return sum(len(issue_for_workshop(workshop, actor_id=coordinator.id)) for workshop in completed[-3:])


def _report(projects: list[tuple[Project, list[Workshop]]], certificates: int,
            logins: list[tuple[str, str, str]]) -> str:
    """What was loaded, counted by the totals page's own query, and the logins (shown this once only)."""
    lines = ["Demo loaded."]
    for project, workshops in projects:
        total = project_summaries(viewer_id=None, project_id=project.id)[project.id]
        lines += [f"  {project.title}",
                  f"    {len(workshops)} workshops, {total.trainees} trainees ({total.women} women), "
                  f"{total.participations} participations"]
    lines += [f"  {certificates} certificates issued for the three latest completed workshops.",
              f"Log in with one of these accounts; passwords are shown only now. {SET_PASSWORD}"]
    lines += [f"  {email:<38} {role:<12} {password}" for email, role, password in logins]
    return "\n".join(lines)
