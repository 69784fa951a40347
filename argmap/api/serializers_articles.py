"""Shapes of the API's article requests and responses: an article, its split into
argument units, the page or PDF it came from, and the import that makes its map."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.api.serializers import MapSerializer
from argmap.articles.models import Article
from argmap.maps.models import NodeKind


class SentenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class UnitSerializer(SentenceSerializer):
    inside = serializers.BooleanField(
        help_text="The unit starts inside a sentence: a clause cut precedes it."
    )


class SplitSerializer(serializers.Serializer):
    title = SentenceSerializer(allow_null=True)
    author = serializers.CharField()
    publication = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    language = serializers.CharField(help_text="The language the units were found in.")
    clause_units = serializers.BooleanField(
        help_text="Whether sentences were also cut into clauses (English only)."
    )
    units = UnitSerializer(many=True, help_text="Argument units in article order.")
    sentences = SentenceSerializer(many=True, help_text="The same units (older name).")


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "workspace",
            "title",
            "author",
            "publication",
            "published_on",
            "source_url",
            "imported_at",
        ]


class ArticleOriginalSerializer(serializers.Serializer):
    filename = serializers.CharField()
    content_type = serializers.CharField(help_text="text/html or application/pdf.")
    size = serializers.IntegerField(help_text="In bytes.")
    url = serializers.SerializerMethodField(help_text="Where to download it.")

    def get_url(self, original) -> str:
        return reverse("api_article_original", args=[original.article_id])


class ArticleDetailSerializer(ArticleSerializer):
    split = SplitSerializer(
        source="stored_split",
        read_only=True,
        help_text="The article cut into argument units (claims and questions) at import.",
    )
    original = serializers.SerializerMethodField(
        help_text="The page or PDF the text was extracted from, kept as it was; null for "
        "pasted text."
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "split", "original"]

    @extend_schema_field(ArticleOriginalSerializer(allow_null=True))
    def get_original(self, article) -> dict | None:
        # Read with Article.objects.with_original(): no query here, and not the bytes.
        original = getattr(article, "original", None)
        return ArticleOriginalSerializer(original).data if original else None


class ArticleCreateSerializer(serializers.Serializer):
    """One of ``text``, ``url`` or ``file`` (a multipart upload)."""

    text = serializers.CharField(
        trim_whitespace=False, required=False, default="", help_text="The article's full text."
    )
    url = serializers.URLField(
        max_length=2000,
        required=False,
        default="",
        help_text="Fetch the article from this http(s) URL (public addresses only); its page "
        "or PDF is kept with the article.",
    )
    file = serializers.FileField(
        required=False,
        default=None,
        help_text="Upload the article as .txt, .md, .html or .pdf (multipart/form-data).",
    )
    title = serializers.CharField(max_length=500, required=False, default="")
    author = serializers.CharField(max_length=300, required=False, default="")
    publication = serializers.CharField(max_length=300, required=False, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    source_url = serializers.URLField(max_length=2000, required=False, default="")

    def validate(self, attrs):
        given = [name for name in ("text", "url", "file") if attrs.get(name)]
        if len(given) != 1:
            raise serializers.ValidationError("Give exactly one of text, url or file.")
        return attrs


class ArticleCreatedSerializer(serializers.Serializer):
    article = ArticleDetailSerializer()
    map = MapSerializer()
