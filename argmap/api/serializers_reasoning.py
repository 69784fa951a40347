"""Shapes of the API's reasoning requests and responses: strengths, ratings and their
spread, what-if scenarios, and search hits."""

from rest_framework import serializers

from argmap.api.serializers import id_field
from argmap.maps.models import NodeKind
from argmap.reasoning.models import Scenario

# Strength --------------------------------------------------------------------------------


def strength_field(**kwargs) -> serializers.FloatField:
    return serializers.FloatField(min_value=0.0, max_value=1.0, allow_null=True, **kwargs)


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
