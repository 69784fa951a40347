"""F7, F8, F10: sign-up does not tell which addresses have accounts; an e-mail invitation
is for the holder of its address; workspace names are one line and a failed invitation
mail writes nothing half."""

import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.teams.models import Invitation, Role, Workspace
from argmap.teams.services import invitation_create, workspace_create
from tests.factories import MembershipFactory, UserFactory
from tests.test_security_holes_not_found import CSRF

pytestmark = pytest.mark.django_db

PASSWORD = "a long passphrase 42"


def _sign_up(client, username: str, email: str):
    return client.post(
        reverse("signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_answers_alike_for_a_new_and_a_known_address(client):
    UserFactory(email="known@example.org")
    known = _sign_up(client, "someone", "known@example.org")
    new = _sign_up(client, "newcomer", "new@example.org")
    assert (known.status_code, known.url) == (new.status_code, new.url)
    assert CSRF.sub(b"", client.get(known.url).content) == CSRF.sub(
        b"", client.get(new.url).content
    )
    assert not get_user_model().objects.filter(username="someone").exists()
    to_known, to_new = mail.outbox
    assert to_known.to == ["known@example.org"] and "already has an account" in to_known.body
    assert to_new.to == ["new@example.org"] and "/accounts/signup/confirm/" in to_new.body


def test_sign_up_form_errors_never_mention_the_address(client):
    UserFactory(email="known@example.org")
    response = client.post(
        reverse("signup"),
        {"username": "x", "email": "known@example.org", "password1": "a", "password2": "b"},
    )
    assert response.status_code == 200
    assert "e-mail address already exists" not in response.content.decode()


def test_an_unconfirmed_sign_up_cannot_log_in_and_a_new_one_replaces_it(client):
    _sign_up(client, "first", "pending@example.org")
    assert not client.login(username="first", password=PASSWORD)
    _sign_up(client, "second", "pending@example.org")
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["second"]


def _email_invitation(workspace, email="invited@example.org"):
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    return invitation_create(workspace=workspace, role=Role.EDITOR, created_by=owner, email=email)


def test_an_email_invitation_is_refused_to_another_account(client, workspace):
    _, token = _email_invitation(workspace)
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(stranger)
    url = reverse("invitation_accept", args=[token])
    page = client.get(url)
    assert page.status_code == 403 and "another e-mail address" in page.content.decode()
    assert client.post(url).status_code == 403
    assert not workspace.memberships.filter(user=stranger).exists()
    assert Invitation.objects.get().state == "pending"  # still there for its addressee


def test_an_email_invitation_is_accepted_by_the_account_with_its_address(client, workspace):
    _, token = _email_invitation(workspace)
    invited = UserFactory(email="Invited@Example.org")
    client.force_login(invited)
    client.post(reverse("invitation_accept", args=[token]))
    assert workspace.memberships.get(user=invited).role == Role.EDITOR


def test_an_email_invitation_through_the_api_is_bound_too(client, workspace):
    _, token = _email_invitation(workspace)
    client.force_login(UserFactory(email="stranger@example.org"))
    response = client.post("/api/invitations/accept/", {"token": token}, "application/json")
    assert response.status_code == 400
    assert "another e-mail address" in response.json()["message"]


def test_a_link_invitation_says_anyone_with_the_link_can_join(client, workspace):
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    _, token = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=owner)
    client.force_login(UserFactory())
    page = client.get(reverse("invitation_accept", args=[token])).content.decode()
    assert "anyone who has this link can join" in page
    client.force_login(owner)
    created = client.post(reverse("invitation_create", args=[workspace.pk]), {"role": "viewer"})
    assert "Anyone who has this link can join" in created.content.decode()


@pytest.mark.parametrize(
    "name", ["Team\nBcc: x@evil.example", "Team\r\nB", "Team\x0bB", "T\u2028B"]
)
def test_a_workspace_name_is_one_line(member_client, name):
    with pytest.raises(ValidationError, match="single line"):
        workspace_create(name=name)
    client = member_client(Role.OWNER)
    response = client.post(reverse("workspace_create"), {"name": name})
    assert response.status_code == 422 and "single line" in response.content.decode()
    api = client.post("/api/workspaces/", {"name": name}, "application/json")
    assert api.status_code == 400 and "single line" in api.json()["message"]
    assert not Workspace.objects.filter(name__contains="B").exists()


def test_an_old_name_with_a_line_break_still_mails_its_invitation(member_client, workspace):
    Workspace.objects.filter(pk=workspace.pk).update(name="Old\nname")
    client = member_client(Role.OWNER)
    response = client.post(
        reverse("invitation_create", args=[workspace.pk]),
        {"role": "viewer", "email": "invited@example.org"},
    )
    assert response.status_code in (200, 302)
    assert mail.outbox[-1].subject.endswith("invites you to Old name on argmap")


def test_a_failed_invitation_mail_writes_nothing_half(member_client, workspace):
    client = member_client(Role.OWNER)
    client.raise_request_exception = False
    with mock.patch("argmap.teams.services.send_mail", side_effect=RuntimeError("broken")):
        response = client.post(
            reverse("invitation_create", args=[workspace.pk]),
            {"role": "viewer", "email": "invited@example.org"},
        )
    assert response.status_code == 500
    assert not Invitation.objects.exists()


def test_the_confirmation_link_carries_the_invitation_through(client, workspace):
    _, token = _email_invitation(workspace, email="fresh@example.org")
    accept_url = reverse("invitation_accept", args=[token])
    client.post(
        reverse("signup"),
        {
            "username": "fresh",
            "email": "fresh@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "next": accept_url,
        },
    )
    link = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mail.outbox[-1].body)
    assert client.get(link.group(1)).url == accept_url
    client.post(accept_url)
    assert workspace.memberships.get(user__username="fresh").role == Role.EDITOR
