"""The API of reasoning: a map's strengths, your ratings of its nodes and links, its
what-if scenarios, and search across your workspaces. The same selectors and services
as the pages, and the same permission layer."""

import re

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import serializers_reasoning as s
from argmap.api.views import ERRORS, LIST_ERRORS, READ_ERRORS, _int_param, _map, _valid
from argmap.maps.models import Link, Node
from argmap.maps.selectors import map_graph
from argmap.reasoning import selectors
from argmap.reasoning import services as reasoning
from argmap.reasoning.search import search, search_comments
from argmap.reasoning.selectors import Basis
from argmap.teams.permissions import Action, require

BASIS_PARAMETER = OpenApiParameter(
    "basis", str, pattern=s.BASIS_PATTERN, description=s.BASIS_HELP + " Default: analyst."
)


def _basis(value: str | None) -> Basis:
    """The basis a request names; a 400 for anything else (the pages fall back silently)."""
    if value in (None, ""):
        return Basis()
    if not re.fullmatch(s.BASIS_PATTERN, value):
        raise ValidationError({"basis": [s.BASIS_HELP]})
    return Basis.parse(value)


@extend_schema(tags=["reasoning"])
class MapStrengths(generics.ListAPIView):
    """Every node's strength (DF-QuAD over supports and oppositions), in node order,
    on the analyst's base scores, the team's mean ratings or one member's ratings."""

    serializer_class = s.StrengthSerializer

    @extend_schema(
        parameters=[BASIS_PARAMETER],
        responses={200: s.StrengthSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request, pk: int):
        map_obj = _map(request, pk, Action.VIEW)
        basis = _basis(request.query_params.get("basis"))
        graph = map_graph(map_obj)
        strengths = selectors.map_strengths(map_obj, graph=graph, basis=basis)
        rows = [
            {"node": node_id, "kind": graph.nodes[node_id].kind, "strength": strength}
            for node_id, strength in sorted(strengths.items())
        ]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class _Rating(APIView):
    """Your rating of one node or link, beside the team's spread."""

    model = Node
    spread_index = 0  # ratings_spread gives (nodes, links)

    def _target(self, request, pk: int, action: Action):
        target = get_object_or_404(self.model.objects.select_related("map"), pk=pk)
        require(request.user, action, target.map.workspace_id)
        return target

    def _spread(self, request, target) -> dict:
        spreads = selectors.ratings_spread(target.map, request.user)[self.spread_index]
        return s.SpreadSerializer(spreads.get(target.pk, selectors.Spread())).data

    def _rate(self, target, user, value):
        raise NotImplementedError

    def get(self, request, pk: int):
        return Response(self._spread(request, self._target(request, pk, Action.VIEW)))

    def put(self, request, pk: int):
        target = self._target(request, pk, Action.COMMENT)
        data = _valid(s.RatingSerializer, request)
        self._rate(target, request.user, data["value"])
        return Response(self._spread(request, target))


RATING_READ = extend_schema(responses={200: s.SpreadSerializer, **READ_ERRORS})
RATING_WRITE = extend_schema(
    request=s.RatingSerializer, responses={200: s.SpreadSerializer, **ERRORS}
)


@extend_schema(tags=["reasoning"])
class NodeRating(_Rating):
    model = Node

    @RATING_READ
    def get(self, request, pk: int):
        """Your plausibility rating of a claim or evidence, and the team's spread."""
        return super().get(request, pk)

    @RATING_WRITE
    def put(self, request, pk: int):
        """Rate the node's plausibility from 0 to 1 (null clears your rating). Questions
        assert nothing and are not rated."""
        return super().put(request, pk)

    def _rate(self, target, user, value):
        reasoning.node_rate(node=target, user=user, plausibility=value)


@extend_schema(tags=["reasoning"])
class LinkRating(_Rating):
    model = Link
    spread_index = 1

    @RATING_READ
    def get(self, request, pk: int):
        """Your weight for a supporting or opposing link, and the team's spread."""
        return super().get(request, pk)

    @RATING_WRITE
    def put(self, request, pk: int):
        """Weigh the link from 0 to 1 (null clears your rating)."""
        return super().put(request, pk)

    def _rate(self, target, user, value):
        reasoning.link_rate(link=target, user=user, weight=value)


@extend_schema(tags=["reasoning"])
class ScenarioList(generics.ListAPIView):
    """The map's named what-if scenarios: nodes and links switched off, and the basis."""

    serializer_class = s.ScenarioSerializer

    @extend_schema(responses={200: s.ScenarioSerializer(many=True), **LIST_ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.scenarios_of(_map(self.request, self.kwargs["pk"], Action.VIEW))

    @extend_schema(
        request=s.ScenarioCreateSerializer, responses={201: s.ScenarioSerializer, **ERRORS}
    )
    def post(self, request, pk: int):
        """Save a what-if under a name (ids not live in the map are left out)."""
        map_obj = _map(request, pk, Action.EDIT)
        data = _valid(s.ScenarioCreateSerializer, request)
        scenario = reasoning.scenario_save(
            map_obj=map_obj,
            name=data["name"],
            disabled_nodes=data["disabled_nodes"],
            disabled_links=data["disabled_links"],
            basis=_basis(data["basis"]),
            user=request.user,
        )
        return Response(s.ScenarioSerializer(scenario).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["reasoning"])
class Search(generics.ListAPIView):
    """Articles, claims, questions, evidence and comments of your workspaces that match
    the words, best first (at most 20 of each). Full-text search on PostgreSQL."""

    serializer_class = s.SearchHitSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="The words to find (the first 200 characters)."),
            OpenApiParameter("workspace", int, description="Only this workspace."),
        ],
        responses={200: s.SearchHitSerializer(many=True), **LIST_ERRORS},
    )
    def get(self, request):
        text = request.query_params.get("q", "")
        workspace_id = request.query_params.get("workspace")
        if workspace_id is not None:
            workspace_id = _int_param("workspace", workspace_id)
            require(request.user, Action.VIEW, workspace_id)
        articles, nodes = search(request.user, text, workspace_id=workspace_id)
        comments = search_comments(request.user, text, workspace_id=workspace_id)
        page = self.paginate_queryset([*articles, *nodes, *comments])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
