"""List pages cost the same number of queries for few rows as for many: no query per row (N+1)."""
import pytest

from workshops.auth.models import Role
from workshops.certificates import services as certificate_services
from workshops.extensions import db
from workshops.training.models import Workshop

PAGES = ["/", "/projects", "/projects/{project}", "/workshops", "/workshops/{workshop}",
         "/workshops/{workshop}/attendance", "/participants", "/participants/{participant}",
         "/reports/totals", "/reports/totals.csv", "/reports/totals.xlsx", "/workshops/{workshop}/participants.xlsx",
         "/participants.csv"]


@pytest.fixture
def programme(app, make_objective, make_workshop, make_participant, enrol):
    """A workshop and a person that can be grown: more people on the workshop, more workshops for the person."""
    objective = make_objective()
    workshop, person = make_workshop(objective), make_participant()

    def add_workshop_for(people):
        added = make_workshop(objective)
        for participant in people:
            enrol(added, participant, attended=5)
        certify(added)

    def certify(target):
        with app.app_context():
            certificate_services.issue_for_workshop(db.session.get(Workshop, target.id), actor_id=None)
            db.session.commit()

    def grow(people_on_workshop: int, workshops_for_person: int):
        for _ in range(people_on_workshop):
            enrol(workshop, make_participant(), attended=5)
        certify(workshop)
        for _ in range(workshops_for_person):
            add_workshop_for([person, make_participant(), make_participant()])

    enrol(workshop, person, attended=5)
    grow(1, 1)
    return {"project": objective.project_id, "workshop": workshop.id, "participant": person.id, "grow": grow}


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_rows(app, client, login, programme, page, count_queries):
    login(Role.ADMIN)
    url = page.format(**programme)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    programme["grow"](12, 8)
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert few, "the counter saw no query"
    assert len(many) == len(few), f"{url}: {len(few)} queries with few rows, {len(many)} with many"
