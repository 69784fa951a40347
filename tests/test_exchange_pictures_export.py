"""DOT, SVG and PNG as export formats: on the export page, in ``export_map`` and in the
API, read back by Graphviz itself (DOT), an XML parser (SVG) and the PNG signature, with
hostile user text in the title and in every node."""

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.urls import reverse

from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.services import map_export
from argmap.maps.models import Link, Node
from argmap.maps.services import map_create, node_create
from argmap.teams.models import Role
from tests.factories import big_map

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed"),
]

HOSTILE = [
    "<script>alert(1)</script>",
    'say "hi" \' there',
    "back\\slash and \\N and a trailing \\",
    "braces } { ] [ ; digraph x { a -> b }",
    "=cmd|' /C calc'!A0 & &amp; <!-- comment -->",
]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def hostile_map(workspace):
    map_obj = map_create(workspace=workspace, title='Map <b>"x"</b> \\ {}', root_kind="claim")
    for index, text in enumerate(HOSTILE):
        kind = "claim" if index % 2 else "evidence"
        relation = "supports" if index % 3 else "opposes"
        node_create(map_obj=map_obj, kind=kind, text=text, parent=map_obj.root, relation=relation)
    return map_obj


def _graphviz(dot_source: str, fmt: str) -> subprocess.CompletedProcess:
    return subprocess.run(["dot", f"-T{fmt}"], input=dot_source.encode(), capture_output=True)


def test_pictures_are_export_formats():
    assert {"dot", "svg", "png"} <= set(EXPORT_FORMATS)
    assert all(EXPORT_FORMATS[name].picture for name in ("svg", "png"))
    assert not EXPORT_FORMATS["dot"].picture


def test_dot_export_parses_with_graphviz_and_keeps_every_node_and_link(hostile_map):
    exported = map_export(hostile_map, "dot")
    assert exported.filename.endswith(".dot")
    source = exported.content.decode()
    assert _graphviz(source, "canon").returncode == 0
    layout = json.loads(_graphviz(source, "json0").stdout)
    names = {item["name"] for item in layout["objects"]}
    assert names == {
        f"n{pk}" for pk in Node.objects.filter(map=hostile_map).values_list("pk", flat=True)
    }
    assert len(layout["edges"]) == Link.objects.filter(map=hostile_map).count()
    # Labels are XML-escaped HTML-like labels; tooltips quoted strings that Graphviz reads
    # back as exactly the user's text (backslashes as a look-alike, never an escape).
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
    tooltips = {item.get("tooltip") for item in layout["objects"]}
    assert {"<script>alert(1)</script>", 'say "hi" \' there'} <= tooltips
    assert "back\u2216slash and \u2216N and a trailing \u2216" in tooltips
    assert "braces } { ] [ ; digraph x { a -> b }" in tooltips


def test_svg_export_is_xml_showing_the_hostile_text_as_text(hostile_map):
    exported = map_export(hostile_map, "svg")
    assert exported.content_type == "image/svg+xml"
    tree = ET.fromstring(exported.content)
    tags = {element.tag.split("}")[-1] for element in tree.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    assert not any(
        name.lower().startswith("on") for element in tree.iter() for name in element.attrib
    )
    shown = " ".join(
        "".join(element.itertext()).replace("\xa0", " ")
        for element in tree.iter()
        if element.tag.endswith("text")
    )
    assert "<script>alert(1)</script>" in shown
    assert 'say "hi" \' there' in shown
    assert "braces } { ] [ ; digraph x { a -> b }" in shown
    assert "back\u2216slash" in shown  # a backslash is drawn as a look-alike, never an escape
    groups = [g for g in tree.iter() if g.get("class") == "node"]
    assert len(groups) == Node.objects.filter(map=hostile_map).count()


def test_png_export_is_a_png(hostile_map):
    exported = map_export(hostile_map, "png")
    assert exported.content.startswith(PNG_SIGNATURE)
    assert exported.filename.endswith(".png") and exported.content_type == "image/png"


def test_export_page_offers_the_pictures_and_serves_them(hostile_map, member_client):
    client = member_client(Role.VIEWER)
    page = client.get(reverse("map_export", args=[hostile_map.pk])).content.decode()
    for name in ("dot", "svg", "png"):
        assert reverse("map_export_file", args=[hostile_map.pk, name]) in page
    svg = client.get(reverse("map_export_file", args=[hostile_map.pk, "svg"]))
    assert svg.status_code == 200 and svg["Content-Security-Policy"].startswith("default-src")
    assert svg["X-Content-Type-Options"] == "nosniff"
    ET.fromstring(svg.content)
    png = client.get(reverse("map_export_file", args=[hostile_map.pk, "png"]))
    assert png.content.startswith(PNG_SIGNATURE)


def test_export_command_writes_the_pictures(hostile_map, tmp_path):
    for fmt in ("dot", "svg", "png"):
        target = tmp_path / f"out.{fmt}"
        call_command("export_map", str(hostile_map.pk), "--format", fmt, "-o", str(target))
        content = target.read_bytes()
        if fmt == "dot":
            assert _graphviz(content.decode(), "canon").returncode == 0
        elif fmt == "svg":
            ET.fromstring(content)
        else:
            assert content.startswith(PNG_SIGNATURE)


def test_api_exports_the_pictures(hostile_map, member_client):
    client = member_client(Role.VIEWER)
    dot = client.get(f"/api/maps/{hostile_map.pk}/export/dot/")
    assert dot.status_code == 200 and dot.content.startswith(b"digraph argmap {")
    svg = client.get(f"/api/maps/{hostile_map.pk}/export/svg/")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    ET.fromstring(svg.content)
    png = client.get(f"/api/maps/{hostile_map.pk}/export/png/")
    assert png.status_code == 200 and png.content.startswith(PNG_SIGNATURE)


def test_a_failing_graphviz_is_a_clear_503(hostile_map, member_client, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    client = member_client(Role.VIEWER)
    page = client.get(reverse("map_export_file", args=[hostile_map.pk, "svg"]))
    assert page.status_code == 503 and b"Graphviz is not installed" in page.content
    api = client.get(f"/api/maps/{hostile_map.pk}/export/png/")
    assert api.status_code == 503
    assert api.json() == {"message": "Graphviz is not installed (run `make system-deps`)."}


def test_picture_exports_read_a_fixed_number_of_queries(workspace, django_assert_max_num_queries):
    map_obj = big_map(60, workspace=workspace)
    for fmt in ("dot", "svg", "png"):
        with django_assert_max_num_queries(4):
            assert map_export(map_obj, fmt).content


def test_a_picture_is_drawn_once_until_its_map_changes(workspace, monkeypatch):
    from argmap.exchange import dot

    drawn = []
    real_render = dot.render
    monkeypatch.setattr(
        dot,
        "render",
        lambda source, fmt, **options: drawn.append(fmt) or real_render(source, fmt, **options),
    )
    map_obj = map_create(workspace=workspace, title="Who pays?", root_kind="question")
    first = map_export(map_obj, "png").content
    assert map_export(map_obj, "png").content == first and drawn == ["png"]
    node_create(
        map_obj=map_obj, kind="claim", text="Europe.", parent=map_obj.root, relation="answers"
    )
    map_export(map_obj, "png")
    assert drawn == ["png", "png"]
