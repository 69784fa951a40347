"""API tokens (django-rest-knox): any number per account, stored only as a hash, each
listed by the first characters of its key and revoked on its own or all at once.

A password change or reset revokes them all (``apps.AccountsConfig.ready`` connects
``revoke_tokens_on_password_change``), so a token issued before can never outlive it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from knox.models import AuthToken


@dataclass(frozen=True)
class IssuedToken:
    key: str  # the secret: shown once, never stored
    token: AuthToken


def token_issue(*, user) -> IssuedToken:
    """A new token for ``user`` (the others stay valid)."""
    token, key = AuthToken.objects.create(user=user)
    return IssuedToken(key=key, token=token)


def tokens_of(user) -> QuerySet[AuthToken]:
    """The user's live tokens, newest first (expired ones are left out)."""
    live = Q(expiry=None) | Q(expiry__gt=timezone.now())
    return AuthToken.objects.filter(live, user=user).order_by("-created")


def token_revoke(*, user, token_key: str) -> int:
    """Revoke the user's token(s) whose key starts with ``token_key``; how many."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return deleted


@transaction.atomic
def tokens_revoke_all(*, user) -> int:
    """Revoke every token of the user; how many there were."""
    deleted, _ = AuthToken.objects.filter(user=user).delete()
    return deleted


def revoke_tokens_on_password_change(sender, instance, update_fields=None, **kwargs):
    """pre_save of the user model: a changed password hash revokes every API token.
    Saves that leave the password out (a login's ``last_login``) cost no query."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        AuthToken.objects.filter(user_id=instance.pk).delete()
