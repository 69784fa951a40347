"""Reads of the reasoning area. Each takes a fixed number of queries whatever the map's
size: the map graph (2), plus the team's ratings (2) when the semantics runs on them."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from argmap.maps.graph import MapGraph
from argmap.maps.models import Link, Map, Node, NodeAnchor
from argmap.maps.selectors import map_graph
from argmap.params import parse_id
from argmap.reasoning import semantics
from argmap.reasoning.models import LinkRating, NodeRating, Scenario

ANALYST, TEAM, MEMBER = "analyst", "team", "member"


@dataclass(frozen=True)
class Basis:
    """What the base scores and link weights come from: the analyst's base scores and
    grades, the team's mean rating, or one member's ratings (defaults fill the gaps)."""

    kind: str = ANALYST
    user_id: int | None = None

    @classmethod
    def parse(cls, value: str | None) -> "Basis":
        value = (value or "").strip()
        if value == TEAM:
            return cls(TEAM)
        prefix, _, user_id = value.partition(":")
        if prefix == MEMBER and (member := parse_id(user_id)) is not None:
            return cls(MEMBER, member)
        return cls(ANALYST)

    def __str__(self):
        return f"{MEMBER}:{self.user_id}" if self.kind == MEMBER else self.kind


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def rated_inputs(map_obj: Map, basis: Basis) -> tuple[dict[int, float], dict[int, float]]:
    """(node id -> plausibility, link id -> weight) of the basis. 0 queries for the
    analyst's own scores, else 2."""
    if basis.kind == ANALYST:
        return {}, {}
    node_rows = NodeRating.objects.filter(node__map=map_obj)
    link_rows = LinkRating.objects.filter(link__map=map_obj)
    if basis.kind == MEMBER:
        node_rows = node_rows.filter(user_id=basis.user_id)
        link_rows = link_rows.filter(user_id=basis.user_id)
    by_node, by_link = defaultdict(list), defaultdict(list)
    for node_id, value in node_rows.values_list("node_id", "plausibility"):
        by_node[node_id].append(value)
    for link_id, value in link_rows.values_list("link_id", "weight"):
        by_link[link_id].append(value)
    return (
        {node: _mean(values) for node, values in by_node.items()},
        {link: _mean(values) for link, values in by_link.items()},
    )


def graph_strengths(
    graph: MapGraph,
    *,
    node_scores: dict[int, float] | None = None,
    link_weights: dict[int, float] | None = None,
    disabled_nodes=(),
    disabled_links=(),
) -> dict[int, float | None]:
    """DF-QuAD strengths of an already loaded graph. Pure: no queries.

    A rating (``node_scores``) replaces a node's base score; a switched-off node has no
    strength and gives no force; a switched-off link gives no force."""
    node_scores, link_weights = node_scores or {}, link_weights or {}
    off_nodes, off_links = set(disabled_nodes), set(disabled_links)
    base_scores = {}
    for node_id, node in graph.nodes.items():
        if node_id in off_nodes or node.kind not in semantics.HAS_STRENGTH:
            base_scores[node_id] = None
        elif node_id in node_scores:
            base_scores[node_id] = node_scores[node_id]
        else:
            base_scores[node_id] = semantics.base_score_of(node)
    edges = [
        semantics.Edge(
            link.id,
            link.source_id,
            link.target_id,
            link.relation,
            link_weights.get(link.id, 1.0),
            link.target_link_id,
            link.argument,
        )
        for link in graph.links
        if link.id not in off_links and link.relation in semantics.TAKES_PART
    ]
    return semantics.strengths(base_scores, edges)


def map_strengths(
    map_obj: Map, *, graph: MapGraph | None = None, basis: Basis | None = None
) -> dict[int, float | None]:
    """Every live node's strength (None for questions). With ``graph`` given, no query for
    the map; without, 2 lean queries (only the columns the semantics reads, so pages that
    load part of a map can afford the whole map's strengths). Plus 2 queries when the
    basis is the team's or a member's ratings."""
    node_scores, link_weights = rated_inputs(map_obj, basis or Basis())
    if graph is not None:
        return graph_strengths(graph, node_scores=node_scores, link_weights=link_weights)
    base_scores = {}
    for node_id, kind, base, reliability, credibility in Node.objects.filter(
        map=map_obj
    ).values_list("id", "kind", "base_score", "source_reliability", "information_credibility"):
        if kind not in semantics.HAS_STRENGTH:
            base_scores[node_id] = None
        elif node_id in node_scores:
            base_scores[node_id] = node_scores[node_id]
        elif base is not None:
            base_scores[node_id] = base
        elif kind == "evidence":
            base_scores[node_id] = semantics.grade_score(reliability, credibility)
        else:
            base_scores[node_id] = semantics.NEUTRAL
    rows = Link.objects.filter(map=map_obj, relation__in=semantics.TAKES_PART).values_list(
        "id", "source_id", "target_id", "relation", "target_link_id", "argument"
    )
    edges = [
        semantics.Edge(link_id, source, target, relation, link_weights.get(link_id, 1.0), *rest)
        for link_id, source, target, relation, *rest in rows
    ]
    return semantics.strengths(base_scores, edges)


