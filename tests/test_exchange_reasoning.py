"""Arguments, undercuts, mutual oppositions and answers through every format that can
carry them, read back by the real tools: the Argdown CLI, arguebuf (AIF, xAIF),
networkx (GraphML)."""

import csv
import io
import json
from collections import Counter

import arguebuf as ab
import networkx as nx
import pytest

from argmap.exchange import argdown, argmap_json, kialo
from argmap.exchange.services import map_import, map_import_document
from argmap.maps.models import Link
from tests.exchange_samples import reasoning_document
from tests.test_exchange_formats import _argdown_json, _export, _reimport

pytestmark = pytest.mark.django_db


@pytest.fixture
def reasoning_map(workspace):
    document = argmap_json.parse(reasoning_document())
    return map_import_document(workspace=workspace, document=document)


def _texts(document: dict) -> dict:
    return {node["id"]: node["text"] for node in document["nodes"]}


def _links(document: dict) -> set:
    """Every link by the texts of its ends, with what else it carries."""
    text = _texts(document)
    found = set()
    for link in document["links"]:
        attacked = link.get("link") or {}
        found.add(
            (
                text[link["source"]],
                link["relation"],
                text[link["target"]],
                text.get(attacked.get("target"), ""),
                link.get("argument", ""),
                link.get("mutual", ""),
            )
        )
    return found


def _inferences(document: dict) -> set:
    """Each undercut by what it attacks at the level of the inference: the conclusion and
    the argument the attacked link belongs to (any premise of a linked argument stands for
    the whole inference)."""
    text = _texts(document)
    by_ends = {(link["source"], link["target"]): link for link in document["links"]}
    found = set()
    for link in document["links"]:
        if link["relation"] == "undercuts":
            attacked = by_ends[link["link"]["source"], link["link"]["target"]]
            name = attacked.get("argument") or text[attacked["source"]]
            found.add((text[link["source"]], text[attacked["target"]], name))
    return found


def test_argmap_json_keeps_undercuts_arguments_and_mutual_oppositions(workspace, reasoning_map):
    exported = json.loads(_export(reasoning_map, "argmap"))
    assert _links(exported) == _links(reasoning_document())
    undercut = Link.objects.get(map=reasoning_map, source__text__startswith="Rural drivers")
    assert undercut.target_link.source.text == "A higher price makes people drive less."
    assert _links(_reimport(workspace, json.dumps(exported), "argmap")) == _links(exported)


def test_argmap_json_refuses_an_undercut_of_nothing():
    document = reasoning_document()
    document["links"][-1]["link"] = {"source": "o", "target": "k"}
    with pytest.raises(Exception, match="names no supports or opposes link"):
        argmap_json.parse(document)
    document["links"][-1]["link"] = {"source": "p1", "target": "ic"}  # target is "o"
    with pytest.raises(Exception, match="target is the source of the link it attacks"):
        argmap_json.parse(document)


def test_argdown_cli_finds_the_maps_arguments_premises_conclusions_and_relations(
    workspace, reasoning_map, tmp_path
):
    document = json.loads(_export(reasoning_map, "argmap"))
    parsed = _argdown_json(tmp_path, _export(reasoning_map, "argdown"))
    # What the map holds: one argument (4 links named "Emissions"), with 3 premises and
    # 2 conclusions (one intermediate), and 7 links outside it (Argdown draws no relation
    # between an argument's premises and conclusions: its structure says it).
    found = argdown.arguments(document["links"])
    conclusions = {link["target"] for a in found for link in a.links}
    premises = {link["source"] for a in found for link in a.links} - conclusions
    roles = Counter(
        statement["role"]
        for argument in parsed["arguments"].values()
        for statement in argument["pcs"]
    )
    assert len(parsed["arguments"]) == len(found) == 1
    assert roles["premise"] == len(premises) == 3
    assert roles["intermediary-conclusion"] + roles["main-conclusion"] == len(conclusions) == 2
    outside = [link for link in document["links"] if not link.get("argument")]
    assert len(parsed["relations"]) == len(outside) == 7
    types = Counter(relation["relationType"] for relation in parsed["relations"])
    assert types == {"support": 3, "attack": 1, "contradictory": 1, "undercut": 2}
    # The undercut of a link of the argument attacks that argument's inference.
    inference = next(r for r in parsed["relations"] if r.get("toType") == "inference")
    assert (inference["to"], inference["conclusionIndex"]) == ("Emissions", 2)
    # Answers are told from supports: tagged, and the tag has its own colour on the map.
    answers = [s for s in parsed["statements"].values() if "answer" in (s.get("tags") or [])]
    assert len(answers) == 2
    # ...and everything comes back.
    back = _reimport(workspace, json.dumps(parsed), "argdown-json")
    assert _plain(back) == _plain(document)
    assert _inferences(back) == _inferences(document)


