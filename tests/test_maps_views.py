"""The tree's htmx URLs, each with and without the HX-Request header, and their rules."""

import re

import pytest
from django.urls import reverse

from argmap.maps.models import Link, Node
from argmap.maps.services import link_create, node_create
from argmap.teams.models import Role
from tests.factories import big_map

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def small_map(workspace):
    """root question <- answer claim <- supporting claim; one unplaced claim."""
    map_obj = big_map(1, workspace=workspace)
    root = map_obj.root
    answer = node_create(
        map_obj=map_obj, kind="claim", text="Europe pays.", parent=root, relation="answers"
    )
    support = node_create(
        map_obj=map_obj, kind="claim", text="It has funds.", parent=answer, relation="supports"
    )
    loose = node_create(map_obj=map_obj, kind="claim", text="Loose claim.")
    return map_obj, root, answer, support, loose


def url(name, map_obj, *args):
    return reverse(name, args=[map_obj.pk, *args])


@pytest.mark.parametrize("htmx", [False, True])
def test_form_urls_answer_both_ways(editor_client, small_map, htmx):
    map_obj, root, answer, support, loose = small_map
    link = Link.objects.get(source=support)
    headers = HX if htmx else {}
    for target in (
        url("node_add", map_obj, answer.pk) + "?relation=supports",
        url("node_add", map_obj, answer.pk) + "?kind=evidence",
        url("node_edit", map_obj, answer.pk),
        url("node_more", map_obj, support.pk) + f"?via={link.pk}",
        url("node_more", map_obj, loose.pk),
        url("node_subtree", map_obj, answer.pk),
    ):
        response = editor_client.get(target, **headers)
        html = response.content.decode()
        assert response.status_code == 200, target
        assert ("<html" in html) is not htmx, target


