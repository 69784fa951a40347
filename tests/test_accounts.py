import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", message.body).group(1)


def test_sign_up_is_confirmed_by_a_link_mailed_to_the_address(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "ana",
            "email": "ana@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.url == reverse("signup_sent")
    assert client.get(reverse("workspace_list")).status_code == 302  # not logged in yet
    assert not get_user_model().objects.get(username="ana").is_active
    assert mail.outbox[-1].to == ["ana@example.org"]
    link = _confirm_link(mail.outbox[-1])
    assert client.get(link).url == reverse("home")
    assert client.get(reverse("workspace_list")).status_code == 200
    assert get_user_model().objects.get(username="ana").is_active
    client.post(reverse("logout"))
    assert client.get(link).status_code == 410  # a link works once


def test_sign_up_shows_form_errors_and_saves_nothing(client):
    UserFactory(username="taken", email="taken@example.org")
    response = client.post(
        reverse("signup"),
        {"username": "taken", "email": "taken@example.org", "password1": "x", "password2": "y"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "already exists" in html and "didn’t match" in html
    assert get_user_model().objects.count() == 1


def test_sign_up_ignores_an_offsite_next(client):
    client.post(
        reverse("signup"),
        {
            "username": "bo",
            "email": "bo@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
            "next": "https://evil.example/",
        },
    )
    assert "evil" not in mail.outbox[-1].body
    assert client.get(_confirm_link(mail.outbox[-1])).url == reverse("home")


def test_log_in_and_out(client):
    user = UserFactory()
    assert _login(client, user.username, PASSWORD).url == reverse("home")
    assert client.post(reverse("logout")).url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_change_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long phrase 7",
            "new_password2": "another long phrase 7",
        },
    )
    assert response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("another long phrase 7")


def test_reset_password_by_email(client):
    user = UserFactory(email="reset@example.org")
    response = client.post(reverse("password_reset"), {"email": "reset@example.org"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["reset@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "brand new phrase 9", "new_password2": "brand new phrase 9"},
    )
    assert done.url == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("brand new phrase 9")


def test_repeated_failed_logins_are_throttled_with_a_clear_message(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, user.username, "wrong").status_code == 200
    locked = _login(client, user.username, "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed logins" in html and "Try again in" in html
    # Even the right password is refused during the wait...
    assert _login(client, user.username, PASSWORD).status_code == 429
    assert client.get(reverse("home")).status_code == 302
    # ...for that username only: another account logs in from the same address.
    other = UserFactory()
    assert _login(client, other.username, PASSWORD).url == reverse("home")


def test_a_success_resets_the_failure_count(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, user.username, "wrong")
    assert _login(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert _login(client, user.username, "wrong").status_code == 200


def test_the_test_clients_login_still_works(client):
    """``Client.login`` authenticates without a request; the throttle lets it through."""
    user = UserFactory()
    assert client.login(username=user.username, password=PASSWORD)
    assert not client.login(username=user.username, password="wrong")
