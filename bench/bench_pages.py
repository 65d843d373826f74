"""Benchmark: the workshop page, its attendance grid and the registry list beside the hello floor, and the
certificates ZIP beside the certificate floor.

Builds the demo on a fresh SQLite file in a temporary folder (`flask db upgrade`, `flask demo`), gives the demo
coordinator a known password, starts `gunicorn --workers 2 wsgi:app` with production settings (CSRF on), signs in
through the real login form and hands the session cookie to `wrk -t2 -c16 -d10s --latency` for each page of the
workshop whose list is nearest 50 people (topped up from the registry to 50 when the demo has none so large).
Then, in the same minute, runs ../shared/floors/http_floor.sh and prints each page's requests/s and p99 beside the
floor's, with the ratio (the target: at least 15 % of the floor's rate, p99 under 50 ms). Last, it downloads the
ZIP of separate certificate PDFs of the workshop with the most certificates four times, timing each, and prints its
PDFs/s beside ../shared/floors/cert_floor.py's.
Usage: python bench/bench_pages.py [--seconds 10] [--connections 16] [--participants 50]
"""
import argparse
import atexit
import io
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bench_load import BIN, FLOOR, Browser, Server, _exit_on_signal, _flask

CERT_FLOOR = FLOOR.parent / "cert_floor.py"
#: Of the hello floor's requests/s, the share each page must reach, and the p99 it must stay under.
TARGET_SHARE, TARGET_P99_MS = 0.15, 50.0
#: Certificates rendered by the certificate floor for each of its two lines (its default, 500, takes a minute).
CERT_FLOOR_COUNT = 200
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_P99 = re.compile(r"^\s+99%\s+([\d.]+)(us|ms|s)\b", re.MULTILINE)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)|Socket errors:.*")
FLOOR_LINE = re.compile(r"^(\S+): ([\d.]+) req/s, p99 ([\d.]+)(us|ms|s)$", re.MULTILINE)
CERT_FLOOR_LINE = re.compile(r"^.*, (best mask|mask 0): .*separate (\d+) PDFs/s.*$", re.MULTILINE)
MILLISECONDS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Measure:
    name: str
    path: str
    rate: float
    p99_ms: float
    errors: str = ""


def main() -> None:
    arguments = _arguments()
    folder = Path(tempfile.mkdtemp(prefix="bench_pages_"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    server = Server(f"sqlite:///{folder / 'bench.sqlite'}")
    atexit.register(server.stop)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    credentials, workshop, certified = _prepare(folder / "bench.sqlite", server.environment, arguments.participants)
    print(f"demo on SQLite: workshop {workshop[0]} ({workshop[1]} participants, {workshop[2]} sessions); "
          f"certificates ZIP of workshop {certified[0]} ({certified[1]} certificates)", flush=True)
    try:
        server.start()
        browser = Browser(server.port)
        browser.sign_in(credentials)
        pages = [("workshop page", f"/workshops/{workshop[0]}"),
                 ("attendance grid", f"/workshops/{workshop[0]}/attendance"),
                 ("registry list", "/participants")]
        measures = [_load(browser, server.port, name, path, arguments) for name, path in pages]
        floors = _http_floor()
        zip_rate = _certificates_zip(browser, certified[0])
    finally:
        server.stop()
    _print_pages(measures, floors)
    _print_certificates(zip_rate, _certificate_floor())
    print("load average (1, 5, 15 min) at the end: {:.1f}, {:.1f}, {:.1f} on {} cores: other work on the machine "
          "slows the pages and the floors alike, so only the ratios compare".format(*os.getloadavg(), os.cpu_count()))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk's duration per page (default 10, as the floor)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's connections (default 16, as the floor)")
    parser.add_argument("--participants", type=int, default=50,
                        help="measure the workshop whose list is nearest this size (default 50)")
    return parser.parse_args()


def _prepare(database: Path, environment: dict, participants: int) -> tuple[str, tuple, tuple]:
    """The demo in a new SQLite file; the coordinator's sign-in, the measured workshop and the certified one."""
    for command in (["db", "upgrade"], ["demo"]):
        _flask(command, environment)
    with sqlite3.connect(database) as connection:
        email = connection.execute(
            "SELECT email FROM user_account WHERE role = 'coordinator' ORDER BY id LIMIT 1").fetchone()[0]
        workshop = connection.execute(
            "SELECT w.id, (SELECT count(*) FROM enrolment e WHERE e.workshop_id = w.id) AS people, "
            "(SELECT count(*) FROM workshop_session s WHERE s.workshop_id = w.id) FROM workshop w "
            "ORDER BY abs(people - ?), w.id LIMIT 1", (participants,)).fetchone()
        certified = connection.execute(
            "SELECT e.workshop_id, count(*) FROM certificate c JOIN enrolment e ON e.id = c.enrolment_id "
            "GROUP BY e.workshop_id ORDER BY count(*) DESC, e.workshop_id LIMIT 1").fetchone()
    if workshop[1] < participants:
        _top_up(f"sqlite:///{database}", workshop[0], participants - workshop[1])
        workshop = (workshop[0], participants, workshop[2])
    password = secrets.token_urlsafe(18)
    _flask(["users", "set-password", email], environment, stdin=f"{password}\n{password}\n")
    return f"{email}\n{password}", workshop, certified


def _top_up(database: str, workshop_id: int, more: int) -> None:
    """Enrol `more` registry people on the workshop through the app's own service (their attendance unmarked)."""
    from sqlalchemy import select

    from workshops import create_app
    from workshops.extensions import db
    from workshops.people.models import Participant
    from workshops.training.models import Enrolment, Workshop
    from workshops.training.services import enrol

    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "SECRET_KEY": "bench",
                      "PUBLIC_BASE_URL": "http://127.0.0.1"})
    with app.app_context():
        workshop = db.session.get(Workshop, workshop_id)
        listed = select(Enrolment.participant_id).where(Enrolment.workshop_id == workshop_id)
        for person in db.session.scalars(select(Participant).where(Participant.id.not_in(listed))
                                         .order_by(Participant.id).limit(more)):
            enrol(workshop, person, actor_id=None)
        db.session.commit()


