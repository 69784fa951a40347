"""The argument tree as a flat pre-order list of plain dicts, ready to render.

A recursive ``{% include %}`` per node costs far more than one loop over a flat
list, so the nesting is encoded in each row instead: ``group`` names the relation
group that opens just before the row, and ``closes`` lists what ends right after
it ("group" closes a relation group, "node" closes a tree item).
"""

from argmap.maps.graph import GROUP_ORDER, MapGraph

GROUP_LABELS = {
    "answers": "Answers",
    "supports": "Supporting",
    "opposes": "Opposing",
    "questions": "Open questions",
}


def grouped_children(graph: MapGraph, node_id: int) -> list[tuple[str, list]]:
    """The node's child links by relation, in screen order, empty groups left out."""
    by_relation: dict[str, list] = {relation: [] for relation in GROUP_ORDER}
    for link in graph.children.get(node_id, ()):
        by_relation[link.relation].append(link)
    return [(relation, links) for relation, links in by_relation.items() if links]


def tree_rows(graph: MapGraph, top_id: int, *, depth_limit: int | None = None) -> list[dict]:
    """Rows for the subtree under ``top_id``, expanded ``depth_limit`` levels deep (all
    when None). A node met again on its own path is shown collapsed, so rendering
    stays finite even if bad data ever held a cycle."""
    rows: list[dict] = []
    stack: list[tuple] = [("visit", top_id, None, 0, None, frozenset())]
    while stack:
        item = stack.pop()
        if item[0] == "close":
            rows[-1]["closes"].append(item[1])
            continue
        _, node_id, link, depth, group, ancestors = item
        node = graph.nodes.get(node_id)
        if node is None:
            continue
        groups = grouped_children(graph, node_id)
        expanded = (
            bool(groups)
            and node_id not in ancestors
            and (depth_limit is None or depth < depth_limit)
        )
        rows.append(
            {
                "node": node,
                "link": link,
                "level": depth + 1,
                "group": group,
                "group_label": GROUP_LABELS.get(group, ""),
                "group_size": len(graph.children.get(link.target_id, ())) if link else 0,
                "counts": [(relation, len(links)) for relation, links in groups],
                "has_children": bool(groups),
                "expanded": expanded,
                "closes": [],
            }
        )
        if not expanded:
            rows[-1]["closes"].append("node")
            continue
        stack.append(("close", "node"))
        below = ancestors | {node_id}
        for relation, links in reversed(groups):
            stack.append(("close", "group"))
            for index in range(len(links) - 1, -1, -1):
                opens = relation if index == 0 else None
                child = links[index]
                stack.append(("visit", child.source_id, child, depth + 1, opens, below))
    return rows
