"""Load and fault test: gunicorn (2 workers, production settings, PostgreSQL) and a job worker
under 20 locust users in a second process, with one PostgreSQL restart in the middle of the run.

    make load                         # or: python bench/load/run.py
    LOAD_SECONDS=90 LOAD_RESTART_AT=30 python bench/load/run.py
    LOAD_RESTART_AT=0 python bench/load/run.py    # no restart

It reports requests per second and p50/p99 latency (per request kind), the time the app
needs to answer again once the database is back, and whether the database agrees with the
log of acknowledged edits (nothing lost, nothing half-written). Results go to
bench/results/load/ (summary.json). Exit status 1 when a check fails.
"""

import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "results" / "load"
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/argmap_load")
PORT = int(os.environ.get("LOAD_PORT", "8115"))
HOST = f"http://127.0.0.1:{PORT}"
USERS = int(os.environ.get("LOAD_USERS", "20"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
RESTART_AT = float(os.environ.get("LOAD_RESTART_AT", "25"))
RECOVERY_LIMIT = 5.0
POLL = 0.05

APP_ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "argmap.settings",
    "PYTHONPATH": str(ROOT),
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "HTTPS_ONLY": "0",  # plain http on 127.0.0.1; production keeps the default (on)
    "DATABASE_URL": DATABASE_URL,
    "RATE_LOGIN": "1000/m",  # all 20 users log in from one address within a second
    "LOG_LEVEL": "WARNING",
}


def step(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def manage(*arguments: str) -> None:
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=APP_ENV, check=True)


def ensure_database() -> None:
    server, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def wait_for(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=1).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(POLL)
    return False


def postgres_ready() -> bool:
    try:
        with psycopg.connect(DATABASE_URL, connect_timeout=1) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


class Restart(threading.Thread):
    """Restarts PostgreSQL once and notes when it was down and back; ``recovery`` then reads
    from the app's log how soon each gunicorn worker answered again."""

    def __init__(self, plan: dict):
        super().__init__(daemon=True)
        self.plan = plan
        self.began = self.back = 0.0
        self.probe: dict = {}

    def _session(self) -> requests.Session:
        session = requests.Session()
        account = self.plan["users"][0]
        login = HOST + self.plan["urls"]["login"]
        session.get(login, timeout=5)
        session.post(
            login,
            {
                "username": account["username"],
                "password": account["password"],
                "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
            },
            headers={"Referer": login},
            timeout=10,
        )
        return session

    def _ok(self, session: requests.Session, url: str) -> bool:
        try:
            return session.get(url, timeout=2, allow_redirects=False).status_code == 200
        except requests.RequestException:
            return False

    def run(self) -> None:
        session = self._session()
        map_url = HOST + self.plan["urls"]["map"].format(map=self.plan["map"])
        time.sleep(RESTART_AT)
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        step(f"restarting PostgreSQL {version}")
        self.began = time.time()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
            check=True,
        )
        while not postgres_ready():
            time.sleep(POLL)
        self.back = time.time()
        step(f"PostgreSQL answers again after {self.back - self.began:.2f} s")
        # An outside probe as well; its times include queueing behind the load's requests.
        first = {}
        while len(first) < 2 and time.time() - self.back < 60:
            for name, url in (("healthz", HOST + "/healthz"), ("map page", map_url)):
                if name not in first and self._ok(session, url):
                    first[name] = time.time() - self.back
            time.sleep(POLL)
        self.probe = {name: round(seconds, 3) for name, seconds in first.items()}

    def recovery(self, app_log: Path) -> dict:
        """From the app's request log: per worker, how long after the database was back it
        served its first request that had started after that, and any 5xx after it."""
        first_ok: dict[int, float] = {}
        errors_after, errors_during = 0, 0
        for line in app_log.read_text().splitlines():
            if not line.startswith("{"):
                continue
            entry = json.loads(line)
            if entry.get("logger") != "argmap.requests":
                continue
            ended = datetime.fromisoformat(entry["time"]).timestamp()
            started = ended - entry["duration_ms"] / 1000
            if entry["status"] >= 500:
                errors_after += started >= self.back
                errors_during += self.began <= ended and started < self.back
            elif started >= self.back:
                pid = entry["pid"]
                first_ok[pid] = min(first_ok.get(pid, ended), ended)
        return {
            "restart_took_s": round(self.back - self.began, 2),
            "server_errors_while_restarting": errors_during,
            "server_errors_after_db_back": errors_after,
            "workers_answering_after_db_back": len(first_ok),
            "app_ok_after_db_back_s": round(max(first_ok.values()) - self.back, 3)
            if len(first_ok) == 2
            else None,
            "probe_after_db_back_s": self.probe,
        }


