"""The map as DOT and as a Graphviz picture: escaping, colours, the views."""

import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from argmap.exchange.dot import (
    map_to_dot,
    node_label,
    render,
    strength_fill,
    tooltip,
    xml_escape,
)
from argmap.maps.graph import LinkData, MapGraph, NodeData
from argmap.teams.models import Role
from tests.factories import big_map

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    'quote " and trailing backslash \\',
    "\\N \\G \\n escapes and &lt; an entity & an ampersand",
    "}] ; digraph x { a -> b } -- comment",
    "control \x01\x08 characters\x7f and emoji 🙂",
]
needs_graphviz = pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")


def _graph(texts) -> MapGraph:
    nodes = {1: NodeData(id=1, kind="question", text="Root?")}
    links = []
    for index, text in enumerate(texts, start=2):
        kind = "evidence" if index % 2 else "claim"
        nodes[index] = NodeData(id=index, kind=kind, text=text, source_reliability="B")
        links.append(LinkData(id=index, source_id=index, target_id=1, relation="answers"))
    links.append(LinkData(id=99, source_id=3, target_id=2, relation="opposes"))
    return MapGraph(root_id=1, nodes=nodes, links=links)


def test_labels_are_xml_escaped():
    assert xml_escape("<b>&\"'\\") == "&lt;b&gt;&amp;&quot;&#39;\u2216"
    label = node_label("claim", "<script>alert(1)</script>")
    assert "<script>" not in label and "&lt;script&gt;" in label
    assert tooltip('a "b" \\') == '"a \\"b\\" \u2216"'


@needs_graphviz
@pytest.mark.parametrize("text", HOSTILE)
def test_every_hostile_text_renders_as_text(text):
    dot = map_to_dot("Title <b>", _graph([text]))
    svg = render(dot, "svg").decode()
    tree = ET.fromstring(svg)  # well-formed XML: nothing broke out of a label
    names = {element.tag.split("}")[-1] for element in tree.iter()}
    assert names <= {"svg", "g", "title", "polygon", "path", "text", "a", "ellipse", "polyline"}
    shown = " ".join(
        "".join(element.itertext()) for element in tree.iter() if element.tag.endswith("text")
    )
    visible = " ".join(text.translate({1: None, 8: None, 127: None}).split())
    visible = visible.replace("\\", "\u2216")  # drawn as a look-alike, never an escape
    shown = shown.replace("\xa0", " ")
    assert visible[:30] in shown


@needs_graphviz
def test_colours_by_kind_and_relation_and_png():
    graph = _graph(["A claim.", "Evidence."])
    dot = map_to_dot("Map", graph)
    assert 'fillcolor="#fff0cc"' in dot and 'fillcolor="#efe5fb"' in dot  # question, evidence
    assert 'color="#b3261e"' in dot and 'color="#2754c5"' in dot  # opposes, answers
    assert render(dot, "png").startswith(b"\x89PNG")
    with pytest.raises(ValueError):
        render(dot, "pdf")


def test_strength_fill_runs_from_red_through_neutral_to_green():
    assert strength_fill(0.0) == "#f4c7c3"
    assert strength_fill(0.5) == "#e3e8f0"
    assert strength_fill(1.0) == "#c8e6c9"
    assert strength_fill(None) == "#eef0f3"
    assert strength_fill(0.25) not in {strength_fill(0.0), "#e3e8f0"}


def test_strengths_fill_the_nodes_and_show_their_number():
    graph = _graph(["A claim.", "Evidence."])
    dot = map_to_dot("Map", graph, strengths={1: None, 2: 1.0, 3: 0.0})
    assert 'fillcolor="#c8e6c9", color="#2754c5"' in dot  # strong claim, claim's border
    assert 'fillcolor="#f4c7c3", color="#6b3fa0"' in dot  # weak evidence, evidence's border
    assert 'fillcolor="#eef0f3", color="#9a5b00"' in dot  # the question has no strength
    assert "CLAIM  B · strength 1.00" in dot and "EVIDENCE  B · strength 0.00" in dot
    assert "strength" not in map_to_dot("Map", graph)


@needs_graphviz
def test_dot_output_parses_with_graphviz_itself():
    dot = map_to_dot('A "title" \\', _graph(HOSTILE))
    result = subprocess.run(["dot", "-Tcanon"], input=dot.encode(), capture_output=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@needs_graphviz
def test_picture_views_draw_a_bounded_view(member_client, workspace, django_assert_max_num_queries):
    """A map larger than the whole-map limit is drawn around its root, at most MAX_DRAWN
    nodes, in a fixed number of queries; its downloads are the same view."""
    map_obj = big_map(1000, workspace=workspace)
    client = member_client(Role.VIEWER)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("map_picture", args=[map_obj.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 1 < html.count('class="mapview-node"') <= 200
    assert "<?xml" not in html and "<!--" not in html and "<title>n" not in html
    page = client.get(reverse("map_picture", args=[map_obj.pk])).content.decode()
    assert "<html" in page and 'class="mapview"' in page
    for fmt, mime in (("svg", "image/svg+xml"), ("png", "image/png")):
        with django_assert_max_num_queries(12):
            download = client.get(reverse("map_picture_download", args=[map_obj.pk, fmt]))
        assert download["Content-Type"] == mime
        assert download["Content-Disposition"].endswith(f'-around-{map_obj.root_id}.{fmt}"')
    svg_download = client.get(reverse("map_picture_download", args=[map_obj.pk, "svg"]))
    assert "default-src 'none'" in svg_download["Content-Security-Policy"]
    assert svg_download.content.count(b'class="node') == html.count('class="mapview-node"')
    assert client.get(f"/maps/{map_obj.pk}/picture.pdf").status_code == 404


@pytest.mark.django_db
def test_picture_needs_membership(outsider_client, workspace):
    map_obj = big_map(3, workspace=workspace)
    assert outsider_client.get(reverse("map_picture", args=[map_obj.pk])).status_code == 404
    download = reverse("map_picture_download", args=[map_obj.pk, "png"])
    assert outsider_client.get(download).status_code == 404
