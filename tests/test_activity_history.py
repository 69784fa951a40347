import pytest
from django.urls import reverse

from argmap.activity.selectors import FEED_PAGE_SIZE, HISTORY_PAGE_SIZE, map_activity
from argmap.discussion.services import comment_create
from argmap.maps.models import Link, Node
from argmap.maps.services import map_create, node_create, node_update
from argmap.maps.services_trash import deletion_restore, link_trash, node_trash
from argmap.teams.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def map_obj(workspace):
    return map_create(workspace=workspace, title="Who pays?", root_kind="question")


def _claim(map_obj, text="Europe pays.", parent=None):
    return node_create(
        map_obj=map_obj, kind="claim", text=text, parent=parent or map_obj.root, relation="answers"
    )


def test_feed_says_who_added_edited_deleted_and_restored_what(member_client, map_obj):
    client = member_client(Role.EDITOR)
    claim = _claim(map_obj)
    node_update(node=claim, text="Europe pays, mostly.")
    deletion = node_trash(node=claim)
    deletion_restore(map_obj=map_obj, deletion_id=deletion)
    comment_create(node=claim, author=client.user, body="Source?")
    client.post(
        reverse("node_merge", args=[claim.pk]),
        {"text": "Europe pays it all.", "expected_version": claim.version},
    )
    entries = map_activity(map_obj.pk).object_list
    story = [(entry.entity, entry.verb) for entry in entries]
    assert story[:2] == [("node", "edited"), ("comment", "commented on")]
    assert set(story[2:4]) == {("node", "restored"), ("link", "restored")}
    assert set(story[4:6]) == {("node", "deleted"), ("link", "deleted")}
    assert ("node", "added") in story and ("link", "added") in story
    assert entries[0].who == client.user.username
    html = client.get(reverse("map_activity", args=[map_obj.pk])).content.decode()
    assert "Europe pays it all." in html and "commented on" in html


def test_feed_pages_take_the_same_queries_whatever_the_history(
    member_client, map_obj, django_assert_max_num_queries
):
    """Session, user, map, role, revision, then count, keys and details of three tables."""
    client = member_client(Role.VIEWER)
    url = reverse("map_activity", args=[map_obj.pk])
    with django_assert_max_num_queries(10):
        client.get(url)
    for index in range(60):
        claim = _claim(map_obj, f"Claim {index}.")
        comment_create(node=claim, author=client.user, body=f"Comment {index}.")
    with django_assert_max_num_queries(10):
        response = client.get(url, {"page": 2})
    html = response.content.decode()
    assert html.count('class="feed-entry ') == FEED_PAGE_SIZE
    assert {"entity-node", "entity-link", "entity-comment"} <= set(html.split())
    assert "Page 2 of 8" in html