def test_add_a_supporting_claim_with_htmx_returns_the_tree(editor_client, small_map):
    map_obj, root, answer, support, loose = small_map
    response = editor_client.post(
        url("node_add", map_obj, answer.pk),
        {"kind": "claim", "relation": "opposes", "text": "  No, it has not.  "},
        **HX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#tree-section"
    html = response.content.decode()
    assert "<html" not in html and 'id="tree-section"' in html
    new = Node.objects.get(text="No, it has not.")
    assert Link.objects.get(source=new).relation == "opposes"
    assert "via-opposes" in html and "Added claim" in html


def test_add_without_javascript_redirects_to_the_node(editor_client, small_map):
    map_obj, root, answer, support, loose = small_map
    response = editor_client.post(
        url("node_add", map_obj, answer.pk),
        {
            "kind": "evidence",
            "relation": "supports",
            "text": "Budget line 4.",
            "source_title": "EU",
            "source_url": "https://example.org/b",
            "source_date": "2025-08-01",
            "source_reliability": "B",
            "information_credibility": "2",
        },
    )
    evidence = Node.objects.get(text="Budget line 4.")
    assert response.status_code == 302
    assert response.url.endswith(f"#node-{evidence.pk}")
    assert (evidence.kind, evidence.grade, evidence.source_title) == ("evidence", "B2", "EU")
    page = editor_client.get(response.url).content.decode()
    assert "Added evidence" in page and ">B2</span>" in page


def test_add_refused_by_a_graph_rule_shows_the_reason(editor_client, small_map):
    map_obj, root, answer, support, loose = small_map
    before = Node.objects.count()
    # Only claims and evidence may be supported; the root is a question.
    response = editor_client.post(
        url("node_add", map_obj, root.pk),
        {"kind": "claim", "relation": "supports", "text": "Supports a question?"},
        **HX,
    )
    assert response.status_code == 422
    assert "A claim cannot support a question." in response.content.decode()
    assert Node.objects.count() == before  # atomic: the node is not left behind
    response = editor_client.post(
        url("node_add", map_obj, answer.pk), {"kind": "claim", "relation": "supports", "text": " "}
    )
    assert response.status_code == 422 and "This field is required" in response.content.decode()


def test_the_analyst_sets_a_claims_base_score_and_its_strength_follows(editor_client, small_map):
    map_obj, root, answer, support, loose = small_map
    form = editor_client.get(url("node_edit", map_obj, support.pk), **HX).content.decode()
    assert 'name="base_score"' in form and "Blank: neutral, 0.5." in form
    question_form = editor_client.get(url("node_edit", map_obj, root.pk), **HX).content.decode()
    assert 'name="base_score"' not in question_form  # questions have no strength
    edit = url("node_edit", map_obj, support.pk)
    bad = editor_client.post(edit, {"text": support.text, "version": 1, "base_score": "1.5"}, **HX)
    assert bad.status_code == 422 and "less than or equal to 1" in bad.content.decode()
    saved = editor_client.post(edit, {"text": support.text, "version": 1, "base_score": "0.9"})
    assert saved.status_code == 302
    support.refresh_from_db()
    assert support.base_score == 0.9
    # DF-QuAD: the answer (base 0.5) with one supporter at 0.9 moves to 0.5 + 0.5 * 0.9.
    page = editor_client.get(reverse("map_detail", args=[map_obj.pk])).content.decode()
    assert 'value="0.95"' in page and 'value="0.90"' in page
    cleared = editor_client.post(edit, {"text": support.text, "version": 2, "base_score": ""})
    assert cleared.status_code == 302
    support.refresh_from_db()
    assert support.base_score is None


def test_edit_text_and_a_stale_edit_gets_409_with_the_other_text(editor_client, small_map):
    map_obj, root, answer, support, loose = small_map
    edit = url("node_edit", map_obj, answer.pk)
    response = editor_client.post(edit, {"text": "Europe pays, mostly.", "version": 1}, **HX)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Europe pays, mostly.", 2)
    # A second editor who started from version 1 is refused and shown both texts, a word
    # diff and a merge form (the activity app's) that saves against the version now seen.
    response = editor_client.post(edit, {"text": "Europe pays nothing.", "version": 1}, **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this claim" in html and "<html" not in html
    assert "Europe pays, mostly." in html and "Europe pays nothing." in html
    assert "<ins>" in html and "<del>" in html
    assert f'action="{reverse("node_merge", args=[answer.pk])}"' in html
    assert re.search(r'name="expected_version" value="2"', html)
    answer.refresh_from_db()
    assert answer.text == "Europe pays, mostly."
    # Without JavaScript the same answer is a full page.
    response = editor_client.post(edit, {"text": "Europe pays nothing.", "version": 1})
    assert response.status_code == 409 and "<html" in response.content.decode()
    # Saving again from the version shown wins.
    response = editor_client.post(edit, {"text": "Europe pays nothing.", "version": 2})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.text == "Europe pays nothing."


@pytest.mark.parametrize("htmx", [False, True])
def test_change_a_links_relation(editor_client, small_map, htmx):
    map_obj, root, answer, support, loose = small_map
    link = Link.objects.get(source=support)
    response = editor_client.post(
        url("link_relation", map_obj, link.pk),
        {"relation": "opposes", "version": link.version},
        **(HX if htmx else {}),
    )
    assert response.status_code == (200 if htmx else 302)
    link.refresh_from_db()
    assert link.relation == "opposes"
    # A relation that does not fit the kinds is refused with the reason.
    response = editor_client.post(
        url("link_relation", map_obj, link.pk),
        {"relation": "answers", "version": link.version},
        **(HX if htmx else {}),
    )
    assert response.status_code == 422
    assert "cannot answer a claim" in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_move_a_node_and_refuse_a_cycle(editor_client, small_map, htmx):
    map_obj, root, answer, support, loose = small_map
    headers = HX if htmx else {}
    link = Link.objects.get(source=answer)
    # Moving the answer under its own supporter would make a cycle.
    response = editor_client.post(
        url("link_move", map_obj, link.pk),
        {"parent": support.pk, "relation": "supports"},
        **headers,
    )
    assert response.status_code == 422
    assert "would make a cycle" in response.content.decode()
    assert Link.objects.get(source=answer).target_id == root.pk
    support_link = Link.objects.get(source=support)
    response = editor_client.post(
        url("link_move", map_obj, support_link.pk),
        {"parent": root.pk, "relation": "answers"},
        **headers,
    )
    assert response.status_code == (200 if htmx else 302)
    support_link.refresh_from_db()
    assert (support_link.target_id, support_link.relation) == (root.pk, "answers")


@pytest.mark.parametrize("htmx", [False, True])
def test_place_an_unplaced_claim(editor_client, small_map, htmx):
    map_obj, root, answer, support, loose = small_map
    headers = HX if htmx else {}
    place = url("node_place", map_obj, loose.pk)
    refused = editor_client.post(place, {"parent": loose.pk, "relation": "opposes"}, **headers)
    assert refused.status_code == 422 and "linked to itself" in refused.content.decode()
    assert ("<html" in refused.content.decode()) is not htmx
    response = editor_client.post(place, {"parent": answer.pk, "relation": "opposes"}, **headers)
    assert response.status_code == (200 if htmx else 302)
    assert Link.objects.get(source=loose).target_id == answer.pk
    page = response.content.decode() if htmx else editor_client.get(response.url).content.decode()
    assert "Not yet in the tree" not in page


def test_parent_options_search_answers_both_ways(editor_client, small_map):
    map_obj, root, answer, support, loose = small_map
    search = url("node_more", map_obj, loose.pk) + "?options=1&q=Europe"
    partial = editor_client.get(search, **HX).content.decode()
    assert "<html" not in partial and "Europe pays." in partial
    page = editor_client.get(search).content.decode()
    assert "<html" in page and "Europe pays." in page


@pytest.mark.parametrize("htmx", [False, True])
def test_delete_a_node_then_undo_restores_it_exactly(editor_client, small_map, htmx):
    map_obj, root, answer, support, loose = small_map
    headers = HX if htmx else {}
    response = editor_client.post(url("node_delete", map_obj, answer.pk), **headers)
    assert response.status_code == (200 if htmx else 302)
    page = response.content.decode() if htmx else editor_client.get(response.url).content.decode()
    assert "Undo" in page and "Europe pays." not in page.split("Deleted")[-1].split("</form>")[1]
    assert not Node.objects.filter(pk__in=[answer.pk, support.pk]).exists()
    deletion = re.search(r'name="deletion" value="([0-9a-f-]+)"', page).group(1)
    response = editor_client.post(url("deletion_undo", map_obj), {"deletion": deletion}, **headers)
    assert response.status_code == (200 if htmx else 302)
    assert Node.objects.filter(pk__in=[answer.pk, support.pk]).count() == 2
    assert Link.objects.filter(map=map_obj).count() == 2
    response = editor_client.post(url("deletion_undo", map_obj), {"deletion": deletion}, **headers)
    assert response.status_code == 422 and "Nothing to restore" in response.content.decode()


def test_the_root_cannot_be_deleted(editor_client, small_map):
    map_obj, root, *_ = small_map
    response = editor_client.post(url("node_delete", map_obj, root.pk), **HX)
    assert response.status_code == 422
    assert "root of a map cannot be deleted" in response.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_delete_a_link_keeps_both_nodes(editor_client, small_map, htmx):
    map_obj, root, answer, support, loose = small_map
    link = Link.objects.get(source=support)
    response = editor_client.post(url("link_delete", map_obj, link.pk), **(HX if htmx else {}))
    assert response.status_code == (200 if htmx else 302)
    assert not Link.objects.filter(pk=link.pk).exists()
    assert Node.objects.filter(pk=support.pk).exists()


def test_subtree_partial_loads_children_lazily(member_client, workspace):
    map_obj = big_map(1000, workspace=workspace)
    client = member_client(Role.VIEWER)
    page = client.get(reverse("map_detail", args=[map_obj.pk])).content.decode()
    assert "Large map" in page
    closed = re.search(r'hx-get="(/maps/\d+/nodes/(\d+)/\?via=(\d+)&amp;level=(\d+))"', page)
    assert closed, "a collapsed node with a lazy toggle"
    response = client.get(closed.group(1).replace("&amp;", "&"), **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith(f'<li role="treeitem" aria-level="{closed.group(4)}"')
    assert f'id="i-{closed.group(2)}-{closed.group(3)}"' in html
    assert 'aria-expanded="true"' in html
    assert html.count("<li") == html.count("</li>")
    full = client.get(closed.group(1).replace("&amp;", "&"))
    assert "<html" in full.content.decode()


def test_viewers_see_no_edit_controls_and_may_not_post(member_client, small_map):
    map_obj, root, answer, support, loose = small_map
    client = member_client(Role.VIEWER)
    html = client.get(reverse("map_detail", args=[map_obj.pk])).content.decode()
    assert "+ Support" not in html and 'class="tools"' not in html
    response = client.post(
        url("node_add", map_obj, answer.pk), {"kind": "claim", "relation": "supports", "text": "x"}
    )
    assert response.status_code == 403
    assert client.get(url("node_edit", map_obj, answer.pk), **HX).status_code == 403
    assert client.post(url("node_delete", map_obj, answer.pk)).status_code == 403


def test_outsiders_get_404_everywhere(outsider_client, small_map):
    map_obj, root, answer, support, loose = small_map
    link = Link.objects.get(source=support)
    for target in (
        url("node_subtree", map_obj, answer.pk),
        url("node_add", map_obj, answer.pk),
        url("node_more", map_obj, answer.pk),
        url("map_picture", map_obj),
    ):
        assert outsider_client.get(target, **HX).status_code == 404
    assert outsider_client.post(url("link_delete", map_obj, link.pk)).status_code == 404
    assert outsider_client.post(url("deletion_undo", map_obj)).status_code == 404


def test_nodes_of_another_map_are_not_found(editor_client, small_map, workspace):
    map_obj, *_ = small_map
    other = big_map(2, workspace=workspace)
    foreign = Node.objects.filter(map=other).exclude(pk=other.root_id).get()
    response = editor_client.get(url("node_edit", map_obj, foreign.pk))
    assert response.status_code == 404
    link = link_create(
        source=Node.objects.create(map=other, kind="claim", text="x"),
        target=foreign,
        relation="supports",
    )
    assert editor_client.post(url("link_delete", map_obj, link.pk)).status_code == 404


def test_user_text_is_escaped_in_the_tree_and_forms(editor_client, small_map):
    map_obj, root, answer, *_ = small_map
    payload = "<script>alert(1)</script><img src=x onerror=alert(1)>"
    Node.objects.filter(pk=answer.pk).update(text=payload, source_title="")
    for target in (
        reverse("map_detail", args=[map_obj.pk]),
        url("node_edit", map_obj, answer.pk),
        url("node_more", map_obj, answer.pk),
    ):
        html = editor_client.get(target).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, target
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, target


def test_first_screen_and_tree_partial_take_fixed_queries(
    member_client, workspace, django_assert_max_num_queries
):
    map_obj = big_map(1000, workspace=workspace)
    client = member_client(Role.EDITOR)
    # The parts other apps add (maps.page_parts) cost a fixed number each: the comment
    # counts (1), the whole map's strengths (its state for the cache key, and 2 lean ones
    # on a cache miss; none when the page loaded the whole graph) and, on the full page,
    # the changed-since revision (1).
    with django_assert_max_num_queries(8 + 5):
        page = client.get(reverse("map_detail", args=[map_obj.pk]))
    assert 250 < page.content.decode().count('role="treeitem"') <= 300
    with django_assert_max_num_queries(7 + 1):
        partial = client.get(reverse("map_detail", args=[map_obj.pk]) + "?expand=all", **HX)
    html = partial.content.decode()
    assert "<html" not in html and html.count('role="treeitem"') == 1000
    node = Node.objects.filter(map=map_obj).exclude(pk=map_obj.root_id).first()
    with django_assert_max_num_queries(8 + 4):
        client.get(url("node_subtree", map_obj, node.pk), **HX)


def test_large_map_opens_down_to_a_deep_node_and_loads_unplaced_later(editor_client, workspace):
    map_obj = big_map(1000, workspace=workspace)
    deep = Node.objects.get(map=map_obj, text__startswith="Node 999 says")
    loose = Node.objects.create(map=map_obj, kind="claim", text="Loose one.")
    page = editor_client.get(reverse("map_detail", args=[map_obj.pk])).content.decode()
    assert f'id="node-{deep.pk}"' not in page and "Loose one." not in page
    assert url("map_unplaced", map_obj) in page
    shown = editor_client.get(reverse("map_detail", args=[map_obj.pk]) + f"?show={deep.pk}")
    html = shown.content.decode()
    assert f'id="node-{deep.pk}"' in html and 'aria-level="6"' in html
    tree = html[html.index('<ul role="tree"') : html.index("</section>")]
    assert tree.count("<li") == tree.count("</li>") and tree.count("<ul") == tree.count("</ul>")
    unplaced = editor_client.get(url("map_unplaced", map_obj), **HX).content.decode()
    assert "<html" not in unplaced and "Loose one." in unplaced and f"node-{loose.pk}" in unplaced
    assert editor_client.get(url("map_unplaced", map_obj)).status_code == 302


def test_move_list_is_short_and_searchable_on_large_maps(
    editor_client, workspace, django_assert_max_num_queries
):
    map_obj = big_map(1000, workspace=workspace)
    link = Link.objects.filter(map=map_obj).order_by("id")[2]
    more = url("node_more", map_obj, link.source_id) + f"?via={link.pk}"
    with django_assert_max_num_queries(9):
        html = editor_client.get(more, **HX).content.decode()
    options = re.findall(r'<option value="(\d+)">', html.split('<select name="parent"')[1])
    assert 0 < len(options) <= 200
    below = {link.source_id} | set(
        Link.objects.filter(target_id=link.source_id).values_list("source_id", flat=True)
    )
    assert not below & {int(option) for option in options}  # never a cycle on offer
    found = editor_client.get(more + "&options=1&q=Node 500 says", **HX).content.decode()
    assert "<html" not in found and found.count("<option") == 1 and "Node 500 says" in found
    page = editor_client.get(more + "&q=Node 501 says").content.decode()
    assert "<html" in page and page.count("Node 501 says") >= 1
    # Any node of the map may still be posted, whether listed or not.
    target = Node.objects.get(map=map_obj, text__startswith="Node 502 says")
    response = editor_client.post(
        url("link_move", map_obj, link.pk), {"parent": target.pk, "relation": "supports"}, **HX
    )
    assert response.status_code == 200
    assert Link.objects.get(pk=link.pk).target_id == target.pk
