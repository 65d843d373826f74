"""The attendance and score grids never lose input: a refused save comes back as typed with each bad cell marked;
a save writes only the cells changed on its page, and a cell someone else changed meanwhile is refused by name."""
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from workshops import dates
from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.extensions import db
from workshops.training.models import Attendance, AttendanceStatus, Enrolment, Workshop

CHANGED_BY = r"Changed by {name} at (\d+ \w+ \d{{4}}, )?\d\d:\d\d UTC"


@pytest.fixture
def class_of(make_workshop, make_participant, enrol, app):
    """A five-day workshop (3-7 March 2025) with three people on it; returns it, their enrolment ids and the
    session ids."""
    workshop = make_workshop()
    people = [enrol(workshop, make_participant(given_name=given, family_name=family)).id
              for given, family in (("Amina", "Haddad"), ("Omar", "Farouk"), ("Leila", "Khalil"))]
    with app.app_context():
        sessions = [session.id for session in db.session.get(Workshop, workshop.id).sessions]
    return workshop, people, sessions


def _post(boxes: dict) -> dict:
    """A grid's post, {name: (shown when the page was loaded, in the box now)}: each box, and in `shown` what
    the page showed."""
    shown = " ".join(f"{name}={was}" for name, (was, _now) in boxes.items() if was)
    return {"shown": shown, **{name: now for name, (_was, now) in boxes.items()}}


def _marks(cells: dict) -> dict:
    """The attendance grid's post: {(enrolment, session): (shown when loaded, chosen now)}."""
    return _post({f"mark-{enrolment}-{session}": cell for (enrolment, session), cell in cells.items()})


def _scores(cells: dict) -> dict:
    """The score grid's post: {(enrolment, "pre" or "post"): (shown when loaded, typed now)}."""
    return _post({f"{stage}-{enrolment}": cell for (enrolment, stage), cell in cells.items()})


def _shown(page: "Element") -> dict:
    return dict(entry.split("=") for entry in page.find(name="shown")["value"].split())


class Element:
    def __init__(self, tag: str, attrs: dict):
        self.tag, self.attrs, self.children, self.texts = tag, attrs, [], []

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def __iter__(self):
        for child in self.children:
            yield child
            yield from child

    def find(self, tag: str | None = None, **attrs) -> "Element | None":
        return next(iter(self.find_all(tag, **attrs)), None)

    def find_all(self, tag: str | None = None, **attrs) -> list["Element"]:
        """Elements of that tag (any, if None) whose attributes equal these (`class_` has that class)."""
        wanted = {name.rstrip("_"): value for name, value in attrs.items()}
        return [element for element in self if (tag is None or element.tag == tag) and all(
            value in element.classes if name == "class" else element.attrs.get(name) == value
            for name, value in wanted.items())]

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def text(self) -> str:
        return " ".join(" ".join([*self.texts, *(child.text() for child in self.children)]).split())


class _Tree(HTMLParser):
    """A page as a tree of Elements, enough to find a cell and read what it holds."""

    VOID = {"input", "meta", "link", "br", "img", "hr"}

    def __init__(self):
        super().__init__()
        self.root = Element("document", {})
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while len(self.open) > 1 and self.open.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.open[-1].texts.append(data)


def _page(response) -> Element:
    tree = _Tree()
    tree.feed(response.get_data(as_text=True))
    return tree.root


def _selected(page: Element, name: str) -> str | None:
    """The value a select shows: its option marked selected."""
    option = next((option for option in page.find(name=name).find_all("option") if "selected" in option.attrs),
                  None)
    return option["value"] if option else None


def _next_user(client, login, **overrides):
    """Log out and in again as another coordinator: a second person at another desk."""
    client.post("/logout")
    return login(Role.COORDINATOR, **overrides)


def _stored_marks(app, enrolments) -> dict:
    with app.app_context():
        return {(row.enrolment_id, row.session_id): row.status.value for row in db.session.scalars(
            select(Attendance).where(Attendance.enrolment_id.in_(enrolments)))}


def _stored_scores(app, enrolment_id) -> tuple:
    with app.app_context():
        enrolment = db.session.get(Enrolment, enrolment_id)
        return enrolment.pre_test_score, enrolment.post_test_score


