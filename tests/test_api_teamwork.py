"""The API of teamwork: comments, a node's history and restore, the trash, the feed."""

import pytest

from argmap.discussion.models import Comment
from argmap.discussion.services import comment_create
from argmap.maps.models import Node
from argmap.maps.services import map_create, node_create, node_update
from argmap.maps.services_trash import node_trash
from argmap.teams.models import Role
from tests import api_clients

pytestmark = pytest.mark.django_db
api = api_clients.api  # the fixture: a token-authenticated client per role


@pytest.fixture
def map_obj(workspace):
    return map_create(workspace=workspace, title="Teamwork", root_kind="claim")


@pytest.fixture
def node(map_obj):
    return node_create(
        map_obj=map_obj, kind="claim", text="First text.", parent=map_obj.root, relation="supports"
    )


# Comments


def test_comment_thread_create_reply_and_list(api, node):
    commenter = api(Role.COMMENTER)
    url = f"/api/nodes/{node.pk}/comments/"
    first = commenter.post(url, {"body": "<b>Why?</b>"}, format="json")
    assert first.status_code == 201
    assert first.json()["body"] == "<b>Why?</b>" and first.json()["author_name"]
    reply = api(Role.EDITOR).post(
        url, {"body": "Because.", "parent": first.json()["id"]}, format="json"
    )
    assert reply.status_code == 201 and reply.json()["parent"] == first.json()["id"]
    commenter.post(url, {"body": "Another."}, format="json")
    listed = api(Role.VIEWER).get(url).json()
    assert listed["count"] == 3
    assert [c["body"] for c in listed["results"]] == ["<b>Why?</b>", "Because.", "Another."]


def test_comment_errors_are_json(api, node, map_obj):
    url = f"/api/nodes/{node.pk}/comments/"
    viewer = api(Role.VIEWER).post(url, {"body": "Hi"}, format="json")
    assert viewer.status_code == 403 and "message" in viewer.json()
    blank = api(Role.COMMENTER).post(url, {"body": ""}, format="json")
    assert blank.status_code == 400 and "body" in blank.json()["errors"]
    other = node_create(map_obj=map_obj, kind="claim", text="Other.")
    elsewhere = comment_create(node=other, author=None, body="Elsewhere.")
    wrong_parent = api(Role.COMMENTER).post(
        url, {"body": "Hi", "parent": elsewhere.pk}, format="json"
    )
    assert wrong_parent.status_code == 400 and "parent" in wrong_parent.json()["errors"]


def test_authors_edit_and_delete_their_own_comments(api, node):
    author, someone = api(Role.COMMENTER), api(Role.EDITOR)
    created = author.post(f"/api/nodes/{node.pk}/comments/", {"body": "Mine."}, format="json")
    url = f"/api/comments/{created.json()['id']}/"
    assert someone.patch(url, {"body": "Hijacked."}, format="json").status_code == 403
    assert someone.delete(url).status_code == 403
    edited = author.patch(url, {"body": "Mine, edited."}, format="json")
    assert edited.status_code == 200 and edited.json()["edited_at"]
    assert author.get(url).json()["body"] == "Mine, edited."
    assert author.delete(url).status_code == 204
    gone = author.get(url).json()
    assert gone["deleted"] is True and gone["body"] == ""
    assert Comment.objects.get(pk=created.json()["id"]).body == "Mine, edited."  # in history


def test_owners_delete_any_comment_but_do_not_edit_it(api, node):
    author = api(Role.COMMENTER)
    created = author.post(f"/api/nodes/{node.pk}/comments/", {"body": "Hm."}, format="json")
    url = f"/api/comments/{created.json()['id']}/"
    owner = api(Role.OWNER)
    assert owner.patch(url, {"body": "Edited."}, format="json").status_code == 403
    assert owner.delete(url).status_code == 204


def test_outsiders_see_no_comment(api, node, outsider_client):
    comment = comment_create(node=node, author=None, body="Secret.")
    assert outsider_client.get(f"/api/comments/{comment.pk}/").status_code == 404
    assert outsider_client.get(f"/api/nodes/{node.pk}/comments/").status_code == 404


def test_comment_list_reads_a_fixed_number_of_queries(api, node, django_assert_max_num_queries):
    Comment.objects.bulk_create(
        Comment(node=node, map_id=node.map_id, body=f"Comment {index}") for index in range(500)
    )
    client = api(Role.VIEWER)
    with django_assert_max_num_queries(4):  # token, node, role, thread
        page = client.get(f"/api/nodes/{node.pk}/comments/", {"page": 2})
    assert page.json()["count"] == 500 and len(page.json()["results"]) == 100


# History


