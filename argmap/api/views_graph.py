"""The REST API of the argument graph: a map's nodes and links, read, written and moved to
the trash through the same services and graph rules as the map page."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import serializers as s
from argmap.api.views import (
    ERRORS,
    LINK_CONFLICT,
    LIST_ERRORS,
    READ_ERRORS,
    STALE,
    _int_param,
    _map,
    _valid,
    node_data,
)
from argmap.articles.models import Article
from argmap.maps import services, services_trash
from argmap.maps.models import Link, Map, Node, NodeKind
from argmap.reasoning.selectors import map_strengths
from argmap.teams.permissions import Action, require


def _in_map(model, map_obj: Map, pk, field: str):
    """A live node of the map, or a 400 naming the field (ids come from the request)."""
    obj = model.objects.filter(map=map_obj, pk=pk).first() if isinstance(pk, int) else None
    if obj is None:
        raise ValidationError({field: [f"No {model.__name__.lower()} {pk} in this map."]})
    return obj


# Nodes --------------------------------------------------------------------------------


@extend_schema(tags=["nodes"])
class NodeList(generics.ListAPIView):
    """Live nodes of a map, oldest first; filter by kind, text and author."""

    serializer_class = s.NodeSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=[k.value for k in NodeKind]),
            OpenApiParameter("text", str, description="Nodes whose text contains this."),
            OpenApiParameter("author", int, description="Nodes written by this user id."),
        ],
        responses={200: s.NodeSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "map_obj", None) is not None:
            # The whole map's strengths once per page: 2 lean queries at any size.
            context["strengths"] = map_strengths(self.map_obj)
        return context

    def get_queryset(self):
        self.map_obj = map_obj = _map(self.request, self.kwargs["pk"], Action.VIEW)
        nodes = Node.objects.filter(map=map_obj).order_by("id")
        params = self.request.query_params
        if params.get("kind"):
            if params["kind"] not in NodeKind.values:
                raise ValidationError({"kind": [f"Choose one of {', '.join(NodeKind.values)}."]})
            nodes = nodes.filter(kind=params["kind"])
        if params.get("text"):
            nodes = nodes.filter(text__icontains=params["text"])
        if params.get("author"):
            nodes = nodes.filter(author_id=_int_param("author", params["author"]))
        return nodes

    @extend_schema(request=s.NodeCreateSerializer, responses={201: s.NodeSerializer, **ERRORS})
    def post(self, request, pk: int):
        """Add a node, anchored to article text when given and hung under ``parent``."""
        map_obj = _map(request, pk, Action.EDIT)
        data = dict(_valid(s.NodeCreateSerializer, request))
        parent_id, anchor = data.pop("parent", None), data.pop("anchor", None)
        parent = _in_map(Node, map_obj, parent_id, "parent") if parent_id is not None else None
        if (link_id := data.pop("target_link", None)) is not None:
            data["target_link"] = _in_map(Link, map_obj, link_id, "target_link")
            parent = parent or data["target_link"].source
        if anchor:
            article = Article.objects.filter(
                pk=anchor["article"], workspace_id=map_obj.workspace_id
            ).first()
            if article is None:
                raise ValidationError({"anchor": ["No such article in this workspace."]})
            anchor = services.Anchor(article, anchor["start"], anchor["end"])
        node = services.node_create(
            map_obj=map_obj,
            author=request.user,
            anchor=anchor,
            parent=parent,
            **data,
        )
        return Response(node_data(node), status=status.HTTP_201_CREATED)


@extend_schema(tags=["nodes"])
class NodeDetail(APIView):
    def _node(self, request, pk: int, action: Action) -> Node:
        node = get_object_or_404(Node.objects.select_related("map"), pk=pk)
        require(request.user, action, node.map.workspace_id)
        return node

    @extend_schema(responses={200: s.NodeSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(node_data(self._node(request, pk, Action.VIEW)))

    @extend_schema(
        request=s.NodeUpdateSerializer, responses={200: s.NodeSerializer, **ERRORS, **STALE}
    )
    def patch(self, request, pk: int):
        """Change a node's text or evidence fields. Send the ``version`` you started from."""
        node = self._node(request, pk, Action.EDIT)
        changes = dict(_valid(s.NodeUpdateSerializer, request))
        version = changes.pop("version", None)
        node = services.node_update(node=node, expected_version=version, **changes)
        return Response(node_data(node))

    @extend_schema(responses={200: s.DeletionSerializer, **ERRORS})
    def delete(self, request, pk: int):
        """Move the node, its links and what hung only below it to the map's trash."""
        deletion_id = services_trash.node_trash(node=self._node(request, pk, Action.EDIT))
        return Response({"deletion_id": deletion_id})


# Links --------------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(responses={200: s.LinkSerializer(many=True), **LIST_ERRORS}))
@extend_schema(tags=["links"])
class LinkList(generics.ListAPIView):
    """Live links of a map: ``source`` (the child) supports, opposes, answers or
    questions ``target`` (the parent), or undercuts ``target_link`` (an attack on that
    link's inference; ``target`` is then the attacked link's source)."""

    serializer_class = s.LinkSerializer

    def get_queryset(self):
        map_obj = _map(self.request, self.kwargs["pk"], Action.VIEW)
        return Link.objects.filter(map=map_obj).order_by("id")

    @extend_schema(
        request=s.LinkCreateSerializer,
        responses={201: s.LinkSerializer, **ERRORS, **LINK_CONFLICT},
    )
    def post(self, request, pk: int):
        map_obj = _map(request, pk, Action.EDIT)
        data = _valid(s.LinkCreateSerializer, request)
        attacked = None
        if data.get("target_link") is not None:
            attacked = _in_map(Link, map_obj, data["target_link"], "target_link")
        if data.get("target") is not None:
            target = _in_map(Node, map_obj, data["target"], "target")
        else:
            target = attacked.source
        link = services.link_create(
            source=_in_map(Node, map_obj, data["source"], "source"),
            target=target,
            relation=data["relation"],
            rationale=data["rationale"],
            author=request.user,
            target_link=attacked,
        )
        return Response(s.LinkSerializer(link).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["links"])
class LinkDetail(APIView):
    def _link(self, request, pk: int, action: Action) -> Link:
        link = get_object_or_404(Link.objects.select_related("map", "source", "target"), pk=pk)
        require(request.user, action, link.map.workspace_id)
        return link

    @extend_schema(responses={200: s.LinkSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(s.LinkSerializer(self._link(request, pk, Action.VIEW)).data)

    @extend_schema(
        request=s.LinkUpdateSerializer,
        responses={200: s.LinkSerializer, **ERRORS, **LINK_CONFLICT},
    )
    def patch(self, request, pk: int):
        """Change the relation or rationale, or move the child under another ``target``."""
        link = self._link(request, pk, Action.EDIT)
        data = _valid(s.LinkUpdateSerializer, request)
        if "target" in data:
            if data.get("version") not in (None, link.version):
                raise services.StaleEdit(link)
            link = services.node_move(
                link=link,
                new_parent=_in_map(Node, link.map, data["target"], "target"),
                relation=data.get("relation"),
            )
        else:
            link = services.link_update(
                link=link,
                expected_version=data.get("version"),
                relation=data.get("relation"),
                rationale=data.get("rationale"),
            )
        return Response(s.LinkSerializer(link).data)

    @extend_schema(responses={200: s.DeletionSerializer, **ERRORS})
    def delete(self, request, pk: int):
        """Move the link to the map's trash."""
        deletion_id = services_trash.link_trash(link=self._link(request, pk, Action.EDIT))
        return Response({"deletion_id": deletion_id})
