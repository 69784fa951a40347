"""Reads of the activity area: what changed in a map, by whom, and what is in its trash.

Every selector here takes a fixed number of queries whatever the length of the
history: pages are cut in the database and related texts come from subqueries.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    F,
    Max,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from argmap.activity.diffing import Run, word_diff
from argmap.discussion.models import Comment
from argmap.maps.models import Link, Map, Node

HistoricalNode = Node.history.model
HistoricalLink = Link.history.model
HistoricalComment = Comment.history.model

FEED_PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 20
TRASH_PAGE_SIZE = 20


# --- "changed since": a token that moves with every recorded change of a map ------------


def _latest(history_model, map_ref):
    return Subquery(
        history_model.objects.filter(map_id=map_ref)
        .order_by("-history_id")
        .values("history_id")[:1]
    )


def map_revision(map_pk: int) -> tuple[int, str] | None:
    """(workspace_id, revision token) of a map in one indexed query, None if no such map.

    Every write of a node, link or comment leaves a history row, so the newest history
    ids of the three tables change whenever anything in the map does.
    """
    row = (
        Map.objects.filter(pk=map_pk)
        .annotate(
            node_rev=_latest(HistoricalNode, OuterRef("pk")),
            link_rev=_latest(HistoricalLink, OuterRef("pk")),
            comment_rev=_latest(HistoricalComment, OuterRef("pk")),
        )
        .values_list("workspace_id", "node_rev", "link_rev", "comment_rev")
        .first()
    )
    if row is None:
        return None
    workspace_id, *revisions = row
    return workspace_id, "-".join(str(revision or 0) for revision in revisions)


# --- the activity feed ----------------------------------------------------------------------


@dataclass
class FeedEntry:
    at: datetime
    who: str | None
    entity: str  # "node", "link" or "comment"
    object_id: int
    verb: str  # "added", "edited", "deleted", "restored", "erased", "commented on", ...
    label: str
    label2: str
    detail: str


def _previous(history_model, column: str):
    return Subquery(
        history_model.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values(column)[:1]
    )


def _node_text(column: str):
    return Subquery(Node.all_objects.filter(pk=OuterRef(column)).values("text")[:1])


def _who():
    """Who made the change: the logged-in user of the request; for rows created outside a
    request (imports, bulk loads) the object's author."""
    return Case(
        When(
            history_type="+",
            then=Coalesce(F("history_user__username"), F("author__username")),
        ),
        default=F("history_user__username"),
    )


def _feed_part(history_model, map_id: int, *, entity: str, object_id, label, label2, detail):
    """One table's share of the feed; every part has the same columns in the same order."""
    return (
        history_model.objects.filter(map_id=map_id)
        .order_by()
        .values(
            at=F("history_date"),
            hid=F("history_id"),
            htype=F("history_type"),
            who=_who(),
            object_id=object_id,
            entity=Value(entity, output_field=CharField()),
            label=label,
            label2=label2,
            detail=detail,
            gone=F("deleted_at"),
            was_gone=_previous(history_model, "deleted_at"),
        )
    )


