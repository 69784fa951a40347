"""Pages to download a map in every format (large maps through a job) and to upload a map
file into a workspace."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from argmap.exchange.dot import RenderError
from argmap.exchange.export_jobs import (
    drawable,
    map_export_or_job,
    map_size,
    runs_as_job,
    with_size,
)
from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.forms import MapImportForm
from argmap.exchange.import_jobs import map_import_or_job
from argmap.exchange.services import ExportFile, map_export_changes
from argmap.jobs.models import Job
from argmap.maps.models import Map
from argmap.teams.models import Workspace
from argmap.teams.permissions import Action, require

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SHOWN_PROBLEMS = 50


@login_required
@require_GET
def export_menu(request, pk: int):
    map_obj = get_object_or_404(with_size(Map.objects.select_related("workspace")), pk=pk)
    require(request.user, Action.VIEW, map_obj.workspace_id)
    size = map_size(map_obj)
    # What changes form in each format needs the whole document: only for maps whose
    # exports are made at once (a large map's would take seconds to read).
    changes = {} if runs_as_job("argmap", size) else map_export_changes(map_obj)
    context = {
        "map": map_obj,
        "formats": [(name, spec, changes.get(name, [])) for name, spec in EXPORT_FORMATS.items()],
        "later": {name for name in EXPORT_FORMATS if runs_as_job(name, size)},
        "undrawable": {name for name in EXPORT_FORMATS if not drawable(name, size)},
    }
    return render(request, "exchange/export.html", context)


@login_required
@require_GET
def export_file(request, pk: int, fmt: str):
    """The map as a file, or (a large map) a redirect to the job that makes it."""
    if fmt not in EXPORT_FORMATS:
        raise Http404("No such format.")
    map_obj = get_object_or_404(with_size(Map.objects.select_related("workspace")), pk=pk)
    require(request.user, Action.VIEW, map_obj.workspace_id)
    try:
        result = map_export_or_job(map_obj=map_obj, fmt=fmt, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("map_export", map_obj.pk)
    except RenderError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    if isinstance(result, Job):
        return redirect(result)
    return attachment(result)


def attachment(exported: ExportFile) -> HttpResponse:
    """An exported map as a file download (the pages and the API both answer this way)."""
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    if exported.content_type.startswith("image/svg"):
        # Opened on its own, an SVG is a document: let it run nothing.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_form(request, workspace_id: int):
    workspace = get_object_or_404(Workspace, pk=workspace_id)
    require(request.user, Action.EDIT, workspace.pk)
    form = MapImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > settings.MAP_IMPORT_MAX_BYTES:
                raise ValidationError(
                    f"The file is {upload.size:,} bytes; the limit is "
                    f"{settings.MAP_IMPORT_MAX_BYTES:,} bytes."
                )
            result = map_import_or_job(
                workspace=workspace,
                data=upload.read(),
                fmt=form.cleaned_data["format"],
                title=form.cleaned_data["title"],
                user=request.user,
            )
        except ValidationError as error:
            problems = error.messages
        else:
            if isinstance(result, Job):  # a large file: its job's page shows the progress
                return _go(request, result.get_absolute_url())
            messages.success(
                request, f"Imported “{result.map.title}” ({result.map.nodes.count()} nodes)."
            )
            for note in result.notes:
                messages.info(request, note)
            return _go(request, reverse("map_detail", args=[result.map.pk]))
    context = {
        "workspace": workspace,
        "form": form,
        "problems": problems[:SHOWN_PROBLEMS],
        "more_problems": max(0, len(problems) - SHOWN_PROBLEMS),
    }
    if request.htmx:
        # htmx swaps only 2xx answers, so the problems come back as a 200 partial.
        return render(request, "exchange/import.html#import-form", context)
    return render(request, "exchange/import.html", context, status=400 if problems else 200)


def _go(request, target: str) -> HttpResponse:
    """Send the browser to ``target`` (htmx follows HX-Redirect, a plain form a redirect)."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@require_GET
def schema_file(request, name: str):
    """The published JSON Schemas of argmap's own formats."""
    path = SCHEMA_DIR / name
    if path.parent != SCHEMA_DIR or not path.is_file() or path.suffix != ".json":
        raise Http404("No such schema.")
    return HttpResponse(path.read_bytes(), content_type="application/schema+json")
