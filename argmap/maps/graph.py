"""An in-memory argument graph: plain data, no database, no HTTP.

Selectors load it with one flat query per table; services and templates walk it.
"""

from collections import defaultdict
from dataclasses import dataclass, field

# Order in which a node's children are grouped on screen.
GROUP_ORDER = ("undercuts", "answers", "supports", "opposes", "questions")

# Which kinds of node a relation may join: relation -> (source kinds, target kinds).
RELATION_RULES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "supports": (frozenset({"claim", "evidence"}), frozenset({"claim", "evidence"})),
    "opposes": (frozenset({"claim", "evidence"}), frozenset({"claim", "evidence"})),
    "answers": (frozenset({"claim"}), frozenset({"question"})),
    "questions": (frozenset({"question"}), frozenset({"claim", "evidence", "question"})),
    # The target of an undercut is the source of the link it attacks.
    "undercuts": (frozenset({"claim", "evidence"}), frozenset({"claim", "evidence"})),
}
# The relations whose inference an undercut can attack ("this does not follow").
UNDERCUTTABLE = frozenset({"supports", "opposes"})


@dataclass(slots=True)
class NodeData:
    id: int
    kind: str
    text: str
    article_id: int | None = None
    anchor_start: int | None = None
    anchor_end: int | None = None
    anchor_exact: str = ""
    anchor_prefix: str = ""
    anchor_suffix: str = ""
    source_title: str = ""
    source_url: str = ""
    source_date: object = None
    source_reliability: str = ""
    information_credibility: int | None = None
    base_score: float | None = None
    author_id: int | None = None
    version: int = 1

    @property
    def grade(self) -> str:
        return f"{self.source_reliability}{self.information_credibility or ''}"


@dataclass(slots=True)
class LinkData:
    id: int
    source_id: int
    target_id: int
    relation: str
    target_link_id: int | None = None  # the link an undercut attacks
    rationale: str = ""
    version: int = 1
    argument: str = ""
    mutual: str = ""  # opposes both ways: "contrary" or "contradictory"


@dataclass
class MapGraph:
    """Nodes and links of one map, indexed both ways."""

    root_id: int | None
    nodes: dict[int, NodeData]
    links: list[LinkData]
    children: dict[int, list[LinkData]] = field(default_factory=lambda: defaultdict(list))
    parents: dict[int, list[LinkData]] = field(default_factory=lambda: defaultdict(list))
    # For a partial graph (the top of a large map): each loaded node's number of child
    # links by relation, whether or not those links are loaded. None for a whole graph.
    child_totals: dict[int, dict[str, int]] | None = None

    def __post_init__(self):
        for link in self.links:
            self.children[link.target_id].append(link)
            self.parents[link.source_id].append(link)

    def child_total(self, node_id: int) -> int:
        """How many child links the node has, loaded or not."""
        if self.child_totals is not None and node_id in self.child_totals:
            return sum(self.child_totals[node_id].values())
        return len(self.children.get(node_id, ()))

    def child_counts(self, node_id: int) -> dict[str, int]:
        counts = dict.fromkeys(GROUP_ORDER, 0)
        for link in self.children.get(node_id, ()):
            counts[link.relation] += 1
        return counts

    def descendants(self, node_id: int) -> set[int]:
        """Every node below node_id (not node_id itself)."""
        seen: set[int] = set()
        stack = [node_id]
        while stack:
            for link in self.children.get(stack.pop(), ()):
                if link.source_id not in seen and link.source_id != node_id:
                    seen.add(link.source_id)
                    stack.append(link.source_id)
        return seen

    def reachable_from_root(self, *, without: int | None = None) -> set[int]:
        """Nodes that hang below the root, optionally as if ``without`` were gone."""
        if self.root_id is None or self.root_id == without:
            return set()
        seen = {self.root_id}
        stack = [self.root_id]
        while stack:
            for link in self.children.get(stack.pop(), ()):
                if link.source_id != without and link.source_id not in seen:
                    seen.add(link.source_id)
                    stack.append(link.source_id)
        return seen

    def unplaced(self) -> list[NodeData]:
        """Nodes that are not (yet) below the root, in the order they were made."""
        placed = self.reachable_from_root()
        return [node for node_id, node in self.nodes.items() if node_id not in placed]

    def is_ancestor(self, candidate: int, of: int) -> bool:
        """Whether ``candidate`` lies on a path upwards from ``of`` (or is ``of``)."""
        seen = {of}
        stack = [of]
        while stack:
            current = stack.pop()
            if current == candidate:
                return True
            for link in self.parents.get(current, ()):
                if link.target_id not in seen:
                    seen.add(link.target_id)
                    stack.append(link.target_id)
        return False


def shown_under(link: LinkData, via: LinkData | None) -> bool:
    """Whether ``link`` appears among the children of its target when the target is
    shown through ``via``: an undercut only under the very link it attacks."""
    return link.target_link_id is None or (via is not None and via.id == link.target_link_id)


def relation_error(relation: str, source_kind: str, target_kind: str) -> str | None:
    """Why ``source --relation--> target`` is not allowed, or None when it is."""
    if relation not in RELATION_RULES:
        return f"Unknown relation “{relation}”."
    sources, targets = RELATION_RULES[relation]
    if source_kind not in sources or target_kind not in targets:
        verb = relation.removesuffix("s")
        return f"{_article(source_kind).capitalize()} cannot {verb} {_article(target_kind)}."
    return None


def _article(kind: str) -> str:
    kind = str(kind)
    return f"an {kind}" if kind[:1] in tuple("aeiou") else f"a {kind}"
