"""Proposals of duplicate nodes across articles, by fuzzy text similarity (rapidfuzz).

rapidfuzz compares every new sentence with every existing node in compiled code, the
same on SQLite and PostgreSQL; 100 sentences against 10,000 nodes is one C loop each."""

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from argmap.articles.models import Article
from argmap.maps.graph import NodeData
from argmap.maps.models import Map
from argmap.maps.selectors import map_graph

# Scores are 0..100: rapidfuzz's token-sort ratio (the Indel similarity of the two texts'
# lower-cased words in sorted order), so reordered or lightly edited sentences score high
# while a short phrase inside a long sentence does not.
THRESHOLD = 70.0
PER_NODE = 3


@dataclass(frozen=True, slots=True)
class Proposal:
    new: NodeData
    existing: NodeData
    score: float


def comparable(text: str) -> str:
    """The text as token-sort ratio sees it: lower case, no punctuation, words sorted.
    Precomputed once per node instead of once per pair."""
    return " ".join(sorted(utils.default_process(text).split()))


def similar_pairs(
    new: list[tuple[int, str]],
    existing: list[tuple[int, str]],
    *,
    threshold: float = THRESHOLD,
    per_item: int = PER_NODE,
) -> list[tuple[int, int, float]]:
    """(new id, existing id, score) for the best matches of each new text, best first."""
    choices = [comparable(text) for _, text in existing]
    pairs = []
    for new_id, text in new:
        matches = process.extract(
            comparable(text),
            choices,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=threshold,
            limit=per_item,
        )
        pairs.extend((new_id, existing[index][0], round(score, 1)) for _, score, index in matches)
    return pairs


def duplicate_proposals(map_obj: Map, article: Article) -> list[Proposal]:
    """Nodes of the map anchored in ``article`` that say nearly what a node from elsewhere
    (another article, or none) already says, of the same kind. 2 queries (the graph)."""
    graph = map_graph(map_obj)
    proposals = []
    for kind in ("claim", "question", "evidence"):
        new = [
            (node.id, node.text)
            for node in graph.nodes.values()
            if node.kind == kind and node.article_id == article.pk
        ]
        existing = [
            (node.id, node.text)
            for node in graph.nodes.values()
            if node.kind == kind and node.article_id != article.pk
        ]
        for new_id, existing_id, score in similar_pairs(new, existing):
            proposals.append(Proposal(graph.nodes[new_id], graph.nodes[existing_id], score))
    proposals.sort(key=lambda proposal: (-proposal.score, proposal.new.id))
    return proposals
