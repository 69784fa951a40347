"""The API of suggestions: where each node not yet in the tree could go, and accepting or
dismissing a suggestion. The same selectors and services as the map page's panel, and the
same permission layer: editors only (404 outside the workspace, 403 for other roles)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import serializers as s
from argmap.api.views import ERRORS, LINK_CONFLICT, READ_ERRORS, _map, _valid
from argmap.maps.models import Node
from argmap.suggestions import selectors, services
from argmap.teams.permissions import Action

RELATIONS = ["supports", "opposes", "answers", "questions"]


class SuggestionSerializer(serializers.Serializer):
    parent = serializers.IntegerField(help_text="The node to hang it under.")
    relation = serializers.ChoiceField(RELATIONS)
    score = serializers.FloatField(help_text="0..1: how sure the suggestion is.")
    reason = serializers.CharField(help_text="Why, in plain words.")


class NodeSuggestionsSerializer(serializers.Serializer):
    node = serializers.IntegerField()
    text = serializers.CharField()
    suggestions = SuggestionSerializer(many=True, help_text="Best first.")


class PairSerializer(serializers.Serializer):
    node = serializers.IntegerField(min_value=1, max_value=s.MAX_ID)
    parent = serializers.IntegerField(min_value=1, max_value=s.MAX_ID)
    relation = serializers.ChoiceField(RELATIONS)


def _pair(map_obj, data) -> tuple[Node, Node]:
    node = get_object_or_404(Node, pk=data["node"], map=map_obj)
    parent = get_object_or_404(Node, pk=data["parent"], map=map_obj)
    return node, parent


@extend_schema(tags=["suggestions"])
class MapSuggestions(APIView):
    @extend_schema(
        summary="Suggested places of the nodes not yet in the tree",
        responses={
            200: inline_serializer(
                "MapSuggestions",
                {
                    "nodes": NodeSuggestionsSerializer(many=True),
                    "waiting": serializers.IntegerField(
                        help_text="Nodes whose meaning is still being read: ask again."
                    ),
                    "more": serializers.IntegerField(
                        help_text="Unplaced nodes beyond this answer's limit."
                    ),
                },
            ),
            403: ERRORS[403],
            **READ_ERRORS,
        },
    )
    def get(self, request, pk: int):
        map_obj = _map(request, pk, Action.EDIT)
        found = selectors.map_suggestions(map_obj, user=request.user)
        nodes = [
            {
                "node": node.id,
                "text": node.text,
                "suggestions": [
                    {
                        "parent": item.parent.id,
                        "relation": item.relation,
                        "score": round(item.score, 3),
                        "reason": item.reason,
                    }
                    for item in found.by_node.get(node.id, [])
                ],
            }
            for node in found.unplaced
        ]
        return Response({"nodes": nodes, "waiting": found.waiting, "more": found.more})


@extend_schema(tags=["suggestions"])
class SuggestionAccept(APIView):
    @extend_schema(
        summary="Accept a suggestion: hang the node under the parent (an ordinary link)",
        request=PairSerializer,
        responses={201: s.LinkSerializer, **ERRORS, **LINK_CONFLICT},
    )
    def post(self, request, pk: int):
        map_obj = _map(request, pk, Action.EDIT)
        data = _valid(PairSerializer, request)
        node, parent = _pair(map_obj, data)
        link = services.suggestion_accept(
            node=node, parent=parent, relation=data["relation"], user=request.user
        )
        return Response(s.LinkSerializer(link).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["suggestions"])
class SuggestionDismiss(APIView):
    @extend_schema(
        summary="Dismiss a suggestion: it is not made again",
        request=PairSerializer,
        responses={204: OpenApiResponse(description="Dismissed."), **ERRORS},
    )
    def post(self, request, pk: int):
        map_obj = _map(request, pk, Action.EDIT)
        data = _valid(PairSerializer, request)
        node, parent = _pair(map_obj, data)
        services.suggestion_dismiss(
            node=node, parent=parent, relation=data["relation"], user=request.user
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
