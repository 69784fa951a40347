"""How well the draft map finds structure, on the argumentative microtexts (part 2).

    .venv/bin/python bench/eval/eval_drafting.py [CORPUS_DIR]

The corpus (CC BY-NC-SA) is read from ``/work/shared/corpora/arg-microtexts-part2/`` and
never copied. Each text's gold units (its ``<edu>`` texts, implicit ones left out) are
given one per line, as ``draft_map --one-unit-per-line`` takes them; the gold graph:
``sup`` and ``exa`` edges support, ``reb`` opposes, ``und`` (an attack on an edge)
opposes the source of the attacked edge; units joined by ``add``, and the second and
later units of one argument unit, are not scored. Nothing here is trained.

Also: on the seed article, the share of the hand-made demo map's links that the draft
proposes at the top.
"""

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.eval.eval_units import CORPORA, MICROTEXTS  # noqa: E402

# The corpora as eval_units finds them: $ARGMAP_CORPORA, or ../shared/corpora/.
CORPUS = CORPORA / MICROTEXTS
TARGETS = {"central": 0.80, "parent_top1": 0.70, "parent_top3": 0.90, "relation": 0.80}


def gold(path: Path) -> dict | None:
    """{"units": [...], "central": i or None, "parents": {i: (j, relation)}}."""
    tree = ET.parse(path).getroot()
    edus = [e for e in tree.findall("edu") if e.get("implicit") != "true"]
    index = {e.get("id"): i for i, e in enumerate(edus)}
    units = [" ".join((e.text or "").split()) for e in edus]
    edges = {e.get("id"): e for e in tree.findall("edge")}
    adu_unit: dict[str, int | None] = {}
    for edge in edges.values():
        if edge.get("type") == "seg":
            unit = index.get(edge.get("src"))
            adu = edge.get("trg")
            if adu not in adu_unit or (
                unit is not None and (adu_unit[adu] is None or unit < adu_unit[adu])
            ):
                adu_unit[adu] = unit
    relations = {"sup": "supports", "exa": "supports", "reb": "opposes", "und": "opposes"}
    parents, has_parent = {}, set()
    for edge in edges.values():
        kind = edge.get("type")
        if kind in ("seg",):
            continue
        has_parent.add(edge.get("src"))
        if kind not in relations:
            continue  # "add": not scored
        target = edge.get("trg")
        if kind == "und":
            target = edges[target].get("src")
        source, parent = adu_unit.get(edge.get("src")), adu_unit.get(target)
        if source is not None and parent is not None:
            parents[source] = (parent, relations[kind])
    roots = [adu for adu in adu_unit if adu not in has_parent]
    central = adu_unit.get(roots[0]) if len(roots) == 1 else None
    # Units of one argument unit (a claim restated at the end) are the same claim.
    same = {
        index[e.get("src")]: adu_unit[e.get("trg")]
        for e in edges.values()
        if e.get("type") == "seg" and e.get("src") in index
    }
    return {"units": units, "central": central, "parents": parents, "same": same}


def evaluate(corpus: Path = CORPUS) -> dict:
    from argmap.analysis import drafts, embeddings, structure

    counts = dict.fromkeys(
        ("texts", "central_n", "central_ok", "parents", "top1", "top3", "rel_n", "rel_ok"), 0
    )
    for path in sorted(corpus.glob("*.xml")):
        g = gold(path)
        vectors = embeddings.embed(g["units"])

        def same(unit, g=g):
            return g["same"].get(unit, unit)

        result = drafts.draft(g["units"], vectors)
        counts["texts"] += 1
        if g["central"] is not None:
            counts["central_n"] += 1
            counts["central_ok"] += same(result.central) == g["central"]
        for unit, (parent, relation) in g["parents"].items():
            ranked = [
                same(result.central if s.parent == structure.ROOT else s.parent)
                for s in result.suggestions[unit]
            ]
            counts["parents"] += 1
            counts["top1"] += ranked[:1] == [parent]
            counts["top3"] += parent in ranked[:3]
            if ranked[:1] == [parent]:
                counts["rel_n"] += 1
                counts["rel_ok"] += result.suggestions[unit][0].relation == relation
    return {
        "texts": counts["texts"],
        "central": counts["central_ok"] / max(1, counts["central_n"]),
        "parent_top1": counts["top1"] / max(1, counts["parents"]),
        "parent_top3": counts["top3"] / max(1, counts["parents"]),
        "relation": counts["rel_ok"] / max(1, counts["rel_n"]),
        "scored_units": counts["parents"],
    }


def seed_links() -> dict:
    """How many of the demo map's links the draft of the seed article has at the top."""
    from argmap.suggestions.drafting import draft_article

    seeds = ROOT / "seeds"
    body = (seeds / "who-will-send-troops-to-ukraine.txt").read_text()
    demo = json.loads((seeds / "who-will-send-troops-to-ukraine.argmap.json").read_text())
    nodes = {node["id"]: node for node in demo["nodes"]}
    result = draft_article(body)
    by_start = {unit["start"]: index for index, unit in enumerate(result["units"])}
    root_start = demo_root_start = nodes[demo["map"]["root"]]["anchor"]["start"]
    del root_start
    found = 0
    for link in demo["links"]:
        source = nodes[link["source"]]["anchor"]["start"]
        target = nodes[link["target"]]["anchor"]["start"]
        index = by_start.get(source)
        if index is None or not result["units"][index]["suggestions"]:
            continue
        top = result["units"][index]["suggestions"][0]
        parent = "root" if target == demo_root_start else by_start.get(target)
        found += top["parent"] == parent and top["relation"] == link["relation"]
    return {"demo_links": len(demo["links"]), "found_at_top": found}


def run(report=None) -> dict:
    """Print the figures with their targets, pass them to ``report(name, figures, note)``
    (``bench/eval/run.py``), and return them."""
    if not CORPUS.is_dir():
        print(f"skipped: no corpus at {CORPUS}")
        return {}
    figures = evaluate()
    figures |= seed_links()
    figures["seed_share"] = figures["found_at_top"] / figures["demo_links"]
    targets = TARGETS | {"seed_share": 0.5}
    for name, value in figures.items():
        target = targets.get(name)
        mark = "" if target is None else (" ok" if value >= target else f" below {target}")
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"drafting  {name:<14} {text}{mark}")
    if report is not None:
        note = ", ".join(f"{name} >= {target}" for name, target in targets.items())
        report("drafting: structure on the microtexts", figures, f"targets: {note}")
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 1:
        CORPUS = Path(sys.argv[1])
    run()
