"""Writes of the discussion area."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.discussion.models import Comment
from argmap.maps.models import Node

MAX_LENGTH = 5000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError("A comment needs some text.")
    if len(body) > MAX_LENGTH:
        raise ValidationError(f"A comment has at most {MAX_LENGTH:,} characters.")
    return body


@transaction.atomic
def comment_create(*, node: Node, author, body: str, parent: Comment | None = None) -> Comment:
    """Comment on a node, or reply to one of its comments."""
    if node.is_deleted:
        raise ValidationError("This node is in the trash.")
    if parent is not None and (parent.node_id != node.pk or parent.is_deleted):
        raise ValidationError("You can only reply to a live comment on the same node.")
    return Comment.objects.create(
        node=node, map_id=node.map_id, parent=parent, author=author, body=_clean_body(body)
    )


@transaction.atomic
def comment_update(*, comment: Comment, body: str) -> Comment:
    if comment.is_deleted:
        raise ValidationError("This comment was deleted.")
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """Mark deleted; its text stays in the history and its replies stay in the thread."""
    if comment.is_deleted:
        return
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at", "updated_at"])