def _marked(page: Element, name: str) -> str:
    """The message tied to a marked cell; fails unless the cell is marked invalid and described by it."""
    cell = page.find(name=name)
    assert "is-invalid" in cell.classes and cell["aria-invalid"] == "true", cell.attrs
    return page.find(id=cell["aria-describedby"]).text()


def test_bad_scores_come_back_as_typed_each_marked_and_nothing_is_saved(client, login, app, class_of):
    workshop, (amina, omar, leila), _sessions = class_of
    login(Role.COORDINATOR)
    typed = {(amina, "pre"): ("", "120"), (amina, "post"): ("", "85"), (omar, "pre"): ("", "abc"),
             (omar, "post"): ("", "70"), (leila, "pre"): ("", "-1"), (leila, "post"): ("", "٩٠")}
    response = client.post(f"/workshops/{workshop.id}/scores", data=_scores(typed))

    assert response.status_code == 422
    page = _page(response)
    for (enrolment, stage), (_shown, value) in typed.items():
        assert page.find(name=f"{stage}-{enrolment}")["value"] == value
    assert _marked(page, f"pre-{amina}") == "“120” is not a score from 0 to 100."
    assert _marked(page, f"pre-{omar}") == "“abc” is not a score from 0 to 100."
    assert _marked(page, f"pre-{leila}") == "“-1” is not a score from 0 to 100."
    assert "is-invalid" not in page.find(name=f"post-{amina}").classes
    assert "3 cells need attention." in page.find(class_="alert-danger").text()
    assert [_stored_scores(app, enrolment) for enrolment in (amina, omar, leila)] == [(None, None)] * 3


def test_an_unknown_mark_comes_back_marked_with_the_other_marks_as_chosen(client, login, app, class_of):
    workshop, (amina, omar, _leila), sessions = class_of
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.id}/attendance", data=_marks({
        (amina, sessions[0]): ("", "present"), (amina, sessions[1]): ("", "asleep"),
        (omar, sessions[0]): ("", "late")}))

    assert response.status_code == 422
    page = _page(response)
    assert _marked(page, f"mark-{amina}-{sessions[1]}") == "Unknown attendance mark: asleep."
    assert _selected(page, f"mark-{amina}-{sessions[0]}") == "present"
    assert _selected(page, f"mark-{omar}-{sessions[0]}") == "late"
    assert _selected(page, f"mark-{amina}-{sessions[1]}") == "asleep"
    assert "1 cell needs attention." in page.find(class_="alert-danger").text()
    assert _stored_marks(app, [amina, omar]) == {}


def test_two_trainers_on_one_attendance_cell_the_second_is_told_and_the_rest_of_theirs_is_saved(
        client, login, app, class_of, trail_entries):
    workshop, (amina, omar, _leila), sessions = class_of
    first = login(Role.COORDINATOR, full_name="Nadia Selim")
    both_loaded_empty = {(amina, sessions[0]): ("", "present")}
    assert client.post(f"/workshops/{workshop.id}/attendance", data=_marks(both_loaded_empty)).status_code == 303

    _next_user(client, login)
    response = client.post(f"/workshops/{workshop.id}/attendance", data=_marks({
        (amina, sessions[0]): ("", "absent"), (amina, sessions[1]): ("", "present"),
        (omar, sessions[0]): ("", "late"), (omar, sessions[1]): ("", "")}))

    assert response.status_code == 409
    assert _stored_marks(app, [amina, omar]) == {(amina, sessions[0]): "present", (amina, sessions[1]): "present",
                                                 (omar, sessions[0]): "late"}
    page = _page(response)
    message = _marked(page, f"mark-{amina}-{sessions[0]}")
    assert re.match(CHANGED_BY.format(name=first.full_name), message), message
    assert "“Present”" in message and "“Absent”" in message
    assert _selected(page, f"mark-{amina}-{sessions[0]}") == "absent"  # the typed value stays in the box
    assert _shown(page) == {f"mark-{amina}-{sessions[0]}": "present", f"mark-{amina}-{sessions[1]}": "present",
                            f"mark-{omar}-{sessions[0]}": "late"}
    assert "Attendance saved: 2 marks changed." in page.text()
    assert "1 cell was changed by someone else" in page.find(class_="alert-warning").text()
    saves = trail_entries("attendance.saved")
    assert [len(entry.details["cells"]) for entry in saves] == [1, 2]
    assert {(cell["enrolment_id"], cell["session_id"]) for cell in saves[-1].details["cells"]} == {
        (amina, sessions[1]), (omar, sessions[0])}


