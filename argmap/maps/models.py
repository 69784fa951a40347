"""The argument graph, stored as an adjacency list: one row per node and per link,
each carrying its map, so a whole map is read with one flat query per table."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from argmap.articles.models import Article
from argmap.teams.models import Workspace


class Map(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="maps")
    title = models.CharField(max_length=500)
    articles = models.ManyToManyField(Article, blank=True, related_name="maps")
    root = models.ForeignKey(
        "Node", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title


class NodeKind(models.TextChoices):
    CLAIM = "claim", "Claim"
    QUESTION = "question", "Question"
    EVIDENCE = "evidence", "Evidence"


class SourceReliability(models.TextChoices):
    """NATO Admiralty code, first half: how reliable the source is."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class InformationCredibility(models.IntegerChoices):
    """NATO Admiralty code, second half: how credible the information is."""

    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_JUDGE = 6, "6: truth cannot be judged"


class AliveQuerySet(models.QuerySet):
    def in_map(self, map_id: int):
        return self.filter(map_id=map_id)


class AliveManager(models.Manager.from_queryset(AliveQuerySet)):
    """Rows that are not in the map's trash."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Trashable(models.Model):
    """Deleting moves a row to the trash; everything deleted by one action shares
    ``deletion_id``, so an undo restores exactly that set."""

    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deletion_id = models.UUIDField(null=True, blank=True, db_index=True)

    objects = AliveManager()
    all_objects = models.Manager.from_queryset(AliveQuerySet)()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Node(Trashable):
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(max_length=10, choices=NodeKind.choices, default=NodeKind.CLAIM)
    text = models.TextField()

    # Anchor into an article, as a W3C Web Annotation TextPositionSelector (start, end)
    # plus TextQuoteSelector (exact, prefix, suffix), so it can be found again.
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="nodes"
    )
    anchor_start = models.PositiveIntegerField(null=True, blank=True)
    anchor_end = models.PositiveIntegerField(null=True, blank=True)
    anchor_exact = models.TextField(blank=True)
    anchor_prefix = models.CharField(max_length=64, blank=True)
    anchor_suffix = models.CharField(max_length=64, blank=True)

    # Evidence only: where it comes from and how far to trust it.
    source_title = models.CharField(max_length=500, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    source_date = models.DateField(null=True, blank=True)
    source_reliability = models.CharField(
        max_length=1, choices=SourceReliability.choices, blank=True
    )
    information_credibility = models.PositiveSmallIntegerField(
        choices=InformationCredibility.choices, null=True, blank=True
    )

    # The analyst's prior belief in the node, 0..1; empty means the default (neutral for
    # claims and questions, derived from the grade for evidence).
    base_score = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)]
    )

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta(Trashable.Meta):
        ordering = ["id"]
        indexes = [models.Index(fields=["map", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor_start__isnull=True)
                | Q(anchor_end__isnull=False, anchor_start__lt=F("anchor_end")),
                name="node_anchor_is_a_span",
            ),
            models.CheckConstraint(
                condition=Q(base_score__isnull=True) | Q(base_score__gte=0, base_score__lte=1),
                name="node_base_score_in_unit_interval",
            ),
            models.CheckConstraint(
                condition=Q(kind=NodeKind.EVIDENCE)
                | Q(source_reliability="", information_credibility__isnull=True),
                name="node_grade_only_on_evidence",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    @property
    def grade(self) -> str:
        """The Admiralty code, such as 'B2', or '' when not graded."""
        return f"{self.source_reliability}{self.information_credibility or ''}"

    @property
    def has_anchor(self) -> bool:
        return self.article_id is not None and self.anchor_start is not None


class Relation(models.TextChoices):
    SUPPORTS = "supports", "supports"
    OPPOSES = "opposes", "opposes"
    ANSWERS = "answers", "answers"
    QUESTIONS = "questions", "questions"
    UNDERCUTS = "undercuts", "undercuts"


class Mutual(models.TextChoices):
    """An opposition that holds both ways (stored one way: links cannot form a cycle)."""

    CONTRARY = "contrary", "contrary (not both true)"
    CONTRADICTORY = "contradictory", "contradictory (exactly one true)"


class Link(Trashable):
    """``source`` supports / opposes / answers / questions ``target``, or undercuts the
    link ``target_link``: an attack on an inference ("this does not follow"), not on a
    claim. An undercut's ``target`` is the attacked link's source, so the undercut hangs
    in the tree under the link it attacks and every graph rule (no cycles, trash, undo,
    history) holds for it unchanged.

    In the tree the target is the parent and the source its child.
    """

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="outgoing_links")
    target = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="incoming_links")
    relation = models.CharField(max_length=10, choices=Relation.choices)
    target_link = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="undercuts"
    )
    rationale = models.TextField(blank=True)
    # Links into one conclusion that share an argument name are the premises of one
    # argument (Argdown's premise-conclusion structure, AIF's RA node with several premises).
    argument = models.CharField(max_length=200, blank=True)
    # Opposes only: Argdown's symmetric contrary / contradictory, AIF's conflict both ways.
    mutual = models.CharField(max_length=13, choices=Mutual.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta(Trashable.Meta):
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="link_not_to_itself"),
            models.CheckConstraint(
                condition=Q(relation="undercuts", target_link__isnull=False)
                | (~Q(relation="undercuts") & Q(target_link__isnull=True)),
                name="link_undercut_names_its_link",
            ),
            models.CheckConstraint(
                condition=Q(mutual="") | Q(relation="opposes"), name="link_mutual_only_opposes"
            ),
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=Q(deleted_at__isnull=True, target_link__isnull=True),
                name="one_live_link_per_pair",
            ),
            models.UniqueConstraint(
                fields=["source", "target_link"],
                condition=Q(deleted_at__isnull=True, target_link__isnull=False),
                name="one_live_undercut_per_link",
            ),
        ]

    def __str__(self):
        return f"{self.source_id} {self.relation} {self.target_id}"


class NodeAnchor(models.Model):
    """A further place in an article where a node is said: merging duplicate nodes from
    several articles keeps one node with the anchors of all. Same selectors as Node's."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="extra_anchors")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    anchor_start = models.PositiveIntegerField()
    anchor_end = models.PositiveIntegerField()
    anchor_exact = models.TextField(blank=True)
    anchor_prefix = models.CharField(max_length=64, blank=True)
    anchor_suffix = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(anchor_start__lt=F("anchor_end")), name="node_anchor_extra_is_a_span"
            ),
        ]

    def __str__(self):
        return f"{self.node_id} at {self.article_id}:{self.anchor_start}-{self.anchor_end}"