def annotate_rows(rows: list[dict], strengths: dict[int, float | None]) -> list[dict]:
    """Put ``strength`` (float or None) on tree rows from ``argmap.maps.tree.tree_rows``,
    and ``repeat`` on the second and later rows of a node that hangs under several
    parents (so that only its first row carries the node's HTML id)."""
    seen: set[int] = set()
    for row in rows:
        node_id = row["node"].id
        strength = strengths.get(node_id)
        row["strength"] = strength
        # Formatted once here: a filter per row costs more than the whole computation.
        row["strength_label"] = "" if strength is None else f"{strength:.2f}"
        row["repeat"] = node_id in seen
        seen.add(node_id)
    return rows


@dataclass(frozen=True, slots=True)
class ExtraAnchor:
    """A node's further anchor, shaped like the nodes ``maps.highlights`` marks."""

    id: int
    map_id: int
    kind: str
    text: str
    anchor_start: int
    anchor_end: int


def extra_anchors_in(article) -> list[ExtraAnchor]:
    """The extra anchors (from merges) of live nodes in this article. 1 query."""
    rows = (
        NodeAnchor.objects.filter(article=article, node__deleted_at__isnull=True)
        .order_by("anchor_start", "id")
        .values_list(
            "node_id", "node__map_id", "node__kind", "node__text", "anchor_start", "anchor_end"
        )
    )
    return [ExtraAnchor(*row) for row in rows]


@dataclass
class Change:
    node: object  # NodeData
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass
class WhatIf:
    graph: MapGraph
    basis: Basis
    disabled_nodes: set[int]
    disabled_links: set[int]
    before: dict[int, float | None]
    after: dict[int, float | None]
    changes: list[Change] = field(default_factory=list)


def what_if(map_obj: Map, *, basis: Basis, disabled_nodes=(), disabled_links=()) -> WhatIf:
    """Strengths with and without the switched-off nodes and links, and what moved.
    2 queries (graph), plus 2 for ratings; unknown ids are ignored."""
    graph = map_graph(map_obj)
    node_scores, link_weights = rated_inputs(map_obj, basis)
    off_nodes = set(disabled_nodes) & graph.nodes.keys()
    off_links = set(disabled_links) & {link.id for link in graph.links}
    inputs = {"node_scores": node_scores, "link_weights": link_weights}
    before = graph_strengths(graph, **inputs)
    after = graph_strengths(graph, **inputs, disabled_nodes=off_nodes, disabled_links=off_links)
    changes = [
        Change(graph.nodes[node_id], old, new)
        for node_id, old, new in semantics.strength_changes(before, after)
    ]
    changes.sort(key=lambda change: -abs(change.delta) if change.delta is not None else -2)
    return WhatIf(graph, basis, off_nodes, off_links, before, after, changes)


def scenarios_of(map_obj: Map):
    return Scenario.objects.filter(map=map_obj).select_related("created_by")


@dataclass
class Spread:
    """The team's ratings of one node or link."""

    values: list[float] = field(default_factory=list)
    mine: float | None = None

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return _mean(self.values) if self.values else None

    @property
    def deviation(self) -> float | None:
        """Population standard deviation: 0 when all agree, at most 0.5 on [0, 1]."""
        if not self.values:
            return None
        mean = _mean(self.values)
        return math.sqrt(sum((value - mean) ** 2 for value in self.values) / len(self.values))

    @property
    def mine_percent(self) -> int | None:
        return None if self.mine is None else round(self.mine * 100)

    @property
    def low(self) -> float | None:
        return min(self.values) if self.values else None

    @property
    def high(self) -> float | None:
        return max(self.values) if self.values else None


def ratings_spread(map_obj: Map, user) -> tuple[dict[int, Spread], dict[int, Spread]]:
    """Every rating of the map's nodes and links, grouped, with the user's own. 2 queries."""
    nodes: dict[int, Spread] = defaultdict(Spread)
    links: dict[int, Spread] = defaultdict(Spread)
    for node_id, user_id, value in NodeRating.objects.filter(node__map=map_obj).values_list(
        "node_id", "user_id", "plausibility"
    ):
        nodes[node_id].values.append(value)
        if user_id == user.pk:
            nodes[node_id].mine = value
    for link_id, user_id, value in LinkRating.objects.filter(link__map=map_obj).values_list(
        "link_id", "user_id", "weight"
    ):
        links[link_id].values.append(value)
        if user_id == user.pk:
            links[link_id].mine = value
    return nodes, links


def members_of(map_obj: Map):
    """The workspace's members, for choosing "one member's ratings". 1 query."""
    return (
        get_user_model()
        .objects.filter(workspaces=map_obj.workspace_id)
        .order_by("username")
        .only("id", "username")
    )