def _load(browser: Browser, port: int, name: str, path: str, arguments: argparse.Namespace) -> Measure:
    """wrk on one page with the signed-in browser's cookie, fetched fresh so that no response rewrites it.

    A lost session would answer a redirect to the login page, which wrk counts as a success: the page is
    checked to answer 200 with that cookie before and after the load.
    """
    _expect_page(browser, path)
    cookie = "; ".join(f"{key}={value}" for key, value in browser.cookies.items())
    finished = subprocess.run(
        ["wrk", f"-t{min(2, arguments.connections)}", f"-c{arguments.connections}", f"-d{arguments.seconds}s",
         "--latency", "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True)
    _expect_page(browser, path)
    rate, p99 = WRK_RATE.search(finished.stdout), WRK_P99.search(finished.stdout)
    if rate is None or p99 is None:
        raise SystemExit(f"wrk said nothing usable about {path}:\n{finished.stdout}{finished.stderr}")
    errors = "; ".join(match.group(0).strip() for match in WRK_ERRORS.finditer(finished.stdout))
    return Measure(name, path, float(rate.group(1)), float(p99.group(1)) * MILLISECONDS[p99.group(2)], errors)


def _expect_page(browser: Browser, path: str) -> None:
    status, _page = browser.send("GET", path)
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}, not the page")


def _http_floor() -> dict[str, tuple[float, float]]:
    """The hello floor's lines, by path: requests/s and p99 in milliseconds."""
    output = _run_floor(["bash", str(FLOOR), str(BIN / "python")], timeout=120)
    return {path: (float(rate), float(p99) * MILLISECONDS[unit])
            for path, rate, p99, unit in FLOOR_LINE.findall(output)}


def _certificate_floor() -> dict[str, int]:
    """cert_floor.py's separate PDFs/s, by mask choice."""
    output = _run_floor([str(BIN / "python"), str(CERT_FLOOR), str(CERT_FLOOR_COUNT)], timeout=600)
    return {label: int(rate) for label, rate in CERT_FLOOR_LINE.findall(output)}


def _run_floor(command: list[str], timeout: int) -> str:
    """A floor in a session of its own, so that on any exit its gunicorn and wrk go too, not only the shell."""
    floor = subprocess.Popen(command, cwd=FLOOR.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
    try:
        output, errors = floor.communicate(timeout=timeout)
    finally:
        if floor.poll() is None:
            os.killpg(floor.pid, signal.SIGTERM)
            floor.wait()
    if floor.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {errors.strip()[-500:]}")
    return output


def _certificates_zip(browser: Browser, workshop_id: int) -> tuple[int, float, float]:
    """The ZIP of one PDF per certificate: (PDFs, seconds of the first download, the best of three more).

    The first pays for what a worker loads once (fonts, images); the others (on either of the two workers) for
    what each download costs, unless the app keeps the files it made.
    """
    path = f"/workshops/{workshop_id}/certificates.zip"
    seconds = []
    for _attempt in range(4):
        started = time.perf_counter()
        content = _download(browser, path)
        seconds.append(time.perf_counter() - started)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(name.endswith(".pdf") for name in archive.namelist()), seconds[0], min(seconds[1:])


def _download(browser: Browser, path: str) -> bytes:
    browser.connection.request("GET", path, headers={
        "Cookie": "; ".join(f"{key}={value}" for key, value in browser.cookies.items())})
    response = browser.connection.getresponse()
    content = response.read()
    if response.status != 200:
        raise SystemExit(f"GET {path} answered {response.status}")
    return content


def _print_pages(measures: list[Measure], floors: dict[str, tuple[float, float]]) -> None:
    floor_rate, floor_p99 = floors["/"]
    print(f"hello floor /: {floor_rate:,.0f} req/s, p99 {floor_p99:.1f} ms"
          + "".join(f"; floor {path}: {rate:,.0f} req/s, p99 {p99:.1f} ms"
                    for path, (rate, p99) in floors.items() if path != "/"))
    print(f"{'page':<16} {'path':<28} {'req/s':>8} {'p99 ms':>8} {'of floor':>9}  target (>= "
          f"{TARGET_SHARE:.0%} of the floor, p99 < {TARGET_P99_MS:.0f} ms)")
    for measure in measures:
        share = measure.rate / floor_rate
        verdict = "met" if share >= TARGET_SHARE and measure.p99_ms < TARGET_P99_MS else "NOT met"
        print(f"{measure.name:<16} {measure.path:<28} {measure.rate:>8,.1f} {measure.p99_ms:>8.1f} {share:>9.1%}  "
              f"{verdict} (1/{floor_rate / measure.rate:.0f} of the floor)"
              + (f"; wrk: {measure.errors}" if measure.errors else ""))


def _print_certificates(zip_rate: tuple[int, float, float], floors: dict[str, int]) -> None:
    count, first, second = zip_rate
    best = floors.get("best mask")
    print(f"certificates ZIP over HTTP: {count} separate PDFs, first download {first:.2f} s = {count / first:.0f} "
          f"PDFs/s, then at best {second:.2f} s = {count / second:.0f} PDFs/s; cert floor separate PDFs: {best} PDFs/s "
          f"(best mask), {floors.get('mask 0')} PDFs/s (mask 0)"
          + (f"; {count / second / best:.0%} of the best-mask floor" if best else ""))


if __name__ == "__main__":
    sys.exit(main())
