from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from argmap.teams.models import Membership, Role, Workspace


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "workspace"
    slug, counter = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


@transaction.atomic
def workspace_create(*, name: str, owner: AbstractBaseUser | None = None) -> Workspace:
    """Create a workspace; its creator, when given, becomes its owner."""
    workspace = Workspace.objects.create(name=name, slug=_unique_slug(name))
    if owner is not None:
        Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


def workspace_get_or_create(*, name: str, owner: AbstractBaseUser | None = None) -> Workspace:
    """The workspace with this name (or slug), created when missing."""
    existing = (
        Workspace.objects.filter(name=name).first() or Workspace.objects.filter(slug=name).first()
    )
    return existing or workspace_create(name=name, owner=owner)


def membership_set(*, workspace: Workspace, user: AbstractBaseUser, role: str) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    return membership
