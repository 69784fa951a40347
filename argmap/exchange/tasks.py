"""Jobs of the exchange area: exports (pictures above all) of maps too large for a request."""

from django.core.exceptions import ValidationError

from argmap.exchange import dot
from argmap.exchange.export_jobs import check_drawable, export_now, is_picture, map_size
from argmap.jobs.registry import JobError, job_task
from argmap.maps.models import Map

EXPORT_JOB_SECONDS = 600
# Graphviz gives up before the job's time limit, so the job ends with Graphviz's message.
JOB_RENDER_SECONDS = 480


@job_task(time_limit=EXPORT_JOB_SECONDS, retry_safe=True)  # writes nothing but its file
def map_export_job(job, *, map_id: int, fmt: str, colour: str = "kind") -> str:
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
        exported = export_now(map_obj, fmt, colour=colour, timeout=JOB_RENDER_SECONDS)
    except dot.RenderError as error:
        raise JobError(str(error)) from error
    job.save_file(
        name=exported.filename, content=exported.content, content_type=exported.content_type
    )
    job.progress(2, 2, "Ready.")
    return f"{exported.filename} is ready ({len(exported.content):,} bytes)."
