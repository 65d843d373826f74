"""Benchmark: the app under gunicorn (2 workers) on PostgreSQL, signed-in clients reading and writing at once.

Rebuilds the database (default test_h4_load) from the migrations and the demo, gives the demo coordinator a known
password, and starts `gunicorn --workers 2 wsgi:app` on a free loopback port with production settings (CSRF on,
rate limits on but generous). N client threads sign in through the real login form and, for a bounded time, read
the dashboard, a workshop page and the participant list, and save attendance cells on the busiest workshops'
grids (one POST per save, with the CSRF token and each cell's `was-` value, as the page sends it). Each client owns
its cells, so the value last acknowledged (303) for a cell must be the one in the database at the end, and every
acknowledged save must have its one trail entry; anything else is a lost write. Prints requests/s, p50 and p99
latency, errors and lost writes, then this machine's floor from ../shared/floors/http_floor.sh.
Usage: python bench/bench_load.py [--clients 8] [--seconds 30] [--database postgresql://.../test_h4_load]
"""
import argparse
import atexit
import http.client
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
FLOOR = ROOT.parent / "shared" / "floors" / "http_floor.sh"
STATUSES = ("present", "late", "absent", "excused")
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
#: Reads and writes in this proportion: three page views for each attendance save.
READ_SHARE = 0.75
#: Workshops whose grids take the writes: several clients save cells of the same grid at the same time.
WRITTEN_WORKSHOPS = 4


def main() -> None:
    arguments = _arguments()
    database = arguments.database
    if not conninfo_to_dict(database)["dbname"].startswith("test_"):
        sys.exit("The benchmark drops and rebuilds its database: give one whose name starts with test_.")
    server = Server(database)
    atexit.register(server.stop)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    try:
        credentials, grids, audit_before = _prepare(database, server.environment)
        server.start()
        load = Load(server.port, credentials, grids, clients=arguments.clients, seconds=arguments.seconds)
        load.run()
    finally:
        server.stop()
    lost, committed_unacknowledged = load.check(database, audit_before)
    print(load.summary(lost, committed_unacknowledged), flush=True)
    _floor()


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, help="signed-in client threads (default 8)")
    parser.add_argument("--seconds", type=float, default=30, help="how long the load runs (default 30)")
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test_h4_load",
                        help="PostgreSQL database to drop, rebuild and load (its name must start with test_)")
    return parser.parse_args()


def _exit_on_signal(signum, _frame) -> None:
    raise SystemExit(128 + signum)


