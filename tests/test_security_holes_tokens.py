"""F6: API tokens are listed and revoked on the account page and through the API, each
login makes its own token, and a password change or reset revokes them all."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password


def _log_in(user) -> str:
    response = APIClient().post(
        "/api/auth/token/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _works(token: str) -> bool:
    return _client(token).get("/api/workspaces/").status_code == 200


def test_each_login_makes_its_own_token_and_they_are_listed():
    user = UserFactory()
    first, second = _log_in(user), _log_in(user)
    assert first != second and _works(first) and _works(second)
    listed = _client(second).get("/api/auth/tokens/").json()["results"]
    assert [(row["id"], row["current"]) for row in listed] == [
        (second[:15], True),
        (first[:15], False),
    ]
    assert not AuthToken.objects.filter(digest__in=[first, second]).exists()  # hashed


def test_a_token_is_revoked_by_its_id_the_current_one_or_all():
    user = UserFactory()
    first, second, third = _log_in(user), _log_in(user), _log_in(user)
    assert _client(third).delete(f"/api/auth/tokens/{first[:15]}/").status_code == 204
    assert not _works(first) and _works(second)
    assert _client(second).delete("/api/auth/token/").status_code == 204
    assert not _works(second) and _works(third)
    assert _client(third).delete("/api/auth/tokens/").status_code == 204
    assert not _works(third)


def test_nobody_revokes_another_accounts_token():
    mine, theirs = _log_in(UserFactory()), _log_in(UserFactory())
    response = _client(mine).delete(f"/api/auth/tokens/{theirs[:15]}/")
    assert response.status_code == 404 and response.json() == {"message": "Not found."}
    assert _works(theirs)


def test_a_password_change_revokes_every_token(client):
    user = UserFactory()
    token = _log_in(user)
    client.force_login(user)
    client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another long phrase 7",
            "new_password2": "another long phrase 7",
        },
    )
    assert not _works(token)


def test_a_password_reset_revokes_every_token(client):
    user = UserFactory(email="reset@example.org")
    token = _log_in(user)
    client.post(reverse("password_reset"), {"email": "reset@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand new phrase 9", "new_password2": "brand new phrase 9"},
    )
    user.refresh_from_db()
    assert user.check_password("brand new phrase 9")
    assert not _works(token)


def test_a_login_save_does_not_revoke_tokens(client):
    user = UserFactory()
    token = _log_in(user)
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert _works(token)


def test_the_account_page_lists_makes_and_revokes_tokens(client):
    user = UserFactory()
    old = _log_in(user)
    client.force_login(user)
    page = client.get(reverse("account")).content.decode()
    assert f"{old[:15]}…" in page
    made = client.post(reverse("token_new")).content.decode()
    key = re.search(r'value="([0-9a-f]{64})" aria-label="New API token"', made).group(1)
    assert _works(key)
    client.post(reverse("token_revoke", args=[old[:15]]))
    assert not _works(old) and _works(key)
    client.post(reverse("tokens_revoke_all"))
    assert not _works(key)
    assert "You have no API tokens." in client.get(reverse("account")).content.decode()


def test_a_token_that_is_not_text_is_refused_like_a_wrong_one():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token \xff\xfe")
    assert client.get("/api/workspaces/").status_code == 401