def test_saving_again_after_a_conflict_replaces_the_other_mark_knowingly(client, login, app, class_of):
    workshop, (amina, _omar, _leila), sessions = class_of
    login(Role.COORDINATOR)
    client.post(f"/workshops/{workshop.id}/attendance", data=_marks({(amina, sessions[0]): ("", "present")}))
    _next_user(client, login)
    cell = {(amina, sessions[0]): ("", "absent")}
    assert client.post(f"/workshops/{workshop.id}/attendance", data=_marks(cell)).status_code == 409
    again = {(amina, sessions[0]): ("present", "absent")}  # what the 409 page carries
    assert client.post(f"/workshops/{workshop.id}/attendance", data=_marks(again)).status_code == 303
    assert _stored_marks(app, [amina]) == {(amina, sessions[0]): "absent"}


def test_a_mark_cleared_meanwhile_is_a_conflict_too(client, login, app, class_of):
    workshop, (amina, _omar, _leila), sessions = class_of
    login(Role.COORDINATOR)
    client.post(f"/workshops/{workshop.id}/attendance", data=_marks({(amina, sessions[0]): ("", "present")}))
    client.post(f"/workshops/{workshop.id}/attendance", data=_marks({(amina, sessions[0]): ("present", "")}))
    response = client.post(f"/workshops/{workshop.id}/attendance",
                           data=_marks({(amina, sessions[0]): ("present", "late")}))
    assert response.status_code == 409
    assert _marked(_page(response), f"mark-{amina}-{sessions[0]}").startswith("Changed by someone else since")
    assert _stored_marks(app, [amina]) == {}


def test_two_users_scoring_different_people_both_keep_their_scores(client, login, app, class_of):
    """Both loaded the empty grid; each fills one person's boxes and posts the whole grid: nothing is reverted."""
    workshop, (amina, omar, leila), _sessions = class_of
    empty = {(person, stage): ("", "") for person in (amina, omar, leila) for stage in ("pre", "post")}
    login(Role.COORDINATOR)
    first = {**empty, (amina, "pre"): ("", "40"), (amina, "post"): ("", "85")}
    assert client.post(f"/workshops/{workshop.id}/scores", data=_scores(first)).status_code == 303
    second_user = _next_user(client, login)
    second = {**empty, (omar, "pre"): ("", "55")}
    assert client.post(f"/workshops/{workshop.id}/scores", data=_scores(second)).status_code == 303

    assert _stored_scores(app, amina) == (40, 85)
    assert _stored_scores(app, omar) == (55, None)
    with app.app_context():
        stored = db.session.get(Enrolment, omar)
        assert stored.scores_recorded_by_id == second_user.id and stored.scores_recorded_at is not None


def test_two_users_on_one_score_box_the_second_is_told_by_name(client, login, app, class_of):
    workshop, (amina, omar, _leila), _sessions = class_of
    first = login(Role.COORDINATOR, full_name="Karim Mansour")
    client.post(f"/workshops/{workshop.id}/scores", data=_scores({(amina, "pre"): ("", "40")}))
    _next_user(client, login)
    response = client.post(f"/workshops/{workshop.id}/scores",
                           data=_scores({(amina, "pre"): ("", "45"), (omar, "post"): ("", "90")}))

    assert response.status_code == 409
    page = _page(response)
    message = _marked(page, f"pre-{amina}")
    assert re.match(CHANGED_BY.format(name="Karim Mansour"), message) and "“40”" in message, message
    assert page.find(name=f"pre-{amina}")["value"] == "45"
    assert _shown(page) == {f"pre-{amina}": "40", f"post-{omar}": "90"}
    assert "Scores saved: 1 score changed." in page.text()
    assert (_stored_scores(app, amina), _stored_scores(app, omar)) == ((40, None), (None, 90))
    assert first.full_name in message


