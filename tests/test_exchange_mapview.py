"""The map view: the neighbourhood selector, the drawing and its decoration, the views
(focus, whole map, panel, downloads, cache by revision), the tree / map switch on the map
page, and the pros-and-cons page."""

import shutil
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse

from argmap.exchange.dot import RenderError, render
from argmap.exchange.mapview import MAX_LINES, decorate, first_line, short_lines, view_to_dot
from argmap.exchange.views.picture import MAX_DRAWN, WHOLE_MAP_LIMIT
from argmap.maps.graph import LinkData, MapGraph, NodeData
from argmap.maps.models import Link, Node
from argmap.maps.selectors import map_neighbourhood
from argmap.maps.services import map_create, node_create
from argmap.teams.models import Role
from tests.factories import MembershipFactory, big_map

pytestmark = pytest.mark.django_db
needs_graphviz = pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> "quoted" & \\N {braces}'


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def viewer_client(client):
    """A client logged in as a viewer of the map's workspace."""

    def login(map_obj):
        client.force_login(MembershipFactory(workspace=map_obj.workspace, role=Role.VIEWER).user)
        return client

    return login


def _depth(map_obj, node_id: int) -> int:
    depth = 0
    while node_id != map_obj.root_id:
        node_id = Link.objects.get(source_id=node_id).target_id
        depth += 1
    return depth


# -- the neighbourhood selector ----------------------------------------------------------


def test_neighbourhood_has_the_levels_around_the_focus_and_the_path_up(
    django_assert_max_num_queries,
):
    map_obj = big_map(400)  # fanout 4: root, 4, 16, 64, 256 ...
    node = Node.objects.filter(map=map_obj).order_by("id")[6]  # a grandchild of the root
    assert _depth(map_obj, node.pk) == 2
    with django_assert_max_num_queries(4):
        hood = map_neighbourhood(map_obj, node.pk, up=1, down=2)
    assert [item.id for item in hood.path][0] == map_obj.root_id
    assert hood.path[-1].id == node.pk and len(hood.path) == 3
    drawn = set(hood.graph.nodes)
    parent = Link.objects.get(source=node).target_id
    assert parent in drawn and map_obj.root_id not in drawn  # one level up only
    below = {link.source_id for link in Link.objects.filter(target=node)}
    below_that = set(Link.objects.filter(target_id__in=below).values_list("source_id", flat=True))
    assert drawn == {node.pk, parent} | below | below_that
    assert hood.complete
    # The parent's other children are not drawn: it says how many it has.
    assert hood.graph.child_total(parent) == 4 and len(hood.graph.children[parent]) == 1


def test_neighbourhood_is_bounded_and_draws_children_all_or_none(django_assert_max_num_queries):
    map_obj = big_map(2000)
    with django_assert_max_num_queries(4):
        hood = map_neighbourhood(map_obj, map_obj.root_id, up=2, down=5, limit=50)
    graph = hood.graph
    assert len(graph.nodes) <= 51 and not hood.complete
    for node_id in graph.nodes:
        drawn_children = len(graph.children.get(node_id, ()))
        assert drawn_children in (0, graph.child_total(node_id))


def test_neighbourhood_of_a_node_of_another_map_is_none():
    one, other = big_map(5), big_map(5)
    assert map_neighbourhood(one, other.root_id) is None


def test_unplaced_node_path_starts_at_its_own_top(workspace):
    map_obj = map_create(workspace=workspace, title="M", root_kind="question")
    loose = node_create(map_obj=map_obj, kind="claim", text="Loose.")
    below = node_create(
        map_obj=map_obj, kind="claim", text="Below.", parent=loose, relation="supports"
    )
    hood = map_neighbourhood(map_obj, below.pk)
    assert [node.id for node in hood.path] == [loose.pk, below.pk]


# -- drawing and decoration ---------------------------------------------------------------


def _graph() -> MapGraph:
    nodes = {
        1: NodeData(1, "question", "Root?"),
        2: NodeData(2, "claim", HOSTILE + " " + "long " * 40),
        3: NodeData(3, "evidence", "Poll.", source_reliability="B", information_credibility=2),
        4: NodeData(4, "claim", "Against."),
    }
    links = [
        LinkData(1, 2, 1, "answers"),
        LinkData(2, 3, 2, "supports"),
        LinkData(3, 4, 2, "opposes"),
    ]
    return MapGraph(root_id=1, nodes=nodes, links=links)


