"""Shapes of the API's requests and responses. Reading shapes are ModelSerializers;
writing shapes are plain serializers whose data is passed to a service as keyword
arguments, so every rule stays in the services."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


class MapSerializer(serializers.ModelSerializer):
    class Meta:
        model = Map
        fields = ["id", "workspace", "title", "root", "created_at", "updated_at"]


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
