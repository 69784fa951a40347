"""Shapes of the API's teamwork requests and responses: comments, a node's history, the
map's trash and its activity feed."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.api.serializers import MAX_VERSION, id_field
from argmap.discussion.models import Comment
from argmap.maps.models import NodeKind, Relation

# Discussion ------------------------------------------------------------------------------


class CommentSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField(help_text="The author's username.")
    body = serializers.SerializerMethodField(help_text="The text; '' once deleted.")
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "node",
            "parent",
            "author",
            "author_name",
            "body",
            "created_at",
            "edited_at",
            "deleted",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author_name(self, comment) -> str | None:
        return comment.author.username if comment.author else None

    @extend_schema_field(serializers.CharField())
    def get_body(self, comment) -> str:
        return "" if comment.is_deleted else comment.body


class CommentCreateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    parent = id_field(
        required=False, allow_null=True, help_text="A live comment of the same node to reply to."
    )


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


# History, trash and activity ---------------------------------------------------------------


class VersionSerializer(serializers.Serializer):
    """One recorded version of a node, compared with the one before it."""

    history_id = serializers.IntegerField(
        source="record.history_id", help_text="Pass to the restore endpoint."
    )
    at = serializers.DateTimeField(source="record.history_date")
    user = serializers.SerializerMethodField(help_text="Who saved it (username).")
    type = serializers.ChoiceField(
        source="record.history_type",
        choices=[("+", "created"), ("~", "changed"), ("-", "erased")],
    )
    kind = serializers.ChoiceField(source="record.kind", choices=NodeKind.choices)
    text = serializers.CharField(source="record.text")
    source_title = serializers.CharField(source="record.source_title")
    source_url = serializers.CharField(source="record.source_url")
    source_date = serializers.DateField(source="record.source_date", allow_null=True)
    source_reliability = serializers.CharField(source="record.source_reliability")
    information_credibility = serializers.IntegerField(
        source="record.information_credibility", allow_null=True
    )
    base_score = serializers.FloatField(source="record.base_score", allow_null=True)
    in_trash = serializers.SerializerMethodField()
    changed = serializers.ListField(
        child=serializers.CharField(), help_text="Fields that differ from the version before."
    )
    trashed = serializers.BooleanField(help_text="This version moved the node to the trash.")
    untrashed = serializers.BooleanField(help_text="This version brought it back.")
    is_current = serializers.BooleanField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_user(self, version) -> str | None:
        user = version.record.history_user
        return user.username if user else None

    def get_in_trash(self, version) -> bool:
        return version.record.deleted_at is not None


class VersionRestoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text="The node's version you started from; a stale one gets 409.",
    )


class TrashNodeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    text = serializers.CharField()


class TrashLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    relation = serializers.ChoiceField(choices=Relation.choices)
    source = serializers.IntegerField(source="source_id")
    target = serializers.IntegerField(source="target_id")
    source_text = serializers.CharField(source="source.text")
    target_text = serializers.CharField(source="target.text")


class DeletionListSerializer(serializers.Serializer):
    """One delete: the nodes and links it moved to the trash (the first few of each)."""

    deletion_id = serializers.UUIDField(help_text="Pass to the map's restore endpoint.")
    deleted_at = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    node_count = serializers.IntegerField()
    link_count = serializers.IntegerField()
    nodes = TrashNodeSerializer(many=True)
    links = TrashLinkSerializer(many=True)


class FeedEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    who = serializers.CharField(allow_null=True)
    entity = serializers.ChoiceField(choices=["node", "link", "comment"])
    object_id = serializers.IntegerField(help_text="The node or link (for a comment: its node).")
    verb = serializers.CharField(help_text="added, edited, deleted, restored, commented on…")
    label = serializers.CharField(help_text="The node's text (for a link: its source's).")
    label2 = serializers.CharField(help_text="A link's target text, or a comment's text.")
    detail = serializers.CharField(help_text="The node's kind or the link's relation.")
