"""Reads of jobs, for the job page and the API alike."""

from uuid import UUID

from django.http import Http404

from argmap.jobs.models import Job, JobFile
from argmap.teams.permissions import Action, can

NOT_FOUND = "No such object."


def job_for_user(user, job_id: UUID) -> Job:
    """The user's own job, while they may still view its workspace. Anything else (another
    person's job, a job of a workspace they left, no such job) is one and the same 404,
    so a job's address tells nothing about it."""
    job = Job.objects.filter(pk=job_id, owner_id=user.pk).first()
    if job is None or (
        job.workspace_id is not None and not can(user, Action.VIEW, job.workspace_id)
    ):
        raise Http404(NOT_FOUND)
    return job


def job_file_for_user(user, job_id: UUID) -> JobFile:
    """The result file of the user's own finished job (404 as in ``job_for_user``)."""
    job = job_for_user(user, job_id)
    result = JobFile.objects.filter(job_id=job.pk, job__status="done").first()
    if result is None:
        raise Http404(NOT_FOUND)
    return result


def job_file_name(job: Job) -> str | None:
    """The name of the job's result file (its content left unread), None without one."""
    return JobFile.objects.filter(job_id=job.pk).values_list("name", flat=True).first()