def read_stats(prefix: Path) -> dict:
    rows = {}
    with open(f"{prefix}_stats.csv") as stream:
        for row in csv.DictReader(stream):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"] or 0),
                "p99_ms": float(row["99%"] or 0),
            }
    return rows


def seed(plan_path: Path) -> dict:
    """Migrate and seed the load test's database; the plan the users follow."""
    step(f"database {DATABASE_URL}: migrate, collect static files, seed")
    ensure_database()
    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    subprocess.run(
        [sys.executable, "-m", "bench.load.app", "seed", str(plan_path)],
        cwd=ROOT,
        env=APP_ENV,
        check=True,
    )
    return json.loads(plan_path.read_text())


@contextmanager
def app_server(log_path: Path):
    """gunicorn (2 workers, production settings) and one job worker, logging to
    ``log_path``, stopped on exit. Yields whether gunicorn came up and answers /healthz."""
    with open(log_path, "w") as log:
        gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "argmap.wsgi",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{PORT}",
                "--timeout",
                "30",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=APP_ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # One job worker beside it, as production runs (large pictures and exports).
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "jobs_worker"],
            cwd=ROOT,
            env=APP_ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            up = wait_for(HOST + "/healthz", 30)
            if not up:
                step(f"gunicorn did not come up; see {log_path}")
            yield up
        finally:
            for process in (gunicorn, worker):
                process.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
            try:
                worker.wait(timeout=30)  # SIGTERM lets a running job finish first
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*"):
        stale.unlink()
    plan_path, edits_path = OUT / "plan.json", OUT / "edits.jsonl"
    plan = seed(plan_path)
    step(f"plan: {json.dumps(plan['urls'])}")
    with app_server(OUT / "app.log") as up:
        if not up:
            return 1
        restart = Restart(plan) if RESTART_AT > 0 else None
        step(
            f"locust: {USERS} users for {SECONDS} s"
            + (f", PostgreSQL restart at {RESTART_AT:.0f} s" if restart else "")
        )
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                "bench/load/locustfile.py",
                "--headless",
                "-u",
                str(USERS),
                "-r",
                str(USERS),
                "-t",
                f"{SECONDS}s",
                "--host",
                HOST,
                "--csv",
                str(OUT / "locust"),
                "--stop-timeout",
                "5",
                "--only-summary",
            ],
            cwd=ROOT,
            env={**os.environ, "LOAD_PLAN": str(plan_path), "LOAD_EDITS": str(edits_path)},
            stdout=open(OUT / "locust.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
        )
        if restart:
            restart.start()
        locust.wait(timeout=SECONDS + 120)
        if restart:
            restart.join(timeout=90)
    edits_path.touch()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load.app",
            "verify",
            str(plan_path),
            str(edits_path),
            str(OUT / "verify.json"),
        ],
        cwd=ROOT,
        env=APP_ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    stats = read_stats(OUT / "locust")
    verify = json.loads((OUT / "verify.json").read_text())
    recovery = restart.recovery(OUT / "app.log") if restart else {}
    summary = {
        "users": USERS,
        "seconds": SECONDS,
        "gunicorn_workers": 2,
        "database": "PostgreSQL",
        "total": stats.get("Aggregated"),
        "by_request": {name: row for name, row in stats.items() if name != "Aggregated"},
        "recovery": recovery,
        "edits": verify,
    }
    (OUT / "summary.json").write_text(json.dumps(summary, indent=1))
    print_summary(summary)
    failed = verify["acknowledged_edits_lost"] or verify["half_written_count"]
    if restart:
        seconds = recovery["app_ok_after_db_back_s"]
        failed = failed or seconds is None or seconds > RECOVERY_LIMIT
    return 1 if failed else 0


def print_summary(summary: dict) -> None:
    print(f"\n{'request':<34}{'count':>8}{'fail':>6}{'rps':>8}{'p50 ms':>9}{'p99 ms':>9}")
    rows = {**summary["by_request"], "TOTAL": summary["total"]}
    for name, row in rows.items():
        if row:
            print(
                f"{name[:33]:<34}{row['requests']:>8}{row['failures']:>6}{row['rps']:>8}"
                f"{row['p50_ms']:>9.0f}{row['p99_ms']:>9.0f}"
            )
    if summary["recovery"]:
        print("\nafter the PostgreSQL restart:", json.dumps(summary["recovery"]))
    edits = summary["edits"]
    print(
        f"edits: {edits['acknowledged_edits']} acknowledged of {edits['edit_attempts']}, "
        f"{edits['acknowledged_edits_lost']} lost, {edits['half_written_count']} half-written, "
        f"{edits['unacknowledged_edits_found_committed']} unacknowledged found committed"
    )


if __name__ == "__main__":
    sys.exit(main())
