"""A job's page: a progress bar that htmx refreshes until the job ends, then its result."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from argmap.jobs.selectors import job_file_for_user, job_file_name, job_for_user


@login_required
@require_GET
def job_detail(request, pk: UUID):
    """The job page, or (htmx) just its status box, which polls itself while it runs."""
    job = job_for_user(request.user, pk)
    context = {"job": job, "file_name": job.is_finished and job_file_name(job)}
    template = "jobs/job.html#status" if request.htmx else "jobs/job.html"
    return render(request, template, context)


@login_required
@require_GET
def job_download(request, pk: UUID):
    """The job's result file, as an attachment that runs nothing when opened."""
    result = job_file_for_user(request.user, pk)
    return file_response(result)


def file_response(result) -> HttpResponse:
    response = HttpResponse(bytes(result.content), content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.name}"'
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own (an SVG is a document), the file may run nothing.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
