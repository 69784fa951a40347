"""The API of teams: removing members (or leaving), and invitations: made and listed by
owners, revoked, accepted with their one-time token. The same services as the pages in
``teams.views``, and the same permission layer."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import serializers as s
from argmap.api.views import ERRORS, LIST_ERRORS, _valid, _workspace
from argmap.teams import selectors, services
from argmap.teams.models import Invitation, Membership
from argmap.teams.permissions import Action, forget_roles, require

DONE = {204: OpenApiResponse(description="Done; nothing to show.")}
# settings.RATE_LIMITS counts every POST to an invitation URL per user ("invitation" group).
RATE_LIMITED = {
    429: OpenApiResponse(
        s.ErrorSerializer, description="Too many invitation requests; wait Retry-After."
    )
}
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    int,
    OpenApiParameter.HEADER,
    response=[429],
    description="Seconds to wait before trying again.",
)


@extend_schema(tags=["workspaces"])
class MemberDetail(APIView):
    @extend_schema(responses={**DONE, **ERRORS})
    def delete(self, request, pk: int, membership_pk: int):
        """Remove a member (owners), or leave (any member, with your own membership's id).
        The last owner cannot go: make someone else owner first."""
        workspace = _workspace(request, pk, Action.VIEW)
        membership = get_object_or_404(Membership, pk=membership_pk, workspace=workspace)
        if membership.user_id != request.user.pk:
            require(request.user, Action.MANAGE, workspace.pk)
        services.membership_remove(membership=membership)
        forget_roles(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(responses={200: s.InvitationSerializer(many=True), **LIST_ERRORS})
)
@extend_schema(tags=["invitations"])
class InvitationList(generics.ListAPIView):
    """The workspace's pending invitations, newest first (owners only)."""

    serializer_class = s.InvitationSerializer

    def get_queryset(self):
        workspace = _workspace(self.request, self.kwargs["pk"], Action.MANAGE)
        return selectors.pending_invitations(workspace)

    @extend_schema(
        request=s.InvitationCreateSerializer,
        parameters=[RETRY_AFTER],
        responses={201: s.InvitationCreatedSerializer, **ERRORS, **RATE_LIMITED},
    )
    def post(self, request, pk: int):
        """Invite someone with a role (owners only). The answer holds the one-time token
        and link, shown this once (only a hash is stored); with an ``email``, the link is
        also mailed there."""
        workspace = _workspace(request, pk, Action.MANAGE)
        data = _valid(s.InvitationCreateSerializer, request)
        issued = services.invitation_issue(
            workspace=workspace,
            created_by=request.user,
            link_for=lambda token: request.build_absolute_uri(
                reverse("invitation_accept", args=[token])
            ),
            **data,
        )
        return Response(s.invitation_created(issued), status=status.HTTP_201_CREATED)


@extend_schema(tags=["invitations"])
class InvitationDetail(APIView):
    @extend_schema(responses={**DONE, **ERRORS})
    def delete(self, request, pk: int):
        """Revoke a pending invitation (owners only): its link stops working."""
        invitation = get_object_or_404(Invitation, pk=pk)
        require(request.user, Action.MANAGE, invitation.workspace_id)
        services.invitation_revoke(invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(
    tags=["invitations"],
    request=s.InvitationAcceptSerializer,
    responses={
        201: s.InvitationAcceptedSerializer,
        400: OpenApiResponse(
            s.ErrorSerializer,
            description="Not a valid token, already used, revoked or expired, or you "
            "already belong to the workspace; nothing was changed.",
        ),
        401: ERRORS[401],
        **RATE_LIMITED,
    },
    parameters=[RETRY_AFTER],
)
class InvitationAccept(APIView):
    def post(self, request):
        """Join the workspace of an invitation with the role it offers. Each works once."""
        data = _valid(s.InvitationAcceptSerializer, request)
        membership = services.invitation_accept(token=data["token"], user=request.user)
        forget_roles(request.user)
        workspace = membership.workspace
        workspace.my_role = membership.role
        body = {
            "workspace": s.WorkspaceSerializer(workspace).data,
            "membership": s.MembershipSerializer(membership).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)