def test_feed_refreshes_as_an_htmx_partial(member_client, map_obj):
    client = member_client(Role.VIEWER)
    html = client.get(reverse("map_activity", args=[map_obj.pk]), HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert html.lstrip().startswith('<section id="activity-feed"')
    assert 'hx-trigger="map-changed from:body"' in html


def test_changed_since_answers_204_until_something_changes(
    member_client, map_obj, django_assert_max_num_queries
):
    client = member_client(Role.VIEWER)
    url = reverse("map_changes", args=[map_obj.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["HX-Trigger"] == "map-changed, map-reload"
    revision = first.content.decode().split("since=")[1].split('"')[0]
    with django_assert_max_num_queries(4):
        assert client.get(url, {"since": revision}).status_code == 204

    claim = _claim(map_obj)
    changed = client.get(url, {"since": revision})
    assert changed.status_code == 200 and changed["HX-Trigger"] == "map-changed, map-reload"
    newer = changed.content.decode().split("since=")[1].split('"')[0]
    assert newer != revision
    assert client.get(url, {"since": newer}).status_code == 204
    comment_create(node=claim, author=client.user, body="Hm.")
    assert client.get(url, {"since": newer}).status_code == 200


def test_node_history_shows_versions_and_restores_one(member_client, map_obj):
    client = member_client(Role.EDITOR)
    claim = _claim(map_obj, "First wording.")
    node_update(node=claim, text="Second wording.")
    node_update(node=claim, text="Third wording.")
    html = client.get(reverse("node_history", args=[claim.pk])).content.decode()
    assert html.count('class="card version"') == 3
    assert "<del>First</del><ins>Second</ins>" in html
    first = Node.history.filter(id=claim.pk).earliest("history_id")
    response = client.post(
        reverse("node_version_restore", args=[claim.pk, first.history_id]),
        {"expected_version": claim.version},
    )
    assert response.url == reverse("node_history", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.text == "First wording."
    assert claim.history.count() == 4  # the restore is a version of its own


def test_a_stale_restore_is_refused_with_409(member_client, map_obj):
    client = member_client(Role.EDITOR)
    claim = _claim(map_obj, "Original.")
    seen_version = claim.version
    node_update(node=claim, text="Someone else's change.")
    first = Node.history.filter(id=claim.pk).earliest("history_id")
    response = client.post(
        reverse("node_version_restore", args=[claim.pk, first.history_id]),
        {"expected_version": seen_version},
    )
    assert response.status_code == 409
    assert "changed this node after you opened" in response.content.decode()
    claim.refresh_from_db()
    assert claim.text == "Someone else's change."


def test_viewer_sees_no_restore_controls(member_client, map_obj):
    claim = _claim(map_obj, "One.")
    node_update(node=claim, text="Two.")
    node_trash(node=claim)
    client = member_client(Role.VIEWER)
    assert "Restore" not in client.get(reverse("node_history", args=[claim.pk])).content.decode()
    assert "Restore" not in client.get(reverse("map_trash", args=[map_obj.pk])).content.decode()


def test_history_pages_take_the_same_queries_whatever_the_length(
    member_client, map_obj, django_assert_max_num_queries
):
    client = member_client(Role.VIEWER)
    claim = _claim(map_obj)
    url = reverse("node_history", args=[claim.pk])
    with django_assert_max_num_queries(8) as short:
        client.get(url)
    for index in range(50):
        node_update(node=claim, text=f"Version {index}.")
    with django_assert_max_num_queries(len(short.captured_queries)):
        response = client.get(url, {"page": 2})
    html = response.content.decode()
    assert html.count('class="card version"') == HISTORY_PAGE_SIZE
    assert "Page 2 of 3" in html


def test_trash_lists_deletions_and_restores_nodes_with_their_links(member_client, map_obj):
    client = member_client(Role.EDITOR)
    claim = _claim(map_obj, "Parent claim.")
    child = node_create(
        map_obj=map_obj, kind="claim", text="Child claim.", parent=claim, relation="supports"
    )
    deletion = node_trash(node=claim)
    lone_link = _claim(map_obj, "Stays.").outgoing_links.get()
    link_trash(link=lone_link)
    assert not Node.objects.filter(pk__in=[claim.pk, child.pk]).exists()

    html = client.get(reverse("map_trash", args=[map_obj.pk])).content.decode()
    assert "Parent claim." in html and "Child claim." in html
    assert html.count('class="card deletion"') == 2
    assert "2 nodes and 2 links" in html and "1 link" in html

    client.post(reverse("trash_restore", args=[map_obj.pk, deletion]))
    assert Node.objects.filter(pk__in=[claim.pk, child.pk]).count() == 2
    assert Link.objects.filter(source=child, target=claim).exists()
    trash = client.get(reverse("map_trash", args=[map_obj.pk])).content.decode()
    assert "Child claim." not in trash


def test_trash_page_query_count_is_fixed(member_client, map_obj, django_assert_max_num_queries):
    """Session, user, map, role, then seven queries of the trash selector."""
    client = member_client(Role.VIEWER)
    node_trash(node=_claim(map_obj, "Gone 0."))
    url = reverse("map_trash", args=[map_obj.pk])
    with django_assert_max_num_queries(11):
        client.get(url)
    big = _claim(map_obj, "Big parent.")
    for index in range(15):
        node_create(
            map_obj=map_obj, kind="claim", text=f"Child {index}.", parent=big, relation="supports"
        )
    node_trash(node=big)
    for index in range(1, 30):
        node_trash(node=_claim(map_obj, f"Gone {index}."))
    with django_assert_max_num_queries(11):
        response = client.get(url, {"page": 2})
    html = response.content.decode()
    assert html.count('class="card deletion"') == 11
    assert "16 nodes and 16 links" in html and "and 6 more nodes" in html


def test_merge_after_a_conflict_shows_both_texts_then_saves(member_client, map_obj):
    client = member_client(Role.EDITOR)
    claim = _claim(map_obj, "Europe pays.")
    seen = claim.version
    node_update(node=claim, text="Europe and the US pay.")
    url = reverse("node_merge", args=[claim.pk])
    stale = client.post(url, {"text": "Europe pays half.", "expected_version": seen})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Europe and the US pay." in html and "Europe pays half." in html
    current = html.split('name="expected_version" value="')[1].split('"')[0]

    merged = client.post(
        url,
        {"text": "Europe and the US pay half each.", "expected_version": current},
        HTTP_HX_REQUEST="true",
    )
    assert merged.status_code == 200 and merged["HX-Trigger"] == "map-changed, map-reload"
    claim.refresh_from_db()
    assert claim.text == "Europe and the US pay half each."
    texts = list(claim.history.values_list("text", flat=True))
    assert "Europe and the US pay." in texts and "Europe pays half." not in texts


def test_conflict_partial_for_htmx(member_client, map_obj):
    client = member_client(Role.EDITOR)
    claim = _claim(map_obj)
    node_update(node=claim, text="<b>theirs</b>")
    response = client.post(
        reverse("node_merge", args=[claim.pk]),
        {"text": "mine", "expected_version": 1},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 409 and html.lstrip().startswith(
        '<section class="edit-conflict"'
    )
    assert "&lt;b&gt;theirs&lt;/b&gt;" in html and "<b>theirs" not in html


def test_short_feed_for_beside_the_map(member_client, map_obj):
    client = member_client(Role.VIEWER)
    for index in range(12):
        _claim(map_obj, f"Claim {index}.")
    response = client.get(
        reverse("map_activity", args=[map_obj.pk]), {"short": "1"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.count('class="feed-entry ') == 8
    assert "All activity" in html and "Page 1 of" not in html
    assert "?short=1" in html  # it refreshes itself as the short feed
