from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm


class SignUpForm(UserCreationForm):
    """Name, address and password. Whether the address has an account already is never
    said here (see ``account_sign_up``)."""

    email = forms.EmailField(
        required=True,
        help_text="We send a link to confirm it. Used for password resets and invitations; "
        "never shown to others.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")
