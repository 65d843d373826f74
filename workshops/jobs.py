"""Background jobs: on an RQ queue in Redis when JOB_QUEUE is "redis", else in a thread of the web process.

The thread is the default so that `make run` needs neither Redis nor a worker; with several gunicorn workers, or
sends that must survive a restart of the web process, Redis and `flask --app workshops worker` take them over.

A job is a module-level function marked `@job` that takes ids only: RQ stores a call as the function's import
path and its arguments, and whatever the job needs it reads from the database when it runs. A job commits its own
work, so it must only be queued once the rows it reads are committed: inside a view's action, `later(...)`, and
after the commit, `start_waiting()` (as mail's queue and send_queued).
"""
import functools
import threading
import time
import weakref
from collections.abc import Callable

import click
from flask import Flask, current_app, g, has_app_context
from flask.cli import with_appcontext
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker

from workshops.extensions import db

#: Seconds a job may run on the RQ worker before it is stopped: a workshop's certificates, mailed one by one.
JOB_TIMEOUT = 3600
#: This process's job threads; a finished one drops out once nothing else holds it.
_threads: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def job(function: Callable[..., None]) -> Callable[..., None]:
    """Run the function in an app context of its own (its own database session), wherever it is called from.

    Outside any app (`rq worker` started by hand) the app factory builds the app from its configuration.
    """
    @functools.wraps(function)
    def run(*ids: int) -> None:
        app = current_app._get_current_object() if has_app_context() else _new_app()
        with app.app_context():
            function(*ids)

    return run


@functools.cache
def _new_app() -> Flask:
    """One app per worker process, built on its first job: an app per job would leave a connection pool behind
    each time."""
    from workshops import create_app

    return create_app()


def later(function: Callable[..., None], *ids: int) -> None:
    """Queue a job inside a view's action; it starts at `start_waiting()`, after the commit, or never."""
    g.setdefault("waiting_jobs", []).append((function, ids))


def start_waiting() -> None:
    """Start the jobs this request queued with `later`; call it after the commit."""
    waiting, g.waiting_jobs = g.get("waiting_jobs", []), []
    for function, ids in waiting:
        enqueue(function, *ids)


def enqueue(function: Callable[..., None], *ids: int) -> None:
    """Hand the job to Redis, or to a thread of this process.

    When Redis is configured but does not answer, the job runs here rather than not at all (as the rate limits
    count in memory then): sending is never lost to a Redis outage, and the warning says why it ran here.
    """
    app = current_app._get_current_object()
    if app.config["JOB_QUEUE"] == "redis":
        try:
            job_queue(app).enqueue(function, *ids, job_timeout=JOB_TIMEOUT)
            return
        except RedisError:
            app.logger.warning("Redis at %s did not take the job %s%r; running it in this process instead.",
                               app.config["REDIS_URL"], function.__name__, ids, exc_info=True)
    if _database_in_memory():
        _run(app, function, ids)
        return
    thread = threading.Thread(target=_run, args=(app, function, ids), name=f"job-{function.__name__}", daemon=True)
    _threads.add(thread)
    thread.start()


def wait_for_threads(timeout: float = 60) -> None:
    """Let this process's job threads finish: before it stops (a gunicorn worker_exit hook), and in the tests
    before the database they work on is dropped. Redis jobs are the worker's, and wait in Redis."""
    deadline = time.monotonic() + timeout
    for thread in list(_threads):
        thread.join(max(0.0, deadline - time.monotonic()))


def _database_in_memory() -> bool:
    """An in-memory SQLite database (the tests' default) is a single connection for all threads: a job in a thread
    would interleave its statements with a request's transaction on it, so there the job runs in the request."""
    url = db.engine.url
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _run(app: Flask, function: Callable[..., None], ids: tuple[int, ...]) -> None:
    """A thread has no one to report to: what stops the job goes to the log, as RQ keeps it with the failed job."""
    with app.app_context():
        try:
            function(*ids)
        except Exception:
            app.logger.exception("Background job %s%r stopped.", function.__name__, ids)


def job_queue(app: Flask, *, worker: bool = False) -> Queue:
    """The app's RQ queue. Enqueueing waits at most seconds for Redis; the worker's connection has no read
    timeout, since it waits on the queue for minutes at a time."""
    timeouts = {} if worker else {"socket_timeout": 5}
    connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=2, **timeouts)
    return Queue(app.config["JOB_QUEUE_NAME"], connection=connection)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty instead of waiting for more jobs.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background jobs queued in Redis (JOB_QUEUE = "redis"), such as certificates sent by email.

    Jobs run one after another in this process, in the app this command built: RQ's default worker would fork a
    child per job, and a child sharing its parent's database connections corrupts them.
    """
    queue = job_queue(current_app, worker=True)
    SimpleWorker([queue], connection=queue.connection).work(burst=burst)