def _feed_queryset(map_id: int):
    empty_text = Value("", output_field=TextField())
    parts = [
        _feed_part(
            HistoricalNode,
            map_id,
            entity="node",
            object_id=F("id"),
            label=F("text"),
            label2=empty_text,
            detail=F("kind"),
        ),
        _feed_part(
            HistoricalLink,
            map_id,
            entity="link",
            object_id=F("id"),
            label=Coalesce(_node_text("source_id"), empty_text),
            label2=Coalesce(_node_text("target_id"), empty_text),
            detail=F("relation"),
        ),
        _feed_part(
            HistoricalComment,
            map_id,
            entity="comment",
            object_id=F("node_id"),
            label=Coalesce(_node_text("node_id"), empty_text),
            label2=F("body"),
            detail=Value("", output_field=CharField()),
        ),
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-at", "-hid")


_VERBS = {
    "comment": {"added": "commented on", "edited": "edited a comment on"},
}


def _verb(row: dict) -> str:
    if row["htype"] == "+":
        verb = "added"
    elif row["htype"] == "-":
        verb = "erased"
    elif row["gone"] and not row["was_gone"]:
        verb = "deleted"
    elif not row["gone"] and row["was_gone"]:
        verb = "restored"
    else:
        verb = "edited"
    if row["entity"] == "comment" and verb == "deleted":
        return "deleted a comment on"
    return _VERBS.get(row["entity"], {}).get(verb, verb)


def map_activity(map_id: int, page_number=1) -> Page:
    """Who added, edited, deleted or restored what in a map, newest first, one page.

    Two queries (count and page) whatever the history's length."""
    paginator = Paginator(_feed_queryset(map_id), FEED_PAGE_SIZE)
    page = paginator.get_page(page_number)
    page.object_list = [
        FeedEntry(
            at=row["at"],
            who=row["who"],
            entity=row["entity"],
            object_id=row["object_id"],
            verb=_verb(row),
            label=row["label"] or "",
            label2=row["label2"] or "",
            detail=row["detail"] or "",
        )
        for row in page.object_list
    ]
    return page


# --- a node's versions ----------------------------------------------------------------------

TRACKED_FIELDS = (
    "text",
    "kind",
    "source_title",
    "source_url",
    "source_date",
    "source_reliability",
    "information_credibility",
    "base_score",
    "anchor_exact",
)


@dataclass
class Version:
    record: object  # a HistoricalNode row
    changed: list[str] = field(default_factory=list)
    text_runs: list[Run] = field(default_factory=list)
    trashed: bool = False
    untrashed: bool = False
    is_current: bool = False


def node_versions(node_id: int, page_number=1) -> Page:
    """A node's recorded versions, newest first, each compared with the one before it.

    Three queries whatever the length: count, the page plus one older row, users."""
    history = HistoricalNode.objects.filter(id=node_id).order_by("-history_id")
    paginator = Paginator(history, HISTORY_PAGE_SIZE)
    page = paginator.get_page(page_number)
    start = (page.number - 1) * HISTORY_PAGE_SIZE
    records = list(history.select_related("history_user")[start : start + HISTORY_PAGE_SIZE + 1])
    versions = []
    for index, record in enumerate(records[:HISTORY_PAGE_SIZE]):
        older = records[index + 1] if index + 1 < len(records) else None
        version = Version(record)
        if older is not None:
            version.changed = [
                name for name in TRACKED_FIELDS if getattr(record, name) != getattr(older, name)
            ]
            if "text" in version.changed:
                version.text_runs = word_diff(older.text, record.text)
            version.trashed = bool(record.deleted_at and not older.deleted_at)
            version.untrashed = bool(older.deleted_at and not record.deleted_at)
        versions.append(version)
    if versions and page.number == 1:
        versions[0].is_current = True
    page.object_list = versions
    return page


# --- the trash ------------------------------------------------------------------------------


@dataclass
class Deletion:
    deletion_id: object
    deleted_at: datetime
    who: str | None = None
    nodes: list = field(default_factory=list)
    links: list = field(default_factory=list)


def map_trash(map_id: int, page_number=1) -> Page:
    """What one delete after another put in the map's trash, newest first.

    Five queries whatever the trash's size: count, the page of deletions, their nodes,
    their links (with both ends' text), and who deleted them."""
    node_groups = (
        Node.all_objects.filter(map_id=map_id, deleted_at__isnull=False)
        .order_by()
        .values("deletion_id")
        .annotate(when=Max("deleted_at"))
    )
    link_groups = (
        Link.all_objects.filter(map_id=map_id, deleted_at__isnull=False)
        .order_by()
        .values("deletion_id")
        .annotate(when=Max("deleted_at"))
    )
    # One delete stamps its nodes and links with the same time, so UNION (not ALL)
    # folds a deletion's node group and link group into one row.
    groups = node_groups.union(link_groups).order_by("-when", "deletion_id")
    page = Paginator(groups, TRASH_PAGE_SIZE).get_page(page_number)
    deletions = {row["deletion_id"]: Deletion(row["deletion_id"], row["when"]) for row in page}
    if deletions:
        ids = list(deletions)
        for node in Node.all_objects.filter(map_id=map_id, deletion_id__in=ids).only(
            "id", "kind", "text", "deletion_id", "deleted_at"
        ):
            deletions[node.deletion_id].nodes.append(node)
        for link in (
            Link.all_objects.filter(map_id=map_id, deletion_id__in=ids)
            .select_related("source", "target")
            .only(
                "id",
                "relation",
                "deletion_id",
                "source__text",
                "source__kind",
                "target__text",
                "target__kind",
            )
        ):
            deletions[link.deletion_id].links.append(link)
        trashers = (
            HistoricalNode.objects.filter(map_id=map_id, deletion_id__in=ids, history_type="~")
            .order_by()
            .values_list("deletion_id", "history_user__username")
            .union(
                HistoricalLink.objects.filter(map_id=map_id, deletion_id__in=ids, history_type="~")
                .order_by()
                .values_list("deletion_id", "history_user__username")
            )
        )
        for deletion_id, username in trashers:
            if deletion_id in deletions and username:
                deletions[deletion_id].who = username
    page.object_list = list(deletions.values())
    return page
