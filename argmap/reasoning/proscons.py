"""Pros and cons: a node with its supporters and opposers side by side, each with its
strength and own counts, the Kialo way of reading a debate one level at a time."""

from dataclasses import dataclass, field

from argmap.maps.graph import GROUP_ORDER, NodeData
from argmap.maps.models import Map
from argmap.maps.selectors import map_neighbourhood
from argmap.reasoning.map_parts import strengths_for

# Children listed at most per node (each a card); a node with more shows the first ones.
MAX_CHILDREN = 500
# How a card counts its own children, one and more: "2 pros · 1 con".
COUNT_WORDS = {
    "supports": ("pro", "pros"),
    "opposes": ("con", "cons"),
    "undercuts": ("says it does not follow", "say it does not follow"),
    "answers": ("answer", "answers"),
    "questions": ("question", "questions"),
}


def count_words(relation: str, count: int) -> str:
    """``count`` children of one relation in words ("1 con", "2 pros")."""
    one, more = COUNT_WORDS.get(relation, (relation, relation))
    return f"{count} {one if count == 1 else more}"


@dataclass
class Reason:
    """One child of the node: a supporter, opposer, answer or question."""

    node: NodeData
    relation: str
    strength: float | None
    counts: list[tuple[str, str]]  # its own children by relation: (relation, "2 pros")


@dataclass
class ProsCons:
    node: NodeData
    strength: float | None
    path: list[NodeData]  # from the top of the tree down to the node's parent
    sides: dict[str, list[Reason]] = field(default_factory=dict)  # relation -> reasons
    all_shown: bool = True

    @property
    def up(self) -> NodeData | None:
        return self.path[-1] if self.path else None

    @property
    def pros(self) -> list[Reason]:
        return self.sides.get("supports", [])

    @property
    def cons(self) -> list[Reason]:
        return self.sides.get("opposes", [])

    @property
    def objections(self) -> list[Reason]:
        """The undercuts under the node: each says the node's step to its parent does not
        follow."""
        return self.sides.get("undercuts", [])


def pros_and_cons(map_obj: Map, node_id: int) -> ProsCons | None:
    """The node, its path from the top and its children by relation, strongest first;
    None for a node not in the map. Four queries for the graph plus the strengths (one on
    a cache hit: they are kept until the map changes)."""
    hood = map_neighbourhood(map_obj, node_id, up=0, down=1, limit=MAX_CHILDREN)
    if hood is None:
        return None
    graph = hood.graph
    strengths = strengths_for(map_obj)
    sides: dict[str, list[Reason]] = {relation: [] for relation in GROUP_ORDER}
    for link in graph.children.get(node_id, ()):
        totals = graph.child_totals.get(link.source_id, {})
        counts = [
            (relation, count_words(relation, totals[relation]))
            for relation in GROUP_ORDER
            if totals.get(relation)
        ]
        sides[link.relation].append(
            Reason(
                graph.nodes[link.source_id],
                link.relation,
                strengths.get(link.source_id),
                counts,
            )
        )
    for reasons in sides.values():
        reasons.sort(key=lambda reason: -(reason.strength or 0))
    return ProsCons(
        node=graph.nodes[node_id],
        strength=strengths.get(node_id),
        path=hood.path[:-1],
        sides=sides,
        all_shown=hood.complete,
    )
