"""How an area defines a job: ``@job_task`` on a module-level function in its ``tasks.py``.

The decorated name is a django-tasks ``Task`` (so the database backend can find it by its
import path); what a job may do (time limit, whether a retry is safe) is recorded here.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django_tasks import task as library_task


class JobError(Exception):
    """Raise in a job with a message a person understands: the job ends failed with it."""


class JobTimeLimitExceeded(BaseException):  # noqa: N818 (it reads like a message)
    """Raised inside a job at its time limit. A BaseException, so that a task's
    ``except Exception`` cannot swallow it."""


@dataclass(frozen=True)
class JobSpec:
    func: Callable
    time_limit: int
    max_attempts: int


SPECS: dict[str, JobSpec] = {}


def job_task(*, time_limit: int, retry_safe: bool = False, attempts: int = 3):
    """Make ``func(job, **kwargs)`` a job. ``time_limit`` (seconds) stops it; with
    ``retry_safe`` (running it twice does no harm: it writes nothing, or writes the same
    thing again) a job whose worker died or that hit an unexpected error runs again, up to
    ``attempts`` times in all; otherwise it ends failed."""

    def decorate(func: Callable) -> object:
        @functools.wraps(func)
        def run(job_id: str, **kwargs):
            from argmap.jobs.runner import run_job  # the runner imports models

            return run_job(job_id, func, kwargs)

        spec = JobSpec(func=func, time_limit=time_limit, max_attempts=attempts if retry_safe else 1)
        SPECS[f"{func.__module__}.{func.__qualname__}"] = spec
        return library_task(run)

    return decorate


def spec_of(task) -> JobSpec:
    """The spec of a ``@job_task`` (a KeyError for a plain django-tasks task)."""
    return SPECS[task.module_path]
