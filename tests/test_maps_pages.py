import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from argmap.maps.models import Map, Node
from argmap.teams.models import Membership, Role
from tests.factories import NodeFactory, big_map

pytestmark = pytest.mark.django_db

SEED = "seeds/who-will-send-troops-to-ukraine.txt"


@pytest.fixture
def seed_map(workspace):
    call_command("import_article", SEED, workspace=workspace.name)
    return Map.objects.get(workspace=workspace)


def test_pages_need_a_login(client, seed_map):
    response = client.get(reverse("map_detail", args=[seed_map.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_outsiders_get_404_for_maps_and_articles(outsider_client, seed_map):
    assert outsider_client.get(reverse("map_detail", args=[seed_map.pk])).status_code == 404
    article = seed_map.articles.get()
    assert outsider_client.get(reverse("article_reader", args=[article.pk])).status_code == 404


def test_map_page_nests_children_by_relation(member_client, seed_map):
    client = member_client(Role.VIEWER)
    response = client.get(reverse("map_detail", args=[seed_map.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    tree = html[html.index('<ul role="tree"') : html.index("Not yet in the tree")]
    assert tree.count('role="treeitem"') == 5  # the root and its four questions
    assert 'aria-label="Open questions"' in tree
    assert "Who will pay for their posting?" in tree
    assert tree.count("<li") == tree.count("</li>")
    assert tree.count("<ul") == tree.count("</ul>")


def test_home_lists_the_users_maps_only(member_client, seed_map):
    other = NodeFactory().map
    client = member_client(Role.VIEWER)
    html = client.get(reverse("home")).content.decode()
    assert seed_map.title in html and other.title not in html


def test_reader_highlights_every_node_at_its_exact_words(member_client, seed_map):
    client = member_client(Role.VIEWER)
    article = seed_map.articles.get()
    html = client.get(reverse("article_reader", args=[article.pk])).content.decode()
    marks = re.findall(
        r'<mark class="(\w+)(?: unit-start)?" id="at-(\d+)" data-start="(\d+)" data-href="([^"]+)"',
        html,
    )
    nodes = {n.pk: n for n in Node.objects.filter(map=seed_map)}
    assert {int(node_id) for _, node_id, _, _ in marks} == set(nodes)
    for kind, node_id, start, href in marks:
        node = nodes[int(node_id)]
        assert (kind, int(start)) == (node.kind, node.anchor_start)
        assert href == f"/maps/{seed_map.pk}/?show={node_id}#node-{node_id}"
        assert article.body[node.anchor_start : node.anchor_end] == node.text
    assert html.count('<mark class="question" id=') == 5


def test_user_text_is_escaped(member_client, workspace):
    map_obj = big_map(3, workspace=workspace)
    Node.objects.filter(map=map_obj).exclude(pk=map_obj.root_id).update(
        text="<script>alert(1)</script><img src=x onerror=alert(1)>"
    )
    html = member_client(Role.VIEWER).get(reverse("map_detail", args=[map_obj.pk])).content
    assert b"<script>alert(1)" not in html and b"<img src=x" not in html
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_map_page_query_count_does_not_grow_with_the_map(
    member_client, workspace, django_assert_max_num_queries
):
    """Guards against an N+1 over nodes or links: 1,000 nodes, same queries as 3."""
    map_obj = big_map(1000, workspace=workspace)
    client = member_client(Role.VIEWER)
    # + the comment counts and the changed-since revision (page_parts); the strengths
    # come from the graph already loaded.
    with django_assert_max_num_queries(8 + 2):
        response = client.get(reverse("map_detail", args=[map_obj.pk]) + "?expand=all")
    assert response.content.decode().count('role="treeitem"') == 1000


def test_viewer_role_is_enough_to_read(member_client, seed_map):
    client = member_client(Role.VIEWER)
    assert Membership.objects.get(user=client.user).role == Role.VIEWER
    assert client.get(reverse("map_detail", args=[seed_map.pk])).status_code == 200
