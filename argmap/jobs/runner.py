"""The worker side of a job: claim it, keep its heartbeat, stop it at its time limit, and
end it as done or failed with a message a person understands."""

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections

from argmap.jobs import services
from argmap.jobs.models import Job, JobInput
from argmap.jobs.registry import JobError, JobTimeLimitExceeded

logger = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong on our side; the error is logged."
PROGRESS_EVERY_SECONDS = 0.5


class Worker:
    """Who runs jobs in this process. ``heartbeat`` is turned on by ``jobs_worker``; jobs
    run in-process (the tests, ``run_pending_jobs``) need none."""

    id = f"{socket.gethostname()}:{os.getpid()}"
    heartbeat = False


class JobContext:
    """What a job's function gets as its first argument: report progress, keep a result."""

    def __init__(self, job: Job):
        self.job = job
        self.result_url = ""
        self._last_write = 0.0

    def progress(self, done: int, total: int | None = None, message: str | None = None) -> None:
        """Say how far the job is (``done`` of ``total`` steps, with an optional message).
        Written at most twice a second (a new message at once), and from outside any
        transaction of the job's own
        (progress written inside ``transaction.atomic`` shows only at its commit)."""
        self.job.done, self.job.total = done, total
        now = time.monotonic()
        news = message is not None and message != self.job.message
        if now - self._last_write < PROGRESS_EVERY_SECONDS and done != total and not news:
            return
        if message is not None:
            self.job.message = message
        self._last_write = now
        services.job_progress(job=self.job, done=done, total=total, message=message)

    def upload(self) -> bytes:
        """The bytes given to ``job_start(upload=...)``."""
        return bytes(JobInput.objects.get(job_id=self.job.pk).content)

    def save_file(self, *, name: str, content: bytes, content_type: str) -> None:
        """Keep ``content`` as the result the person downloads when the job is done."""
        services.job_save_file(job=self.job, name=name, content=content, content_type=content_type)


def run_job(job_id: str, func: Callable, kwargs: dict) -> None:
    """Run one attempt of a job: ``func(context, **kwargs)``; its return value (a string)
    is the message shown when done."""
    job = services.job_claim(job_id=job_id, worker_id=Worker.id)
    if job is None:
        logger.info("Job %s is not queued any more; skipped.", job_id)
        return
    context = JobContext(job)
    with _heartbeat(job), _time_limit(job.time_limit):
        try:
            message = func(context, **kwargs)
        except JobTimeLimitExceeded:
            services.job_fail(job=job, message=services.time_limit_message(job.time_limit))
            return
        except JobError as error:
            services.job_fail(job=job, message=str(error))
            return
        except Exception:
            logger.exception("Job %s (%s) failed", job.pk, job.label)
            services.job_fail(job=job, message=UNEXPECTED, retry=True)
            raise
        except BaseException:  # the worker is being stopped (a second Ctrl+C or SIGTERM)
            services.job_fail(job=job, message=services.WORKER_LOST, retry=True)
            raise
    services.job_finish(job=job, message=str(message or "Done."), result_url=context.result_url)


@contextmanager
def _time_limit(seconds: int):
    """Raise JobTimeLimitExceeded in the job after ``seconds``. Only the main thread gets
    signals; elsewhere the heartbeat stops at the deadline and the reaper fails the job."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise JobTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _heartbeat(job: Job):
    """Beat every ``JOBS_HEARTBEAT_SECONDS`` from a thread of its own (with its own database
    connection) until the job ends or passes its time limit by the grace period: a worker
    that died, or hangs where no signal reaches, stops beating and the reaper takes over."""
    if not Worker.heartbeat:
        yield
        return
    stopped = threading.Event()
    give_up = time.monotonic() + job.time_limit + settings.JOBS_GRACE_SECONDS

    def beat():
        try:
            while not stopped.wait(settings.JOBS_HEARTBEAT_SECONDS):
                if time.monotonic() > give_up:
                    return
                try:
                    if not services.job_heartbeat(job=job):
                        return
                except DatabaseError:
                    logger.warning("Job %s: heartbeat not written", job.pk, exc_info=True)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, name=f"heartbeat-{job.pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()
