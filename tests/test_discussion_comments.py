import pytest
from django.urls import reverse

from argmap.discussion.models import Comment
from argmap.discussion.selectors import comment_counts, node_thread
from argmap.discussion.services import comment_create, comment_delete
from argmap.maps.models import Node
from argmap.teams.models import Role
from tests.factories import MapFactory, MembershipFactory, NodeFactory, big_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def node(workspace):
    return NodeFactory(map=MapFactory(workspace=workspace))


def test_commenter_comments_and_replies(member_client, node):
    client = member_client(Role.COMMENTER)
    url = reverse("comment_create", args=[node.pk])
    assert client.post(url, {"body": "Is this sourced?"}).url == reverse(
        "comments_panel", args=[node.pk]
    )
    first = Comment.objects.get()
    response = client.post(
        url, {"body": "Yes, Politico.", "parent": first.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.index("Is this sourced?") < html.index("Yes, Politico.")
    assert 'class="comment depth-1' in html
    assert client.user.username in html


def test_thread_is_in_reply_order(node, workspace):
    author = MembershipFactory(workspace=workspace).user
    a = comment_create(node=node, author=author, body="a")
    b = comment_create(node=node, author=author, body="b")
    a1 = comment_create(node=node, author=author, body="a1", parent=a)
    a11 = comment_create(node=node, author=author, body="a11", parent=a1)
    comment_create(node=node, author=author, body="b1", parent=b)
    rows = node_thread(node.pk)
    assert [(row.comment.body, row.depth) for row in rows] == [
        ("a", 0),
        ("a1", 1),
        ("a11", 2),
        ("b", 0),
        ("b1", 1),
    ]
    comment_delete(comment=a1)
    assert [row.comment.body for row in node_thread(node.pk)] == ["a", "a1", "a11", "b", "b1"]
    comment_delete(comment=a11)
    assert [row.comment.body for row in node_thread(node.pk)] == ["a", "b", "b1"]
    assert Comment.objects.count() == 5  # nothing is lost


def test_viewer_may_read_but_not_comment(member_client, node, workspace):
    author = MembershipFactory(workspace=workspace).user
    comment_create(node=node, author=author, body="Visible to viewers.")
    client = member_client(Role.VIEWER)
    html = client.get(reverse("comments_panel", args=[node.pk])).content.decode()
    assert "Visible to viewers." in html and "Add a comment" not in html
    assert client.post(reverse("comment_create", args=[node.pk]), {"body": "x"}).status_code == 403


def test_only_the_author_edits_and_author_or_owner_deletes(member_client, node, workspace):
    author = MembershipFactory(workspace=workspace, role=Role.COMMENTER).user
    comment = comment_create(node=node, author=author, body="Mine.")
    editor = member_client(Role.EDITOR)
    edit_url = reverse("comment_edit", args=[comment.pk])
    delete_url = reverse("comment_delete", args=[comment.pk])
    assert editor.get(edit_url).status_code == 403
    assert editor.post(edit_url, {"body": "Hijacked."}).status_code == 403
    assert editor.post(delete_url).status_code == 403

    editor.force_login(author)
    assert editor.get(edit_url).status_code == 200
    editor.post(edit_url, {"body": "Mine, clarified."})
    comment.refresh_from_db()
    assert comment.body == "Mine, clarified." and comment.edited_at is not None
    assert comment.history.count() == 2

    owner = MembershipFactory(workspace=workspace, role=Role.OWNER).user
    editor.force_login(owner)
    assert editor.get(edit_url).status_code == 403
    editor.post(delete_url)
    comment.refresh_from_db()
    assert comment.is_deleted


def test_an_empty_comment_is_refused_with_a_message(member_client, node):
    client = member_client(Role.COMMENTER)
    response = client.post(reverse("comment_create", args=[node.pk]), {"body": "   "})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_are_escaped(member_client, node):
    client = member_client(Role.COMMENTER)
    client.post(reverse("comment_create", args=[node.pk]), {"body": "<script>alert(1)</script>"})
    html = client.get(reverse("comments_panel", args=[node.pk])).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_outsiders_get_404_for_comments(outsider_client, node):
    assert outsider_client.get(reverse("comments_panel", args=[node.pk])).status_code == 404


def test_counts_for_a_whole_map_take_one_query(workspace, django_assert_num_queries):
    map_obj = big_map(200, workspace=workspace)
    author = MembershipFactory(workspace=workspace).user
    nodes = list(Node.objects.filter(map=map_obj).order_by("id")[:3])
    for count, node in zip((1, 2, 3), nodes, strict=True):
        for index in range(count):
            comment_create(node=node, author=author, body=f"c{index}")
    comment_delete(comment=Comment.objects.filter(node=nodes[2]).first())
    with django_assert_num_queries(1):
        counts = comment_counts(map_obj.pk)
    assert counts == {nodes[0].pk: 1, nodes[1].pk: 2, nodes[2].pk: 2}


def test_panel_query_count_does_not_grow_with_the_thread(
    member_client, node, workspace, django_assert_max_num_queries
):
    author = MembershipFactory(workspace=workspace).user
    for index in range(40):
        comment_create(node=node, author=author, body=f"c{index}")
    client = member_client(Role.VIEWER)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("comments_panel", args=[node.pk]), HTTP_HX_REQUEST="true")
    assert response.content.decode().count('class="comment depth-') == 40
