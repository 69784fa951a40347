"""GraphML for yEd, Gephi and networkx, written by networkx with lxml (no hand-made XML).

One GraphML node per argmap node (``kind``, ``text``, ``label`` and the anchor and
evidence fields as data keys) and one directed edge per link, child -> parent, with
its ``relation`` and ``rationale``.
"""

import io
import re

import networkx as nx

# XML 1.0 cannot carry these control characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value):
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def dump(document: dict) -> str:
    graph = nx.DiGraph(name=_clean(document["map"]["title"]))
    root = document["map"].get("root")
    for node in document["nodes"]:
        data = {"kind": node["kind"], "label": _clean(node["text"]), "root": node["id"] == root}
        anchor = node.get("anchor")
        if anchor:
            data |= {
                "article": anchor["article"],
                "anchor_start": anchor["start"],
                "anchor_end": anchor["end"],
                "anchor_exact": _clean(anchor.get("exact", "")),
            }
        source = node.get("source") or {}
        for key in ("title", "url", "date"):
            if source.get(key):
                data[f"source_{key}"] = _clean(source[key])
        if node.get("grade"):
            data["grade"] = node["grade"]
        if node.get("base_score") is not None:
            data["base_score"] = float(node["base_score"])
        graph.add_node(node["id"], **data)
    for link in document["links"]:
        graph.add_edge(
            link["source"],
            link["target"],
            relation=link["relation"],
            rationale=_clean(link.get("rationale", "")),
        )
    # networkx's lxml writer streams the elements (about twice as fast as its ElementTree
    # one); not pretty-printed: indenting is a further pass over 10,000 elements.
    buffer = io.BytesIO()
    nx.write_graphml_lxml(graph, buffer, encoding="utf-8", prettyprint=False)
    return buffer.getvalue().decode("utf-8")
