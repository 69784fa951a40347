"""Real worker processes (``manage.py jobs_worker``) against the test database: a job ends
done in a worker, and a job whose worker is killed mid-way ends failed, or runs again when
a retry is safe. Never a mocked database: the worker is a subprocess."""

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

from argmap.jobs.models import Job
from argmap.jobs.services import WORKER_LOST, job_start, jobs_reap
from tests import jobs_sample_tasks as tasks
from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT, LEASE = 0.2, 1.5


@pytest.fixture
def shared_database_url(transactional_db):
    """A DATABASE_URL a subprocess can open that holds this test's data. PostgreSQL: the
    test database. SQLite: its in-memory test database copied to a file, which this process
    then uses too (and lets go of afterwards)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host = settings_dict["USER"], settings_dict["HOST"] or "127.0.0.1"
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        yield (
            f"postgres://{user}{password}@{host}:{settings_dict['PORT'] or 5432}/"
            f"{settings_dict['NAME']}"
        )
        return
    original = settings_dict["NAME"]
    connection.ensure_connection()
    # Django never closes an in-memory database (it would vanish): keep its connection
    # aside, open the file instead, and put the memory one back at the end.
    memory = connection.connection
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "jobs.sqlite3")
        with sqlite3.connect(path) as copy:
            memory.backup(copy)
        settings_dict["NAME"] = path
        connection.connection = None
        try:
            yield f"sqlite:///{path}"
        finally:
            connection.close()
            settings_dict["NAME"] = original
            connection.connection = memory


def start_worker(database_url: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "JOBS_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "JOBS_LEASE_SECONDS": str(LEASE),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "jobs_worker", "--interval", "0.1", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=None if os.environ.get("JOBS_TEST_VERBOSE") else subprocess.DEVNULL,
    )


def wait_for(job: Job, condition, seconds: float = 20) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job still {job.status}: {job.message}")


def stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.kill()
    worker.wait(10)


def kill_mid_job(job: Job, worker: subprocess.Popen) -> None:
    """Kill the worker (SIGKILL: no cleanup at all) once it is two steps into the job."""
    try:
        wait_for(job, lambda j: j.status == "running" and j.done >= 2)
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        stop(worker)


@pytest.fixture
def member(transactional_db):
    return MembershipFactory().user


def start(task, member, **kwargs) -> Job:
    workspace_id = member.memberships.get().workspace_id
    return job_start(task=task, owner=member, workspace_id=workspace_id, label="t", kwargs=kwargs)


def test_a_worker_runs_a_job_to_done(member, shared_database_url):
    job = start(tasks.count_to, member, n=3, pause=0.1)
    worker = start_worker(shared_database_url)
    try:
        wait_for(job, lambda j: j.is_finished)
    finally:
        stop(worker)
    assert (job.status, job.message, job.done) == ("done", "Counted to 3.", 3)


def test_a_job_whose_worker_is_killed_ends_failed(member, shared_database_url, settings):
    settings.JOBS_LEASE_SECONDS = LEASE
    job = start(tasks.count_to, member, n=100, pause=0.2)
    kill_mid_job(job, start_worker(shared_database_url))
    time.sleep(LEASE + 0.5)  # no heartbeat any more

    assert jobs_reap() == 1

    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", WORKER_LOST)
    assert job.finished_at is not None


def test_a_retry_safe_job_whose_worker_is_killed_runs_again_in_another(member, shared_database_url):
    job = start(tasks.count_to_safely, member, n=15, pause=0.1)
    kill_mid_job(job, start_worker(shared_database_url))
    second = start_worker(shared_database_url)  # its reaper finds the dead worker's job
    try:
        wait_for(job, lambda j: j.is_finished, seconds=30)
    finally:
        stop(second)
    assert (job.status, job.attempts, job.message) == ("done", 2, "Counted to 15.")
