"""Shapes of the API's requests and responses. Reading shapes are ModelSerializers;
writing shapes are plain serializers whose data is passed to a service as keyword
arguments, so every rule stays in the services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.articles.models import Article
from argmap.exchange.formats import IMPORT_FORMATS
from argmap.maps.models import (
    InformationCredibility,
    Link,
    Map,
    Node,
    NodeKind,
    Relation,
    SourceReliability,
)
from argmap.teams.models import Membership, Role, Workspace

# Ids are 64-bit in the database and versions 32-bit: bounding them here answers a
# larger number with a 400 instead of letting it overflow in a query.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_VERSION,
        help_text="The version you started from; a stale one gets 409.",
    )


class WorkspaceSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField(help_text="Your role in this workspace.")

    class Meta:
        model = Workspace
        fields = ["id", "name", "slug", "created_at", "role"]
        read_only_fields = ["slug", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=Role.choices))
    def get_role(self, workspace) -> str:
        return getattr(workspace, "my_role", None) or ""


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "username", "role", "created_at"]
        read_only_fields = ["id", "user", "username", "created_at"]


class MembershipWriteSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=Role.choices)

    def validate_username(self, value):
        user = get_user_model().objects.filter(username=value).first()
        if user is None:
            raise serializers.ValidationError("No user with this username.")
        return user


class SentenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class SplitSerializer(serializers.Serializer):
    title = SentenceSerializer(allow_null=True)
    author = serializers.CharField()
    publication = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    sentences = SentenceSerializer(many=True)


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


class ArticleDetailSerializer(ArticleSerializer):
    split = SplitSerializer(read_only=True, help_text="The article cut into claims and questions.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "split"]


class ArticleCreateSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=False, help_text="The article's full text.")
    title = serializers.CharField(max_length=500, required=False, default="")
    author = serializers.CharField(max_length=300, required=False, default="")
    publication = serializers.CharField(max_length=300, required=False, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    source_url = serializers.URLField(max_length=2000, required=False, default="")


class MapSerializer(serializers.ModelSerializer):
    class Meta:
        model = Map
        fields = ["id", "workspace", "title", "root", "created_at", "updated_at"]


class ArticleCreatedSerializer(serializers.Serializer):
    article = ArticleDetailSerializer()
    map = MapSerializer()


class MapCreateSerializer(serializers.Serializer):
    workspace = id_field()
    title = serializers.CharField(max_length=500)
    root_kind = serializers.ChoiceField(
        choices=[NodeKind.CLAIM, NodeKind.QUESTION], default=NodeKind.QUESTION
    )


class NodeSerializer(serializers.ModelSerializer):
    grade = serializers.CharField(read_only=True, help_text="Admiralty code such as B2, or ''.")

    class Meta:
        model = Node
        fields = [
            "id",
            "map",
            "kind",
            "text",
            "article",
            "anchor_start",
            "anchor_end",
            "anchor_exact",
            "anchor_prefix",
            "anchor_suffix",
            "source_title",
            "source_url",
            "source_date",
            "source_reliability",
            "information_credibility",
            "grade",
            "base_score",
            "author",
            "created_at",
            "updated_at",
            "version",
        ]


class AnchorSerializer(serializers.Serializer):
    article = id_field(help_text="An article of the same workspace.")
    start = serializers.IntegerField(min_value=0, max_value=MAX_VERSION)
    end = serializers.IntegerField(min_value=1, max_value=MAX_VERSION)


class EvidenceFieldsSerializer(serializers.Serializer):
    source_title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    source_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    source_date = serializers.DateField(required=False, allow_null=True)
    source_reliability = serializers.ChoiceField(
        choices=SourceReliability.choices, required=False, allow_blank=True
    )
    information_credibility = serializers.ChoiceField(
        choices=InformationCredibility.choices, required=False, allow_null=True
    )
    base_score = serializers.FloatField(
        min_value=0.0, max_value=1.0, required=False, allow_null=True
    )


class NodeCreateSerializer(EvidenceFieldsSerializer):
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    text = serializers.CharField(max_length=20000)
    parent = id_field(
        required=False, allow_null=True, help_text="Node of the same map to hang this one under."
    )
    relation = serializers.ChoiceField(choices=Relation.choices, required=False, allow_null=True)
    anchor = AnchorSerializer(required=False, allow_null=True)

    def validate(self, data):
        if data.get("parent") is not None and not data.get("relation"):
            raise serializers.ValidationError({"relation": "Say how the node relates to parent."})
        return data


class NodeUpdateSerializer(EvidenceFieldsSerializer):
    text = serializers.CharField(max_length=20000, required=False)
    version = version_field()


class LinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Link
        fields = [
            "id",
            "map",
            "source",
            "target",
            "relation",
            "rationale",
            "author",
            "created_at",
            "updated_at",
            "version",
        ]


class LinkCreateSerializer(serializers.Serializer):
    source = id_field(help_text="The child node.")
    target = id_field(help_text="The parent node.")
    relation = serializers.ChoiceField(choices=Relation.choices)
    rationale = serializers.CharField(required=False, allow_blank=True, default="")


class LinkUpdateSerializer(serializers.Serializer):
    relation = serializers.ChoiceField(choices=Relation.choices, required=False)
    rationale = serializers.CharField(required=False, allow_blank=True)
    target = id_field(
        required=False, help_text="Move the child under another parent of the same map."
    )
    version = version_field()


class DeletionSerializer(serializers.Serializer):
    deletion_id = serializers.UUIDField(help_text="Pass to the map's restore endpoint to undo.")


class RestoredSerializer(serializers.Serializer):
    restored = serializers.IntegerField(help_text="How many nodes and links came back.")


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    format = serializers.ChoiceField(
        choices=["auto", *IMPORT_FORMATS], default="auto", required=False
    )
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ImportResultSerializer(serializers.Serializer):
    map = MapSerializer()
    format = serializers.CharField()
    notes = serializers.ListField(child=serializers.CharField())


class ErrorSerializer(serializers.Serializer):
    message = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class StaleSerializer(serializers.Serializer):
    message = serializers.CharField()
    current = serializers.DictField(help_text="The object as the other person saved it.")


def stale_payload(error) -> dict:
    current = error.current
    serializer = NodeSerializer(current) if isinstance(current, Node) else LinkSerializer(current)
    return {"message": str(error), "current": serializer.data}
