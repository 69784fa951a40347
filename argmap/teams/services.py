import hashlib
import logging
import secrets
import smtplib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.mail import BadHeaderError, send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from argmap.accounts.services import has_verified_email
from argmap.teams.models import Invitation, Membership, Role, Workspace

logger = logging.getLogger(__name__)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "workspace"
    slug, counter = base, 2
    while Workspace.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def workspace_name_clean(name: str) -> str:
    """The name without surrounding spaces. A name is one line (it heads pages and the
    subject of invitation mails): line breaks and other control characters are refused."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("A workspace needs a name.")
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in name):
        raise ValidationError(
            "A workspace name is a single line of text: no line breaks or control characters."
        )
    return name


@transaction.atomic
def workspace_create(*, name: str, owner: AbstractBaseUser | None = None) -> Workspace:
    """Create a workspace with a clean one-line name; its creator, when given, becomes its
    owner."""
    name = workspace_name_clean(name)
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


@transaction.atomic
def workspace_delete(*, workspace: Workspace, confirm_name: str) -> None:
    """Delete a workspace with everything in it; the exact name must be typed to confirm."""
    if confirm_name.strip() != workspace.name:
        raise ValidationError("Type the workspace's exact name to delete it.")
    workspace.delete()


def _lock_owners(workspace_id: int) -> int:
    """Lock the workspace row (so concurrent role changes queue up) and count its owners."""
    Workspace.objects.select_for_update().filter(pk=workspace_id).first()
    return Membership.objects.filter(workspace_id=workspace_id, role=Role.OWNER).count()


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last owner cannot be demoted."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role “{role}”.")
    owners = _lock_owners(membership.workspace_id)
    membership.refresh_from_db()
    if membership.role == Role.OWNER and role != Role.OWNER and owners <= 1:
        raise ValidationError(
            "A workspace needs an owner: make someone else owner before changing this role."
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member (or let a member leave); the last owner cannot go."""
    owners = _lock_owners(membership.workspace_id)
    membership.refresh_from_db()
    if membership.role == Role.OWNER and owners <= 1:
        raise ValidationError(
            "A workspace needs an owner: make someone else owner before the last owner leaves."
        )
    membership.delete()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_new_token() -> tuple[str, str]:
    """A fresh secret token and the hash that is stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, _token_hash(token)


@transaction.atomic
def invitation_create(
    *, workspace: Workspace, role: str, created_by, email: str = ""
) -> tuple[Invitation, str]:
    """A new one-time invitation; returns it with its secret token (shown once, never stored)."""
    if role not in Role.values:
        raise ValidationError(f"Unknown role “{role}”.")
    email = email.strip()
    if email and Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise ValidationError(f"{email} already belongs to this workspace.")
    token, token_hash = invitation_new_token()
    invitation = Invitation.objects.create(
        workspace=workspace,
        role=role,
        email=email,
        token_hash=token_hash,
        created_by=created_by,
        expires_at=timezone.now() + settings.INVITATION_MAX_AGE,
    )
    return invitation, token


def invitation_send(*, invitation: Invitation, link: str) -> str:
    """Mail the invitation link to its address. Returns "" once sent, else why it was not
    (the mail server refused or did not answer): the invitation stands either way, and its
    link can still be handed over by hand."""
    inviter = invitation.created_by.get_username() if invitation.created_by else "Someone"
    # Names made before they had to be one line still make a one-line subject.
    workspace_name = " ".join(invitation.workspace.name.split())
    try:
        send_mail(
            subject=f"{inviter} invites you to {workspace_name} on argmap",
            message=(
                f"{inviter} invites you to join the workspace “{invitation.workspace.name}” "
                f"as {invitation.get_role_display().lower()}.\n\n"
                f"Open this link to accept (it works once, until "
                f"{invitation.expires_at:%Y-%m-%d %H:%M} UTC):\n{link}\n"
            ),
            from_email=None,
            recipient_list=[invitation.email],
        )
    except (smtplib.SMTPException, OSError, BadHeaderError) as error:
        logger.warning("Invitation %s not mailed to %s: %s", invitation.pk, invitation.email, error)
        return (
            f"The e-mail to {invitation.email} could not be sent ({error}): "
            "hand over the link yourself."
        )
    return ""


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    token: str  # the secret: shown once, never stored
    link: str
    not_sent: str  # why the e-mail could not be sent; "" when it was, or when there is none

    @property
    def emailed(self) -> bool:
        return bool(self.invitation.email) and not self.not_sent


@transaction.atomic
def invitation_issue(
    *, workspace: Workspace, role: str, created_by, link_for: Callable[[str], str], email=""
) -> IssuedInvitation:
    """Create an invitation and mail its link when it has an address. ``link_for`` turns
    the token into the link (the caller knows the site's address). A mail server that
    refuses leaves the invitation with its link to hand over; any other failure writes
    nothing."""
    invitation, token = invitation_create(
        workspace=workspace, role=role, created_by=created_by, email=email
    )
    link = link_for(token)
    not_sent = invitation_send(invitation=invitation, link=link) if invitation.email else ""
    return IssuedInvitation(invitation=invitation, token=token, link=link, not_sent=not_sent)


WRONG_ADDRESS = (
    "This invitation was sent to another e-mail address than your account's. Log in with "
    "the account that has the invited address, or sign up with that address, to accept it."
)


def invitation_refusal(invitation: Invitation, user) -> str | None:
    """Why ``user`` cannot accept the invitation, or None when they can. An e-mail
    invitation is for the holder of its address: an account that has proved that address;
    a link invitation is for anyone who has the link."""
    if invitation.state != "pending":
        return f"This invitation has {invitation.state} and cannot be used."
    if invitation.email and not has_verified_email(user, invitation.email):
        return WRONG_ADDRESS
    return None


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("workspace", "created_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user) -> Membership:
    """Join the workspace of a pending invitation. Each invitation works once; an e-mail
    invitation only for an account with its address (``invitation_refusal``)."""
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError("This invitation link is not valid.")
    if refusal := invitation_refusal(invitation, user):
        raise ValidationError(refusal)
    if Membership.objects.filter(workspace=invitation.workspace, user=user).exists():
        raise ValidationError("You already belong to this workspace.")
    now = timezone.now()
    # The conditional UPDATE makes the link single-use even when opened twice at once.
    claimed = (
        Invitation.objects.pending(now)
        .filter(pk=invitation.pk)
        .update(accepted_at=now, accepted_by=user)
    )
    if not claimed:
        raise ValidationError("This invitation has just been used.")
    try:
        with transaction.atomic():
            return Membership.objects.create(
                workspace=invitation.workspace, user=user, role=invitation.role
            )
    except IntegrityError:  # a second invitation of the same user, accepted at the same time
        raise ValidationError("You already belong to this workspace.") from None


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.state != "pending":
        raise ValidationError(f"This invitation has {invitation.state} already.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
