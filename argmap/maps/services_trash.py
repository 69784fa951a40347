"""The map's trash: deleting a node (with what hung only below it) or a link moves them
there under one deletion id, and restoring that id brings them all back, unless a link
added since would now be a duplicate (it stays in the trash) or close a cycle (nothing
comes back). Graph rules are those of ``maps.services``."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph
from argmap.maps.services import _closes_cycle


def _trash(rows, deletion_id: uuid.UUID, when) -> None:
    for row in rows:
        row.deleted_at, row.deletion_id = when, deletion_id
        row.save(update_fields=["deleted_at", "deletion_id", "updated_at"])


@transaction.atomic
def node_trash(*, node: Node) -> uuid.UUID:
    """Move a node to the map's trash with its links and the nodes that only hung below it.

    Returns the deletion id that ``deletion_restore`` takes to undo exactly this.
    """
    if node.map.root_id == node.pk:
        raise ValidationError("The root of a map cannot be deleted.")
    graph = map_graph(node.map)
    still_placed = graph.reachable_from_root(without=node.pk)
    doomed = {node.pk} | (graph.descendants(node.pk) - still_placed)
    deletion_id, when = uuid.uuid4(), timezone.now()
    links = Link.objects.filter(map_id=node.map_id, source_id__in=doomed) | Link.objects.filter(
        map_id=node.map_id, target_id__in=doomed
    )
    _trash(_with_undercuts(links), deletion_id, when)
    _trash(Node.objects.filter(pk__in=doomed), deletion_id, when)
    return deletion_id


@transaction.atomic
def link_trash(*, link: Link) -> uuid.UUID:
    """Move one link to the trash with the undercuts that attack it; returns the deletion
    id for undo."""
    deletion_id = uuid.uuid4()
    _trash(_with_undercuts([link]), deletion_id, timezone.now())
    return deletion_id


def _with_undercuts(links) -> list[Link]:
    """The links and the live undercuts of them: an undercut cannot outlive its link."""
    links = list(links)
    ids = {link.pk for link in links}
    return links + [
        undercut
        for undercut in Link.objects.filter(target_link_id__in=ids)
        if undercut.pk not in ids
    ]


def _short(node: Node) -> str:
    return node.text if len(node.text) <= 60 else node.text[:59] + "…"


@transaction.atomic
def deletion_restore(*, map_obj: Map, deletion_id: uuid.UUID) -> int:
    """Bring back everything one delete removed. Returns how many rows came back."""
    nodes = list(Node.all_objects.filter(map=map_obj, deletion_id=deletion_id))
    links = list(Link.all_objects.filter(map=map_obj, deletion_id=deletion_id))
    if not nodes and not links:
        raise ValidationError("Nothing to restore: this deletion is unknown or already undone.")
    for row in nodes + links:
        row.deleted_at = row.deletion_id = None
    for row in nodes:
        row.save(update_fields=["deleted_at", "deletion_id", "updated_at"])
    for link in links:
        # A live link added since the delete may now duplicate this one.
        if link.target_link_id is not None:
            if not Link.objects.filter(pk=link.target_link_id).exists():
                continue  # the link it attacked stays in the trash, so does the undercut
            twins = Link.objects.filter(
                source_id=link.source_id, target_link_id=link.target_link_id
            )
        else:
            twins = Link.objects.filter(
                source_id=link.source_id, target_id=link.target_id, target_link__isnull=True
            )
        if twins.exists():
            continue
        # ...or close a cycle with one: then nothing comes back (the transaction rolls back).
        if _closes_cycle(source_id=link.source_id, target_id=link.target_id):
            raise ValidationError(
                "This cannot be undone: a link added since would make a cycle with a link "
                f"it brings back (from “{_short(link.source)}” to “{_short(link.target)}”). "
                "Remove or move that newer link first."
            )
        link.save(update_fields=["deleted_at", "deletion_id", "updated_at"])
    return len(nodes) + len(links)
