from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from argmap.maps.models import Map, Node


class Comment(models.Model):
    """One message in the threaded discussion of a node.

    ``map`` repeats the node's map so that the counts of a whole map, and whether its
    discussion changed, are one indexed query. A deleted comment keeps its place (and
    its history) so that replies to it still hang where they were.
    """

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="comments")
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["node", "created_at"]),
            models.Index(fields=["map", "updated_at"]),
        ]

    def __str__(self):
        return f"Comment {self.pk} on node {self.node_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Mention(models.Model):
    """A workspace member named as @username in a comment. They are told twice: an e-mail
    when the comment is saved, and a notice on the site on their next visit
    (``noticed_at`` set then)."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    noticed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_mention_per_comment")
        ]
        indexes = [models.Index(fields=["user", "noticed_at"])]

    def __str__(self):
        return f"Mention of user {self.user_id} in comment {self.comment_id}"
