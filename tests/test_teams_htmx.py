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


def test_map_sidebar_and_poller_for_the_map_page(rf, member_client, claim, workspace):
    from django.template.loader import render_to_string

    from argmap.activity.selectors import map_revision, map_teamwork

    client = member_client(Role.VIEWER)
    comment_create(node=claim, author=client.user, body="Hm.")
    teamwork = map_teamwork(claim.map_id)
    assert teamwork["comment_counts"] == {claim.pk: 1}
    assert teamwork["revision"] == map_revision(claim.map_id)[1]
    request = rf.get("/")
    request.user = client.user
    html = render_to_string(
        "activity/map_sidebar.html", {"map": claim.map, **teamwork}, request=request
    )
    changes = reverse("map_changes", args=[claim.map_id])
    assert f'hx-get="{changes}?since={teamwork["revision"]}"' in html
    assert 'id="comments-panel"' in html
    assert f"{reverse('map_activity', args=[claim.map_id])}?short=1" in html
    oob = render_to_string(
        "activity/poller.html", {"map_id": claim.map_id, "revision": "1-2-3", "oob": True}
    )
    assert 'hx-swap-oob="true"' in oob and f'id="map-poller-{claim.map_id}"' in oob
