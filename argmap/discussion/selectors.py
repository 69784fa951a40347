"""Reads of the discussion area, each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count

from argmap.discussion.mentions import members_named, named
from argmap.discussion.models import Comment

MAX_INDENT = 6  # deeper replies are drawn at this depth, still in reply order


@dataclass
class ThreadRow:
    comment: Comment
    depth: int

    @property
    def indent(self) -> int:
        return min(self.depth, MAX_INDENT)


def comment_counts(map_id: int) -> dict[int, int]:
    """Live comments per node of a map, in one query: {node_id: count}."""
    rows = (
        Comment.objects.filter(map_id=map_id, deleted_at__isnull=True)
        .values_list("node_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    return dict(rows)


def node_thread(node_id: int) -> list[ThreadRow]:
    """The node's discussion as a flat pre-order list (one query): replies follow their
    parent, oldest first. Deleted comments stay only while a live reply hangs below."""
    comments = list(Comment.objects.filter(node_id=node_id).select_related("author"))
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)

    def has_live(comment: Comment) -> bool:
        return not comment.is_deleted or any(has_live(c) for c in children.get(comment.pk, ()))

    rows: list[ThreadRow] = []
    stack = [(comment, 0) for comment in reversed(children.get(None, []))]
    while stack:
        comment, depth = stack.pop()
        if not has_live(comment):
            continue
        rows.append(ThreadRow(comment, depth))
        stack.extend((reply, depth + 1) for reply in reversed(children.get(comment.pk, [])))
    return rows


def thread_mentions(workspace_id: int, rows: list[ThreadRow]) -> dict:
    """{lower-cased username: membership} of the members the thread's live comments
    @mention: one query, none when no comment holds an "@"."""
    names = {name for row in rows if not row.comment.is_deleted for name in named(row.comment.body)}
    return members_named(workspace_id, sorted(names))
