"""Reads of the teams area."""

from django.db.models import Count, QuerySet

from argmap.teams.models import Invitation, Membership, Workspace


def workspaces_of(user) -> QuerySet[Membership]:
    """The user's memberships with their workspace and its member count, by name."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .annotate(member_count=Count("workspace__memberships"))
        .order_by("workspace__name")
    )


def members_of(workspace: Workspace) -> QuerySet[Membership]:
    return workspace.memberships.select_related("user").order_by("user__username")


def pending_invitations(workspace: Workspace) -> QuerySet[Invitation]:
    return Invitation.objects.pending().filter(workspace=workspace).select_related("created_by")