class Server:
    """gunicorn with two sync workers on a free loopback port, stopped (its whole process group) on any exit."""

    def __init__(self, database: str):
        self.port = _free_port()
        self.log = Path(tempfile.gettempdir()) / f"bench_load_gunicorn_{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.environment = {
            **os.environ, "DATABASE_URL": database, "FLASK_SECRET_KEY": secrets.token_hex(32),
            "FLASK_PUBLIC_BASE_URL": f"http://127.0.0.1:{self.port}",
            # Every client signs in from 127.0.0.1: the per-address and per-account limits would refuse them.
            "FLASK_LOGIN_RATE_LIMIT": "100000 per minute", "FLASK_LOGIN_ACCOUNT_RATE_LIMIT": "100000 per hour"}
        self.environment.pop("FLASK_SQLALCHEMY_DATABASE_URI", None)

    def start(self) -> None:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
                cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"gunicorn did not come up; its log:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)  # gunicorn's quick shutdown: the load is over or abandoned
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: gunicorn's master and workers only
            self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _prepare(database: str, environment: dict) -> tuple[str, list["Grid"], int]:
    """A fresh database from the migrations and the demo; the coordinator's sign-in, the grids to write on and
    the last trail entry before the load."""
    name = conninfo_to_dict(database)["dbname"]
    with psycopg.connect(make_conninfo(database, dbname="postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{name}"')
    for command in (["db", "upgrade"], ["demo"]):
        _flask(command, environment)
    with psycopg.connect(database) as connection:
        email = connection.execute(
            "SELECT email FROM user_account WHERE role = 'coordinator' ORDER BY id LIMIT 1").fetchone()[0]
        workshops = _grids(connection)
    password = secrets.token_urlsafe(18)
    _flask(["users", "set-password", email], environment, stdin=f"{password}\n{password}\n")
    with psycopg.connect(database) as connection:
        audit_before = connection.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]
    return f"{email}\n{password}", workshops, audit_before


def _flask(command: list[str], environment: dict, stdin: str | None = None) -> None:
    finished = subprocess.run([str(BIN / "flask"), "--app", "workshops", *command], cwd=ROOT, env=environment,
                              input=stdin, capture_output=True, text=True)
    if finished.returncode != 0:
        raise SystemExit(f"flask {' '.join(command)} failed:\n{finished.stderr[-3000:]}")


@dataclass
class Grid:
    """A workshop's attendance grid: its cells and what each showed before the load began."""

    workshop_id: int
    cells: dict[tuple[int, int], str]


def _grids(connection) -> list[Grid]:
    busiest = connection.execute(
        "SELECT w.id FROM workshop w JOIN enrolment e ON e.workshop_id = w.id "
        "JOIN workshop_session s ON s.workshop_id = w.id GROUP BY w.id ORDER BY count(*) DESC, w.id LIMIT %s",
        (WRITTEN_WORKSHOPS,)).fetchall()
    grids = []
    for (workshop_id,) in busiest:
        cells = {(enrolment_id, session_id): status or "" for enrolment_id, session_id, status in connection.execute(
            "SELECT e.id, s.id, a.status FROM enrolment e JOIN workshop_session s ON s.workshop_id = e.workshop_id "
            "LEFT JOIN attendance a ON a.enrolment_id = e.id AND a.session_id = s.id WHERE e.workshop_id = %s",
            (workshop_id,))}
        grids.append(Grid(workshop_id, cells))
    return grids


class Browser:
    """One signed-in person: cookies kept across requests, a connection reopened when gunicorn closes it."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        if response.will_close:
            self.connection.close()
        return response.status, text

    def sign_in(self, credentials: str) -> str:
        """Through the login form, CSRF token and all; returns the session's token for later forms."""
        email, password = credentials.split("\n")
        status, page = self.send("GET", "/login")
        token = CSRF.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page answered {status}")
        status, _page = self.send("POST", "/login", {"csrf_token": token.group(1), "email": email,
                                                    "password": password})
        if status != 303:
            raise RuntimeError(f"login answered {status}")
        status, page = self.send("GET", "/")
        token = CSRF.search(page)
        if status != 200 or token is None:
            raise RuntimeError(f"dashboard after login answered {status}")
        return token.group(1)


@dataclass
class Client:
    """A thread's share of the work: its own cells, what it last saw acknowledged, its timings and failures."""

    number: int
    cells: dict[int, dict[tuple[int, int], str]]
    #: Cells whose save failed without an answer: either value may be in the database.
    uncertain: dict[tuple[int, int], set[str]] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    save_latencies: list[float] = field(default_factory=list)
    reads: int = 0
    writes: int = 0
    acknowledged: int = 0
    errors: int = 0
    first_error: str = ""


class Load:
    def __init__(self, port: int, credentials: str, grids: list[Grid], *, clients: int, seconds: float):
        self.port, self.credentials, self.grids, self.seconds = port, credentials, grids, seconds
        shares = [{grid.workshop_id: {} for grid in grids} for _ in range(clients)]
        position = 0
        for grid in grids:
            for cell, status in sorted(grid.cells.items()):
                shares[position % clients][grid.workshop_id][cell] = status
                position += 1
        self.clients = [Client(number, {workshop: cells for workshop, cells in share.items() if cells})
                        for number, share in enumerate(shares)]
        self.elapsed = 0.0

    def run(self) -> None:
        stopping = threading.Event()
        threads = [threading.Thread(target=self._work, args=(client, stopping), daemon=True)
                   for client in self.clients]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        stopping.wait(self.seconds)
        stopping.set()
        for thread in threads:
            thread.join(timeout=40)
        self.elapsed = time.perf_counter() - started

    def _work(self, client: Client, stopping: threading.Event) -> None:
        rnd = random.Random(client.number)
        browser = Browser(self.port)
        try:
            token = browser.sign_in(self.credentials)
        except (RuntimeError, OSError, http.client.HTTPException) as error:
            client.errors += 1
            client.first_error = client.first_error or f"sign-in: {error}"
            return
        workshop_ids = [grid.workshop_id for grid in self.grids]
        while not stopping.is_set():
            if rnd.random() < READ_SHARE or not client.cells:
                path = rnd.choice(["/", f"/workshops/{rnd.choice(workshop_ids)}",
                                   f"/participants?page={rnd.randint(1, 4)}"])
                self._timed(client, "GET", path, 200, browser)
                client.reads += 1
            else:
                self._save(client, rnd, browser, token)

    def _save(self, client: Client, rnd: random.Random, browser: Browser, token: str) -> None:
        workshop_id = rnd.choice(sorted(client.cells))
        cells = client.cells[workshop_id]
        chosen = rnd.sample(sorted(cells), min(len(cells), rnd.randint(1, 3)))
        form = {"csrf_token": token}
        new = {}
        for enrolment_id, session_id in chosen:
            shown = cells[(enrolment_id, session_id)]
            new[(enrolment_id, session_id)] = rnd.choice([status for status in STATUSES if status != shown])
            form[f"mark-{enrolment_id}-{session_id}"] = new[(enrolment_id, session_id)]
            form[f"was-{enrolment_id}-{session_id}"] = shown
        client.writes += 1
        outcome = self._timed(client, "POST", f"/workshops/{workshop_id}/attendance", 303, browser, form)
        for cell, status in new.items():
            if outcome is True:
                cells[cell] = status
                client.uncertain.pop(cell, None)
            elif outcome is None:  # no answer: the save may or may not have committed
                client.uncertain.setdefault(cell, {cells[cell]}).add(status)
        if outcome is True:
            client.acknowledged += 1

    def _timed(self, client: Client, method: str, path: str, expected: int, browser: Browser,
               form: dict | None = None) -> bool | None:
        """True when answered as expected, False when answered otherwise, None when not answered at all."""
        started = time.perf_counter()
        try:
            status, _page = browser.send(method, path, form)
        except (OSError, http.client.HTTPException) as error:
            client.errors += 1
            client.first_error = client.first_error or f"{method} {path}: {error!r}"
            return None
        client.latencies.append(time.perf_counter() - started)
        if method == "POST":
            client.save_latencies.append(client.latencies[-1])
        if status != expected:
            client.errors += 1
            client.first_error = client.first_error or f"{method} {path}: {status}"
            return False
        return True

    def check(self, database: str, audit_before: int) -> tuple[int, int]:
        """Lost writes (acknowledged cells not as acknowledged, acknowledged saves without their trail entry) and
        saves that committed though their client never heard back."""
        owned = {cell: (client, workshop) for client in self.clients for workshop, cells in client.cells.items()
                 for cell in cells}
        with psycopg.connect(database) as connection:
            stored = {(enrolment_id, session_id): status for enrolment_id, session_id, status in connection.execute(
                "SELECT enrolment_id, session_id, status FROM attendance WHERE enrolment_id = ANY(%s)",
                (sorted({enrolment_id for enrolment_id, _session in owned}),))}
            entries = connection.execute("SELECT count(*) FROM audit_entry WHERE action = 'attendance.saved' "
                                         "AND id > %s", (audit_before,)).fetchone()[0]
        lost_cells = 0
        for cell, (client, workshop) in owned.items():
            acceptable = client.uncertain.get(cell, {client.cells[workshop][cell]})
            lost_cells += stored.get(cell, "") not in acceptable
        acknowledged = sum(client.acknowledged for client in self.clients)
        return lost_cells + max(0, acknowledged - entries), max(0, entries - acknowledged)

    def summary(self, lost: int, committed_unacknowledged: int) -> str:
        latencies = sorted(latency for client in self.clients for latency in client.latencies)
        requests = len(latencies)
        reads = sum(client.reads for client in self.clients)
        writes = sum(client.writes for client in self.clients)
        acknowledged = sum(client.acknowledged for client in self.clients)
        errors = sum(client.errors for client in self.clients)
        first_error = next((client.first_error for client in self.clients if client.first_error), "")

        saves = sorted(latency for client in self.clients for latency in client.save_latencies)

        def percentile(share: float, among: list[float] = latencies) -> float:
            return among[min(len(among) - 1, int(share * len(among)))] * 1000 if among else float("nan")

        line = (f"load: {len(self.clients)} clients for {self.elapsed:.0f} s on gunicorn -w 2 + PostgreSQL: "
                f"{requests / self.elapsed:.1f} req/s ({reads} reads, {writes} attendance saves), "
                f"p50 {percentile(0.50):.1f} ms, p99 {percentile(0.99):.1f} ms (saves: p50 "
                f"{percentile(0.50, saves):.1f} ms, p99 {percentile(0.99, saves):.1f} ms); errors {errors}"
                f"{f' (first: {first_error})' if first_error else ''}; acknowledged writes {acknowledged}, "
                f"lost {lost}")
        if committed_unacknowledged:
            line += f", committed without an answer {committed_unacknowledged}"
        return line


def _floor() -> None:
    """This machine's floor: the thinnest Flask page under the same gunicorn, loaded by wrk."""
    if subprocess.run(["sh", "-c", "command -v wrk"], capture_output=True).returncode != 0:
        print("floor: wrk is missing (apt-get install -y wrk)")
        return
    # A session of its own, so that on any exit its gunicorn and wrk go too, not only the shell.
    floor = subprocess.Popen(["bash", str(FLOOR), str(BIN / "python")], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        output, errors = floor.communicate(timeout=120)
    finally:
        if floor.poll() is None:
            os.killpg(floor.pid, signal.SIGTERM)
            floor.wait()
    print("floor " + "; floor ".join(output.strip().splitlines()) if floor.returncode == 0
          else f"floor failed: {errors.strip()[-500:]}")


if __name__ == "__main__":
    main()
