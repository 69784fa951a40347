"""GraphML for yEd, Gephi and networkx, written with lxml's incremental XML writer (no
hand-made XML): the keys once, then one element per node and per link.

One GraphML node per argmap node (``kind``, ``text`` as ``label``, ``root``, and the anchor
and evidence fields as data keys) and one directed edge per link, child -> parent, with its
``relation``, ``rationale``, ``argument`` and ``mutual``. GraphML has no edge onto an edge,
so an undercut is an edge onto the attacked link's source that names the attacked edge
by its ends (``undercuts_source``, ``undercuts_target``).
"""

import io
import re

from lxml import etree

GRAPHML = "http://graphml.graphdrawing.org/xmlns"
# (element, name, GraphML type) of every data key; a node or link has data only for the
# keys it has a value for.
KEYS = [
    ("graph", "name", "string"),
    ("node", "kind", "string"),
    ("node", "label", "string"),
    ("node", "root", "boolean"),
    ("node", "article", "string"),
    ("node", "anchor_start", "int"),
    ("node", "anchor_end", "int"),
    ("node", "anchor_exact", "string"),
    ("node", "source_title", "string"),
    ("node", "source_url", "string"),
    ("node", "source_date", "string"),
    ("node", "grade", "string"),
    ("node", "base_score", "double"),
    ("edge", "relation", "string"),
    ("edge", "rationale", "string"),
    ("edge", "argument", "string"),
    ("edge", "mutual", "string"),
    # An undercut (an edge onto a node) names the edge whose inference it attacks.
    ("edge", "undercuts_source", "string"),
    ("edge", "undercuts_target", "string"),
]
KEY_IDS = {(kind, name): f"d{index}" for index, (kind, name, _) in enumerate(KEYS)}

# XML 1.0 cannot carry these control characters at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value):
    return _NOT_XML.sub("", value) if isinstance(value, str) else value


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(_clean(value))


def _node_data(node: dict, root) -> dict:
    data = {"kind": node["kind"], "label": node["text"], "root": node["id"] == root}
    anchor = node.get("anchor")
    if anchor:
        data |= {
            "article": anchor["article"],
            "anchor_start": anchor["start"],
            "anchor_end": anchor["end"],
            "anchor_exact": anchor.get("exact", ""),
        }
    source = node.get("source") or {}
    for key in ("title", "url", "date"):
        if source.get(key):
            data[f"source_{key}"] = source[key]
    if node.get("grade"):
        data["grade"] = node["grade"]
    if node.get("base_score") is not None:
        data["base_score"] = float(node["base_score"])
    return data


def _element(tag: str, attributes: dict, data: dict, kind: str):
    element = etree.Element(tag, attributes)
    for name, value in data.items():
        etree.SubElement(element, "data", key=KEY_IDS[kind, name]).text = _text(value)
    return element


def dump(document: dict) -> str:
    root = document["map"].get("root")
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as xml:
        xml.write_declaration()
        with xml.element("graphml", nsmap={None: GRAPHML}):
            for kind, name, value_type in KEYS:
                xml.write(
                    etree.Element(
                        "key",
                        {
                            "id": KEY_IDS[kind, name],
                            "for": kind,
                            "attr.name": name,
                            "attr.type": value_type,
                        },
                    )
                )
            with xml.element("graph", edgedefault="directed"):
                title = etree.Element("data", key=KEY_IDS["graph", "name"])
                title.text = _text(document["map"]["title"])
                xml.write(title)
                for node in document["nodes"]:
                    xml.write(
                        _element("node", {"id": str(node["id"])}, _node_data(node, root), "node")
                    )
                for link in document["links"]:
                    data = {"relation": link["relation"], "rationale": link.get("rationale", "")}
                    data |= {key: link[key] for key in ("argument", "mutual") if link.get(key)}
                    if attacked := link.get("link"):
                        data["undercuts_source"] = attacked["source"]
                        data["undercuts_target"] = attacked["target"]
                    xml.write(
                        _element(
                            "edge",
                            {"source": str(link["source"]), "target": str(link["target"])},
                            data,
                            "edge",
                        )
                    )
    return buffer.getvalue().decode("utf-8")