def test_argdown_import_keeps_arguments_written_by_hand(workspace, tmp_path):
    text = """
[T]: Taxes should rise.
    <+ <Schools>
    <- [O]: Growth would slow.
    >< [K]: Taxes should fall.

<Schools>: Schools need the money.

(1) [P1]: Schools are underfunded.
(2) [P2]: Taxes fund schools.
----
(3) [T]

<Doubt>: Underfunding does not make taxes the answer.
    _> <Schools>
"""
    parsed = _argdown_json(tmp_path, text)
    result = map_import(
        workspace=workspace, data=json.dumps(parsed).encode(), fmt="argdown-json", title="x"
    )
    document = json.loads(_export(result.map, "argmap"))
    links = _links(document)
    assert (
        "Schools are underfunded.",
        "supports",
        "Taxes should rise.",
        "",
        "Schools",
        "",
    ) in links
    assert ("Taxes fund schools.", "supports", "Taxes should rise.", "", "Schools", "") in links
    assert ("Taxes should fall.", "opposes", "Taxes should rise.", "", "", "contradictory") in links
    # the argument without a structure stays a node, and undercuts the inference
    assert _inferences(document) == {
        ("Underfunding does not make taxes the answer.", "Taxes should rise.", "Schools")
    }
    assert any("Kept 1 argument with" in note for note in result.notes)
    # No statement of the structure stands alone.
    linked = {link["source"] for link in document["links"]}
    linked |= {link["target"] for link in document["links"]}
    assert {node["id"] for node in document["nodes"]} == linked


def test_aif_undercut_is_a_ca_node_on_the_ra_node_for_arguebuf(workspace, reasoning_map):
    aif = json.loads(_export(reasoning_map, "aif"))
    graph = ab.load.aif(aif)
    assert len(graph.atom_nodes) == 12
    schemes = graph.scheme_nodes
    # 5 inferences (Emissions twice, 1 question, 2 answers), 5 conflicts (o, k both
    # ways, 2 undercuts)
    kinds = Counter(
        type(node.scheme).__name__ if node.scheme else "None" for node in schemes.values()
    )
    assert sum(kinds.values()) == 10
    undercuts = [
        node
        for node in schemes.values()
        if any(child.id in schemes for child in graph.outgoing_nodes(node))
    ]
    assert len(undercuts) == 2
    # Through arguebuf's own xAIF writer and back into argmap: the same map.
    xaif = ab.dump.xaif(graph)
    back = _reimport(workspace, json.dumps(xaif), "xaif")
    document = json.loads(_export(reasoning_map, "argmap"))
    # arguebuf keeps no illocutions, so the question comes back a claim that is supported.
    for link in document["links"]:
        link["relation"] = link["relation"].replace("answers", "supports")
        link["relation"] = link["relation"].replace("questions", "supports")
    assert {link[:3] for link in _plain(back)} == {link[:3] for link in _plain(document)}
    # arguebuf drops the argument's name; the RA-node's premises still share one.
    assert {u[:2] for u in _inferences(back)} == {u[:2] for u in _inferences(document)}
    names = {link["source"]: link.get("argument") for link in back["links"]}
    premises = {_texts(back)[n]: name for n, name in names.items() if name}
    assert (
        premises["Fuel burnt in cars warms the climate."]
        == premises["A higher price makes people drive less."]
    )
    assert {link["mutual"] for link in back["links"] if link.get("mutual")} == {"contrary"}


