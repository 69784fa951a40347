"""The API of teamwork: comments on nodes, a node's history (and restoring an earlier
version), a map's trash and its activity feed. The same selectors and services as the
pages, and the same permission layer."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.activity import selectors as activity
from argmap.activity.services import node_version_restore
from argmap.api import serializers as s
from argmap.api import serializers_teamwork as st
from argmap.api.pagination import SelectorPages
from argmap.api.views import ERRORS, LIST_ERRORS, READ_ERRORS, STALE, _map, _valid, node_data
from argmap.discussion import services as discussion
from argmap.discussion.models import Comment
from argmap.discussion.selectors import node_thread
from argmap.maps.models import Node
from argmap.teams.permissions import Action, require, require_author


def _node(request, pk: int, action: Action, *, trashed: bool = False) -> Node:
    manager = Node.all_objects if trashed else Node.objects
    node = get_object_or_404(manager.select_related("map"), pk=pk)
    require(request.user, action, node.map.workspace_id)
    return node


# Comments ------------------------------------------------------------------------------


@extend_schema(tags=["discussion"])
class CommentList(generics.ListAPIView):
    """A node's discussion in thread order: each reply follows its parent, oldest first.
    A deleted comment stays (with an empty body) only while a live reply hangs below it."""

    serializer_class = st.CommentSerializer

    @extend_schema(responses={200: st.CommentSerializer(many=True), **LIST_ERRORS})
    def get(self, request, pk: int):
        node = _node(request, pk, Action.VIEW)
        # One query for the whole thread, cut into pages in memory.
        page = self.paginate_queryset([row.comment for row in node_thread(node.pk)])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=st.CommentCreateSerializer, responses={201: st.CommentSerializer, **ERRORS}
    )
    def post(self, request, pk: int):
        """Comment on the node, or reply to one of its comments (commenters and above)."""
        node = _node(request, pk, Action.COMMENT)
        data = _valid(st.CommentCreateSerializer, request)
        parent = None
        if data.get("parent") is not None:
            parent = Comment.objects.filter(pk=data["parent"], node=node).first()
            if parent is None:
                raise ValidationError({"parent": ["No such comment on this node."]})
        comment = discussion.comment_create(
            node=node,
            author=request.user,
            body=data["body"],
            parent=parent,
            link=request.build_absolute_uri(reverse("comments_panel", args=[node.pk])),
        )
        return Response(st.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["discussion"])
class CommentDetail(APIView):
    def _comment(self, request, pk: int) -> Comment:
        comment = get_object_or_404(Comment.objects.select_related("map", "author"), pk=pk)
        require(request.user, Action.VIEW, comment.map.workspace_id)
        return comment

    @extend_schema(responses={200: st.CommentSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(st.CommentSerializer(self._comment(request, pk)).data)

    @extend_schema(
        request=st.CommentUpdateSerializer, responses={200: st.CommentSerializer, **ERRORS}
    )
    def patch(self, request, pk: int):
        """Change your own comment's text."""
        comment = self._comment(request, pk)
        require_author(request.user, Action.COMMENT, comment.map.workspace_id, comment.author_id)
        data = _valid(st.CommentUpdateSerializer, request)
        link = request.build_absolute_uri(reverse("comments_panel", args=[comment.node_id]))
        comment = discussion.comment_update(comment=comment, body=data["body"], link=link)
        return Response(st.CommentSerializer(comment).data)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted."), **ERRORS})
    def delete(self, request, pk: int):
        """Delete your own comment (owners may delete any); its replies stay in the thread."""
        comment = self._comment(request, pk)
        require_author(
            request.user,
            Action.COMMENT,
            comment.map.workspace_id,
            comment.author_id,
            or_=Action.MANAGE,
        )
        discussion.comment_delete(comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)


class _SelectorList(generics.ListAPIView):
    """A list that an activity selector cuts into pages (a Django ``Page``)."""

    pagination_class = SelectorPages

    def _page(self):
        return self.request.query_params.get("page")

    def answer(self, request, page) -> Response:
        results = self.get_serializer(page.object_list, many=True).data
        return SelectorPages.response(request, page, results)


# History -------------------------------------------------------------------------------


@extend_schema(tags=["history"])
class NodeHistory(_SelectorList):
    """A node's recorded versions, newest first, each compared with the one before it
    (also for a node in the trash). Pages of 20."""

    serializer_class = st.VersionSerializer

    @extend_schema(responses={200: st.VersionSerializer(many=True), **LIST_ERRORS})
    def get(self, request, pk: int):
        node = _node(request, pk, Action.VIEW, trashed=True)
        return self.answer(request, activity.node_versions(node.pk, self._page()))


@extend_schema(
    tags=["history"],
    request=st.VersionRestoreSerializer,
    responses={200: s.NodeSerializer, **ERRORS, **STALE},
)
class NodeVersionRestore(APIView):
    def post(self, request, pk: int, history_id: int):
        """Make the node read as it did in an earlier version (saved as a new version).
        Send the node's ``version`` you started from: if it changed since, 409."""
        node = _node(request, pk, Action.EDIT, trashed=True)
        data = _valid(st.VersionRestoreSerializer, request)
        node = node_version_restore(
            node=node, history_id=history_id, expected_version=data["version"]
        )
        return Response(node_data(node))


# Trash and activity --------------------------------------------------------------------


@extend_schema(tags=["history"])
class MapTrash(_SelectorList):
    """What each delete put in the map's trash, newest first; restore one with the map's
    restore endpoint and its ``deletion_id``. Pages of 20 deletions."""

    serializer_class = st.DeletionListSerializer

    @extend_schema(responses={200: st.DeletionListSerializer(many=True), **LIST_ERRORS})
    def get(self, request, pk: int):
        map_obj = _map(request, pk, Action.VIEW)
        return self.answer(request, activity.map_trash(map_obj.pk, self._page()))


@extend_schema(tags=["history"])
class MapActivity(_SelectorList):
    """Who added, edited, deleted, restored or commented on what in the map, newest
    first. Pages of 25."""

    serializer_class = st.FeedEntrySerializer

    @extend_schema(responses={200: st.FeedEntrySerializer(many=True), **LIST_ERRORS})
    def get(self, request, pk: int):
        map_obj = _map(request, pk, Action.VIEW)
        return self.answer(request, activity.map_activity(map_obj.pk, self._page()))
