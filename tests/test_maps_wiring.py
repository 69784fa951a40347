"""The map page reaches the other areas' features: comments, activity, strengths,
reasoning pages, exports and imports, the site's nav; each control for the roles that may
use it, and the edit controls absent for those that may not."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.discussion.services import comment_create
from argmap.maps.models import Node, NodeAnchor
from argmap.maps.services import node_create, node_update
from argmap.teams.models import Role
from tests.factories import ArticleFactory, MapFactory, big_map

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
ROLES = [Role.OWNER, Role.EDITOR, Role.COMMENTER, Role.VIEWER]
EDITORS = {Role.OWNER, Role.EDITOR}


@pytest.fixture
def small_map(workspace):
    map_obj = big_map(1, workspace=workspace)
    claim = node_create(
        map_obj=map_obj, kind="claim", text="Europe pays.", parent=map_obj.root, relation="answers"
    )
    evidence = node_create(
        map_obj=map_obj,
        kind="evidence",
        text="Budget line 7.",
        parent=claim,
        relation="supports",
        source_reliability="B",
        information_credibility=2,
    )
    return map_obj, claim, evidence


def _page(client, map_obj) -> str:
    response = client.get(reverse("map_detail", args=[map_obj.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_map_page_offers_each_wired_control_to_the_roles_that_may_use_it(
    member_client, small_map, role
):
    map_obj, claim, evidence = small_map
    html = _page(member_client(role), map_obj)
    # Discussion: a badge on every row opening the side panel, and the panel itself.
    badge = reverse("comments_panel", args=[claim.pk])
    assert f'href="{badge}" hx-get="{badge}" hx-target="#comments-panel"' in html
    assert html.count('class="comment-badge') == 3
    assert 'id="comments-panel"' in html
    # Activity: the changed-since poller, the short feed, and the tree reloading itself.
    assert reverse("map_changes", args=[map_obj.pk]) + "?since=" in html
    assert reverse("map_activity", args=[map_obj.pk]) + "?short=1" in html
    assert 'hx-trigger="map-reload from:body"' in html
    # Reasoning: a strength on each claim row, and the reasoning pages.
    assert len(re.findall(r'<span class="strength-value">[01]\.\d\d</span>', html)) == 2
    for name in ("reasoning_what_if", "reasoning_ratings", "reasoning_duplicates"):
        assert f'href="{reverse(name, args=[map_obj.pk])}"' in html
    # Exchange: everyone who reads may export.
    assert f'hx-get="{reverse("map_export", args=[map_obj.pk])}"' in html
    assert f'href="{reverse("map_export", args=[map_obj.pk])}"' in html
    # History: a link on every row.
    assert f'href="{reverse("node_history", args=[claim.pk])}">History</a>' in html
    # Edit controls only for those who may edit.
    add_support = reverse("node_add", args=[map_obj.pk, claim.pk]) + "?relation=supports"
    assert (add_support in html) is (role in EDITORS)
    assert ('class="tools"' in html) is (role in EDITORS)


def test_site_nav_account_menu_and_api_docs_link_are_on_every_page(member_client, small_map):
    map_obj, _claim, _evidence = small_map
    html = _page(member_client(Role.VIEWER), map_obj)
    nav = html[html.index('<nav aria-label="Main">') : html.index("</header>")]
    for name in ("home", "workspace_list", "reasoning_search", "article_import"):
        assert f'href="{reverse(name)}"' in nav
    assert f'href="{reverse("password_change")}"' in nav
    assert f'action="{reverse("logout")}"' in nav
    assert f'href="{reverse("api_docs")}"' in html


@pytest.mark.parametrize("role", ROLES)
def test_import_a_map_file_is_linked_where_editors_import(member_client, workspace, role):
    client = member_client(role)
    import_url = reverse("map_import", args=[workspace.pk])
    home = client.get(reverse("home")).content.decode()
    detail = client.get(reverse("workspace_detail", args=[workspace.pk])).content.decode()
    assert (import_url in home) is (role in EDITORS)
    assert (import_url in detail) is (role in EDITORS)


def test_comment_count_shows_on_the_badge(member_client, small_map):
    map_obj, claim, _evidence = small_map
    client = member_client(Role.COMMENTER)
    comment_create(node=claim, author=client.user, body="Which budget?")
    comment_create(node=claim, author=client.user, body="And when?")
    html = _page(client, map_obj)
    badge = html[html.index(reverse("comments_panel", args=[claim.pk])) :]
    spoken = '<span class="visually-hidden">: 2 comments</span></a>'
    assert re.match(r"[^>]*>Discuss \(2\)" + re.escape(spoken), badge)
    # The same counts on the rows of a subtree opened later.
    subtree = client.get(reverse("node_subtree", args=[map_obj.pk, map_obj.root_id]), **HX)
    assert "Discuss (2)" in subtree.content.decode()


def test_a_write_brings_the_poller_up_to_date_out_of_band(editor_client, small_map):
    map_obj, claim, _evidence = small_map
    response = editor_client.post(
        reverse("node_add", args=[map_obj.pk, claim.pk]) + "?relation=supports",
        {"kind": "claim", "relation": "supports", "text": "Funds exist."},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="tree-section"' in html
    assert f'id="map-poller-{map_obj.pk}"' in html and 'hx-swap-oob="true"' in html
    # Without JavaScript the write still ends in a redirect to the map.
    response = editor_client.post(
        reverse("node_add", args=[map_obj.pk, claim.pk]) + "?relation=supports",
        {"kind": "claim", "relation": "supports", "text": "More funds exist."},
    )
    assert response.status_code == 302


def test_a_stale_evidence_edit_keeps_the_form_with_its_source_fields(editor_client, small_map):
    """The merge form merges text only: evidence keeps the edit form and its sources."""
    map_obj, _claim, evidence = small_map
    edit = reverse("node_edit", args=[map_obj.pk, evidence.pk])
    data = {"text": "Budget line 8.", "version": 1, "source_reliability": "B"}
    data |= {"information_credibility": 2}
    assert editor_client.post(edit, data, **HX).status_code == 200
    response = editor_client.post(edit, data | {"text": "Budget line 9."}, **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this evidence" in html and 'name="source_reliability"' in html


def test_reader_highlights_the_extra_anchors_of_merged_nodes(member_client, workspace):
    client = member_client(Role.VIEWER)
    article = ArticleFactory(workspace=workspace, body="Troops are needed. Europe will pay.")
    other_map = MapFactory(workspace=workspace)
    node = node_create(map_obj=other_map, kind="claim", text="Europe pays.")
    NodeAnchor.objects.create(node=node, article=article, anchor_start=19, anchor_end=35)
    html = client.get(reverse("article_reader", args=[article.pk])).content.decode()
    assert f'id="at-{node.pk}"' in html
    assert f"{reverse('map_detail', args=[other_map.pk])}?show={node.pk}" in html


def test_large_map_strengths_are_cached_until_the_map_changes(member_client, workspace):
    """On a large map's first screen the strengths need the whole map: read once, then
    kept until a node or link of the map changes."""
    cache.clear()
    map_obj = big_map(1000, workspace=workspace)
    client = member_client(Role.VIEWER)
    page = reverse("map_detail", args=[map_obj.pk])
    with CaptureQueriesContext(connection) as cold:
        client.get(page)
    with CaptureQueriesContext(connection) as warm:
        html = client.get(page).content.decode()
    assert len(warm) == len(cold) - 2  # the map's nodes and links are not read again
    claim = Node.objects.filter(map=map_obj, kind="claim").order_by("id")[1]
    row = html[html.index(f'id="node-{claim.pk}"') :]
    assert re.search(r'class="strength-value">0\.\d\d<', row[:600])
    node_update(node=claim, base_score=1.0)
    html = client.get(page).content.decode()
    row = html[html.index(f'id="node-{claim.pk}"') :]
    assert re.search(r'class="strength-value">1\.00<', row[:600])
