"""A job: long work (drawing a large map, a large import or export) run by a worker.

The task queue itself is django-tasks with its database backend (``django_tasks_db``);
a Job is our small record beside the library's task result: who asked, in which workspace
(for permission), what the person sees (label, progress, message) and what came out.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from argmap.teams.models import Workspace


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class Job(models.Model):
    # A random id: a job's address says nothing about how many jobs exist.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    label = models.CharField(max_length=200)
    task_path = models.CharField(max_length=200)
    # The library's task result (django_tasks_db.DBTaskResult) that runs this job.
    task_result_id = models.UUIDField(null=True, blank=True)
    # The task's keyword arguments, kept so a retry can start it again.
    arguments = models.JSONField(default=dict, blank=True)
    # Jobs asking for the same thing (e.g. one map's picture at one revision) share a key,
    # so asking twice reuses the job that runs or ran.
    cache_key = models.CharField(max_length=200, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=JobStatus, default=JobStatus.QUEUED)
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    result_url = models.CharField(max_length=500, blank=True)
    # Where the person came from (e.g. the map), linked from the job's page.
    back_url = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=1)
    time_limit = models.PositiveIntegerField(help_text="seconds")
    worker_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="jobs_status_heartbeat")]

    def __str__(self):
        return f"{self.label} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        """Progress in whole percent, or None while the amount of work is unknown."""
        if not self.total:
            return 100 if self.status == JobStatus.DONE else None
        return min(100, int(100 * self.done / self.total))


class JobFile(models.Model):
    """A job's result file, kept in the database so that any app server can hand out what
    any worker on any machine made (no shared disk needed)."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, primary_key=True, related_name="file")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    content = models.BinaryField()

    def __str__(self):
        return self.name


class JobInput(models.Model):
    """What a job works on that is too large for its JSON arguments (an uploaded file),
    kept in the database so that a worker on any machine reads it."""

    job = models.OneToOneField(
        Job, on_delete=models.CASCADE, primary_key=True, related_name="input"
    )
    content = models.BinaryField()

    def __str__(self):
        return f"input of {self.job_id}"
