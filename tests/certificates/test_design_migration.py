"""Certificates issued before designs existed get one, from their project's branding of the day of the upgrade."""
import io

from flask_migrate import downgrade, upgrade
from old_schema import FIRST_REVISION, seed_certified_completer
from PIL import Image

from workshops import create_app
from workshops.certificates.designs import content_hash, current_design, live_branding
from workshops.extensions import db
from workshops.programmes.models import Project

BEFORE_DESIGNS = "a1c3e5f70003"


def _jpeg(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 20), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_existing_certificates_get_the_design_a_new_issue_would_share(empty_database):
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": empty_database})
    logo, signature = _jpeg("#1f4e5f"), _jpeg("#000080")
    with app.app_context():
        upgrade(revision=FIRST_REVISION)
        seed_certified_completer()
        db.session.commit()
        upgrade(revision=BEFORE_DESIGNS)
        db.session.execute(db.text("UPDATE project SET donor_acknowledgement = 'With the support of the Netherlands'"))
        db.session.execute(db.text("INSERT INTO project_logo (project_id, position, image, width, height)"
                                   " VALUES (1, 2, :image, 60, 20)"), {"image": logo})
        db.session.execute(db.text("INSERT INTO signatory (project_id, position, name, title, signature_image)"
                                   " VALUES (1, 1, 'Dr Amal Saleh', 'Director', :image)"), {"image": signature})
        db.session.commit()
        upgrade()
        design_id, digest, title, donor = db.session.execute(db.text(
            "SELECT id, content_hash, project_title, donor_line FROM certificate_design")).one()
        assert (title, donor) == ("P", "With the support of the Netherlands")
        assert db.session.scalar(db.text("SELECT design_id FROM certificate")) == design_id
        assert db.session.execute(db.text("SELECT position, image FROM certificate_design_logo")).one() == (1, logo)
        assert tuple(db.session.execute(db.text(
            "SELECT name, title, signature_image FROM certificate_design_signatory")).one()) == (
            "Dr Amal Saleh", "Director", signature)
        project = db.session.get(Project, 1)
        assert digest == content_hash("P", live_branding(project))
        assert current_design(project).id == design_id  # issuing now, branding unchanged: the same design
        db.session.rollback()
        downgrade(revision=BEFORE_DESIGNS)
        assert db.session.scalar(db.text("SELECT count(*) FROM certificate")) == 1
        db.session.remove()  # its connection back in the pool, which dispose() then closes
        db.engine.dispose()
