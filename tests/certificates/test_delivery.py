"""Certificates emailed to their holders, read back from a real SMTP server on a local port: the PDF, the verify
link, the workshop's language; a refused address recorded and retried; the job on RQ and Redis, and in a thread."""
import asyncio
import io
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfReader
from smtp_inbox import Inbox, body, free_port, smtp_server, smtp_settings
from sqlalchemy import select

from workshops import jobs
from workshops.audit.models import AuditEntry
from workshops.auth.models import Role
from workshops.certificates import delivery
from workshops.certificates import services as certificate_services
from workshops.certificates.delivery_models import DeliveryRecipient, DeliveryRun, DeliveryStatus
from workshops.certificates.models import Certificate
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.training.models import Enrolment, Language, Workshop

REFUSAL = "550 5.1.1 <{address}>: Recipient address rejected: mailbox unavailable"


@dataclass
class RefusingInbox(Inbox):
    """The test SMTP server, refusing the addresses in `refused` as a server refuses an unknown mailbox, and taking
    `delay` seconds over each message (for watching a run's progress)."""

    refused: set[str] = field(default_factory=set)
    delay: float = 0.0

    async def handle_RCPT(self, _server, _session, envelope, address, _options) -> str:  # noqa: N802 (aiosmtpd)
        if address in self.refused:
            return REFUSAL.format(address=address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)

    def by_recipient(self) -> dict:
        return {message["To"]: message for message in self.messages}


def refusing_smtp_server(**options):
    return smtp_server(RefusingInbox(port=free_port(), **options))


def delivery_settings(inbox, tmp_path, **overrides) -> dict:
    """The app's mail goes to the test server; on SQLite a database file, since a job works on its own connection
    (the in-memory database is one connection shared by every thread)."""
    settings = smtp_settings(inbox, **overrides)
    if "TEST_DATABASE_URL" not in os.environ:
        settings |= {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'delivery.sqlite'}",
                     "SQLALCHEMY_ENGINE_OPTIONS": {}}
    return settings


@pytest.fixture
def inbox():
    with refusing_smtp_server() as server:
        yield server


@pytest.fixture(autouse=True)
def threads_finish(app):
    """A job thread still sending when the test ends would find the next test's rows under the same ids."""
    yield
    jobs.wait_for_threads()


@pytest.fixture
def app_settings(inbox, tmp_path):
    return delivery_settings(inbox, tmp_path)


@dataclass(frozen=True)
class Issued:
    workshop_id: int
    #: serial -> email (None: the person has none)
    holders: dict[str, str | None]

    def serial_of(self, email: str) -> str:
        return next(serial for serial, address in self.holders.items() if address == email)


@pytest.fixture
def issued(app, make_workshop, make_participant, enrol):
    """A workshop whose completers hold certificates: with an email each, and `without_email` more without one;
    one person who did not complete, and so holds none."""
    def make(language: Language = Language.ENGLISH, people: int = 2, without_email: int = 0, **workshop) -> Issued:
        stored = make_workshop(language=language, **workshop)
        for number in range(people + without_email):
            enrol(stored, make_participant(given_name=f"Person{number}",
                                           **({"email": None} if number >= people else {})), attended=5)
        enrol(stored, make_participant(given_name="Dropout"), attended=1)
        with app.app_context():
            certificates = certificate_services.issue_for_workshop(db.session.get(Workshop, stored.id),
                                                                   actor_id=None)
            holders = {certificate.serial: certificate.enrolment.participant.email for certificate in certificates}
            db.session.commit()
        return Issued(stored.id, holders)
    return make


def run_now(app, run_id: int) -> None:
    """What the worker does: the job, here, to its end."""
    with app.app_context():
        delivery.deliver_run(run_id)


def start(app, workshop_id: int, actor_id: int | None = None) -> int:
    with app.app_context():
        run = delivery.start_for_workshop(workshop_id, actor_id=actor_id)
        db.session.commit()
        return run.id


def progress(app, run_id: int) -> delivery.Progress:
    with app.app_context():
        return delivery.progress_of([run_id])[run_id]


