"""The one place that decides what a user may do in a workspace.

Every view, htmx partial, export and API endpoint asks here. Objects of a
workspace the user does not belong to are reported as missing (404), so that
their existence never leaks.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from argmap.teams.models import Membership, Role, Workspace


class Action(StrEnum):
    VIEW = "view"  # read and export
    COMMENT = "comment"
    EDIT = "edit"  # articles, maps, nodes, links
    MANAGE = "manage"  # members, deletion of the workspace


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.COMMENTER: frozenset({Action.VIEW, Action.COMMENT}),
    Role.EDITOR: frozenset({Action.VIEW, Action.COMMENT, Action.EDIT}),
    Role.OWNER: frozenset(Action),
}


def role_in(user, workspace_id: int) -> str | None:
    """The user's role in the workspace, or None for outsiders and anonymous users."""
    if not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_argmap_roles", {})
    if workspace_id not in cache:
        cache[workspace_id] = (
            Membership.objects.filter(user=user, workspace_id=workspace_id)
            .values_list("role", flat=True)
            .first()
        )
    return cache[workspace_id]


def can(user, action: Action, workspace_id: int) -> bool:
    role = role_in(user, workspace_id)
    return role is not None and action in ROLE_ACTIONS[role]


def require(user, action: Action, workspace_id: int) -> None:
    """Raise Http404 for outsiders and PermissionDenied (403) for members lacking the role."""
    role = role_in(user, workspace_id)
    if role is None:
        raise Http404("No such object.")
    if action not in ROLE_ACTIONS[role]:
        raise PermissionDenied(f"Your role ({role}) does not allow this.")


def allowed_actions(user, workspace_id: int) -> frozenset[Action]:
    """What the user may do in the workspace (empty for outsiders); for templates, which
    show only the controls that will work: ``{% if "edit" in allowed %}``."""
    role = role_in(user, workspace_id)
    return ROLE_ACTIONS[role] if role else frozenset()


def require_author(
    user, action: Action, workspace_id: int, author_id: int | None, *, or_: Action | None = None
) -> None:
    """Like ``require``, and the user must also be the object's author, unless their role
    allows ``or_`` (owners moderating, for instance)."""
    require(user, action, workspace_id)
    if author_id == user.pk:
        return
    if or_ is not None and can(user, or_, workspace_id):
        return
    raise PermissionDenied("Only its author may do this.")


def forget_roles(user) -> None:
    """Drop the per-request role cache after the user's memberships changed."""
    user.__dict__.pop("_argmap_roles", None)


def visible_workspaces(user) -> QuerySet[Workspace]:
    if not user.is_authenticated:
        return Workspace.objects.none()
    return Workspace.objects.filter(memberships__user=user)
