"""Jobs of the exchange area: exports (pictures above all) of maps too large for a request,
and imports of large files."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.exchange import dot
from argmap.exchange.export_jobs import check_drawable, export_now, is_picture, map_size
from argmap.exchange.services import map_import
from argmap.jobs.registry import JobError, job_task
from argmap.maps.models import Map
from argmap.teams.models import Workspace
from argmap.teams.permissions import Action, can

SHOWN_PROBLEMS = 20

EXPORT_JOB_SECONDS = 600
# Graphviz gives up before the job's time limit, so the job ends with Graphviz's message.
JOB_RENDER_SECONDS = 480


@job_task(time_limit=EXPORT_JOB_SECONDS, retry_safe=True)  # writes nothing but its file
def map_export_job(job, *, map_id: int, fmt: str) -> str:
    """Export the map in ``fmt`` as the job's result file; return what the person reads."""
    map_obj = Map.objects.filter(pk=map_id).first()
    if map_obj is None:
        raise JobError("The map was deleted.")
    job.progress(0, 2, "Reading the map.")
    try:
        check_drawable(fmt, map_size(map_obj))  # the map may have grown since
    except ValidationError as error:
        raise JobError(" ".join(error.messages)) from error
    job.progress(1, 2, "Drawing the picture." if is_picture(fmt) else "Writing the file.")
    try:
        exported = export_now(map_obj, fmt, timeout=JOB_RENDER_SECONDS)
    except dot.RenderError as error:
        raise JobError(str(error)) from error
    job.save_file(
        name=exported.filename, content=exported.content, content_type=exported.content_type
    )
    job.progress(2, 2, "Ready.")
    return f"{exported.filename} is ready ({len(exported.content):,} bytes)."


# Not retry-safe: a worker that died after the import's commit would import the map twice.
@job_task(time_limit=EXPORT_JOB_SECONDS)
def map_import_job(job, *, workspace_id: int, fmt: str, title: str) -> str:
    """Import the uploaded file as a new map of the workspace (all or nothing); the job's
    result is the new map's page, its message what the import noted."""
    user = job.job.owner
    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None or not can(user, Action.EDIT, workspace_id):
        raise JobError("You may no longer add maps to this workspace.")
    job.progress(0, 1, "Checking and writing the map.")
    try:
        result = map_import(workspace=workspace, data=job.upload(), fmt=fmt, title=title, user=user)
    except ValidationError as error:
        problems = error.messages
        more = (
            f" (and {len(problems) - SHOWN_PROBLEMS} more)"
            if len(problems) > SHOWN_PROBLEMS
            else ""
        )
        raise JobError(
            "Nothing was imported: " + " ".join(problems[:SHOWN_PROBLEMS]) + more
        ) from error
    job.result_url = reverse("map_detail", args=[result.map.pk])
    notes = " ".join(result.notes)
    return f"Imported “{result.map.title}”. {notes}".strip()