def test_our_aif_round_trips_with_everything(workspace, reasoning_map):
    document = json.loads(_export(reasoning_map, "argmap"))
    back = _reimport(workspace, _export(reasoning_map, "aif"), "aif")
    assert _plain(back) == _plain(document)
    assert _inferences(back) == _inferences(document)


def _plain(document: dict) -> set:
    return {link for link in _links(document) if link[1] != "undercuts"}


def test_arguebufs_default_scheme_is_no_rationale(workspace):
    graph = ab.Graph()
    claim, premise = ab.AtomNode("Taxes should rise."), ab.AtomNode("Schools need money.")
    scheme = ab.SchemeNode(ab.Support.DEFAULT)
    for node in (claim, premise, scheme):
        graph.add_node(node)
    graph.add_edge(ab.Edge(premise, scheme))
    graph.add_edge(ab.Edge(scheme, claim))
    xaif = ab.dump.xaif(graph)
    assert "Default" in json.dumps(xaif)
    back = _reimport(workspace, json.dumps(xaif), "xaif")
    assert [link["rationale"] for link in back["links"]] == [""]


def test_graphml_names_the_edge_an_undercut_attacks(reasoning_map, tmp_path):
    path = tmp_path / "map.graphml"
    path.write_text(_export(reasoning_map, "graphml"), encoding="utf-8")
    graph = nx.read_graphml(path)
    undercuts = [(s, t, d) for s, t, d in graph.edges(data=True) if d["relation"] == "undercuts"]
    assert len(undercuts) == 2
    for _source, target, data in undercuts:
        assert target == data["undercuts_source"]
        assert graph.has_edge(data["undercuts_source"], data["undercuts_target"])
    mutual = [d["mutual"] for _, _, d in graph.edges(data=True) if d.get("mutual")]
    assert mutual == ["contradictory"]


def test_csv_names_the_links_a_node_undercuts(reasoning_map):
    rows = list(csv.DictReader(io.StringIO(_export(reasoning_map, "csv"))))
    by_text = {row["text"]: row for row in rows}
    ids = {row["text"]: row["id"] for row in rows}
    row = by_text["The tax revenue can be returned per head."]
    poor, taxes = ids["Poor rural drivers would pay most."], ids["Taxes on fuel should rise."]
    assert (row["relation"], row["parent"], row["undercuts"]) == (
        "undercuts",
        poor,
        f"{poor}>{taxes}",
    )


def test_kialo_keeps_every_node_and_link_and_says_what_changes_form(workspace, reasoning_map):
    exported = _export(reasoning_map, "kialo")
    assert "Con: Question: Who decides the rate?" in exported
    assert "Pro: Parliament decides it." in exported
    assert "Con: Does not follow: The tax revenue can be returned per head." in exported
    back = _reimport(workspace, exported, "kialo")
    document = json.loads(_export(reasoning_map, "argmap"))
    assert len(back["nodes"]) == len(document["nodes"])
    assert {link[:4] for link in _links(back)} == {link[:4] for link in _links(document)}
    said = " ".join(kialo.changes(document))
    assert "Questions below the thesis (1)" in said and "Undercuts (2)" in said


def test_the_export_page_says_what_kialo_changes(member_client, reasoning_map, workspace):
    page = member_client().get(f"/maps/{reasoning_map.pk}/export/")
    assert page.status_code == 200
    assert "Does not follow:" in page.content.decode()


def test_the_picture_draws_an_undercut_onto_the_link_it_attacks(reasoning_map):
    from argmap.exchange.dot import render

    source = _export(reasoning_map, "dot")
    undercut = Link.objects.get(map=reasoning_map, source__text__startswith="Rural drivers")
    link = undercut.target_link
    # The attacked link passes through a point; the undercut ends on that point.
    point = f"l{link.pk}"
    assert f"{point} [shape=point" in source
    assert f"n{link.source_id} -> {point} " in source and f"{point} -> n{link.target_id} " in source
    assert f"n{undercut.source_id} -> {point} " in source
    assert f"n{undercut.source_id} -> n{undercut.target_id} " not in source
    assert source.count("arrowhead=tee") == 2  # both undercuts of the map
    svg = render(source, "svg").decode()
    assert svg.count('class="edge undercuts"') == 2
