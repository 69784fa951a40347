import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from argmap.teams.models import Invitation, Membership, Role, Workspace
from argmap.teams.services import (
    invitation_accept,
    invitation_create,
    membership_change_role,
    membership_remove,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _token_from(html: str) -> str:
    marker = "/invitations/"
    start = html.index(marker) + len(marker)
    return html[start : html.index("/", start)]


def test_a_user_creates_a_workspace_and_owns_it(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("workspace_create"), {"name": "Kyiv desk"})
    workspace = Workspace.objects.get(name="Kyiv desk")
    assert response.url == reverse("workspace_detail", args=[workspace.pk])
    assert Membership.objects.get(workspace=workspace, user=user).role == Role.OWNER
    assert "Kyiv desk" in client.get(reverse("workspace_list")).content.decode()


def test_workspace_list_shows_only_the_users_workspaces(member_client, workspace):
    client = member_client(Role.VIEWER)
    elsewhere = MembershipFactory().workspace
    html = client.get(reverse("workspace_list")).content.decode()
    assert workspace.name in html and elsewhere.name not in html
    assert client.get(reverse("workspace_detail", args=[elsewhere.pk])).status_code == 404


def test_owner_invites_by_link_and_the_link_works_once(member_client, workspace, client):
    owner_client = member_client(Role.OWNER)
    response = owner_client.post(
        reverse("invitation_create", args=[workspace.pk]), {"role": Role.COMMENTER}
    )
    assert response.status_code == 200
    token = _token_from(response.content.decode())
    assert not Invitation.objects.filter(token_hash=token).exists()  # only a hash is stored

    # Before signing up: who invites, to what, with which role, and the way in.
    client.logout()
    url = reverse("invitation_accept", args=[token])
    first_look = client.get(url).content.decode()
    assert workspace.name in first_look and "Commenter" in first_look
    assert f'href="{reverse("signup")}?next={url}"' in first_look
    assert client.post(url).url.startswith(reverse("login"))  # joining needs an account
    newcomer = UserFactory()
    client.force_login(newcomer)
    page = client.get(url)
    assert page.status_code == 200 and "Commenter" in page.content.decode()
    # Joined: on the workspace's maps, not its members page.
    assert client.post(url).url == reverse("home") + f"#workspace-{workspace.pk}"
    assert Membership.objects.get(workspace=workspace, user=newcomer).role == Role.COMMENTER

    client.force_login(UserFactory())
    reused = client.post(url)
    assert reused.status_code == 410
    assert "accepted" in reused.content.decode()
    assert workspace.memberships.count() == 2


def test_invitation_by_email_sends_the_link(member_client, workspace):
    client = member_client(Role.OWNER)
    client.post(
        reverse("invitation_create", args=[workspace.pk]),
        {"role": Role.EDITOR, "email": "ana@example.org"},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert workspace.name in message.subject
    assert "/invitations/" in message.body and "editor" in message.body


def _unreachable_mail_server(settings):
    """A real SMTP connection to a port where nothing listens: the send fails."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2


def test_an_invitation_whose_email_fails_keeps_its_link(member_client, workspace, settings):
    _unreachable_mail_server(settings)
    client = member_client(Role.OWNER)
    response = client.post(
        reverse("invitation_create", args=[workspace.pk]),
        {"role": Role.EDITOR, "email": "ana@example.org"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The e-mail to ana@example.org could not be sent" in html
    assert "/invitations/" in html and ", sent to ana@example.org" not in html
    assert Invitation.objects.filter(workspace=workspace, email="ana@example.org").exists()


def test_an_expired_invitation_is_refused(workspace):
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    invitation, token = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=owner)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError, match="expired"):
        invitation_accept(token=token, user=UserFactory())
    assert workspace.memberships.count() == 1


def test_a_revoked_or_unknown_invitation_is_refused(workspace, client):
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER)
    invitation, token = invitation_create(
        workspace=workspace, role=Role.VIEWER, created_by=owner.user
    )
    client.force_login(owner.user)
    client.post(reverse("invitation_revoke", args=[workspace.pk, invitation.pk]))
    with pytest.raises(ValidationError, match="revoked"):
        invitation_accept(token=token, user=UserFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("invitation_accept", args=["no-such-token"])).status_code == 404


def test_a_member_cannot_accept_into_their_own_workspace_again(workspace):
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    _, token = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=owner)
    with pytest.raises(ValidationError, match="already belong"):
        invitation_accept(token=token, user=owner)
    assert Membership.objects.get(user=owner).role == Role.OWNER


def test_invitation_link_survives_sign_up(workspace, client):
    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    _, token = invitation_create(workspace=workspace, role=Role.EDITOR, created_by=owner)
    accept_url = reverse("invitation_accept", args=[token])
    first_look = client.get(accept_url)  # the invitation itself, with the way to sign up
    assert f'href="{reverse("signup")}?next={accept_url}"' in first_look.content.decode()
    signup = client.post(
        reverse("signup"),
        {
            "username": "newcomer",
            "email": "new@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
            "next": accept_url,
        },
    )
    assert signup.url == reverse("signup_sent")
    confirm = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", mail.outbox[-1].body)
    assert client.get(confirm.group(1)).url == accept_url
    client.post(accept_url)
    assert workspace.memberships.get(user__username="newcomer").role == Role.EDITOR


def test_owner_changes_roles_and_removes_members(member_client, workspace):
    client = member_client(Role.OWNER)
    other = MembershipFactory(workspace=workspace, role=Role.VIEWER)
    client.post(reverse("membership_role", args=[workspace.pk, other.pk]), {"role": "editor"})
    other.refresh_from_db()
    assert other.role == Role.EDITOR
    response = client.post(
        reverse("membership_role", args=[workspace.pk, other.pk]),
        {"role": "commenter"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and 'id="members"' in response.content.decode()
    assert "<html" not in response.content.decode()
    client.post(reverse("membership_remove", args=[workspace.pk, other.pk]))
    assert not Membership.objects.filter(pk=other.pk).exists()


def test_the_last_owner_can_neither_leave_nor_be_demoted(member_client, workspace):
    client = member_client(Role.OWNER)
    mine = Membership.objects.get(user=client.user)
    with pytest.raises(ValidationError, match="needs an owner"):
        membership_change_role(membership=mine, role=Role.EDITOR)
    with pytest.raises(ValidationError, match="needs an owner"):
        membership_remove(membership=mine)
    client.post(reverse("workspace_leave", args=[workspace.pk]))
    response = client.post(
        reverse("membership_role", args=[workspace.pk, mine.pk]),
        {"role": "viewer"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422 and "needs an owner" in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == Role.OWNER

    second = MembershipFactory(workspace=workspace, role=Role.OWNER)
    membership_change_role(membership=mine, role=Role.EDITOR)
    with pytest.raises(ValidationError):
        membership_remove(membership=second)


def test_a_member_leaves(member_client, workspace):
    client = member_client(Role.EDITOR)
    response = client.post(reverse("workspace_leave", args=[workspace.pk]))
    assert response.url == reverse("workspace_list")
    assert not workspace.memberships.filter(user=client.user).exists()
    assert client.get(reverse("workspace_detail", args=[workspace.pk])).status_code == 404


def test_only_the_exact_name_deletes_a_workspace(member_client, workspace):
    client = member_client(Role.OWNER)
    url = reverse("workspace_delete", args=[workspace.pk])
    assert client.post(url, {"confirm_name": "nope"}).status_code == 422
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    client.post(url, {"confirm_name": workspace.name})
    assert not Workspace.objects.filter(pk=workspace.pk).exists()


def test_members_page_hides_management_from_non_owners(member_client, workspace):
    html = member_client(Role.EDITOR).get(reverse("workspace_detail", args=[workspace.pk]))
    html = html.content.decode()
    assert "Invite someone" not in html and "Delete workspace" not in html
    assert "membership_role" not in html and "/role/" not in html
