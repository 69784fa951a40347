"""Writes of the activity area: bringing back an earlier version of a node."""

from django.core.exceptions import ValidationError
from django.db import transaction

from argmap.maps.models import Node, NodeKind
from argmap.maps.services import node_update

# What a restore brings back. The kind stays (its links depend on it) and so does the
# anchor (it points into the article the node was made from).
RESTORED_FIELDS = (
    "text",
    "source_title",
    "source_url",
    "source_date",
    "source_reliability",
    "information_credibility",
    "base_score",
)


@transaction.atomic
def node_version_restore(*, node: Node, history_id: int, expected_version: int) -> Node:
    """Make the node read as it did in one of its recorded versions.

    Goes through ``node_update``, so it is refused with StaleEdit when the node changed
    after ``expected_version``, and the restore is itself a new version in the history.
    """
    if node.is_deleted:
        raise ValidationError("This node is in the trash: restore it from the trash first.")
    record = Node.history.filter(id=node.pk, history_id=history_id).first()
    if record is None:
        raise ValidationError("This version of the node does not exist.")
    changes = {name: getattr(record, name) for name in RESTORED_FIELDS}
    if node.kind != NodeKind.EVIDENCE:
        changes.update(source_reliability="", information_credibility=None)
    return node_update(node=node, expected_version=expected_version, **changes)
