"""argmap JSON: the project's own lossless format (version 1).

``dump`` turns a loaded map into a plain dict; ``parse`` validates a dict and
returns a ``MapDocument`` (or raises ValidationError listing every problem).
Neither touches the database: exchange.services does the reading and writing. The
checks ``parse`` runs are in ``argmap_json_nodes`` (articles, nodes, anchors) and
``argmap_json_links`` (links, undercuts, cycles).
"""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from argmap.exchange.argmap_json_links import find_cycle, parse_links
from argmap.exchange.argmap_json_nodes import (
    KINDS,
    Problems,
    document_key,
    list_field,
    parse_articles,
    parse_node,
    text_field,
)
from argmap.maps.graph import MapGraph

FORMAT = "argmap"
VERSION = 1
ANCHOR_KEYS = ("article", "start", "end", "exact", "prefix", "suffix")
STRENGTH_DIGITS = 4
# KINDS is part of this module's face: the checks live in argmap_json_nodes / _links.
__all__ = ["FORMAT", "KINDS", "VERSION", "MapDocument", "dump", "parse"]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def dump(*, title: str, graph: MapGraph, articles, more_anchors=None, strengths=None) -> dict:
    """The map as an argmap JSON document (a dict ready for json.dumps).

    ``strengths`` maps a node id to its computed strength (``argmap.reasoning``); it is
    written as each node's export-only ``strength`` and ignored on import, where it is
    computed again from the base scores and links.

    ``more_anchors`` maps a node id to its further anchors (rows of NodeAnchor as
    tuples: article id, start, end, exact, prefix, suffix), kept when duplicate nodes
    from several articles were merged into one.
    """
    article_ids = {article.pk: f"a{article.pk}" for article in articles}
    ends = {link.id: (link.source_id, link.target_id) for link in graph.links}
    more_anchors = more_anchors or {}
    strengths = strengths or {}
    nodes = []
    for node in graph.nodes.values():
        item = {"id": f"n{node.id}", "kind": node.kind, "text": node.text}
        if node.article_id in article_ids and node.anchor_start is not None:
            item["anchor"] = {
                "article": article_ids[node.article_id],
                "start": node.anchor_start,
                "end": node.anchor_end,
                "exact": node.anchor_exact,
                "prefix": node.anchor_prefix,
                "suffix": node.anchor_suffix,
            }
        extra = [
            dict(zip(ANCHOR_KEYS, (article_ids[row[0]], *row[1:]), strict=True))
            for row in more_anchors.get(node.id, ())
            if row[0] in article_ids
        ]
        if extra:
            item["more_anchors"] = extra
        if node.kind == "evidence" or node.source_title or node.source_url or node.source_date:
            item["source"] = {
                "title": node.source_title,
                "url": node.source_url,
                "date": _date(node.source_date),
            }
        if node.kind == "evidence":
            item["grade"] = node.grade
        if node.base_score is not None:
            item["base_score"] = node.base_score
        strength = strengths.get(node.id)
        if strength is not None:
            item["strength"] = round(strength, STRENGTH_DIGITS)
        nodes.append(item)
    return {
        "format": FORMAT,
        "version": VERSION,
        "map": {"title": title, "root": f"n{graph.root_id}" if graph.root_id else None},
        "articles": [
            {
                "id": article_ids[article.pk],
                "title": article.title,
                "author": article.author,
                "publication": article.publication,
                "published_on": _date(article.published_on),
                "source_url": article.source_url,
                "body": article.body,
            }
            for article in articles
        ],
        "nodes": nodes,
        "links": [_dump_link(link, ends) for link in graph.links],
    }


def _dump_link(link, ends: dict) -> dict:
    item = {
        "source": f"n{link.source_id}",
        "target": f"n{link.target_id}",
        "relation": link.relation,
        "rationale": link.rationale,
    }
    if link.target_link_id in ends:  # an undercut names the link it attacks by its ends
        source_id, target_id = ends[link.target_link_id]
        item["link"] = {"source": f"n{source_id}", "target": f"n{target_id}"}
    if link.argument:
        item["argument"] = link.argument
    if link.mutual:
        item["mutual"] = link.mutual
    return item


@dataclass
class MapDocument:
    """A validated argmap JSON document, ids still the document's own strings."""

    title: str
    root: str | None
    articles: list[dict] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)


def _nul_paths(data) -> list[str]:
    """Where the document holds a NUL character (no database text column takes one).
    A loop, not recursion: the document may nest as deep as the JSON parser allows."""
    try:
        # The usual case, no NUL anywhere, is told by one pass of the C encoder (which
        # writes NUL as \u0000) instead of a Python walk over every value.
        if "\\u0000" not in json.dumps(data, default=str):
            return []
    except (RecursionError, ValueError, TypeError):
        pass
    found, stack = [], [("", data)]
    while stack and len(found) < 10:
        where, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                found.append(where or "the document")
        elif isinstance(value, dict):
            for key, child in value.items():
                name = str(key).replace("\x00", "\\u0000")
                if name != str(key):
                    found.append(where or "the document")
                stack.append((f"{where}.{name}" if where else name, child))
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", child) for index, child in enumerate(value))
    return found


def parse(data) -> MapDocument:
    """Validate an argmap JSON document; ValidationError lists every problem found."""
    problems = Problems()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("This is not an argmap JSON document (“format” is not “argmap”).")
    if nul := _nul_paths(data):
        raise ValidationError(
            [f"{where}: the text holds a NUL character (\\u0000)." for where in sorted(nul)]
        )
    if data.get("version") != VERSION:
        raise ValidationError(f"Unsupported argmap JSON version {data.get('version')!r}.")
    meta = data.get("map") if isinstance(data.get("map"), dict) else {}
    title = text_field(meta, "title", "map", problems, required=True)
    articles = parse_articles(data, problems)
    nodes: dict[str, dict] = {}
    for index, item in enumerate(list_field(data, "nodes", problems)):
        node = parse_node(item, index, articles, problems)
        if node is None:
            continue
        if not node["id"] or node["id"] in nodes:
            problems.add(f"nodes[{index}]", f"missing or repeated id “{node['id']}”.")
        nodes[node["id"]] = node
    if not nodes:
        problems.add("nodes", "the map has no nodes.")
    links = parse_links(data, nodes, problems)
    root = document_key(meta.get("root"))
    if meta.get("root") is not None and root not in nodes:
        problems.add("map", f"root “{root}” is not a node of the document.")
    if not problems and (cycle := find_cycle(nodes, links)):
        problems.add("links", f"the links make a cycle through {', '.join(cycle[:10])}.")
    if problems:
        raise ValidationError(problems)
    return MapDocument(
        title=title,
        root=root,
        articles=[{"id": key} | value for key, value in articles.items()],
        nodes=list(nodes.values()),
        links=links,
    )
