"""Gradual semantics for bipolar argument maps: DF-QuAD (Rago, Toni, Aurisicchio and
Baroni, "Discontinuity-Free Decision Support with Quantitative Argumentation Debates",
KR 2016). Pure Python on plain numbers: no database, no Django.

For every node ``a`` with base score ``τ(a)`` in [0, 1]:

- the aggregate of a list of strengths is ``F(v1..vn) = 1 - ∏(1 - vi)`` (0 for none);
- ``va = F(attackers)``, ``vs = F(supporters)``;
- ``σ(a) = τ(a)``                   when va == vs,
  ``σ(a) = τ(a) - τ(a)·(va - vs)``  when va > vs,
  ``σ(a) = τ(a) + (1-τ(a))·(vs - va)`` when va < vs.

argmap's extension: each supporting or opposing link carries a weight ``w`` in [0, 1]
(1 unless the team rated it) and contributes ``w·σ(source)`` to the aggregate. With every
weight 1 this is exactly DF-QuAD.

argmap's undercut rule: an undercut attacks a link, not a node ("this does not follow").
A link undercut by ``u1..un`` contributes ``w·σ(source)·(1 - F(w1·σ(u1), …, wn·σ(un)))``:
the undercutters' aggregate strength takes that share of the inference away, and nothing
from the premise itself. With no undercut the factor is 1, so DF-QuAD is unchanged. The
links into one conclusion that share an argument name are one inference: an undercut of
one of them scales them all.

Only ``supports`` and ``opposes`` links (and undercuts of them) take part. ``answers`` and
``questions`` carry no force: a question has no strength (it asserts nothing), and each
answer is evaluated on its own supporters and attackers, so answers to one question can
be compared by strength. See docs/reasoning.md.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NEUTRAL = 0.5

# NATO Admiralty code -> base score. Each half maps to a probability-like score; the
# base score is their mean, so a grade that cannot be judged (F, 6) stays neutral and a
# missing half is ignored. Documented in docs/reasoning.md.
SOURCE_RELIABILITY_SCORE = {"A": 0.9, "B": 0.75, "C": 0.6, "D": 0.4, "E": 0.25, "F": 0.5}
INFORMATION_CREDIBILITY_SCORE = {1: 0.9, 2: 0.75, 3: 0.6, 4: 0.4, 5: 0.25, 6: 0.5}

SUPPORTS, OPPOSES, UNDERCUTS = "supports", "opposes", "undercuts"
CARRIES_FORCE = frozenset({SUPPORTS, OPPOSES})
TAKES_PART = CARRIES_FORCE | {UNDERCUTS}
HAS_STRENGTH = frozenset({"claim", "evidence"})


def grade_score(source_reliability: str, information_credibility: int | None) -> float:
    """Base score of evidence from its Admiralty grade; neutral when ungraded."""
    halves = [
        score
        for score in (
            SOURCE_RELIABILITY_SCORE.get(source_reliability or ""),
            INFORMATION_CREDIBILITY_SCORE.get(information_credibility),
        )
        if score is not None
    ]
    return sum(halves) / len(halves) if halves else NEUTRAL


def base_score_of(node) -> float:
    """The analyst's base score when set, else from the grade (evidence) or neutral."""
    if node.base_score is not None:
        return float(node.base_score)
    if node.kind == "evidence":
        return grade_score(node.source_reliability, node.information_credibility)
    return NEUTRAL


def aggregate(contributions: Iterable[float]) -> float:
    """DF-QuAD's F: the probabilistic sum. Sorted first, so the result is bit-for-bit the
    same whatever order the links were stored in."""
    remaining = 1.0
    for value in sorted(contributions):
        remaining *= 1.0 - value
    return 1.0 - remaining


def combine(base: float, attack: float, support: float) -> float:
    """DF-QuAD's C: move the base score towards 0 or 1 by the difference of aggregates."""
    if attack > support:
        value = base - base * (attack - support)
    elif support > attack:
        value = base + (1.0 - base) * (support - attack)
    else:
        value = base
    return min(1.0, max(0.0, value))


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` supports or opposes ``target`` with a weight in [0, 1], or undercuts
    the edge whose id is ``link``."""

    id: int
    source: int
    target: int
    relation: str
    weight: float = 1.0
    link: int | None = None
    # Links into one target that share an argument name are one inference: an undercut
    # of one of them attacks them all.
    argument: str = ""


def strengths(
    base_scores: Mapping[int, float | None], edges: Iterable[Edge]
) -> dict[int, float | None]:
    """The DF-QuAD strength of every node.

    ``base_scores`` maps each node to its base score, or None for a node without strength
    (a question): such a node neither has a strength nor gives force to others. Edges of
    other relations, or touching unknown nodes, are ignored. Nodes on a cycle (the graph
    rules forbid them; DF-QuAD is defined for acyclic graphs) get None.
    """
    edges = list(edges)
    incoming: dict[int, list[Edge]] = {node: [] for node in base_scores}
    # node -> the nodes whose strength waits for it (targets of its links, conclusions
    # of the links it undercuts)
    dependents: dict[int, list[int]] = {node: [] for node in base_scores}
    by_id: dict[int, Edge] = {}
    for edge in edges:
        if (
            edge.relation in CARRIES_FORCE
            and base_scores.get(edge.source) is not None
            and base_scores.get(edge.target) is not None
            and edge.source != edge.target
        ):
            incoming[edge.target].append(edge)
            dependents[edge.source].append(edge.target)
            by_id[edge.id] = edge
    inferences: dict[tuple, list[Edge]] = {}
    for edge in by_id.values():
        if edge.argument:
            inferences.setdefault((edge.target, edge.argument), []).append(edge)
    undercuts: dict[int, list[Edge]] = {}
    for edge in edges:
        attacked = by_id.get(edge.link) if edge.relation == UNDERCUTS else None
        if attacked is None or base_scores.get(edge.source) is None:
            continue
        for link in inferences.get((attacked.target, attacked.argument), [attacked]):
            undercuts.setdefault(link.id, []).append(edge)
            dependents[edge.source].append(link.target)
    # Kahn's order: a node is computed once all its supporters, attackers and the
    # undercutters of their links are.
    waiting = {node: len(targets) for node, targets in incoming.items()}
    for undercutters in undercuts.values():
        waiting[by_id[undercutters[0].link].target] += len(undercutters)
    ready = [node for node, count in waiting.items() if count == 0]
    result: dict[int, float | None] = dict.fromkeys(base_scores)
    while ready:
        node = ready.pop()
        base = base_scores[node]
        if base is not None:
            attack, support = [], []
            for edge in incoming[node]:
                contribution = edge.weight * result[edge.source]
                if edge.id in undercuts:
                    undercut = aggregate(u.weight * result[u.source] for u in undercuts[edge.id])
                    contribution *= 1.0 - undercut
                (support if edge.relation == SUPPORTS else attack).append(contribution)
            result[node] = combine(base, aggregate(attack), aggregate(support))
        for target in dependents[node]:
            waiting[target] -= 1
            if waiting[target] == 0:
                ready.append(target)
    return result


def strength_changes(
    before: Mapping[int, float | None], after: Mapping[int, float | None], tolerance=1e-9
) -> list[tuple[int, float | None, float | None]]:
    """(node, before, after) for every node whose strength moved, in node order."""
    changes = []
    for node in sorted(before.keys() | after.keys()):
        old, new = before.get(node), after.get(node)
        if (old is None) != (new is None) or (
            old is not None and new is not None and abs(old - new) > tolerance
        ):
            changes.append((node, old, new))
    return changes
