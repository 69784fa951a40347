"""The htmx partials of the teams, discussion and activity areas: a fragment for htmx, the
whole page around it without (so every link and form also works without JavaScript)."""

import pytest
from django.urls import reverse

from argmap.discussion.services import comment_create
from argmap.maps.services import map_create, node_create
from argmap.teams.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(workspace):
    map_obj = map_create(workspace=workspace, title="Who pays?", root_kind="question")
    return node_create(
        map_obj=map_obj, kind="claim", text="Europe.", parent=map_obj.root, relation="answers"
    )


@pytest.mark.parametrize(
    ("name", "target", "fragment"),
    [
        ("comments_panel", "node", '<section class="discussion"'),
        ("map_activity", "map", '<section id="activity-feed"'),
    ],
)
def test_get_partials_with_and_without_htmx(member_client, claim, name, target, fragment):
    client = member_client(Role.EDITOR)
    comment_create(node=claim, author=client.user, body="Hm.")
    url = reverse(name, args=[claim.pk if target == "node" else claim.map_id])
    page = client.get(url).content.decode()
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in page and fragment in page
    assert "<html" not in partial and partial.lstrip().startswith(fragment)


def test_comment_edit_form_with_and_without_htmx(member_client, claim):
    client = member_client(Role.COMMENTER)
    comment = comment_create(node=claim, author=client.user, body="Draft.")
    url = reverse("comment_edit", args=[comment.pk])
    assert "<html" in client.get(url).content.decode()
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and 'id="edit-body-' in partial and "Draft." in partial
    saved = client.post(url, {"body": "Final."}, HTTP_HX_REQUEST="true").content.decode()
    assert "Final." in saved and "<html" not in saved
    assert client.post(url, {"body": "Again."}).url == reverse("comments_panel", args=[claim.pk])


def test_invitation_partial_with_and_without_htmx(member_client, workspace):
    client = member_client(Role.OWNER)
    url = reverse("invitation_create", args=[workspace.pk])
    partial = client.post(url, {"role": "viewer"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="invitations">') and "/invitations/" in partial
    page = client.post(url, {"role": "viewer"}).content.decode()
    assert "<html" in page and "/invitations/" in page