def test_long_texts_are_cut_with_an_ellipsis():
    lines = short_lines("word " * 100)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert short_lines("Short.") == ["Short."]
    # A breadcrumb shows the first line, with an ellipsis when more follows.
    assert first_line("Who will eventually send troops to Ukraine?") == "Who will eventually send…"
    assert first_line("Short.") == "Short."


def test_dot_is_top_down_with_shapes_lines_and_answers_grouped():
    dot = view_to_dot(_graph(), focus_id=2, strengths={2: 0.65}, node_url="/x/?node={id}")
    assert "rankdir=TB" in dot and "dir=back" in dot
    assert "shape=hexagon" in dot and "shape=note" in dot and 'style="rounded,filled"' in dot
    assert "style=dashed" in dot  # opposes
    assert "subgraph cluster_answers_1 { " in dot and "n2;" in dot
    assert "CLAIM · 0.65" in dot and 'class="kind-claim focus"' in dot
    assert "label=<<FONT" in dot and "&lt;script&gt;" in dot.split("label=")[2]


@needs_graphviz
def test_every_node_is_a_focusable_named_link_and_user_text_stays_text():
    graph = _graph()
    dot = view_to_dot(graph, focus_id=1, strengths={2: 0.5}, node_url="/m/?node={id}&sel={id}")
    html = decorate(
        render(dot, "svg"),
        graph,
        strengths={2: 0.5},
        panel_url="/m/?node={id}&sel={id}",
        target="closest .mapview",
        label="Map view of “<b>”",
    )
    root = ET.fromstring(html)
    links = [a for a in root.iter(f"{SVG}a") if a.get("class") == "mapview-node"]
    assert len(links) == len(graph.nodes)
    for link in links:
        node_id = link.get("data-node")
        assert link.get("tabindex") == "0" and link.get("role") == "link"
        assert link.get("hx-get") == f"/m/?node={node_id}&sel={node_id}"
        assert link.get("{http://www.w3.org/1999/xlink}href") == link.get("hx-get")
        assert link.get("aria-label")
    hostile = next(link for link in links if link.get("data-node") == "2")
    assert HOSTILE in hostile.get("aria-label")  # the whole text, as text
    assert hostile.find(f"{SVG}title").text.startswith(HOSTILE)
    assert "Claim, answering “Root?”. strength 0.50." in hostile.get("aria-label")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert root.get("aria-label") == "Map view of “<b>”"
    assert all(
        edge.get("aria-hidden") == "true"
        for edge in root.iter(f"{SVG}g")
        if "edge" in (edge.get("class") or "")
    )


@needs_graphviz
def test_an_undercut_ends_on_the_step_it_attacks_with_a_bar():
    graph = _graph()
    graph = MapGraph(
        root_id=1,
        nodes={**graph.nodes, 5: NodeData(5, "claim", "That poll does not show it.")},
        # 5 undercuts link 2 (3 supports 2): it hangs under 3, the link's premise.
        links=[*graph.links, LinkData(4, 5, 3, "undercuts", target_link_id=2)],
    )
    dot = view_to_dot(graph, focus_id=1, strengths={}, node_url="/m/?node={id}")
    assert 'l2 [id="l2", class="step", shape=point' in dot
    assert "n2 -> l2 [" in dot and "l2 -> n3 [" in dot and "arrowtail=none" in dot
    assert 'l2 -> n5 [color="#8e244d", style=dashed, arrowtail=tee' in dot
    assert "n3 -> n5" not in dot and "n2 -> n3" not in dot  # drawn through the point
    html = decorate(
        render(dot, "svg"),
        graph,
        strengths={},
        panel_url="/m/?node={id}",
        target="closest .mapview",
        label="Map view",
    )
    root = ET.fromstring(html)
    named = {a.get("data-node"): a.get("aria-label") for a in root.iter(f"{SVG}a")}
    assert set(named) == {"1", "2", "3", "4", "5"}  # the point is no node to click
    assert "saying this does not follow from “Poll.”" in named["5"]
    # Without the attacked link in the drawing the undercut hangs under its premise.
    alone = MapGraph(
        root_id=3,
        nodes={3: graph.nodes[3], 5: graph.nodes[5]},
        links=[LinkData(4, 5, 3, "undercuts", target_link_id=2)],
    )
    assert "n3 -> n5 [" in view_to_dot(alone, focus_id=3, strengths={}, node_url="/{id}")


