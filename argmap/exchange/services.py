"""Reading maps out to documents and writing documents in as maps."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from argmap.articles.models import Article
from argmap.exchange import argmap_json
from argmap.exchange.argmap_json import MapDocument
from argmap.exchange.bulk import insert_with_history
from argmap.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS, MapSource, detect
from argmap.maps.models import Link, Map, Node, NodeAnchor
from argmap.maps.selectors import map_graph
from argmap.teams.models import Workspace


def map_source(map_obj: Map) -> MapSource:
    """Everything an export reads, in four queries: nodes, links, further anchors, articles."""
    more_anchors = defaultdict(list)
    rows = NodeAnchor.objects.filter(node__map=map_obj, node__deleted_at__isnull=True)
    for node_id, *anchor in rows.order_by("id").values_list(
        "node_id",
        "article_id",
        "anchor_start",
        "anchor_end",
        "anchor_exact",
        "anchor_prefix",
        "anchor_suffix",
    ):
        more_anchors[node_id].append(tuple(anchor))
    article_ids = {row[0] for anchors in more_anchors.values() for row in anchors}
    articles = Article.objects.filter(Q(maps=map_obj) | Q(pk__in=article_ids)).distinct()
    return MapSource(
        title=map_obj.title,
        graph=map_graph(map_obj),
        articles=list(articles.order_by("imported_at", "id")),
        more_anchors=dict(more_anchors),
    )


def map_export_argmap(map_obj: Map) -> dict:
    """The map as an argmap JSON document (with each node's strength). Four queries,
    whatever the map's size."""
    return map_source(map_obj).argmap_document


@transaction.atomic
def map_import_document(*, workspace: Workspace, document: MapDocument, user=None) -> Map:
    """Write a validated document as a new map of the workspace, all or nothing."""
    articles = {
        item["id"]: Article.objects.create(
            workspace=workspace,
            imported_by=user,
            **{key: value for key, value in item.items() if key != "id"},
        )
        for item in document.articles
    }
    map_obj = Map.objects.create(workspace=workspace, title=document.title[:500], created_by=user)
    map_obj.articles.add(*articles.values())
    author_id = getattr(user, "pk", None)
    node_rows = []
    for item in document.nodes:
        row = {
            key: value
            for key, value in item.items()
            if key not in ("id", "article", "more_anchors")
        }
        article = articles.get(item.get("article"))
        row |= {
            "map_id": map_obj.pk,
            "author_id": author_id,
            "article_id": getattr(article, "pk", None),
        }
        node_rows.append(row)
    node_ids = dict(
        zip(
            (item["id"] for item in document.nodes),
            insert_with_history(Node, node_rows, user=user),
            strict=True,
        )
    )
    # Links first, then the undercuts, which point at the links they attack.
    link_ids: dict[tuple, int] = {}
    for undercuts in (False, True):
        items = [item for item in document.links if ("link" in item) == undercuts]
        rows = [
            {
                "map_id": map_obj.pk,
                "source_id": node_ids[item["source"]],
                "target_id": node_ids[item["target"]],
                "relation": item["relation"],
                "rationale": item["rationale"],
                "argument": item.get("argument", ""),
                "mutual": item.get("mutual", ""),
                "target_link_id": link_ids[item["link"]] if undercuts else None,
                "author_id": author_id,
            }
            for item in items
        ]
        new_ids = insert_with_history(Link, rows, user=user)
        link_ids |= {(i["source"], i["target"]): pk for i, pk in zip(items, new_ids, strict=True)}
    NodeAnchor.objects.bulk_create(
        NodeAnchor(
            node_id=node_ids[item["id"]],
            article=articles[anchor["article"]],
            **{key: value for key, value in anchor.items() if key != "article"},
        )
        for item in document.nodes
        for anchor in item.get("more_anchors", ())
    )
    if document.root:
        map_obj.root_id = node_ids[document.root]
        map_obj.save(update_fields=["root"])
    return map_obj


def map_export_changes(map_obj: Map) -> dict[str, list[str]]:
    """For each export format that writes some of this map in another form (Kialo), what
    changes, one line each. Four queries."""
    document = map_source(map_obj).document
    found = {name: spec.changes(document) for name, spec in EXPORT_FORMATS.items() if spec.changes}
    return {name: lines for name, lines in found.items() if lines}


@dataclass
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def map_export(map_obj: Map, fmt: str) -> ExportFile:
    """The map in one of ``EXPORT_FORMATS``. Three queries: articles, nodes, links."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError(f"Unknown export format “{fmt}”.", code="format")
    spec = EXPORT_FORMATS[fmt]
    content = spec.export(map_source(map_obj))
    if isinstance(content, str):
        content = content.encode("utf-8")
    return ExportFile(content, spec.content_type, export_filename(map_obj, fmt))


def export_filename(map_obj: Map, fmt: str) -> str:
    """The name of the map's file in ``fmt``: its title as a slug, and the extension."""
    stem = slugify(map_obj.title)[:60] or f"map-{map_obj.pk}"
    return f"{stem}.{EXPORT_FORMATS[fmt].extension}"


@dataclass
class ImportResult:
    map: Map
    format: str
    notes: list[str] = field(default_factory=list)


def import_decode(data: bytes) -> str:
    """The text of an uploaded map file; ValidationError if too large or not UTF-8 text."""
    limit = settings.MAP_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ValidationError(
            f"The file is {len(data):,} bytes; the limit is {limit:,} bytes.", code="too_large"
        )
    if not data.strip():
        raise ValidationError("The file is empty.", code="empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(
            f"The file is not UTF-8 text (invalid byte at position {error.start}).",
            code="encoding",
        ) from None


def map_import_prepare(*, data: bytes, fmt: str = "auto", title: str = "") -> tuple:
    """Check an upload completely without writing: (format, MapDocument, notes).

    ValidationError lists every problem found (with line or node id).
    """
    text = import_decode(data)
    if fmt in ("", "auto"):
        fmt = detect(text)
        if fmt is None:
            raise ValidationError(
                "The file's format could not be recognised; choose it in the list.", code="format"
            )
    if fmt not in IMPORT_FORMATS:
        raise ValidationError(f"Unknown import format “{fmt}”.", code="format")
    raw, notes = IMPORT_FORMATS[fmt].load(text, title.strip())
    meta = raw.get("map") if isinstance(raw, dict) else None
    if isinstance(meta, dict) and not meta.get("title"):
        meta["title"] = f"Imported {IMPORT_FORMATS[fmt].label.split(' (')[0]} map"
    return fmt, argmap_json.parse(raw), notes


@transaction.atomic
def map_import(
    *, workspace: Workspace, data: bytes, fmt: str = "auto", title: str = "", user=None
) -> ImportResult:
    """Validate an uploaded map file completely, then write it as a new map in one
    transaction; on any problem nothing is written."""
    fmt, document, notes = map_import_prepare(data=data, fmt=fmt, title=title)
    return ImportResult(
        map=map_import_document(workspace=workspace, document=document, user=user),
        format=fmt,
        notes=notes,
    )
