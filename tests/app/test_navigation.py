"""The navigation says where you are on every page (aria-current="page"), and the site has an icon."""
import re

import pytest

from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.training.models import Workshop

CURRENT = re.compile(r'<a class="([^"]*)" href="([^"]*)" aria-current="page">([^<]*)</a>')


@pytest.fixture
def places(app, login, make_workshop, make_participant, enrol):
    """An administrator signed in, and one of everything a section's pages point at."""
    admin = login(Role.ADMIN)
    workshop = make_workshop()
    participant = make_participant()
    enrol(workshop, participant, attended=5)
    with app.app_context():
        serial = certificate_services.issue_for_workshop(db.session.get(Workshop, workshop.id), actor_id=None)[0].serial
        db.session.commit()
        project_id = db.session.get(Workshop, workshop.id).objective.project_id
    return {"workshop": workshop.id, "participant": participant.id, "project": project_id, "serial": serial,
            "user": admin.id}


@pytest.mark.parametrize(("path", "section"), [
    ("/projects", "Projects"), ("/projects/{project}", "Projects"), ("/projects/{project}/certificate", "Projects"),
    ("/workshops", "Workshops"), ("/workshops/{workshop}", "Workshops"), ("/workshops/{workshop}/attendance",
                                                                         "Workshops"),
    ("/workshops/{workshop}/registrations", "Workshops"), ("/certificates/{serial}", "Workshops"),
    ("/participants", "Participants"), ("/participants/{participant}", "Participants"),
    ("/reports/totals", "Totals"),
    ("/users", "Users"), ("/users/{user}/edit", "Users"), ("/security", "Users"),
    ("/audit", "Audit trail"),
    ("/account/password", "My account"), ("/account/security", "Sign-in security"),
])
def test_the_section_of_the_page_shown_is_marked_current(client, places, path, section):
    response = client.get(path.format(**places))
    assert response.status_code == 200
    current = CURRENT.findall(response.get_data(as_text=True))
    assert [label for _style, _href, label in current] == [section]
    assert "active" in current[0][0]


def test_the_start_page_marks_the_brand_and_no_section(client, places):
    page = client.get("/").get_data(as_text=True)
    assert CURRENT.findall(page) == []
    assert re.findall(r'<a class="([^"]*)" href="([^"]*)" aria-current="page">', page) == [("site-brand", "/")]


def test_a_trainer_sees_only_the_sections_of_their_role(client, login):
    login(Role.TRAINER)
    page = client.get("/workshops").get_data(as_text=True)
    links = re.findall(r'<li class="nav-item"><a class="nav-link[^"]*" href="([^"]*)"', page)
    assert links == ["/projects", "/workshops", "/participants"]


def test_favicon_answers_and_every_page_links_it(client):
    with client.get("/favicon.ico") as icon:
        assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
        assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    # Linked at the address served from memory: no file handle left to a browser that goes elsewhere meanwhile.
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/login").get_data(as_text=True)
