"""The teams API: workspaces made and deleted, roles changed (never leaving a workspace
without an owner), members removed or leaving, invitations made, listed, revoked and
accepted once. Each endpoint per role, with the database before and after."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from argmap.maps.models import Map
from argmap.maps.services import map_create
from argmap.teams.models import Invitation, Membership, Role, Workspace
from argmap.teams.services import invitation_create
from tests import api_clients
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
api = api_clients.api  # the fixture: a token-authenticated client per role

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's
MEMBER_ROLES = [Role.OWNER, Role.EDITOR, Role.COMMENTER, Role.VIEWER]
VISITORS = [*MEMBER_ROLES, "outsider"]


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
    client.user = user
    return client


@pytest.fixture
def visitor(api):
    """A client of the chosen role in ``workspace``, or of an outsider."""

    def make(role: str) -> APIClient:
        return _token_client(UserFactory()) if role == "outsider" else api(role)

    return make


def manage_status(role: str, ok: int) -> int:
    """Owners may manage; other members get 403; outsiders 404 (nothing is revealed)."""
    return {Role.OWNER: ok, "outsider": 404}.get(role, 403)


def members(workspace) -> list[tuple[str, str]]:
    rows = Membership.objects.filter(workspace=workspace).values_list("user__username", "role")
    return sorted(rows)


def invitations(workspace) -> list[tuple[str, str, bool, bool]]:
    rows = Invitation.objects.filter(workspace=workspace).order_by("id")
    return [(i.role, i.email, i.accepted_at is not None, i.revoked_at is not None) for i in rows]


# Workspaces ----------------------------------------------------------------------------


def test_create_a_workspace_and_become_its_owner(db):
    user = UserFactory(username="founder")
    client = _token_client(user)
    assert not Workspace.objects.exists()
    response = client.post("/api/workspaces/", {"name": "Newsroom"}, format="json")
    assert response.status_code == 201
    workspace = Workspace.objects.get()
    assert response.json() | {"created_at": None} == {
        "id": workspace.pk,
        "name": "Newsroom",
        "slug": "newsroom",
        "created_at": None,
        "role": "owner",
    }
    assert members(workspace) == [("founder", "owner")]
    assert client.get("/api/workspaces/").json()["count"] == 1


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 201}, {"name": "a\x00b"}])
def test_a_bad_workspace_name_is_400_and_creates_nothing(db, body):
    response = _token_client(UserFactory()).post("/api/workspaces/", body, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    assert not Workspace.objects.exists() and not Membership.objects.exists()


def test_anonymous_callers_cannot_create_a_workspace(db):
    response = APIClient().post("/api/workspaces/", {"name": "Nope"}, format="json")
    assert response.status_code == 401
    assert not Workspace.objects.exists()


@pytest.mark.parametrize("role", VISITORS)
def test_only_owners_delete_a_workspace(visitor, workspace, role):
    client = visitor(role)
    MembershipFactory(workspace=workspace, role=Role.OWNER)
    map_create(workspace=workspace, title="A map", root_kind="claim")
    query = urlencode({"confirm_name": workspace.name})
    response = client.delete(f"/api/workspaces/{workspace.pk}/?{query}")
    assert response.status_code == manage_status(role, 204)
    deleted = role == Role.OWNER
    assert Workspace.objects.filter(pk=workspace.pk).exists() is not deleted
    assert Map.objects.filter(workspace_id=workspace.pk).exists() is not deleted
    assert Membership.objects.filter(workspace_id=workspace.pk).exists() is not deleted


@pytest.mark.parametrize("query", ["", "confirm_name=", "confirm_name=Something+else"])
def test_deleting_a_workspace_needs_its_exact_name(api, workspace, query):
    owner = api(Role.OWNER)
    response = owner.delete(f"/api/workspaces/{workspace.pk}/?{query}")
    assert response.status_code == 400
    assert response.json()["errors"].keys() <= {"confirm_name", "non_field_errors"}
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    assert members(workspace) == [(owner.user.username, "owner")]


# Roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", VISITORS)
def test_only_owners_change_roles(visitor, workspace, role):
    target = MembershipFactory(workspace=workspace, role=Role.VIEWER)
    client = visitor(role)
    before = members(workspace)
    response = client.post(
        f"/api/workspaces/{workspace.pk}/members/",
        {"username": target.user.username, "role": "editor"},
        format="json",
    )
    assert response.status_code == manage_status(role, 200)
    target.refresh_from_db()
    if role == Role.OWNER:
        assert response.json()["role"] == "editor" and response.json()["id"] == target.pk
        assert target.role == Role.EDITOR
    else:
        assert target.role == Role.VIEWER
        assert members(workspace) == before


def test_a_non_member_is_not_added_but_told_to_be_invited(api, workspace):
    owner = api(Role.OWNER)
    UserFactory(username="newcomer")
    before = members(workspace)
    response = owner.post(
        f"/api/workspaces/{workspace.pk}/members/",
        {"username": "newcomer", "role": "editor"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "username": [
            "Not a member of this workspace: invite them with "
            f"POST /api/workspaces/{workspace.pk}/invitations/."
        ]
    }
    assert members(workspace) == before


def test_the_last_owner_cannot_demote_themselves(api, workspace):
    owner = api(Role.OWNER)
    response = owner.post(
        f"/api/workspaces/{workspace.pk}/members/",
        {"username": owner.user.username, "role": "viewer"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["message"] == (
        "A workspace needs an owner: make someone else owner before changing this role."
    )
    assert members(workspace) == [(owner.user.username, "owner")]


def test_with_a_second_owner_an_owner_may_step_down(api, workspace):
    owner, other = api(Role.OWNER), api(Role.EDITOR)
    url = f"/api/workspaces/{workspace.pk}/members/"
    promoted = owner.post(url, {"username": other.user.username, "role": "owner"}, format="json")
    assert promoted.status_code == 200
    body = {"username": owner.user.username, "role": "viewer"}
    assert owner.post(url, body, format="json").status_code == 200
    assert members(workspace) == sorted(
        [(owner.user.username, "viewer"), (other.user.username, "owner")]
    )
    # A viewer now: no longer allowed to manage.
    assert owner.post(url, body, format="json").status_code == 403


# Removing members and leaving ------------------------------------------------------------


@pytest.mark.parametrize("role", VISITORS)
def test_only_owners_remove_other_members(visitor, workspace, role):
    target = MembershipFactory(workspace=workspace, role=Role.EDITOR)
    client = visitor(role)
    response = client.delete(f"/api/workspaces/{workspace.pk}/members/{target.pk}/")
    assert response.status_code == manage_status(role, 204)
    assert Membership.objects.filter(pk=target.pk).exists() is (role != Role.OWNER)


@pytest.mark.parametrize("role", [Role.EDITOR, Role.COMMENTER, Role.VIEWER])
def test_any_member_may_leave(api, workspace, role):
    owner, leaver = api(Role.OWNER), api(role)
    mine = Membership.objects.get(workspace=workspace, user=leaver.user)
    response = leaver.delete(f"/api/workspaces/{workspace.pk}/members/{mine.pk}/")
    assert response.status_code == 204
    assert members(workspace) == [(owner.user.username, "owner")]
    assert leaver.get(f"/api/workspaces/{workspace.pk}/").status_code == 404


def test_the_last_owner_cannot_leave_or_be_removed(api, workspace):
    owner = api(Role.OWNER)
    mine = Membership.objects.get(workspace=workspace, user=owner.user)
    response = owner.delete(f"/api/workspaces/{workspace.pk}/members/{mine.pk}/")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "A workspace needs an owner: make someone else owner before the last owner leaves."
    )
    assert members(workspace) == [(owner.user.username, "owner")]


def test_a_membership_of_another_workspace_is_404_through_yours(api, workspace):
    owner = api(Role.OWNER)
    elsewhere = MembershipFactory(role=Role.EDITOR)
    response = owner.delete(f"/api/workspaces/{workspace.pk}/members/{elsewhere.pk}/")
    assert response.status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


# Invitations -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", VISITORS)
def test_only_owners_make_invitations(visitor, workspace, role):
    client = visitor(role)
    response = client.post(
        f"/api/workspaces/{workspace.pk}/invitations/", {"role": "commenter"}, format="json"
    )
    assert response.status_code == manage_status(role, 201)
    assert invitations(workspace) == ([("commenter", "", False, False)] if role == "owner" else [])


def test_a_new_invitation_shows_its_token_once_and_stores_only_a_hash(api, workspace):
    owner = api(Role.OWNER)
    response = owner.post(
        f"/api/workspaces/{workspace.pk}/invitations/", {"role": "editor"}, format="json"
    )
    body = response.json()
    invitation = Invitation.objects.get()
    assert body["id"] == invitation.pk and body["state"] == "pending"
    assert body["role"] == "editor" and body["email"] == ""
    assert body["created_by_username"] == owner.user.username
    assert body["link"] == f"http://testserver/invitations/{body['token']}/"
    assert body["token"] not in (invitation.token_hash, "")
    assert not mail.outbox  # no address: the owner hands the link over
    listed = owner.get(f"/api/workspaces/{workspace.pk}/invitations/").json()["results"]
    assert [row["id"] for row in listed] == [invitation.pk]
    assert "token" not in listed[0] and "link" not in listed[0]


def test_an_invitation_whose_email_fails_answers_201_with_the_reason(api, workspace, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    response = api(Role.OWNER).post(
        f"/api/workspaces/{workspace.pk}/invitations/",
        {"role": "viewer", "email": "guest@example.org"},
        format="json",
    )
    body = response.json()
    assert response.status_code == 201 and body["emailed"] is False
    assert "could not be sent" in body["email_error"] and "/invitations/" in body["link"]


def test_an_invitation_with_an_email_is_mailed(api, workspace):
    owner = api(Role.OWNER)
    response = owner.post(
        f"/api/workspaces/{workspace.pk}/invitations/",
        {"role": "viewer", "email": "guest@example.org"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["emailed"] is True
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["guest@example.org"]
    assert response.json()["link"] in mail.outbox[0].body
    assert invitations(workspace) == [("viewer", "guest@example.org", False, False)]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"role": "king"}, "role"),
        ({"role": "viewer", "email": "not an address"}, "email"),
        ({"role": "viewer", "email": "a" * 64 + "@" + ("b" * 61 + ".") * 3 + "orgx"}, "email"),
    ],
)
def test_bad_invitations_are_400_and_make_nothing(api, workspace, body, field):
    owner = api(Role.OWNER)
    response = owner.post(f"/api/workspaces/{workspace.pk}/invitations/", body, format="json")
    assert response.status_code == 400 and field in response.json()["errors"]
    assert invitations(workspace) == []


def test_a_member_is_not_invited_again(api, workspace):
    owner, editor = api(Role.OWNER), api(Role.EDITOR)
    response = owner.post(
        f"/api/workspaces/{workspace.pk}/invitations/",
        {"role": "viewer", "email": editor.user.email.upper()},
        format="json",
    )
    assert response.status_code == 400
    assert (
        response.json()["message"]
        == f"{editor.user.email.upper()} already belongs to this workspace."
    )
    assert invitations(workspace) == [] and not mail.outbox


@pytest.mark.parametrize("role", VISITORS)
def test_only_owners_list_invitations(visitor, workspace, role):
    invitation_create(workspace=workspace, role=Role.VIEWER, created_by=None)
    response = visitor(role).get(f"/api/workspaces/{workspace.pk}/invitations/")
    assert response.status_code == manage_status(role, 200)


def test_the_list_shows_pending_invitations_only_at_a_fixed_query_count(api, workspace):
    owner = api(Role.OWNER)
    url = f"/api/workspaces/{workspace.pk}/invitations/"
    pending, _ = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=owner.user)
    revoked, _ = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=owner.user)
    revoked.revoked_at = timezone.now()
    revoked.save()
    with CaptureQueriesContext(connection) as one:
        assert [row["id"] for row in owner.get(url).json()["results"]] == [pending.pk]
    for _ in range(5):
        invitation_create(workspace=workspace, role=Role.EDITOR, created_by=UserFactory())
    # The creators come with the invitations (select_related), not one query each.
    with CaptureQueriesContext(connection) as six:
        assert owner.get(url).json()["count"] == 6
    assert len(six) == len(one)


@pytest.mark.parametrize("role", VISITORS)
def test_only_owners_revoke_invitations(visitor, workspace, role):
    invitation, _ = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=None)
    response = visitor(role).delete(f"/api/invitations/{invitation.pk}/")
    assert response.status_code == manage_status(role, 204)
    invitation.refresh_from_db()
    assert (invitation.revoked_at is not None) is (role == Role.OWNER)


def test_revoking_twice_is_400(api, workspace):
    owner = api(Role.OWNER)
    invitation, _ = invitation_create(workspace=workspace, role=Role.VIEWER, created_by=None)
    assert owner.delete(f"/api/invitations/{invitation.pk}/").status_code == 204
    again = owner.delete(f"/api/invitations/{invitation.pk}/")
    assert again.status_code == 400
    assert again.json()["message"] == "This invitation has revoked already."


# Accepting -------------------------------------------------------------------------------


def _accept(client, token):
    return client.post("/api/invitations/accept/", {"token": token}, format="json")


def test_an_invitation_made_over_the_api_is_accepted_once(api, workspace):
    owner = api(Role.OWNER)
    made = owner.post(
        f"/api/workspaces/{workspace.pk}/invitations/", {"role": "commenter"}, format="json"
    ).json()
    guest = _token_client(UserFactory(username="guest"))
    assert guest.get(f"/api/workspaces/{workspace.pk}/").status_code == 404
    accepted = _accept(guest, made["token"])
    assert accepted.status_code == 201
    membership = Membership.objects.get(workspace=workspace, user=guest.user)
    assert accepted.json()["membership"]["id"] == membership.pk
    assert accepted.json()["workspace"]["id"] == workspace.pk
    assert accepted.json()["workspace"]["role"] == "commenter"
    assert members(workspace) == sorted([(owner.user.username, "owner"), ("guest", "commenter")])
    assert guest.get(f"/api/workspaces/{workspace.pk}/").json()["role"] == "commenter"
    assert invitations(workspace) == [("commenter", "", True, False)]
    # The same link, a second time, by someone else: refused, nothing changes.
    second = _accept(_token_client(UserFactory()), made["token"])
    assert second.status_code == 400
    assert second.json()["message"] == "This invitation has accepted and cannot be used."
    assert members(workspace) == sorted([(owner.user.username, "owner"), ("guest", "commenter")])
    assert owner.get(f"/api/workspaces/{workspace.pk}/invitations/").json()["count"] == 0


@pytest.mark.parametrize(
    "spoil, message",
    [
        ("expire", "This invitation has expired and cannot be used."),
        ("revoke", "This invitation has revoked and cannot be used."),
        ("forge", "This invitation link is not valid."),
        ("member", "You already belong to this workspace."),
    ],
)
def test_a_spent_or_false_invitation_is_refused(api, workspace, spoil, message):
    owner = api(Role.OWNER)
    invitation, token = invitation_create(workspace=workspace, role=Role.EDITOR, created_by=None)
    guest = api(Role.VIEWER) if spoil == "member" else _token_client(UserFactory())
    if spoil == "expire":
        invitation.expires_at = timezone.now() - timedelta(seconds=1)
        invitation.save()
    elif spoil == "revoke":
        assert owner.delete(f"/api/invitations/{invitation.pk}/").status_code == 204
    elif spoil == "forge":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    before = members(workspace)
    response = _accept(guest, token)
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert members(workspace) == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_accepting_needs_a_login_and_a_token(db):
    invitation, token = invitation_create(
        workspace=MembershipFactory(role=Role.OWNER).workspace, role=Role.VIEWER, created_by=None
    )
    assert _accept(APIClient(), token).status_code == 401
    missing = _token_client(UserFactory()).post("/api/invitations/accept/", {}, format="json")
    assert missing.status_code == 400 and "token" in missing.json()["errors"]
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# Log-in lockout ----------------------------------------------------------------------------


def _token(username: str, password: str):
    return APIClient().post("/api/auth/token/", {"username": username, "password": password})


def test_a_locked_out_login_gets_429_even_with_the_right_password(db):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _token(user.username, "wrong").status_code == 400
    locked = _token(user.username, "wrong")
    assert locked.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert locked.json() == {
        "message": f"Too many failed logins: logging in as {user.username} is blocked for now "
        f"after {settings.AXES_FAILURE_LIMIT} wrong passwords in a row. Try again in "
        f"{minutes} minutes. Resetting your password by e-mail works during the wait."
    }
    assert locked["Retry-After"] == str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    right = _token(user.username, PASSWORD)
    assert right.status_code == 429 and right.json() == locked.json()
    assert not AuthToken.objects.filter(user=user).exists()
    # Only that username is locked: another account still gets its token.
    other = UserFactory()
    assert _token(other.username, PASSWORD).status_code == 200


def test_a_wrong_password_before_the_limit_stays_a_400(db):
    user = UserFactory()
    response = _token(user.username, "wrong")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Unable to log in with provided credentials."]
    }
    assert _token(user.username, PASSWORD).status_code == 200
