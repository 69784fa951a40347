"""Reads of the suggestions: where each node not yet in the tree most likely belongs, and
which nodes of the workspace say the same as a given one. A fixed number of queries
whatever the map's size."""

from dataclasses import dataclass

import numpy as np

from argmap.analysis import similarity, structure
from argmap.maps.graph import MapGraph, NodeData, relation_error
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_graph, map_unplaced_tops
from argmap.suggestions.models import DismissedSuggestion
from argmap.suggestions.vectors import map_vectors, workspace_matrix

SAME = "same"  # a proposal that two nodes say the same thing (merge, not link)
MAX_NODES = 100  # unplaced nodes given suggestions per read: a bounded request


@dataclass(frozen=True)
class NodeSuggestion:
    """Hang ``node`` under ``parent`` with ``relation`` (or, for "same", merge the two)."""

    node: NodeData
    parent: NodeData
    relation: str
    score: float
    reason: str

    @property
    def percent(self) -> int:
        return min(99, round(100 * self.score))  # never "100% sure" of a guess


@dataclass
class MapSuggestions:
    """``by_node``: unplaced node id -> its suggestions, best first; ``unplaced``: those
    nodes in reading order; ``waiting``: nodes whose meaning is not read yet."""

    by_node: dict[int, list[NodeSuggestion]]
    unplaced: list[NodeData]
    waiting: int = 0
    more: int = 0  # unplaced nodes beyond MAX_NODES

    def best(self) -> list[NodeSuggestion]:
        return [self.by_node[n.id][0] for n in self.unplaced if self.by_node.get(n.id)]


def _reading_order(node: NodeData) -> tuple:
    """Article by article, in the order of the words; nodes typed in by hand last."""
    start = node.anchor_start if node.anchor_start is not None else 10**9
    return (node.article_id or 0, start, node.id)


def _dismissed(map_obj: Map) -> set[tuple[int, int]]:
    """(node, parent) pairs never to suggest again, whatever the relation."""
    return set(
        DismissedSuggestion.objects.filter(node__map=map_obj).values_list("node_id", "parent_id")
    )


def map_suggestions(
    map_obj: Map,
    *,
    graph: MapGraph | None = None,
    per_node: int = 3,
    node_id: int | None = None,
    user=None,
) -> MapSuggestions:
    """Suggested parents for the nodes that hang under nothing (or for ``node_id`` only),
    best first. Each keeps the graph's rules (kinds, no cycle through the node's own
    subtree) and leaves out what was dismissed. Texts beyond one request's budget are read
    by a background job started for ``user``. Queries: the graph (2, unless given),
    vectors (1, plus a write for texts read for the first time), dismissals (1)."""
    graph = graph or map_graph(map_obj)
    root = graph.nodes.get(graph.root_id)
    tops = map_unplaced_tops(graph)
    if node_id is not None:
        tops = [node for node in tops if node.id == node_id]
    if root is None or not tops:
        return MapSuggestions({}, [], more=0)
    ordered = sorted((n for n in graph.nodes.values() if n.id != root.id), key=_reading_order)
    vectors, waiting = map_vectors(
        map_obj.pk, [root, *ordered], workspace_id=map_obj.workspace_id, user=user
    )
    ordered = [node for node in ordered if node.id in vectors]
    tops = sorted((node for node in tops if node.id in vectors), key=_reading_order)
    more = max(0, len(tops) - MAX_NODES)
    tops = tops[:MAX_NODES]
    if not ordered:
        return MapSuggestions({}, tops, waiting, more)
    units = structure.Units(
        [node.text for node in ordered],
        np.stack([vectors[node.id] for node in ordered]),
        kinds=["question" if n.kind == "question" else "claim" for n in ordered],
        segments=[node.article_id or f"node-{node.id}" for node in ordered],
        root_text=root.text,
        root_kind=root.kind,
        root_vector=vectors[root.id],
    )
    position = {node.id: index for index, node in enumerate(ordered)}
    dismissed = _dismissed(map_obj)
    ids = np.array([node.id for node in ordered])
    questions = np.array([node.kind == "question" for node in ordered])
    rows = [position[node.id] for node in tops]
    all_sims = units.vectors[rows] @ units.vectors.T  # one matrix product for every node
    by_node = {}
    for row, node in enumerate(tops):
        i = position[node.id]
        # Not under its own subtree (a cycle), not where it was dismissed, and evidence
        # never under a question (it has no relation to one).
        refused = graph.descendants(node.id) | {p for n, p in dismissed if n == node.id}
        allowed = ~np.isin(ids, list(refused))
        if node.kind == "evidence":
            allowed &= ~questions
        ranked = units.rank(
            i,
            root_unit=None,
            sibling_parent=_sibling(graph, ordered, position, i),
            allowed=allowed,
            root_allowed=(node.id, root.id) not in dismissed,
            sims=all_sims[row],
            limit=per_node + 2,
        )
        by_node[node.id] = _checked(node, ranked, ordered, root)[:per_node]
    return MapSuggestions(by_node, tops, waiting, more)


