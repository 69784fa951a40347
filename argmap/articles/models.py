from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from argmap.articles.splitting import Split, split_article, split_from_json, split_to_json
from argmap.teams.models import Workspace


class ArticleQuerySet(models.QuerySet):
    def in_workspaces(self, workspaces) -> "ArticleQuerySet":
        """Articles of the given workspaces (a queryset or a list of ids)."""
        return self.filter(workspace__in=workspaces)

    def with_original(self) -> "ArticleQuerySet":
        """Articles with their kept original's description (``article.original``, or no
        such attribute) in the same query, without its bytes."""
        return self.select_related("original").defer("original__data")


class Article(models.Model):
    """An imported text. Its body never changes after import, so node anchors stay valid."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="articles")
    title = models.CharField(max_length=500)
    author = models.CharField(max_length=300, blank=True)
    publication = models.CharField(max_length=300, blank=True)
    published_on = models.DateField(null=True, blank=True)
    source_url = models.URLField(max_length=2000, blank=True)
    body = models.TextField()
    # The split found at import (with the analyst's corrections): title span, language
    # and argument units as offsets into body. Stored so that no read splits again;
    # see argmap.articles.splitting.split_to_json for its shape.
    split = models.JSONField(null=True, blank=True, editable=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imported_articles",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["body", "split"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        stored = getattr(self, "_stored_body", None)
        if self.pk and stored is not None and stored != self.body:
            raise ValidationError("An article's body cannot change after import.")
        if self.split is None:
            # Written once, with the body; every read uses it (never splits again).
            self.split = split_to_json(split_article(self.body))
        super().save(*args, **kwargs)
        self._stored_body = self.body

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_body = instance.__dict__.get("body")
        return instance

    @property
    def stored_split(self) -> Split:
        """The split stored at import (an empty one for a row stored without it)."""
        return split_from_json(self.body, self.split, self)

    @property
    def byline(self) -> str:
        return ", ".join(part for part in (self.author, self.publication) if part)


class ArticleOriginalQuerySet(models.QuerySet):
    def described(self) -> "ArticleOriginalQuerySet":
        """Originals without their bytes: for lists and links, which only name them."""
        return self.defer("data")

    def pending_for(self, user) -> "ArticleOriginalQuerySet":
        """Originals the user previewed that belong to no article yet."""
        return self.filter(article=None, created_by=user)


class ArticleOriginal(models.Model):
    """The page or PDF an article's text was extracted from, kept as it was received.

    Kept in the database, not on disk, so that every app server sees it and a workspace
    backup carries it. It is made when the analyst previews an import (``article`` empty:
    pending) and joins its article when the import is saved; pending ones are dropped after
    a day. Served only as a download (never rendered in our pages): see
    ``maps.views_articles.article_original``."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="article_originals"
    )
    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, null=True, blank=True, related_name="original"
    )
    data = models.BinaryField()
    content_type = models.CharField(max_length=100)
    filename = models.CharField(max_length=255)
    source_url = models.URLField(max_length=2000, blank=True)
    size = models.PositiveIntegerField()
    # What extraction found in it (text, title, author, publication, published_on), kept so
    # that a preview shown after the background job does not extract it again.
    extracted = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArticleOriginalQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(article=None),
                name="article_original_pending",
            )
        ]

    def __str__(self):
        return self.filename
