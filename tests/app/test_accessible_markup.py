"""Markup a screen reader relies on: a field in error says so and is described by its message, the errors are
summed up in an alert linking to the fields, messages after an action are live regions, and no table header is
empty. (tests/browser/test_accessibility.py runs axe-core and the keyboard over the pages in a real browser.)"""
from html.parser import HTMLParser

from workshops.auth.models import Role

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Page(HTMLParser):
    """Each element's attributes, and the text inside each element that has an id or a role."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag not in VOID:
            key = attributes.get("id") or (f"role={attributes['role']}" if "role" in attributes else None)
            self._open.append((tag, key))
            if key:
                self.texts.setdefault(key, "")

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, key in self._open:
            if key:
                self.texts[key] += data

    def one(self, tag: str, **attributes) -> dict:
        found = [attrs for name, attrs in self.elements
                 if name == tag and all(attrs.get(key) == value for key, value in attributes.items())]
        assert len(found) == 1, (tag, attributes, found)
        return found[0]

    def text(self, key: str) -> str:
        return " ".join(self.texts[key].split())


def _field_in_error(page: _Page, tag: str, name: str) -> str:
    """The message tied to the field: it is marked invalid, and described by an element holding the message."""
    field = page.one(tag, name=name)
    assert field["aria-invalid"] == "true"
    described = field["aria-describedby"].split()
    error_id = next(element for element in described if element.endswith("-error"))
    assert page.one("div", id=error_id)["class"] == "invalid-feedback"
    return page.text(error_id)


def test_a_login_without_password_marks_the_field_and_sums_it_up_in_an_alert(client, make_user):
    user = make_user(Role.COORDINATOR)
    response = client.post("/login", data={"email": user.email, "password": ""})
    page = _Page(response.get_data(as_text=True))
    message = _field_in_error(page, "input", "password")
    assert message
    assert page.one("a", href="#password")
    summary = page.text("role=alert")
    assert "1 field needs attention:" in summary and f"Password: {message}" in summary
    assert "aria-invalid" not in page.one("input", name="email")


def test_each_bad_field_of_the_participant_form_is_described_and_linked_from_the_summary(client, login,
                                                                                         make_participant):
    login(Role.ADMIN)
    person = make_participant()
    page = _Page(client.get(f"/participants/{person.id}/edit").get_data(as_text=True))
    version = page.one("input", name="version")["value"]
    response = client.post(f"/participants/{person.id}/edit", data={
        "version": version, "given_name": "", "family_name": "Haddad", "sex": "F", "country_code": "EG",
        "agency": "Public Prosecution", "role_category": "prosecutor", "year_of_birth": "1066"})
    assert response.status_code == 422
    page = _Page(response.get_data(as_text=True))
    given = _field_in_error(page, "input", "given_name")
    year = _field_in_error(page, "input", "year_of_birth")
    assert page.one("input", name="year_of_birth")["aria-describedby"] == "year_of_birth-help year_of_birth-error"
    summary = page.text("role=alert")
    assert "2 fields need attention:" in summary
    assert f"Given name: {given}" in summary and f"Year of birth: {year}" in summary
    assert page.one("a", href="#given_name") and page.one("a", href="#year_of_birth")
    assert "aria-invalid" not in page.one("input", name="family_name")


def test_a_message_after_an_action_is_a_status_and_a_refusal_an_alert(client, login, make_workshop, make_participant,
                                                                      enrol):
    login(Role.ADMIN)
    workshop = make_workshop()
    enrol(workshop, make_participant(), attended=5)
    absent = enrol(workshop, make_participant(), attended=0)
    issued = _Page(client.post(f"/workshops/{workshop.id}/certificates", follow_redirects=True).get_data(as_text=True))
    assert issued.text("role=status") == "1 certificate issued."
    assert "role=alert" not in issued.texts
    refused = _Page(client.post(f"/enrolments/{absent.id}/certificate", follow_redirects=True).get_data(as_text=True))
    assert refused.one("div", role="alert")["class"] == "alert alert-danger"
    assert refused.text("role=alert")


def test_no_table_header_is_empty(client, login, make_user):
    login(Role.ADMIN)
    make_user(Role.TRAINER)
    html = client.get("/users").get_data(as_text=True)
    headers = html.split("<thead>")[1].split("</thead>")[0]
    assert headers.count("<th") == headers.count('scope="col"') == 5
    assert '<th scope="col"><span class="visually-hidden">Actions</span></th>' in headers
