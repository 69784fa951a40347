"""Jobs for the tests of argmap.jobs (module-level, so a worker subprocess finds them)."""

import time

from argmap.jobs.registry import JobError, job_task


@job_task(time_limit=30)
def count_to(job, *, n: int, pause: float = 0.0, label: str = "counted.txt"):
    for step in range(n):
        job.progress(step, n, f"Counting {step + 1} of {n}")
        time.sleep(pause)
    job.progress(n, n)
    job.save_file(
        name=label, content=" ".join(map(str, range(n))).encode(), content_type="text/plain"
    )
    return f"Counted to {n}."


@job_task(time_limit=30, retry_safe=True)
def count_to_safely(job, *, n: int, pause: float = 0.0):
    return count_to.func.__wrapped__(job, n=n, pause=pause)


@job_task(time_limit=1)
def overrun(job, *, seconds: float):
    try:
        time.sleep(seconds)
    except Exception:  # a broad except in a job must not swallow the time limit
        return "swallowed"
    return "slept"


@job_task(time_limit=30)
def refuse(job):
    raise JobError("The file has no nodes.")


@job_task(time_limit=30)
def crash(job):
    raise RuntimeError("bug: secret detail")


@job_task(time_limit=30)
def interrupted(job):
    raise KeyboardInterrupt  # as a second Ctrl+C stops the worker in the middle of a job
