"""Symmetric relations (contrary, contradictory) stay symmetric through Argdown, read back
by the real Argdown CLI: outside strict mode a contrary is an attack each way, a
contradictory Argdown's own ``><``; a one-way opposition stays one attack."""

import json
from collections import Counter

import pytest

from argmap.exchange import argmap_json
from argmap.exchange.services import map_import, map_import_document
from tests.test_exchange_formats import _argdown_json, _export, _reimport
from tests.test_exchange_reasoning import _links

pytestmark = pytest.mark.django_db


def _document() -> dict:
    nodes = [
        ("t", "Cities should ban cars from their centres."),
        ("o", "Shops in the centre would lose customers."),
        ("c", "Cities should build more car parks in their centres."),
        ("k", "Cars should be allowed everywhere in cities."),
        ("d", "Car parks should be turned into housing."),
        ("s", "Housing is short in most cities."),
    ]
    links = [
        ("o", "t", {}),
        ("c", "t", {"mutual": "contrary"}),
        ("k", "t", {"mutual": "contradictory"}),
        ("d", "c", {"mutual": "contrary"}),  # a contrary below a contrary
        ("s", "d", {"relation": "supports"}),
    ]
    return {
        "format": "argmap",
        "version": 1,
        "map": {"title": "Car-free centres", "root": "t"},
        "nodes": [{"id": i, "kind": "claim", "text": text} for i, text in nodes],
        "links": [
            {"source": s, "target": t, "relation": "opposes", "rationale": ""} | extra
            for s, t, extra in links
        ],
    }


def _relations(parsed: dict) -> Counter:
    """Argdown's relations between statements as (from, type, to)."""
    return Counter((r["from"], r["relationType"], r["to"]) for r in parsed["relations"])


def test_symmetric_relations_stay_symmetric_through_the_argdown_cli(workspace, tmp_path):
    map_obj = map_import_document(workspace=workspace, document=argmap_json.parse(_document()))
    document = json.loads(_export(map_obj, "argmap"))
    text = _export(map_obj, "argdown")
    parsed = _argdown_json(tmp_path, text)
    found = _relations(parsed)
    expected = Counter()
    for link in document["links"]:
        source, target, mutual = link["source"], link["target"], link.get("mutual")
        if mutual == "contradictory":
            expected[(target, "contradictory", source)] += 1
        elif link["relation"] == "supports":
            expected[(source, "support", target)] += 1
        else:
            expected[(source, "attack", target)] += 1
            if mutual == "contrary":
                expected[(target, "attack", source)] += 1
    # Argdown sees what the map holds: a contrary each way, a contradictory once
    # (symmetric by its type), the one-way opposition one way only.
    assert found == expected
    assert sum(found.values()) == 7  # 5 links, 2 of them contrary
    # ...and argmap reads the same relations back, the mutual ones mutual, each the
    # same way up as before (the tree stays the same).
    back = _reimport(workspace, json.dumps(parsed), "argdown-json")
    assert _links(back) == _links(document)
    mutual = Counter(link.get("mutual", "") for link in back["links"])
    assert mutual == {"contrary": 2, "contradictory": 1, "": 2}
    # A second trip: Argdown finds the same relations again.
    result = map_import(
        workspace=workspace, data=json.dumps(parsed).encode(), fmt="argdown-json", title="x"
    )
    assert any("2 of them attacks drawn both ways" in note for note in result.notes)
    again = _argdown_json(tmp_path, _export(result.map, "argdown"))
    assert _by_text(again) == _by_text(parsed)


def _by_text(parsed: dict) -> Counter:
    text = {
        title: next(m["text"] for m in s["members"] if m.get("text"))
        for title, s in parsed["statements"].items()
    }
    return Counter((text[a], kind, text[b]) for a, kind, b in _relations(parsed).elements())


def _import(workspace, tmp_path, text: str):
    parsed = _argdown_json(tmp_path, text)
    result = map_import(
        workspace=workspace, data=json.dumps(parsed).encode(), fmt="argdown-json", title="x"
    )
    return result, json.loads(_export(result.map, "argmap"))


def test_strict_mode_contraries_are_mutual_and_keep_their_direction(workspace, tmp_path):
    result, document = _import(
        workspace,
        tmp_path,
        """===
model:
    mode: strict
===

[A]: Taxes should rise.
    <- [B]: Taxes should fall.
    >< [C]: Taxes should stay as they are.
""",
    )
    texts = {node["id"]: node["text"] for node in document["nodes"]}
    links = {
        (texts[link["source"]], texts[link["target"]], link.get("mutual"))
        for link in document["links"]
    }
    assert links == {
        ("Taxes should fall.", "Taxes should rise.", "contrary"),
        ("Taxes should stay as they are.", "Taxes should rise.", "contradictory"),
    }


def test_attacks_both_ways_written_by_hand_are_one_contrary(workspace, tmp_path):
    result, document = _import(
        workspace,
        tmp_path,
        """
[A]: Taxes should rise.
    <- [B]: Taxes should fall.
    <+ [S]: Schools need money.

[B]
    <- [A]

[S]
    <- [A]
""",
    )
    by_pair = {(link["source"], link["target"]): link for link in document["links"]}
    texts = {node["text"]: node["id"] for node in document["nodes"]}
    rise, fall, schools = (
        texts["Taxes should rise."],
        texts["Taxes should fall."],
        texts["Schools need money."],
    )
    assert by_pair[(fall, rise)]["mutual"] == "contrary"
    assert (rise, fall) not in by_pair
    # An attack back along a support would close a cycle: skipped, and said.
    assert by_pair[(schools, rise)]["relation"] == "supports"
    assert (rise, schools) not in by_pair
    assert (
        "Skipped: relations back along a relation already kept, which would close a cycle (1)."
        in result.notes
    )