def recipients(app, run_id: int) -> dict[str, DeliveryRecipient]:
    with app.app_context():
        rows = db.session.execute(select(Certificate.serial, DeliveryRecipient).join(DeliveryRecipient.certificate)
                                  .where(DeliveryRecipient.run_id == run_id)).all()
        db.session.expunge_all()
        return dict(rows)


def pdf_attachment(message) -> tuple[str, bytes]:
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    return attachment.get_filename(), attachment.get_content()


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def wait_until_finished(client, workshop_id: int, seconds: float = 60) -> dict:
    """Poll the page's JSON endpoint, as its script does, until the run has nothing left to send."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = client.get(f"/workshops/{workshop_id}/certificates/delivery.json").get_json()
        if state["finished"]:
            return state
        time.sleep(0.2)
    raise AssertionError(f"the run did not finish in {seconds} s: {state}")


# --- What a holder receives --------------------------------------------------------------------------------------

def test_each_completer_gets_their_own_pdf_and_verify_link(app, inbox, issued):
    workshop = issued(people=2, without_email=1)
    run_id = start(app, workshop.workshop_id)
    run_now(app, run_id)

    assert sorted(inbox.by_recipient()) == sorted(email for email in workshop.holders.values() if email)
    for address, message in inbox.by_recipient().items():
        serial = workshop.serial_of(address)
        filename, content = pdf_attachment(message)
        assert filename == f"certificate-{serial}.pdf" and content.startswith(b"%PDF-")
        assert serial in pdf_text(content)
        text = body(message)
        assert f"https://workshops.example.org/verify/{serial}" in text
        assert message["Subject"] == "Your certificate: Investigating trafficking in persons"
        assert "Your certificate of completion is attached" in text and f"Serial: {serial}" in text
    assert progress(app, run_id) == delivery.Progress(sent=2, no_address=1)
    outcomes = recipients(app, run_id)
    assert {row.status for row in outcomes.values()} == {DeliveryStatus.SENT, DeliveryStatus.NO_ADDRESS}
    assert all((row.sent_at is not None) == (row.status == DeliveryStatus.SENT) for row in outcomes.values())


@pytest.mark.parametrize(("language", "subject", "words"), [
    (Language.FRENCH, "Votre certificat\u00a0: Enquêter sur la traite", ["Votre certificat de formation est joint",
                                                                        "Délivré le\u00a0: ", "mars 2025"]),
    (Language.ARABIC, "شهادتكم: Enquêter sur la traite", ["تجدون شهادة إتمام الورشة مرفقة", "الرقم التسلسلي:",
                                                         "مارس 2025"]),
])
def test_the_message_is_in_the_workshop_language(app, inbox, issued, language, subject, words):
    workshop = issued(language=language, people=1, title="Enquêter sur la traite")
    run_now(app, start(app, workshop.workshop_id))
    [message] = inbox.messages
    [serial] = workshop.holders
    assert message["Subject"] == subject
    text = body(message)
    assert all(word in text for word in words), text
    assert "certificate" not in text.lower()  # nothing left in English
    assert f"https://workshops.example.org/verify/{serial}" in text
    assert serial in pdf_text(pdf_attachment(message)[1])


def test_only_current_certificates_of_completers_are_sent(app, inbox, issued):
    workshop = issued(people=3)
    revoked, reissued, kept = sorted(workshop.holders)
    with app.app_context():
        by_serial = {serial: certificate_services.find_by_serial(serial) for serial in (revoked, reissued)}
        certificate_services.revoke(by_serial[revoked], "Attendance sheet forged.", actor_id=None)
        replacement = certificate_services.reissue(by_serial[reissued], "Name misspelt.", actor_id=None).serial
        db.session.commit()
    run_now(app, start(app, workshop.workshop_id))
    sent = {pdf_attachment(message)[0] for message in inbox.messages}
    assert sent == {f"certificate-{kept}.pdf", f"certificate-{replacement}.pdf"}


def test_a_workshop_without_certificates_is_refused_without_a_run(app, make_workshop):
    workshop = make_workshop()
    with app.app_context(), pytest.raises(DomainError, match="issue the certificates first"):
        delivery.start_for_workshop(workshop.id, actor_id=None)


# --- Failures, retries, and runs that stopped ---------------------------------------------------------------------

def test_a_refused_address_fails_alone_and_retry_sends_it(app, inbox, issued, client, login):
    workshop = issued(people=3)
    refused = sorted(email for email in workshop.holders.values())[1]
    inbox.refused.add(refused)
    coordinator = login(Role.COORDINATOR)
    assert client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery").status_code == 303
    assert wait_until_finished(client, workshop.workshop_id)["counts"] == {
        "sent": 2, "failed": 1, "no_address": 0, "remaining": 0, "total": 3}
    assert refused not in inbox.by_recipient() and len(inbox.messages) == 2

    with app.app_context():
        run = db.session.scalar(select(DeliveryRun))
        run_id = run.id
    failure = recipients(app, run_id)[workshop.serial_of(refused)]
    assert failure.status == DeliveryStatus.FAILED and failure.attempts == 1
    assert failure.last_error == REFUSAL.format(address="<address>")  # the server's answer, not the address
    page = client.get(f"/workshops/{workshop.workshop_id}/certificates/delivery").get_data(as_text=True)
    assert "Recipient address rejected: mailbox unavailable" in page and "Retry failed" in page

    inbox.refused.clear()  # the mailbox was fixed
    retry = client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery/retry?run={run_id}")
    assert retry.status_code == 303
    assert wait_until_finished(client, workshop.workshop_id)["counts"]["sent"] == 3
    assert refused in inbox.by_recipient() and len(inbox.messages) == 3  # the others were not sent twice
    failure = recipients(app, run_id)[workshop.serial_of(refused)]
    assert (failure.status, failure.attempts, failure.last_error) == (DeliveryStatus.SENT, 2, None)

    with app.app_context():
        trail = db.session.execute(select(AuditEntry.action, AuditEntry.actor_id, AuditEntry.details)
                                   .where(AuditEntry.subject_type == "certificate_delivery_run")
                                   .order_by(AuditEntry.id)).all()
    assert [(action, actor) for action, actor, _details in trail] == [
        ("certificate_delivery.started", coordinator.id), ("certificate_delivery.retried", coordinator.id)]
    assert trail[0].details["certificates"] == 3 and trail[1].details["failed"] == 1


def test_retry_with_nothing_left_is_refused(app, issued, client, login):
    workshop = issued(people=1)
    login(Role.COORDINATOR)
    run_id = start(app, workshop.workshop_id)
    run_now(app, run_id)
    response = client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery/retry?run={run_id}",
                           follow_redirects=True)
    assert "Nothing to retry" in response.get_data(as_text=True)


def test_a_row_claimed_by_a_live_job_is_left_alone_and_a_stale_claim_is_taken_up(app, inbox, issued):
    """Two jobs on one run never send a certificate twice; one a crashed worker left half-done is sent later."""
    workshop = issued(people=2)
    run_id = start(app, workshop.workshop_id)
    live, stale = sorted(recipients(app, run_id).values(), key=lambda row: row.id)
    with app.app_context():
        now = datetime.now(UTC)
        db.session.get(DeliveryRecipient, live.id).claimed_at = now
        db.session.get(DeliveryRecipient, stale.id).claimed_at = now - delivery.CLAIM_LEASE - timedelta(seconds=1)
        db.session.commit()
    run_now(app, run_id)
    assert len(inbox.messages) == 1
    assert progress(app, run_id) == delivery.Progress(sent=1, remaining=1)


def test_a_person_whose_address_went_since_the_start_is_no_address(app, inbox, issued):
    workshop = issued(people=1)
    run_id = start(app, workshop.workshop_id)
    with app.app_context():
        db.session.scalar(select(Participant).where(Participant.email.is_not(None),
                                                    Participant.given_name != "Dropout")).email = None
        db.session.commit()
    run_now(app, run_id)
    assert inbox.messages == [] and progress(app, run_id) == delivery.Progress(no_address=1)


def test_a_mail_server_that_is_down_fails_every_row_and_the_run_ends(app, issued, inbox):
    workshop = issued(people=2)
    run_id = start(app, workshop.workshop_id)
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    run_now(app, run_id)
    outcomes = recipients(app, run_id).values()
    assert progress(app, run_id) == delivery.Progress(failed=2)
    assert all("refused" in row.last_error.lower() for row in outcomes), [row.last_error for row in outcomes]


# --- The page, and a person's certificates ---------------------------------------------------------------------

def test_the_page_shows_the_counts_and_who_has_no_address(app, issued, client, login):
    workshop = issued(people=1, without_email=1)
    login(Role.COORDINATOR)
    url = f"/workshops/{workshop.workshop_id}/certificates/delivery"
    before = client.get(url).get_data(as_text=True)
    assert "2 people hold a current certificate" in before and "1 of them has no email address" in before
    assert "Nothing has been sent" in before
    run_now(app, start(app, workshop.workshop_id))
    page = client.get(url).get_data(as_text=True)
    assert 'data-count="sent">1<' in page and 'data-count="no_address">1<' in page
    assert 'data-count="remaining">0<' in page and "Finished." in page
    assert "Person1 Haddad" in page and "Add an email address" in page
    assert client.get(f"{url}?run=999").status_code == 404


def test_the_page_is_for_those_who_may_certify(app, issued, client, login, make_workshop):
    workshop = issued(people=1)
    login(Role.TRAINER)
    assert client.get(f"/workshops/{workshop.workshop_id}/certificates/delivery").status_code == 403
    assert client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery").status_code == 403


def test_another_workshops_run_is_not_shown_or_retried(app, issued, client, login):
    first, second = issued(people=1), issued(people=1)
    run_id = start(app, first.workshop_id)
    login(Role.ADMIN)
    assert client.get(f"/workshops/{second.workshop_id}/certificates/delivery?run={run_id}").status_code == 404
    assert client.post(f"/workshops/{second.workshop_id}/certificates/delivery/retry?run={run_id}").status_code == 404


def test_send_again_sends_that_one_certificate(app, inbox, issued, client, login):
    workshop = issued(people=2)
    login(Role.COORDINATOR)
    serial, address = next(iter(workshop.holders.items()))
    response = client.post(f"/certificates/{serial}/send")
    assert response.status_code == 303 and response.headers["Location"].endswith(
        f"/workshops/{workshop.workshop_id}/certificates/delivery")
    assert wait_until_finished(client, workshop.workshop_id)["counts"]["sent"] == 1
    [message] = inbox.messages
    assert message["To"] == address and pdf_attachment(message)[0] == f"certificate-{serial}.pdf"
    with app.app_context():
        [entry] = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "certificate_delivery.started"))
        assert entry.details["serial"] == serial and entry.details["certificates"] == 1


def test_send_again_refuses_a_revoked_certificate(app, issued, client, login):
    workshop = issued(people=1)
    [serial] = workshop.holders
    with app.app_context():
        certificate_services.revoke(certificate_services.find_by_serial(serial), "Forged.", actor_id=None)
        db.session.commit()
    login(Role.COORDINATOR)
    response = client.post(f"/certificates/{serial}/send", follow_redirects=True)
    assert "only a valid certificate is sent" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(DeliveryRun)) is None


def test_a_persons_page_lists_their_certificates_across_the_viewers_projects(
        app, issued, client, login, make_participant, enrol, make_workshop):
    seen, unseen = issued(people=1), issued(people=1)
    [serial] = seen.holders
    with app.app_context():
        person_id = db.session.scalar(select(Enrolment.participant_id).join(Certificate, Certificate.enrolment_id
                                                                           == Enrolment.id)
                                      .where(Certificate.serial == serial))
        enrolment = Enrolment(workshop_id=unseen.workshop_id, participant_id=person_id, is_completed=True)
        db.session.add(enrolment)
        db.session.flush()
        hidden = certificate_services.issue_for_enrolment(enrolment, actor_id=None).serial
        db.session.commit()
        seen_project = db.session.get(Workshop, seen.workshop_id).objective.project
        db.session.expunge(seen_project)  # with its id loaded, for the login below
    login(Role.COORDINATOR, projects=[seen_project])
    page = client.get(f"/participants/{person_id}").get_data(as_text=True)
    assert serial in page and hidden not in page
    assert f'action="/certificates/{serial}/send"' in page
    client.post("/logout")
    login(Role.ADMIN)
    page = client.get(f"/participants/{person_id}").get_data(as_text=True)
    assert serial in page and hidden in page


# --- Where the job runs ------------------------------------------------------------------------------------------

def redis_or_skip():
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return connection


class TestOnRedis:
    @pytest.fixture
    def app_settings(self, inbox, tmp_path):
        redis_or_skip()
        return delivery_settings(inbox, tmp_path, JOB_QUEUE="redis", REDIS_URL="redis://127.0.0.1:6379/0",
                                 JOB_QUEUE_NAME=f"workshops-test-{uuid.uuid4().hex}")

    @pytest.fixture
    def queue(self, app):
        from workshops.jobs import job_queue

        queue = job_queue(app, worker=True)
        yield queue
        queue.delete(delete_jobs=True)

    def test_the_run_waits_in_redis_until_a_worker_sends_it(self, app, inbox, issued, client, login, queue):
        from rq import SimpleWorker

        workshop = issued(people=3)
        login(Role.COORDINATOR)
        assert client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery").status_code == 303
        assert queue.count == 1 and inbox.messages == []
        state = client.get(f"/workshops/{workshop.workshop_id}/certificates/delivery.json").get_json()
        assert state["counts"]["remaining"] == 3 and not state["finished"]

        with app.app_context():
            assert SimpleWorker([queue], connection=queue.connection).work(burst=True)
        assert queue.count == 0
        assert sorted(inbox.by_recipient()) == sorted(workshop.holders.values())
        state = client.get(f"/workshops/{workshop.workshop_id}/certificates/delivery.json").get_json()
        assert state["finished"] and state["counts"]["sent"] == 3


    def test_the_worker_command_runs_what_waits(self, app, inbox, issued, runner, queue):
        workshop = issued(people=2)
        with app.app_context():
            run = delivery.start_for_workshop(workshop.workshop_id, actor_id=None)
            db.session.commit()
            jobs.enqueue(delivery.deliver_run, run.id)
            run_id = run.id
        assert queue.count == 1
        result = runner.invoke(args=["worker", "--burst"])
        assert result.exit_code == 0, result.output
        assert queue.count == 0 and len(inbox.messages) == 2
        assert progress(app, run_id) == delivery.Progress(sent=2)


class TestRedisDown:
    @pytest.fixture
    def app_settings(self, inbox, tmp_path):
        return delivery_settings(inbox, tmp_path, JOB_QUEUE="redis", REDIS_URL=f"redis://127.0.0.1:{free_port()}/0")

    def test_the_run_goes_out_from_the_web_process_instead(self, app, inbox, issued, client, login, caplog):
        workshop = issued(people=2)
        login(Role.COORDINATOR)
        assert client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery").status_code == 303
        assert wait_until_finished(client, workshop.workshop_id)["counts"]["sent"] == 2
        assert len(inbox.messages) == 2 and "running it in this process instead" in caplog.text


class TestInMemoryDatabase:
    @pytest.fixture
    def app_settings(self, inbox):
        if "TEST_DATABASE_URL" in os.environ:
            pytest.skip("only SQLite has an in-memory database")
        return smtp_settings(inbox)  # sqlite://, one connection shared by every thread

    def test_the_job_runs_in_the_request_rather_than_share_its_connection(self, app, inbox, issued, client, login):
        workshop = issued(people=2)
        login(Role.COORDINATOR)
        assert client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery").status_code == 303
        assert len(inbox.messages) == 2  # already: no thread is left running on the shared connection


def test_by_default_a_thread_sends_while_the_page_follows(app, inbox, issued, client, login):
    assert app.config["JOB_QUEUE"] == "thread"
    inbox.delay = 0.3
    workshop = issued(people=4)
    login(Role.COORDINATOR)
    response = client.post(f"/workshops/{workshop.workshop_id}/certificates/delivery")
    assert response.status_code == 303  # answered before the sending is done
    seen = {client.get(f"/workshops/{workshop.workshop_id}/certificates/delivery.json").get_json()["counts"]["sent"]}
    state = wait_until_finished(client, workshop.workshop_id)
    assert state["counts"]["sent"] == 4 and len(inbox.messages) == 4
    assert min(seen) < 4
