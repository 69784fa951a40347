"""Writes of the suggestions: accept one (an ordinary link), dismiss one, accept many."""

from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.maps.models import Link, Map, Node
from argmap.maps.services import link_create
from argmap.maps.services_trash import link_trash
from argmap.suggestions.models import DismissedSuggestion
from argmap.suggestions.selectors import SAME, map_suggestions


def _require_unplaced(node: Node) -> None:
    if Link.objects.filter(source=node).exists():
        raise ValidationError("This node is already in the tree: move it from its row instead.")


@transaction.atomic
def suggestion_accept(*, node: Node, parent: Node, relation: str, user=None) -> Link:
    """Hang a node that is not yet in the tree under ``parent``. The link is made by the
    maps service, so every graph rule holds and history records it; returns the link."""
    _require_unplaced(node)
    return link_create(source=node, target=parent, relation=relation, author=user)


@transaction.atomic
def suggestion_undo(*, link: Link) -> None:
    """Take back an accepted suggestion: the link goes to the map's trash (history keeps
    it) and the node is outside the tree again."""
    link_trash(link=link)


@transaction.atomic
def suggestion_dismiss(*, node: Node, parent: Node, relation: str, user=None):
    """Never suggest ``parent`` for ``node`` again (nor "same as" for the pair)."""
    if node.map.workspace_id != parent.map.workspace_id:
        raise ValidationError("These nodes are in different workspaces.")
    dismissal, _ = DismissedSuggestion.objects.get_or_create(
        node=node, parent=parent, relation=relation, defaults={"dismissed_by": user}
    )
    return dismissal


@transaction.atomic
def suggestions_accept_all(*, map_obj: Map, threshold: float, user=None) -> int:
    """Accept the best suggestion of every unplaced node whose score is at least
    ``threshold`` (0..1), best first. A suggestion that an earlier one made impossible (a
    cycle) is left for the analyst. Returns how many nodes were placed."""
    if not 0 <= threshold <= 1:
        raise ValidationError("The confidence is a number from 0 to 100.")
    best = [s for s in map_suggestions(map_obj).best() if s.relation != SAME]
    best.sort(key=lambda suggestion: -suggestion.score)
    nodes = Node.objects.in_bulk({s.node.id for s in best} | {s.parent.id for s in best})
    placed = 0
    for suggestion in best:
        if suggestion.score < threshold:
            break
        try:
            with transaction.atomic():
                link_create(
                    source=nodes[suggestion.node.id],
                    target=nodes[suggestion.parent.id],
                    relation=suggestion.relation,
                    author=user,
                )
        except ValidationError:
            continue
        placed += 1
    return placed