def test_a_session_that_has_not_happened_cannot_be_marked(client, login, app, class_of, monkeypatch):
    workshop, (amina, _omar, _leila), sessions = class_of
    monkeypatch.setattr(dates, "today", lambda: date(2025, 3, 4), raising=False)  # 3 and 4 March held, not 5-7
    login(Role.COORDINATOR)
    page = _page(client.get(f"/workshops/{workshop.id}/attendance"))
    assert page.find(name=f"mark-{amina}-{sessions[1]}") is not None
    assert page.find(name=f"mark-{amina}-{sessions[2]}") is None
    assert len([select for select in page.find_all("select") if "disabled" in select.attrs]) == 3 * 3
    assert page.text().count("Not held yet") == 3
    assert len([button for button in page.find_all("button") if "data-mark-column" in button.attrs]) == 2

    response = client.post(f"/workshops/{workshop.id}/attendance", data=_marks({
        (amina, sessions[1]): ("", "present"), (amina, sessions[4]): ("", "present")}))
    assert response.status_code == 422
    message = _marked(_page(response), f"mark-{amina}-{sessions[4]}")
    assert message == "The session of Mar 7, 2025 has not happened yet: its attendance is marked from that day."
    assert _stored_marks(app, [amina]) == {}


def test_the_grid_names_its_workshop_and_says_its_rule_in_words(client, login, make_workshop, make_participant,
                                                               enrol, class_of):
    workshop = make_workshop(title="Identifying victims at borders", starts_on=date(2025, 3, 3),
                             ends_on=date(2025, 3, 3), city="Amman", country_code="JO")
    enrol(workshop, make_participant())
    login(Role.COORDINATOR)
    page = _page(client.get(f"/workshops/{workshop.id}/attendance"))
    assert page.find("title").text().startswith("Attendance · Identifying victims at borders")
    assert page.find("h1").text() == "Attendance: Identifying victims at borders"
    assert "3 March 2025 · Amman, Jordan" in page.text()
    assert page.find("a", href=f"/workshops/{workshop.id}") is not None
    assert "Completion: present or late in the one session." in page.text()
    five_days = _page(client.get(f"/workshops/{class_of[0].id}/attendance"))
    assert "Completion: present or late in at least 80% of the 5 sessions." in five_days.text()


def test_the_grid_is_one_form_with_one_token(client, login, app, class_of):
    workshop, people, sessions = class_of
    login(Role.COORDINATOR)
    app.config["WTF_CSRF_ENABLED"] = True
    page = _page(client.get(f"/workshops/{workshop.id}/attendance"))
    grid_form = page.find("form", novalidate="")
    assert len(page.find_all("form", method="post")) == 3  # the grid, the log-out button and the language switcher
    assert len(grid_form.find_all("input", name="csrf_token")) == 1
    assert len(grid_form.find_all("select")) == len(people) * len(sessions)
    assert [field["name"] for field in grid_form.find_all("input", type="hidden")] == ["csrf_token", "shown"]


@pytest.fixture
def trail_entries(app):
    def entries(action: str) -> list[AuditEntry]:
        with app.app_context():
            return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                                      .order_by(AuditEntry.id)).all()
    return entries


def test_an_unchanged_grid_saves_nothing_and_records_nothing(client, login, app, class_of, trail_entries):
    workshop, (amina, _omar, _leila), sessions = class_of
    login(Role.COORDINATOR)
    client.post(f"/workshops/{workshop.id}/attendance", data=_marks({(amina, sessions[0]): ("", "present")}))
    response = client.post(f"/workshops/{workshop.id}/attendance",
                           data=_marks({(amina, sessions[0]): ("present", "present")}), follow_redirects=True)
    assert "Attendance saved: 0 marks changed." in response.get_data(as_text=True)
    assert len(trail_entries("attendance.saved")) == 1
    with app.app_context():
        assert db.session.scalar(select(Attendance.status)) == AttendanceStatus.PRESENT
