"""What reasoning stores beside the map: named what-if scenarios, the team's ratings,
and a record of every merge of duplicate nodes (for history and undo)."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from argmap.articles.models import Article
from argmap.maps.models import Link, Map, Node

UNIT_INTERVAL = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class Scenario(models.Model):
    """A named what-if: nodes and links switched off, and the ratings it runs on."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(max_length=200)
    disabled_nodes = models.JSONField(default=list, blank=True)
    disabled_links = models.JSONField(default=list, blank=True)
    basis = models.CharField(max_length=40, default="analyst")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["map", "name"], name="one_scenario_name_per_map"),
        ]

    def __str__(self):
        return self.name


class NodeRating(models.Model):
    """One member's plausibility for a claim or evidence, 0..1."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    plausibility = models.FloatField(validators=UNIT_INTERVAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "user"], name="one_node_rating_per_user"),
            models.CheckConstraint(
                condition=Q(plausibility__gte=0, plausibility__lte=1),
                name="node_rating_in_unit_interval",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} rates node {self.node_id}: {self.plausibility:.2f}"


class LinkRating(models.Model):
    """One member's weight for a supporting or opposing link, 0..1."""

    link = models.ForeignKey(Link, on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weight = models.FloatField(validators=UNIT_INTERVAL)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["link", "user"], name="one_link_rating_per_user"),
            models.CheckConstraint(
                condition=Q(weight__gte=0, weight__lte=1), name="link_rating_in_unit_interval"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} weighs link {self.link_id}: {self.weight:.2f}"


class NodeMerge(models.Model):
    """``absorbed`` was merged into ``kept``: what moved, so that undo can move it back.

    ``repointed`` holds [link id, old source id, old target id] for each link that now
    ends at ``kept``; ``deletion_id`` is shared by the absorbed node and the links that
    could not be kept (duplicates, cycles), so the maps trash restores them.
    """

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="merges")
    kept = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    absorbed = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+")
    deletion_id = models.UUIDField()
    repointed = models.JSONField(default=list)
    dropped = models.JSONField(default=list)  # [link id, reason]
    created_anchors = models.JSONField(default=list)
    moved_anchors = models.JSONField(default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self):
        return f"node {self.absorbed_id} merged into {self.kept_id}"


class ArticleSearch(models.Model):
    """The article's full-text document (title weighted A, body B), PostgreSQL only: a
    database trigger keeps it current on every insert and update, bulk ones included, so
    ranking reads a stored vector instead of parsing every matching body again."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    document = SearchVectorField(null=True)

    def __str__(self):
        return f"search document of article {self.article_id}"


class NodeSearch(models.Model):
    """The node's full-text document (text weighted A, source title B); see ArticleSearch."""

    node = models.OneToOneField(
        Node, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    document = SearchVectorField(null=True)

    def __str__(self):
        return f"search document of node {self.node_id}"