@needs_graphviz
def test_render_gives_up_after_its_timeout():
    graph = big_graph = MapGraph(
        root_id=0,
        nodes={i: NodeData(i, "claim", f"Node {i}") for i in range(3000)},
        links=[LinkData(i, i, (i - 1) // 3, "supports") for i in range(1, 3000)],
    )
    dot = view_to_dot(big_graph, focus_id=None, strengths={}, node_url="/{id}")
    with pytest.raises(RenderError, match="too large"):
        render(dot, "svg", timeout=0.05)
    assert graph.nodes


# -- the views ------------------------------------------------------------------------------


def _picture(client, map_obj, query="", **headers):
    return client.get(reverse("map_picture", args=[map_obj.pk]) + query, **headers)


@needs_graphviz
def test_a_small_map_is_drawn_whole_with_its_unplaced_nodes_in_the_tray(editor_client, workspace):
    map_obj = map_create(workspace=workspace, title="M", root_kind="question")
    child = node_create(
        map_obj=map_obj, kind="claim", text="Yes.", parent=map_obj.root, relation="answers"
    )
    loose = node_create(map_obj=map_obj, kind="claim", text="Loose claim.")
    html = _picture(editor_client, map_obj, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('class="mapview-node"') == 2  # root and child; the loose one is not drawn
    assert f'data-node="{child.pk}"' in html and f'data-node="{loose.pk}"' not in html
    assert 'class="mapview-tray"' in html and "Loose claim." in html
    assert 'aria-current="true">Whole map' in html


@needs_graphviz
def test_whole_and_focus_views_draw_an_undercut_on_its_link(editor_client, workspace):
    map_obj = map_create(workspace=workspace, title="M", root_kind="claim")
    reason = node_create(
        map_obj=map_obj, kind="claim", text="Reason.", parent=map_obj.root, relation="supports"
    )
    step = Link.objects.get(source=reason)
    node_create(
        map_obj=map_obj,
        kind="claim",
        text="Does not follow.",
        parent=reason,
        relation="undercuts",
        target_link=step,
    )
    for query in ("", f"?node={map_obj.root_id}"):  # whole map, then a focus (two selectors)
        html = _picture(editor_client, map_obj, query, HTTP_HX_REQUEST="true").content.decode()
        assert f'id="l{step.pk}"' in html, query  # the link's point, where the bar ends


@needs_graphviz
def test_a_large_map_opens_in_focus_and_never_draws_it_whole(viewer_client):
    map_obj = big_map(WHOLE_MAP_LIMIT + 50)
    for query in ("", "?whole=1"):
        html = _picture(viewer_client(map_obj), map_obj, query, HTTP_HX_REQUEST="true")
        html = html.content.decode()
        assert 1 < html.count('class="mapview-node"') <= MAX_DRAWN
        assert 'aria-current="true">Focus' in html and ">Whole map<" not in html
        assert f'data-focus-node="{map_obj.root_id}"' in html


@needs_graphviz
def test_the_same_query_count_for_1000_and_300_nodes(viewer_client, django_assert_max_num_queries):
    for size in (300, 1000):
        map_obj = big_map(size)
        client = viewer_client(map_obj)
        node = Node.objects.filter(map=map_obj).order_by("id")[3]
        with django_assert_max_num_queries(18):
            response = _picture(client, map_obj, f"?node={node.pk}&sel={node.pk}&down=3")
        assert response.status_code == 200


@needs_graphviz
def test_focus_view_has_breadcrumbs_and_the_panel(editor_client, workspace):
    map_obj = big_map(WHOLE_MAP_LIMIT + 50, workspace=workspace)
    node = Node.objects.filter(map=map_obj).order_by("id")[6]
    html = _picture(editor_client, map_obj, f"?node={node.pk}&sel={node.pk}").content.decode()
    crumbs = html.split('class="mapview-crumbs"')[1].split("</nav>")[0]
    assert crumbs.count("<li>") == 3 and 'aria-current="location"' in crumbs
    panel = html.split('id="mapview-panel"')[1]
    assert "Node 6 says something &lt;b&gt;bold&lt;/b&gt;" in panel
    assert f'href="/maps/{map_obj.pk}/nodes/{node.pk}/add/?relation=supports"' in panel
    assert reverse("node_pros_cons", args=[map_obj.pk, node.pk]) in panel


@needs_graphviz
def test_a_viewer_sees_no_edit_actions(viewer_client):
    map_obj = big_map(30)
    node = Node.objects.filter(map=map_obj).order_by("id")[2]
    html = _picture(viewer_client(map_obj), map_obj, f"?sel={node.pk}").content.decode()
    assert 'id="mapview-panel"' in html
    assert "mapview-tools" not in html and "/add/" not in html and "/edit/" not in html


@needs_graphviz
def test_a_node_of_another_map_is_not_found(viewer_client):
    map_obj, other = big_map(5), big_map(5)
    client = viewer_client(map_obj)
    assert _picture(client, map_obj, f"?node={other.root_id}").status_code == 404
    html = _picture(client, map_obj, f"?sel={other.root_id}").content.decode()
    assert 'id="mapview-panel"' not in html


@needs_graphviz
def test_a_change_of_the_map_redraws_it(editor_client, workspace, django_assert_max_num_queries):
    map_obj = map_create(workspace=workspace, title="M", root_kind="question")
    assert 'class="mapview-node"' in _picture(editor_client, map_obj).content.decode()
    with django_assert_max_num_queries(9):  # from the cache: no graph, no strengths read
        _picture(editor_client, map_obj)
    node_create(
        map_obj=map_obj, kind="claim", text="Brand new.", parent=map_obj.root, relation="answers"
    )
    assert "Brand new." in _picture(editor_client, map_obj).content.decode()


@needs_graphviz
def test_downloads_are_exactly_the_current_view(viewer_client):
    map_obj = big_map(WHOLE_MAP_LIMIT + 50)
    client = viewer_client(map_obj)
    node = Node.objects.filter(map=map_obj).order_by("id")[5]
    query = f"?node={node.pk}&up=1&down=1"
    shown = _picture(client, map_obj, query, HTTP_HX_REQUEST="true").content.decode()
    assert f"picture.svg?node={node.pk}&amp;up=1&amp;down=1" in shown
    svg = client.get(reverse("map_picture_download", args=[map_obj.pk, "svg"]) + query)
    drawn = {g.get("id") for g in ET.fromstring(svg.content).iter(f"{SVG}g")}
    ids = {f"n{node_id}" for node_id in _node_ids(shown)}
    assert ids == {item for item in drawn if item and item.startswith("n")}
    png = client.get(reverse("map_picture_download", args=[map_obj.pk, "png"]) + query)
    assert (
        png.content.startswith(b"\x89PNG") and f"around-{node.pk}.png" in png["Content-Disposition"]
    )


def _node_ids(html: str) -> set[int]:
    return {int(part.split('"')[0]) for part in html.split('data-node="')[1:]}


# -- the tree / map switch on the map page ----------------------------------------------------


@needs_graphviz
def test_the_map_page_remembers_the_chosen_view(editor_client, workspace):
    map_obj = big_map(20, workspace=workspace)
    url = reverse("map_detail", args=[map_obj.pk])
    html = editor_client.get(url).content.decode()
    assert 'data-view-switch="tree" aria-current="true"' in html
    assert '<div data-view-pane="map" data-src="' in html and 'class="mapview"' not in html
    response = editor_client.get(url + "?view=map")
    assert response.cookies["argmap_view"].value == "map"
    html = editor_client.get(url).content.decode()  # the cookie now chooses
    assert 'data-view-switch="map" aria-current="true"' in html
    assert '<div data-view-pane="tree" hidden>' in html
    # Not drawn yet: the page does not wait for Graphviz, the view loads at once.
    assert 'class="mapview" aria-label="Map view" aria-busy="true"' in html
    assert "mapview-node" not in html
    editor_client.get(reverse("map_picture", args=[map_obj.pk]), HTTP_HX_REQUEST="true")
    html = editor_client.get(url).content.decode()
    assert "mapview-node" in html and "aria-busy" not in html  # from the cache
    assert 'id="tree-section"' in html  # still there: writes from the panel refresh it
    html = editor_client.get(url + "?view=nonsense").content.decode()
    assert 'data-view-switch="map" aria-current="true"' in html


# -- pros and cons ----------------------------------------------------------------------------


def test_pros_and_cons_side_by_side(viewer_client, django_assert_max_num_queries):
    map_obj = big_map(200)
    claim = Node.objects.filter(map=map_obj).order_by("id")[2]  # answers the root
    url = reverse("node_pros_cons", args=[map_obj.pk, claim.pk])
    client = viewer_client(map_obj)
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    pros = html.split('id="pros-title"')[1].split("</section>")[0]
    cons = html.split('id="cons-title"')[1].split("</section>")[0]
    children = Link.objects.filter(target=claim)
    assert (
        pros.count('class="reason card supports"') == children.filter(relation="supports").count()
    )
    assert cons.count('class="reason card opposes"') == children.filter(relation="opposes").count()
    assert "strength-value" in pros and "reason-counts" in pros  # own counts
    child = children.first().source
    assert reverse("node_pros_cons", args=[map_obj.pk, child.pk]) in html  # down a level
    crumbs = html.split('class="crumbs proscons-crumbs"')[1].split("</nav>")[0]
    assert reverse("node_pros_cons", args=[map_obj.pk, map_obj.root_id]) in crumbs  # up


@needs_graphviz
def test_pros_and_cons_count_in_words_and_list_what_does_not_follow(editor_client, workspace):
    map_obj = map_create(workspace=workspace, title="Root claim.", root_kind="claim")
    reason = node_create(
        map_obj=map_obj, kind="claim", text="A reason.", parent=map_obj.root, relation="supports"
    )
    for text in ("A con of the reason.", "Another con."):
        node_create(map_obj=map_obj, kind="claim", text=text, parent=reason, relation="opposes")
    node_create(
        map_obj=map_obj,
        kind="claim",
        text="The root does not follow from it.",
        parent=reason,
        relation="undercuts",
        target_link=Link.objects.get(source=reason),
    )
    top = editor_client.get(reverse("node_pros_cons", args=[map_obj.pk, map_obj.root_id]))
    counts = top.content.decode().split('class="reason-counts"')[1].split("</a>")[0]
    assert "2 cons" in counts and "1 says it does not follow" in counts
    assert "undercuts<" not in counts and "opposes<" not in counts  # words, not relation names
    page = editor_client.get(reverse("node_pros_cons", args=[map_obj.pk, reason.pk]))
    section = page.content.decode().split('id="objections-title"')[1].split("</section>")[0]
    assert "Does not follow" in section and "The root does not follow from it." in section
    assert "“Root claim.” does not follow from this" in section


def test_pros_and_cons_of_a_node_elsewhere_is_not_found(viewer_client):
    map_obj, other = big_map(5), big_map(5)
    url = reverse("node_pros_cons", args=[map_obj.pk, other.root_id])
    assert viewer_client(map_obj).get(url).status_code == 404


@needs_graphviz
def test_a_large_map_without_root_shows_its_tray_only(viewer_client):
    map_obj = big_map(WHOLE_MAP_LIMIT + 10)
    gone = "2026-01-01T00:00:00Z"
    Link.objects.filter(target_id=map_obj.root_id).update(deleted_at=gone)
    Node.objects.filter(pk=map_obj.root_id).update(deleted_at=gone)
    map_obj.root = None
    map_obj.save(update_fields=["root"])
    html = _picture(viewer_client(map_obj), map_obj, HTTP_HX_REQUEST="true").content.decode()
    assert "Nothing to draw yet." in html and 'class="mapview-tray"' in html
