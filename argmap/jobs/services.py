"""Writes on jobs: start one, report its progress, finish it, and fail or re-queue the
jobs whose worker died. The worker side (running a job's function) is ``runner.py``."""

import logging
from datetime import timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from argmap.jobs.models import FINISHED, Job, JobFile, JobInput, JobStatus
from argmap.jobs.registry import spec_of

logger = logging.getLogger(__name__)

WORKER_LOST = (
    "The worker running this job stopped before it finished (it was restarted or ran out "
    "of memory). Please try again."
)
RETRYING = "The worker running this job stopped; it is queued to run again."


def job_start(
    *,
    task,
    owner,
    workspace_id: int | None,
    label: str,
    kwargs: dict | None = None,
    cache_key: str = "",
    back_url: str = "",
    upload: bytes | None = None,
) -> Job:
    """Queue ``task`` (a ``@job_task``) with ``kwargs`` and return its Job.

    With ``cache_key``, the owner's queued, running or done job of the same key is
    returned instead of starting the work again (a failed one is started afresh).
    ``back_url``: the page the job's page links back to (a path of this site).
    ``upload``: bytes the job reads with ``job.upload()`` (an uploaded file).
    """
    spec = spec_of(task)
    with transaction.atomic():
        if cache_key:
            existing = (
                Job.objects.filter(owner=owner, cache_key=cache_key)
                .exclude(status=JobStatus.FAILED)
                .order_by("-created_at")
                .first()
            )
            if existing is not None:
                return existing
        job = Job.objects.create(
            owner=owner,
            workspace_id=workspace_id,
            label=label[:200],
            task_path=task.module_path,
            arguments=kwargs or {},
            cache_key=cache_key,
            back_url=back_url[:500],
            time_limit=spec.time_limit,
            max_attempts=spec.max_attempts,
            message="Waiting for a worker.",
        )
        if upload is not None:
            JobInput.objects.create(job=job, content=upload)
        _enqueue(job, task)
    return job


def _enqueue(job: Job, task=None) -> None:
    task = task or import_string(job.task_path)
    result = task.enqueue(job_id=str(job.pk), **job.arguments)
    Job.objects.filter(pk=job.pk).update(task_result_id=result.id)
    job.task_result_id = result.id


def job_claim(*, job_id: str | UUID, worker_id: str) -> Job | None:
    """Mark the queued job as running in this worker (one more attempt) and return it;
    None when it is not queued any more (finished, or failed by the reaper)."""
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, status=JobStatus.QUEUED).first()
        if job is None:
            return None
        job.status = JobStatus.RUNNING
        job.attempts += 1
        job.worker_id = worker_id[:64]
        job.started_at = job.heartbeat_at = now
        job.deadline_at = now + timedelta(seconds=job.time_limit)
        job.message = "Started."
        job.save(
            update_fields=[
                "status",
                "attempts",
                "worker_id",
                "started_at",
                "heartbeat_at",
                "deadline_at",
                "message",
            ]
        )
    return job


def _current(job: Job):
    """The job's row as long as this attempt still owns it (not reaped, not re-run)."""
    return Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts)


def job_progress(*, job: Job, done: int, total: int | None, message: str | None) -> bool:
    """Record progress of a running attempt; False when the attempt lost the job."""
    fields = {"done": max(0, done), "total": total, "heartbeat_at": timezone.now()}
    if message is not None:
        fields["message"] = message
    return bool(_current(job).update(**fields))


def job_heartbeat(*, job: Job) -> bool:
    """Tell that the attempt's worker lives; False when the attempt lost the job."""
    return bool(_current(job).update(heartbeat_at=timezone.now()))


def job_save_file(*, job: Job, name: str, content: bytes, content_type: str) -> None:
    """Keep ``content`` as the job's result file (replacing an earlier attempt's)."""
    JobFile.objects.update_or_create(
        job_id=job.pk,
        defaults={
            "name": name[:200],
            "content_type": content_type,
            "size": len(content),
            "content": content,
        },
    )


def job_finish(*, job: Job, message: str, result_url: str = "") -> bool:
    """End the attempt as done; False (and nothing written) when it lost the job."""
    return bool(
        _current(job).update(
            status=JobStatus.DONE,
            message=message,
            result_url=result_url[:500],
            done=F("total") if job.total else F("done"),
            finished_at=timezone.now(),
        )
    )


def job_fail(*, job: Job, message: str, retry: bool = False) -> bool:
    """End the attempt as failed with ``message``; with ``retry`` and attempts left, queue
    the job again instead. False when the attempt had lost the job already."""
    with transaction.atomic():
        if retry and job.attempts < job.max_attempts:
            if not _current(job).update(status=JobStatus.QUEUED, message=message):
                return False
            _enqueue(job)
            return True
        return bool(
            _current(job).update(
                status=JobStatus.FAILED, message=message, finished_at=timezone.now()
            )
        )


def jobs_reap(*, now=None, own_worker_id: str = "") -> int:
    """Fail (or, when a retry is safe, queue again) every running job whose worker stopped
    sending heartbeats for ``JOBS_LEASE_SECONDS``; return how many. Any worker runs this,
    so a job never stays "running" after its worker died.

    The jobs of ``own_worker_id`` (the caller's, alive since it asks) are taken only once
    past their time limit and grace: on SQLite a job's long write transaction holds back its
    heartbeat, and its own worker must not take that for death."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.JOBS_LEASE_SECONDS)
    grace = timedelta(seconds=settings.JOBS_GRACE_SECONDS)
    reaped = 0
    with transaction.atomic():
        stale = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - lease)
            .exclude(worker_id=own_worker_id or None, deadline_at__gte=now - grace)
            .order_by("heartbeat_at")[:100]
        )
        for job in stale:
            out_of_time = job.deadline_at is not None and job.deadline_at < now
            if out_of_time:
                message = time_limit_message(job.time_limit)
            else:
                message = RETRYING if job.attempts < job.max_attempts else WORKER_LOST
            # The library's task result of the lost attempt would say "running" forever.
            DBTaskResult.objects.filter(
                id=job.task_result_id, status=TaskResultStatus.RUNNING
            ).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="argmap.jobs.WorkerLost",
                traceback=message,
            )
            job_fail(job=job, message=message, retry=not out_of_time)
            logger.warning("Job %s (%s): %s", job.pk, job.label, message)
            reaped += 1
    return reaped


def time_limit_message(seconds: int) -> str:
    return (
        f"This took longer than its time limit ({seconds} s) and was stopped. "
        "Try a smaller map or file."
    )


def jobs_prune(*, now=None) -> int:
    """Delete the jobs (and result files) that finished more than ``JOBS_KEEP_DAYS`` ago,
    and the library's finished task results as old; return how many jobs went."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.JOBS_KEEP_DAYS)
    with transaction.atomic():
        _, deleted = Job.objects.filter(status__in=FINISHED, finished_at__lt=cutoff).delete()
        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted.get(Job._meta.label, 0)
