"""Walking an argmap JSON document as a tree: the shared shape of the text exports.

A map is a directed acyclic graph whose links run child -> parent. The text formats
(Markdown, Argdown, CSV) show it as an outline: the root first, each node's children
below it, a node with several parents written in full once and referred to after.
Nodes that hang below nothing but are not the root start outlines of their own.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from argmap.maps.graph import GROUP_ORDER

_GROUP_RANK = {relation: rank for rank, relation in enumerate(GROUP_ORDER)}


@dataclass(slots=True)
class Row:
    depth: int
    node: dict
    relation: str | None  # how the node relates to the row's parent; None at the top
    parent: str | None
    first: bool  # False when the node was already written above


def children_index(document: dict) -> dict[str, list[dict]]:
    """target id -> the links into it, grouped as on screen, each group in document order."""
    children: dict[str, list[dict]] = defaultdict(list)
    for link in document["links"]:
        children[link["target"]].append(link)
    for links in children.values():
        links.sort(key=lambda link: _GROUP_RANK.get(link["relation"], len(_GROUP_RANK)))
    return children


def tops(document: dict) -> list[str]:
    """The root, then every other node that hangs below nothing, in document order."""
    has_parent = {link["source"] for link in document["links"]}
    root = document["map"].get("root")
    rest = [n["id"] for n in document["nodes"] if n["id"] not in has_parent and n["id"] != root]
    return ([root] if root else []) + rest


def rows(document: dict) -> Iterator[Row]:
    """Every node in pre-order (iteratively, so deep maps cannot hit the recursion limit)."""
    nodes = {node["id"]: node for node in document["nodes"]}
    children = children_index(document)
    seen: set[str] = set()
    for top in tops(document):
        stack = [(0, top, None, None)]
        while stack:
            depth, node_id, relation, parent = stack.pop()
            first = node_id not in seen
            seen.add(node_id)
            yield Row(depth, nodes[node_id], relation, parent, first)
            if first:
                for link in reversed(children.get(node_id, ())):
                    stack.append((depth + 1, link["source"], link["relation"], node_id))
