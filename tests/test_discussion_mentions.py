"""@mentions in comments: a link to the member, an e-mail, and a notice on their next visit."""

import pytest
from django.core import mail
from django.urls import reverse

from argmap.discussion.models import Mention
from argmap.discussion.services import comment_create, comment_update
from tests.factories import MapFactory, MembershipFactory, NodeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(workspace):
    node = NodeFactory(map=MapFactory(workspace=workspace), text="Europe will pay.")
    members = {
        name: MembershipFactory(workspace=workspace, user=UserFactory(username=name))
        for name in ("erin", "ana", "bob", "carol")
    }
    UserFactory(username="ghost")  # not a member: never linked, never told
    return node, members


def test_a_mention_is_linked_mailed_and_noticed_once(
    client, team, django_capture_on_commit_callbacks
):
    node, members = team
    erin = members["erin"].user
    body = "@Ana, @bob: is this sourced? Mail ana@example.org, not @ghost. Me: @erin"
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(node=node, author=erin, body=body, link="http://x/discussion")
    told = set(Mention.objects.filter(comment=comment).values_list("user__username", flat=True))
    assert told == {"ana", "bob"}  # members named; not the author, not an outsider
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "bob@example.org",
    ]
    assert "erin mentioned you" in mail.outbox[0].subject
    assert "http://x/discussion" in mail.outbox[0].body

    client.force_login(erin)
    panel = client.get(reverse("comments_panel", args=[node.pk])).content.decode()
    ana_url = reverse("workspace_detail", args=[node.map.workspace_id])
    assert f'<a class="mention" href="{ana_url}#member-{members["ana"].pk}">@Ana</a>' in panel
    assert "ana@example.org" in panel and "@ghost" in panel
    assert panel.count('class="mention"') == 3  # @Ana, @bob and the author's own @erin

    client.force_login(members["ana"].user)
    home = client.get(reverse("home")).content.decode()
    assert "erin mentioned you on" in home
    assert reverse("comments_panel", args=[node.pk]) + f"#comment-{comment.pk}" in home
    assert "erin mentioned you on" not in client.get(reverse("home")).content.decode()
    assert Mention.objects.get(comment=comment, user__username="ana").noticed_at is not None


def test_an_edit_tells_only_the_newly_named(team, django_capture_on_commit_callbacks):
    node, members = team
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(node=node, author=members["erin"].user, body="@ana look")
        comment_update(comment=comment, body="@ana and @carol look")
    assert [message.to for message in mail.outbox] == [["ana@example.org"], ["carol@example.org"]]


def test_mentions_are_escaped_and_need_a_live_member(client, team):
    node, members = team
    comment_create(node=node, author=members["erin"].user, body="<b>@bob</b> <script>x</script>")
    members["bob"].delete()  # left the workspace: the name is plain text again
    client.force_login(members["erin"].user)
    panel = client.get(reverse("comments_panel", args=[node.pk])).content.decode()
    assert "&lt;b&gt;@bob&lt;/b&gt; &lt;script&gt;" in panel and 'class="mention"' not in panel


def test_the_api_mentions_too(client, team, django_capture_on_commit_callbacks):
    node, members = team
    client.force_login(members["erin"].user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("api_comments", args=[node.pk]),
            {"body": "@carol?"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert [message.to for message in mail.outbox] == [["carol@example.org"]]