def _sibling(graph: MapGraph, ordered, position, i: int):
    """Where the unit before ``i`` hangs now (an "also" sentence goes beside it)."""
    if i == 0 or ordered[i - 1].article_id != ordered[i].article_id:
        return None
    parents = graph.parents.get(ordered[i - 1].id)
    if not parents:
        return None
    target = parents[0].target_id
    return structure.ROOT if target == graph.root_id else position.get(target)


def _checked(node, ranked, ordered, root) -> list[NodeSuggestion]:
    """The ranked places as suggestions, without those the kinds' rules refuse."""
    out = []
    for suggestion in ranked:
        parent = root if suggestion.parent == structure.ROOT else ordered[suggestion.parent]
        if not relation_error(suggestion.relation, node.kind, parent.kind):
            out.append(
                NodeSuggestion(
                    node, parent, suggestion.relation, suggestion.score, suggestion.reason
                )
            )
    return out


# -- "Same as ..." across the workspace --------------------------------------------------


@dataclass(frozen=True)
class SameAs:
    """``node`` says what ``other`` (perhaps in another map) already says."""

    node: Node
    other: Node
    similarity: float

    @property
    def percent(self) -> int:
        return round(100 * self.similarity)

    @property
    def same_map(self) -> bool:
        return self.node.map_id == self.other.map_id


def same_as(
    nodes: list[Node], vectors: dict[int, np.ndarray], *, workspace_id: int, per_node: int = 3
) -> list[SameAs]:
    """Nodes of the workspace, in any of its maps, that say the same as each given node
    (same kind, not the node itself), best first; dismissed pairs left out. One matrix
    product over the workspace's stored vectors; queries: 1 (or 2 when the workspace
    changed), the matches' texts (1) and the dismissals (1)."""
    keys, matrix = workspace_matrix(workspace_id)
    nodes = [node for node in nodes if node.pk in vectors]
    if not nodes or not keys:
        return []
    new = np.stack([vectors[node.pk] for node in nodes])
    # A few more than asked: the node itself and nodes in the trash are left out below.
    hits = similarity.nearest(new, matrix, per_item=per_node + 3)
    pairs = []
    for node, found in zip(nodes, hits, strict=True):
        for row, score in found:
            other_id, _, kind = keys[row]
            if other_id != node.pk and kind == node.kind:
                pairs.append((node, other_id, score))
    others = Node.objects.select_related("map").in_bulk({other for _, other, _ in pairs})
    dismissed = set(
        DismissedSuggestion.objects.filter(
            node__in=[n.pk for n in nodes], relation=SAME
        ).values_list("node_id", "parent_id")
    )
    out = [
        SameAs(node, others[other], score)
        for node, other, score in pairs
        if other in others
        and (node.pk, other) not in dismissed
        and (other, node.pk) not in dismissed
    ]
    out.sort(key=lambda item: (-item.similarity, item.node.pk))
    counts: dict[int, int] = {}
    kept = []
    for item in out:
        counts[item.node.pk] = counts.get(item.node.pk, 0) + 1
        if counts[item.node.pk] <= per_node:
            kept.append(item)
    return kept


def nodes_found(map_obj: Map, node: Node, query: str, *, limit: int) -> list[NodeSuggestion]:
    """Nodes of the map whose text has the words typed, as places for ``node`` (with the
    relation its kind and theirs allow). One query."""
    found = (
        Node.objects.filter(map=map_obj, text__icontains=query)
        .exclude(pk=node.pk)
        .order_by("id")[: limit * 2]
    )
    data = NodeData(node.pk, node.kind, node.text)
    out = []
    for other in found:
        relation = _default_relation(node.kind, other.kind)
        if relation is None:
            continue
        parent = NodeData(other.pk, other.kind, other.text)
        out.append(NodeSuggestion(data, parent, relation, 0.0, "has the words you looked for"))
    return out[:limit]


def _default_relation(kind: str, parent_kind: str) -> str | None:
    for relation in ("questions", "answers", "supports"):
        if not relation_error(relation, kind, parent_kind):
            return relation
    return None