def test_history_lists_versions_and_restores_an_earlier_one(api, node):
    node = node_update(node=node, expected_version=1, text="Second text.")
    node = node_update(node=node, expected_version=2, text="Third text.")
    client = api(Role.EDITOR)
    versions = client.get(f"/api/nodes/{node.pk}/history/").json()
    assert versions["count"] == 3
    newest, middle, oldest = versions["results"]
    assert newest["is_current"] and newest["text"] == "Third text."
    assert newest["changed"] == ["text"] and oldest["type"] == "+"
    url = f"/api/nodes/{node.pk}/history/{oldest['history_id']}/restore/"
    restored = client.post(url, {"version": 3}, format="json")
    assert restored.status_code == 200
    assert restored.json()["text"] == "First text." and restored.json()["version"] == 4
    assert client.get(f"/api/nodes/{node.pk}/history/").json()["count"] == 4


def test_a_stale_restore_gets_409_and_changes_nothing(api, node):
    first = Node.history.filter(id=node.pk).earliest("history_id").history_id
    node_update(node=node, expected_version=1, text="Someone else's text.")
    client = api(Role.EDITOR)
    url = f"/api/nodes/{node.pk}/history/{first}/restore/"
    stale = client.post(url, {"version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["text"] == "Someone else's text."
    node.refresh_from_db()
    assert node.text == "Someone else's text."
    assert client.post(url, {}, format="json").json()["errors"]["version"]
    assert api(Role.COMMENTER).post(url, {"version": 2}, format="json").status_code == 403
    missing = client.post(
        f"/api/nodes/{node.pk}/history/999999/restore/", {"version": 2}, format="json"
    )
    assert missing.status_code == 400


def test_history_reads_a_fixed_number_of_queries(api, node, django_assert_max_num_queries):
    for version in range(1, 60):
        node = node_update(node=node, expected_version=version, text=f"Text {version}.")
    client = api(Role.VIEWER)
    with django_assert_max_num_queries(5):  # token, node, role, count, page
        page = client.get(f"/api/nodes/{node.pk}/history/", {"page": 2})
    assert page.json()["count"] == 60 and len(page.json()["results"]) == 20
    assert page.json()["next"].endswith("page=3") and page.json()["previous"]


# Trash and activity


def test_trash_lists_deletions_and_the_map_restores_them(api, map_obj, node):
    client = api(Role.EDITOR)
    deleted = client.delete(f"/api/nodes/{node.pk}/").json()
    trash = client.get(f"/api/maps/{map_obj.pk}/trash/").json()
    assert trash["count"] == 1
    entry = trash["results"][0]
    assert entry["deletion_id"] == deleted["deletion_id"]
    assert entry["node_count"] == 1 and entry["nodes"][0]["text"] == "First text."
    assert entry["link_count"] == 1 and entry["links"][0]["target"] == map_obj.root_id
    assert entry["who"] == client.user.username
    restore = client.post(f"/api/maps/{map_obj.pk}/restore/", deleted, format="json")
    assert restore.json() == {"restored": 2}
    assert client.get(f"/api/maps/{map_obj.pk}/trash/").json()["count"] == 0


def test_trash_reads_a_fixed_number_of_queries(api, map_obj, django_assert_max_num_queries):
    for index in range(45):
        doomed = node_create(
            map_obj=map_obj,
            kind="claim",
            text=f"Doomed {index}.",
            parent=map_obj.root,
            relation="opposes",
        )
        node_trash(node=doomed)
    client = api(Role.VIEWER)
    with django_assert_max_num_queries(10):  # token, map, role, and the selector's seven
        page = client.get(f"/api/maps/{map_obj.pk}/trash/", {"page": 2})
    assert page.json()["count"] == 45 and len(page.json()["results"]) == 20


def test_activity_feed_says_who_did_what(api, map_obj, node):
    client = api(Role.EDITOR)
    client.patch(f"/api/nodes/{node.pk}/", {"text": "Changed.", "version": 1}, format="json")
    client.post(f"/api/nodes/{node.pk}/comments/", {"body": "Noted."}, format="json")
    feed = client.get(f"/api/maps/{map_obj.pk}/activity/").json()
    newest = feed["results"][0]
    assert newest["entity"] == "comment" and newest["verb"] == "commented on"
    assert newest["who"] == client.user.username and newest["label2"] == "Noted."
    assert feed["results"][1]["verb"] == "edited" and feed["results"][1]["label"] == "Changed."


def test_activity_reads_a_fixed_number_of_queries(
    api, map_obj, node, django_assert_max_num_queries
):
    for version in range(1, 80):
        node = node_update(node=node, expected_version=version, text=f"Text {version}.")
    client = api(Role.VIEWER)
    with django_assert_max_num_queries(8):  # token, map, role, and the selector's five
        page = client.get(f"/api/maps/{map_obj.pk}/activity/", {"page": 2})
    assert page.json()["count"] >= 80 and len(page.json()["results"]) == 25
