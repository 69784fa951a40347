"""Exports answered within the request, or run as a job, by the map's size.

A request has a few seconds; a picture of a large map takes minutes. Small maps keep their
direct download; larger ones (``EXPORT_DIRECT_MAX_NODES``, ``PICTURE_DIRECT_MAX_NODES``)
get a job, and a picture that Graphviz cannot draw within ``PICTURE_REQUEST_SECONDS`` moves
to a job too. Pictures of maps past ``PICTURE_MAX_NODES`` are refused at once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from argmap.activity.selectors import map_revision
from argmap.exchange import dot
from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.services import ExportFile, export_filename, map_export
from argmap.jobs.models import Job
from argmap.jobs.services import job_start
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_graph


def with_size(maps: QuerySet[Map]) -> QuerySet[Map]:
    """The maps with ``live_nodes`` (their live node count) in the same query, so that
    choosing between an answer now and a job costs no query of its own."""
    count = (
        Node.objects.filter(map=OuterRef("pk"), deleted_at__isnull=True)
        .order_by()
        .values("map")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return maps.annotate(live_nodes=Coalesce(Subquery(count), 0))


def map_size(map_obj: Map) -> int:
    """How many live nodes the map has (from ``with_size``, else one query)."""
    if hasattr(map_obj, "live_nodes"):
        return map_obj.live_nodes
    return Node.objects.filter(map=map_obj, deleted_at__isnull=True).count()


def is_picture(fmt: str) -> bool:
    return EXPORT_FORMATS[fmt].picture


def runs_as_job(fmt: str, size: int) -> bool:
    """Whether an export of a map of ``size`` nodes is made by a job."""
    limit = (
        settings.PICTURE_DIRECT_MAX_NODES if is_picture(fmt) else settings.EXPORT_DIRECT_MAX_NODES
    )
    return size > limit


def drawable(fmt: str, size: int) -> bool:
    """False for a picture of a map too large for Graphviz to draw at all."""
    return not is_picture(fmt) or size <= settings.PICTURE_MAX_NODES


def check_drawable(fmt: str, size: int) -> None:
    """ValidationError for a picture of a map too large for Graphviz to draw at all."""
    if not drawable(fmt, size):
        raise ValidationError(
            f"This map has {size:,} nodes, too many to draw as one picture (the limit is "
            f"{settings.PICTURE_MAX_NODES:,}). Export it as GraphML and open it in Gephi "
            "or yEd, which draw large graphs.",
            code="too_large",
        )


def export_now(map_obj: Map, fmt: str, *, timeout: float) -> ExportFile:
    """The export made here and now; a picture drawn within ``timeout`` seconds (else
    dot.RenderTimeout)."""
    if not is_picture(fmt):
        return map_export(map_obj, fmt)
    source = dot.map_to_dot(map_obj.title, map_graph(map_obj))
    return ExportFile(
        dot.render_cached(source, fmt, timeout=timeout),
        EXPORT_FORMATS[fmt].content_type,
        export_filename(map_obj, fmt),
    )


def map_export_or_job(*, map_obj: Map, fmt: str, user) -> ExportFile | Job:
    """The export, made now when the map is small enough to answer within a request;
    otherwise the job that makes it (the user's job for this map revision if there is one,
    else a new one). ValidationError for a picture of a map too large to draw."""
    size = map_size(map_obj)
    check_drawable(fmt, size)
    if not runs_as_job(fmt, size):
        try:
            return export_now(map_obj, fmt, timeout=settings.PICTURE_REQUEST_SECONDS)
        except dot.RenderTimeout:
            pass  # drawn by a job instead: the person waits on a progress page, not a request
    from argmap.exchange.tasks import map_export_job  # tasks import this module

    _, revision = map_revision(map_obj.pk)
    spec = EXPORT_FORMATS[fmt]
    return job_start(
        task=map_export_job,
        owner=user,
        workspace_id=map_obj.workspace_id,
        label=f"{spec.label} of “{map_obj.title}”",
        kwargs={"map_id": map_obj.pk, "fmt": fmt},
        back_url=reverse("map_detail", args=[map_obj.pk]),
        cache_key=(f"map-export:{map_obj.pk}:{revision}:{map_obj.updated_at.timestamp()}:{fmt}"),
    )
