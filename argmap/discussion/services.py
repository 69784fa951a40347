"""Writes of the discussion area."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from argmap.discussion.mentions import mail_mentioned, members_named, named
from argmap.discussion.models import Comment, Mention
from argmap.maps.models import Node

MAX_LENGTH = 5000


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError("A comment needs some text.")
    if len(body) > MAX_LENGTH:
        raise ValidationError(f"A comment has at most {MAX_LENGTH:,} characters.")
    return body


def _mention(comment: Comment, *, link: str) -> None:
    """Record the workspace members the comment names with @username (never its author)
    and, once it is saved, mail those not named in it before. No query without an "@"."""
    members = members_named(comment.node.map.workspace_id, named(comment.body))
    users = [m.user for m in members.values() if m.user_id != comment.author_id]
    if not users:
        return
    known = set(Mention.objects.filter(comment=comment).values_list("user_id", flat=True))
    new = [user for user in users if user.pk not in known]
    Mention.objects.bulk_create([Mention(comment=comment, user=user) for user in new])
    if new:
        transaction.on_commit(lambda: mail_mentioned(comment, new, link=link))


@transaction.atomic
def comment_create(
    *, node: Node, author, body: str, parent: Comment | None = None, link: str = ""
) -> Comment:
    """Comment on a node, or reply to one of its comments; the members it @mentions are
    told (``link``: the discussion's address, for their e-mail)."""
    if node.is_deleted:
        raise ValidationError("This node is in the trash.")
    if parent is not None and (parent.node_id != node.pk or parent.is_deleted):
        raise ValidationError("You can only reply to a live comment on the same node.")
    comment = Comment.objects.create(
        node=node, map_id=node.map_id, parent=parent, author=author, body=_clean_body(body)
    )
    _mention(comment, link=link)
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, body: str, link: str = "") -> Comment:
    """Change a comment's text; members it now @mentions for the first time are told."""
    if comment.is_deleted:
        raise ValidationError("This comment was deleted.")
    comment.body = _clean_body(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    _mention(comment, link=link)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """Mark deleted; its text stays in the history and its replies stay in the thread."""
    if comment.is_deleted:
        return
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at", "updated_at"])
