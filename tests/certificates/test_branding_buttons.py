"""The certificate design page's buttons as a browser posts them, CSRF token and all (issue 11: deleting a logo
answered 500)."""
import io
import re

import pytest
from conftest import PASSWORD, assign_projects
from PIL import Image

from workshops.auth.models import Role
from workshops.extensions import db
from workshops.programmes.models import ProjectLogo, Signatory


@pytest.fixture
def app_settings() -> dict:
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), "#1f4e5f").save(buffer, format="PNG")
    return buffer.getvalue()


def test_remove_buttons_on_the_design_page_remove_and_never_fail(app, client, make_user, make_project):
    project = make_project()
    user = make_user(Role.COORDINATOR)
    assign_projects(app, user, [project])
    assert client.post("/login", data={"email": user.email, "password": PASSWORD,
                                       "csrf_token": _token(client.get("/login").get_data(as_text=True))}
                       ).status_code == 303
    base = f"/projects/{project.id}/certificate"
    token = _token(client.get(base).get_data(as_text=True))
    assert client.post(f"{base}/logos", data={"csrf_token": token, "position": "2",
                                              "logo": (io.BytesIO(_png()), "logo.png")},
                       content_type="multipart/form-data").status_code == 303
    assert client.post(f"{base}/signatories", data={"csrf_token": token, "position": "1", "name": "Dr Amal Saleh",
                                                    "title": "Director"}).status_code == 303
    page = client.get(base).get_data(as_text=True)
    actions = re.findall(r'<form method="post" action="([^"]+/delete)"', page)
    assert actions == [f"{base}/logos/2/delete", f"{base}/signatories/1/delete"]
    for action in actions:
        response = client.post(action, data={"csrf_token": _token(page)})
        assert response.status_code == 303 and response.headers["Location"] == base
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ProjectLogo)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(Signatory)) == 0
    stale = client.post(actions[0], data={"csrf_token": _token(page)}, follow_redirects=True)  # a second tab
    assert stale.status_code == 200 and "Nothing to change." in stale.get_data(as_text=True)
    assert client.post(actions[0]).status_code == 400  # no token
