"""What the suggestions keep: each node's vector of meaning, and the suggestions an
analyst dismissed (so they never come back)."""

from django.conf import settings
from django.db import models

from argmap.maps.models import Node
from argmap.teams.models import Workspace


class NodeVector(models.Model):
    """A node's sentence vector (384 float32, little-endian), computed once per text.

    ``workspace`` is copied from the node's map so that every vector of a workspace (the
    "Same as ..." proposals look across all its maps) is one indexed read."""

    node = models.OneToOneField(
        Node, on_delete=models.CASCADE, primary_key=True, related_name="suggestion_vector"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=40)
    # Which text the vector is of: a node whose text changed gets a new one.
    text_digest = models.CharField(max_length=32)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "updated_at"], name="nodevector_ws_updated")]

    def __str__(self):
        return f"vector of node {self.node_id}"


class DismissedSuggestion(models.Model):
    """Do not suggest ``parent`` for ``node`` again (relation "same": a proposal that the
    two nodes say the same)."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(max_length=20)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["node", "parent", "relation"], name="one_dismissal_per_suggestion"
            )
        ]

    def __str__(self):
        return f"{self.relation} {self.parent_id} dismissed for node {self.node_id}"
