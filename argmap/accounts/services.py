"""Accounts: sign-up confirmed by e-mail, and the e-mail address an account has proved.

Sign-up answers alike whether or not the address already has an account (the page must
not tell who uses argmap): a new address gets a link that activates the account; an
address in use gets a mail saying someone tried to sign up with it.
"""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode


class SignUpTokenGenerator(PasswordResetTokenGenerator):
    """Django's signed, expiring tokens (as for password resets), under their own salt and
    spent once the account is active."""

    key_salt = "argmap.accounts.SignUpTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


signup_tokens = SignUpTokenGenerator()


def has_verified_email(user, email: str) -> bool:
    """Whether ``user`` has proved it holds ``email``: an active account with that address
    (sign-up activates an account only through a link sent to its address)."""
    return bool(
        email
        and user.is_authenticated
        and user.is_active
        and (user.email or "").strip().lower() == email.strip().lower()
    )


@transaction.atomic
def account_sign_up(*, user, link_for: Callable[[str, str], str]) -> None:
    """Ask for an account: ``user`` comes unsaved from the sign-up form (name, address,
    hashed password). ``link_for(uidb64, token)`` makes the confirmation link.

    A new address: the account is saved inactive and its address gets the link. An address
    an active account has: nothing is saved and the address is told of the attempt. An
    earlier unconfirmed sign-up with the address is replaced.
    """
    users = get_user_model().objects
    email = user.email.strip()
    if users.filter(email__iexact=email, is_active=True).exists():
        send_mail(
            subject="Someone tried to sign up to argmap with your address",
            message=(
                f"Someone (perhaps you) tried to create an argmap account with {email}, "
                "which already has an account. Nothing was changed.\n\n"
                "If it was you, log in instead, or reset your password from the login page. "
                "If it was not you, you need not do anything.\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
        return
    users.filter(email__iexact=email, is_active=False, last_login=None).delete()
    user.is_active = False
    user.save()
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    send_mail(
        subject="Confirm your argmap account",
        message=(
            f"Open this link to confirm {email} and start using argmap as "
            f"{user.get_username()}:\n{link_for(uidb64, signup_tokens.make_token(user))}\n\n"
            "If you did not sign up, ignore this mail: without the link no account is made.\n"
        ),
        from_email=None,
        recipient_list=[email],
    )


@transaction.atomic
def account_confirm(*, uidb64: str, token: str):
    """The account the link activates (now active), or None for a wrong or used link."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.select_for_update().filter(pk=pk, is_active=False).first()
    if user is None or not signup_tokens.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
