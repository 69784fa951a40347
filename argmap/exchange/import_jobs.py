"""Imports written within the request, or by a job when the file is large (a 20 MB file
takes longer to check and write than a request may run)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.exchange.formats import IMPORT_FORMATS
from argmap.exchange.services import ImportResult, import_decode, map_import
from argmap.jobs.models import Job
from argmap.jobs.services import job_start
from argmap.teams.models import Workspace


def map_import_or_job(
    *, workspace: Workspace, data: bytes, fmt: str, title: str, user
) -> ImportResult | Job:
    """``map_import`` now for files up to ``IMPORT_DIRECT_MAX_BYTES``; a larger file is
    imported by a job (started here), whose result is the new map's page."""
    if len(data) <= settings.IMPORT_DIRECT_MAX_BYTES:
        return map_import(workspace=workspace, data=data, fmt=fmt, title=title, user=user)
    _refuse_early(data, fmt)
    from argmap.exchange.tasks import map_import_job  # tasks import the services

    return job_start(
        task=map_import_job,
        owner=user,
        workspace_id=workspace.pk,
        label=f"Import of a {len(data) / 2**20:.1f} MB map file into {workspace.name}",
        kwargs={"workspace_id": workspace.pk, "fmt": fmt, "title": title},
        back_url=reverse("map_import", args=[workspace.pk]),
        upload=data,
    )


def _refuse_early(data: bytes, fmt: str) -> None:
    """Refuse, before any job is queued, what is plainly no map file: too large, empty,
    not UTF-8, an unknown format, or (format to be recognised) text that starts like none
    of them. The job checks the rest; this costs one decode, not a parse."""
    text = import_decode(data)
    if fmt not in ("", "auto") and fmt not in IMPORT_FORMATS:
        raise ValidationError(f"Unknown import format “{fmt}”.", code="format")
    start = text.lstrip()[:40]
    if fmt in ("", "auto") and not start.startswith(("{", "Discussion Title:", "1. ")):
        raise ValidationError(
            "The file's format could not be recognised; choose it in the list.", code="format"
        )
