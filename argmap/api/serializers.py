"""Shapes of the API's requests and responses. Reading shapes are ModelSerializers;
writing shapes are plain serializers whose data is passed to a service as keyword
arguments, so every rule stays in the services."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from argmap.articles.models import Article
from argmap.discussion.models import Comment
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
from argmap.params import MAX_ID
from argmap.reasoning.models import Scenario
from argmap.teams.models import Invitation, Membership, Role, Workspace

# Ids are 64-bit in the database and versions 32-bit: bounding them here answers a
# larger number with a 400 instead of letting it overflow in a query.
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


class WorkspaceCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)


class WorkspaceDeleteSerializer(serializers.Serializer):
    confirm_name = serializers.CharField(
        max_length=200, help_text="The workspace's exact name, to confirm."
    )


class InvitationSerializer(serializers.ModelSerializer):
    state = serializers.ChoiceField(
        choices=["pending", "accepted", "revoked", "expired"], read_only=True
    )
    created_by_username = serializers.CharField(
        source="created_by.username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Invitation
        fields = [
            "id",
            "workspace",
            "role",
            "email",
            "state",
            "created_by",
            "created_by_username",
            "created_at",
            "expires_at",
        ]


class InvitationCreatedSerializer(InvitationSerializer):
    """The new invitation with its secret: the token is not stored, so it is shown only now."""

    token = serializers.CharField(read_only=True, help_text="Accept with this, once.")
    link = serializers.CharField(read_only=True, help_text="The page that accepts it, once.")
    emailed = serializers.BooleanField(read_only=True, help_text="The link was mailed.")
    email_error = serializers.CharField(
        read_only=True, help_text="Why the e-mail could not be sent; empty when it was."
    )

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "token", "link", "emailed", "email_error"]


def invitation_created(issued) -> dict:
    """The API's answer for a ``teams.services.IssuedInvitation``."""
    invitation = issued.invitation
    invitation.token, invitation.link = issued.token, issued.link
    invitation.emailed, invitation.email_error = issued.emailed, issued.not_sent
    return InvitationCreatedSerializer(invitation).data


class InvitationCreateSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, default=Role.EDITOR)
    email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        default="",
        help_text="Mail the link here; leave empty to hand the link over yourself.",
    )


class InvitationAcceptSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=200, help_text="From the invitation's link.")


class InvitationAcceptedSerializer(serializers.Serializer):
    workspace = WorkspaceSerializer()
    membership = MembershipSerializer()


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
    strength = serializers.SerializerMethodField(
        help_text="Computed from its base score, supporters and attackers (DF-QuAD); "
        "null for questions."
    )

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
            "strength",
            "author",
            "created_at",
            "updated_at",
            "version",
        ]

    @extend_schema_field(serializers.FloatField(min_value=0.0, max_value=1.0, allow_null=True))
    def get_strength(self, node) -> float | None:
        """From the ``strengths`` of the context (one computation for a whole page)."""
        return self.context.get("strengths", {}).get(node.pk)


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
    target_link = id_field(
        required=False,
        allow_null=True,
        help_text="With relation “undercuts”: the link whose inference the node attacks "
        "(parent is then that link's source, and may be left out).",
    )
    anchor = AnchorSerializer(required=False, allow_null=True)

    def validate(self, data):
        if data.get("parent") is not None and not data.get("relation"):
            raise serializers.ValidationError({"relation": "Say how the node relates to parent."})
        if data.get("target_link") is not None and data.get("relation") != Relation.UNDERCUTS:
            raise serializers.ValidationError(
                {"target_link": "Only an undercut (relation “undercuts”) names a link."}
            )
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
            "target_link",
            "rationale",
            "argument",
            "mutual",
            "author",
            "created_at",
            "updated_at",
            "version",
        ]


class LinkCreateSerializer(serializers.Serializer):
    source = id_field(help_text="The child node.")
    target = id_field(
        required=False,
        help_text="The parent node (for an undercut: the source of ``target_link``, which "
        "is taken when left out).",
    )
    relation = serializers.ChoiceField(choices=Relation.choices)
    target_link = id_field(
        required=False,
        help_text="With relation “undercuts”: the supports or opposes link whose inference "
        "the source attacks.",
    )
    rationale = serializers.CharField(required=False, allow_blank=True, default="")

    def validate(self, data):
        if data.get("target") is None and data.get("target_link") is None:
            raise serializers.ValidationError({"target": "Name the parent node."})
        return data


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


class ConflictSerializer(serializers.Serializer):
    """409 on links: a stale save (with ``current``) or a pair linked already (``errors``)."""

    message = serializers.CharField()
    current = serializers.DictField(
        required=False, help_text="The object as the other person saved it."
    )
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def stale_payload(error) -> dict:
    current = error.current
    serializer = NodeSerializer(current) if isinstance(current, Node) else LinkSerializer(current)
    return {"message": str(error), "current": serializer.data}


# Strength --------------------------------------------------------------------------------


def strength_field(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(min_value=0.0, max_value=1.0, allow_null=True, **kwargs)


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


# Reasoning ---------------------------------------------------------------------------------


class StrengthSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NodeKind.choices)
    strength = strength_field(help_text="DF-QuAD strength; null for questions.")


class SpreadSerializer(serializers.Serializer):
    """The team's ratings of one node or link, and yours."""

    mine = strength_field(help_text="Your rating, or null.")
    count = serializers.IntegerField()
    mean = strength_field()
    deviation = serializers.FloatField(allow_null=True, help_text="0 when all agree.")
    low = strength_field()
    high = strength_field()


class RatingSerializer(serializers.Serializer):
    value = strength_field(help_text="Your rating from 0 to 1; null clears it.")


class ScenarioSerializer(serializers.ModelSerializer):
    disabled_nodes = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    disabled_links = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Scenario
        fields = [
            "id",
            "map",
            "name",
            "disabled_nodes",
            "disabled_links",
            "basis",
            "created_by",
            "created_at",
        ]


BASIS_HELP = "analyst (base scores and grades), team (mean rating) or member:<user id>."
BASIS_PATTERN = r"^(analyst|team|member:[0-9]{1,18})$"


class ScenarioCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    disabled_nodes = serializers.ListField(
        child=id_field(), max_length=10_000, required=False, default=list
    )
    disabled_links = serializers.ListField(
        child=id_field(), max_length=10_000, required=False, default=list
    )
    basis = serializers.RegexField(
        BASIS_PATTERN, max_length=40, required=False, default="analyst", help_text=BASIS_HELP
    )


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="article, claim, question, evidence or comment.")
    title = serializers.CharField()
    snippet = serializers.CharField(
        help_text="HTML: the user's text escaped, the words found in <mark>."
    )
    url = serializers.CharField(help_text="The page of the hit (node in its map, article).")
    anchor_url = serializers.CharField(
        allow_null=True, help_text="The node's words in its article."
    )
    context = serializers.CharField(help_text="The map's or workspace's name.")
    rank = serializers.FloatField()
