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
    Count,
    F,
    Max,
    OuterRef,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

from argmap.activity.diffing import Run, word_diff
from argmap.discussion.models import Comment
from argmap.discussion.selectors import comment_counts
from argmap.maps.models import Link, Map, Node

HistoricalNode = Node.history.model
HistoricalLink = Link.history.model
HistoricalComment = Comment.history.model

FEED_PAGE_SIZE = 25
SHORT_FEED_SIZE = 8  # the feed beside the map
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


def map_teamwork(map_id: int) -> dict:
    """What the map page adds for teamwork (two queries): the revision its poller starts
    from, and the comment count of every node, for the badges."""
    found = map_revision(map_id)
    return {"revision": found[1] if found else "", "comment_counts": comment_counts(map_id)}


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


def _feed_details(history_model, history_ids, *, object_id, label, label2, detail):
    """The feed rows of one history table for the given ids, with texts and verbs' inputs."""
    return (
        history_model.objects.filter(history_id__in=history_ids)
        .order_by()
        .values(
            "history_id",
            at=F("history_date"),
            htype=F("history_type"),
            who=_who(),
            object_id=object_id,
            label=label,
            label2=label2,
            detail=detail,
            gone=F("deleted_at"),
            was_gone=_previous(history_model, "deleted_at"),
        )
    )


EMPTY_TEXT = Value("", output_field=TextField())
FEED_TABLES = {
    "node": (
        HistoricalNode,
        {"object_id": F("id"), "label": F("text"), "label2": EMPTY_TEXT, "detail": F("kind")},
    ),
    "link": (
        HistoricalLink,
        {
            "object_id": F("id"),
            "label": Coalesce(_node_text("source_id"), EMPTY_TEXT),
            "label2": Coalesce(_node_text("target_id"), EMPTY_TEXT),
            "detail": F("relation"),
        },
    ),
    "comment": (
        HistoricalComment,
        {
            "object_id": F("node_id"),
            "label": Coalesce(_node_text("node_id"), EMPTY_TEXT),
            "label2": F("body"),
            "detail": Value("", output_field=CharField()),
        },
    ),
}


def _feed_keys(map_id: int):
    """(time, history id, table) of every change of the map, newest first: narrow rows from
    the (map_id, ...) indexes, so sorting and counting stay cheap for a long history."""
    parts = [
        model.objects.filter(map_id=map_id)
        .order_by()
        .values(at=F("history_date"), hid=F("history_id"), entity=Value(entity))
        for entity, (model, _) in FEED_TABLES.items()
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


def map_activity(map_id: int, page_number=1, *, per_page: int = FEED_PAGE_SIZE) -> Page:
    """Who added, edited, deleted or restored what in a map, newest first, one page.

    Five queries whatever the history's length: count and page of the narrow keys, then
    the details of that page's rows from each of the three history tables."""
    page = Paginator(_feed_keys(map_id), per_page).get_page(page_number)
    keys = [(row["entity"], row["hid"]) for row in page.object_list]
    rows = {}
    for entity, (model, columns) in FEED_TABLES.items():
        ids = [hid for kind, hid in keys if kind == entity]
        for row in _feed_details(model, ids, **columns) if ids else ():
            rows[entity, row["history_id"]] = row | {"entity": entity}
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
        for row in (rows[key] for key in keys)
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


TRASH_SHOWN = 10  # nodes and links listed per deletion; the rest are counted


@dataclass
class Deletion:
    deletion_id: object
    deleted_at: datetime
    who: str | None = None
    nodes: list = field(default_factory=list)
    links: list = field(default_factory=list)
    node_count: int = 0
    link_count: int = 0

    @property
    def more_nodes(self) -> int:
        return self.node_count - len(self.nodes)

    @property
    def more_links(self) -> int:
        return self.link_count - len(self.links)


def _first_of_each(queryset, ids):
    """The first TRASH_SHOWN rows of each deletion, in one query (a window function)."""
    return (
        queryset.filter(deletion_id__in=ids)
        .annotate(rank=Window(RowNumber(), partition_by=F("deletion_id"), order_by=F("id").asc()))
        .filter(rank__lte=TRASH_SHOWN)
    )


def _counts(model, map_id, ids) -> dict:
    rows = (
        model.all_objects.filter(map_id=map_id, deletion_id__in=ids)
        .order_by()
        .values_list("deletion_id")
        .annotate(count=Count("id"))
    )
    return dict(rows)


def _trashers(map_id, ids):
    """(deletion id, username) of whoever made each deletion."""
    parts = [
        model.objects.filter(map_id=map_id, deletion_id__in=ids, history_type="~")
        .order_by()
        .values("deletion_id")
        .annotate(who=Max("history_user__username"))
        .values_list("deletion_id", "who")
        for model in (HistoricalNode, HistoricalLink)
    ]
    return parts[0].union(parts[1], all=True)


def map_trash(map_id: int, page_number=1) -> Page:
    """What one delete after another put in the map's trash, newest first.

    Seven queries whatever the trash's size: count and page of deletions; per deletion
    the number of nodes and links and the first few of each (links with both ends' text);
    who deleted them."""
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
        for deletion_id, count in _counts(Node, map_id, ids).items():
            deletions[deletion_id].node_count = count
        for deletion_id, count in _counts(Link, map_id, ids).items():
            deletions[deletion_id].link_count = count
        nodes = Node.all_objects.filter(map_id=map_id).only(
            "id", "kind", "text", "deletion_id", "deleted_at"
        )
        for node in _first_of_each(nodes, ids):
            deletions[node.deletion_id].nodes.append(node)
        links = (
            Link.all_objects.filter(map_id=map_id)
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
        )
        for link in _first_of_each(links, ids):
            deletions[link.deletion_id].links.append(link)
        for deletion_id, username in _trashers(map_id, ids):
            if username:
                deletions[deletion_id].who = username
    page.object_list = list(deletions.values())
    return page
