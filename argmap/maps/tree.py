"""The argument tree as a flat pre-order list of plain dicts, ready to render.

A recursive ``{% include %}`` per node costs far more than one loop over a flat
list, so the nesting is encoded in each row instead: ``group`` names the relation
group that opens just before the row, and ``closes`` lists what ends right after
it ("group" closes a relation group, "node" closes a tree item).
"""

from argmap.maps.graph import GROUP_ORDER, MapGraph, shown_under

GROUP_LABELS = {
    "undercuts": "Does not follow",
    "answers": "Answers",
    "supports": "Supporting",
    "opposes": "Opposing",
    "questions": "Open questions",
}


def grouped_children(graph: MapGraph, node_id: int, via=None) -> list[tuple[str, list]]:
    """The node's child links by relation, in screen order, empty groups left out. Of the
    undercuts only those of ``via`` (the link the node is shown through), or every
    undercut when ``via`` is ``all``."""
    by_relation: dict[str, list] = {relation: [] for relation in GROUP_ORDER}
    for link in graph.children.get(node_id, ()):
        if via == "all" or shown_under(link, via):
            by_relation[link.relation].append(link)
    return [(relation, links) for relation, links in by_relation.items() if links]


def expansion(graph: MapGraph, top_id: int, *, max_rows: int) -> set[int]:
    """The nodes to show expanded so that about ``max_rows`` rows appear under ``top_id``.

    Breadth first: a node opens only if all its children still fit, so the first screen
    shows the upper levels of the whole tree rather than one deep branch. Needs only the
    links, so a large map's first screen never loads every node.
    """
    expanded: set[int] = set()
    rows, queue, seen = 1, [top_id], {top_id}
    for node_id in queue:  # the list grows while it is walked: a breadth-first queue
        children = graph.children.get(node_id, ())
        total = graph.child_total(node_id)
        if not total:
            continue
        if rows + total > max_rows or len(children) < total:
            break
        expanded.add(node_id)
        rows += total
        for link in children:
            if link.source_id not in seen:
                seen.add(link.source_id)
                queue.append(link.source_id)
    return expanded


def expansion_order(graph: MapGraph, top_id: int, *, limit: int):
    """Up to ``limit`` node ids under ``top_id`` (itself first), breadth first."""
    queue, seen = [top_id], {top_id}
    for node_id in queue:
        if len(queue) >= limit:
            break
        for link in graph.children.get(node_id, ()):
            if link.source_id not in seen:
                seen.add(link.source_id)
                queue.append(link.source_id)
    return queue[:limit]


def visible_nodes(graph: MapGraph, top_id: int, expanded: set[int]) -> set[int]:
    """Ids of the nodes that rows under ``top_id`` show when ``expanded`` nodes are open."""
    visible = {top_id}
    for node_id in expanded:
        visible.update(link.source_id for link in graph.children.get(node_id, ()))
    return visible


def tree_rows(
    graph: MapGraph,
    top_id: int,
    *,
    depth_limit: int | None = None,
    expand: set[int] | None = None,
    via=None,
    level: int = 1,
) -> list[dict]:
    """Rows for the subtree under ``top_id``, expanded ``depth_limit`` levels deep (all
    when None) and, when ``expand`` is given, only at the nodes it holds. ``via`` is the
    link through which ``top_id`` hangs, ``level`` its depth in the whole tree. A node met
    again on its own path is shown collapsed, so rendering stays finite even if bad data
    ever held a cycle."""
    rows: list[dict] = []
    stack: list[tuple] = [("visit", top_id, via, level - 1, None, frozenset())]
    while stack:
        item = stack.pop()
        if item[0] == "close":
            rows[-1]["closes"].append(item[1])
            continue
        _, node_id, link, depth, group, ancestors = item
        node = graph.nodes.get(node_id)
        if node is None:
            continue
        every = graph.children.get(node_id, ())
        groups = grouped_children(graph, node_id, link)
        totals = graph.child_totals.get(node_id) if graph.child_totals is not None else None
        # A partial graph without (all) these children shows the node collapsed.
        expand_here = (totals is None or sum(totals.values()) == len(every)) and all(
            child.source_id in graph.nodes for child in every
        )
        if totals and not expand_here:
            # Not all loaded: the totals count the undercuts of every link of the node.
            counts = [
                (relation, totals[relation]) for relation in GROUP_ORDER if totals.get(relation)
            ]
        else:
            counts = [(relation, len(links)) for relation, links in groups]
        expanded = (
            expand_here
            and bool(groups)
            and node_id not in ancestors
            and (depth_limit is None or depth - level + 1 < depth_limit)
            and (expand is None or node_id in expand)
        )
        rows.append(
            {
                "node": node,
                "link": link,
                "level": depth + 1,
                "group": group,
                "group_label": GROUP_LABELS.get(group, ""),
                "group_size": len(graph.children.get(link.target_id, ())) if link else 0,
                "counts": counts,
                "has_children": bool(counts),
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
