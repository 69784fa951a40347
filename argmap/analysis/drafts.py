"""The draft tree of one text: a root (the title, or the central claim), each unit's
ranked parents (``structure.Units``), and one acyclic choice of parent per unit."""

from dataclasses import dataclass, field

import numpy as np

from argmap.analysis.structure import CLAIM, ROOT, Suggestion, Units


@dataclass
class Draft:
    """The suggested tree: ``central`` is the index of the central claim (None when no
    unit states one); ``suggestions[i]`` lists unit i's parents, best first. When the
    central claim is the root (no title states one), its own list says where it would go
    were another unit the main claim."""

    central: int | None
    root_is_title: bool
    suggestions: list[list[Suggestion]] = field(default_factory=list)


def title_states_claim(title: str | None) -> bool:
    """Whether a title can be the root: a question, or a sentence-like line of four or
    more words (a topic label such as "Hunting" is not one)."""
    if not title or not title.strip():
        return False
    return title.strip().endswith("?") or len(title.split()) >= 4


def draft(
    texts: list[str],
    vectors: np.ndarray,
    *,
    kinds: list[str] | None = None,
    title: str | None = None,
    title_vector: np.ndarray | None = None,
    title_kind: str = CLAIM,
    title_is_root: bool | None = None,
    limit: int = 3,
) -> Draft:
    """The suggested tree of one text's units.

    The root is the title when it states a claim or asks a question; otherwise the
    central claim is the root (its suggestions are the places it would take were another
    unit the main claim)."""
    if title_is_root is None:
        title_is_root = title_states_claim(title)
    root_is_title = title_is_root and title_vector is not None
    units = Units(
        texts,
        vectors,
        kinds=kinds,
        root_text=title if root_is_title else None,
        root_kind=title_kind if root_is_title else CLAIM,
        root_vector=title_vector if root_is_title else None,
    )
    central = units.central()
    root_unit = None if root_is_title else central
    result = Draft(central=central, root_is_title=root_is_title)
    chosen: int | str | None = None
    for i in range(len(units)):
        if i == root_unit:
            # Where it would go were another unit the main claim (never under the root).
            result.suggestions.append(
                units.rank(i, root_unit=None, root_allowed=False, limit=limit)
            )
            chosen = None  # the root has no parent for the next unit to share
            continue
        ranked = units.rank(
            i, root_unit=root_unit, sibling_parent=_unit_of(chosen, root_unit), limit=limit
        )
        result.suggestions.append(ranked)
        chosen = ranked[0].parent if ranked else None
    return result


def _unit_of(parent, root_unit):
    return root_unit if parent == ROOT and root_unit is not None else parent


def tree_choice(result: Draft) -> list[Suggestion | None]:
    """One parent per unit, the best suggestion that keeps the tree free of cycles (best
    scores are placed first); None for the unit that is the root itself."""
    n = len(result.suggestions)
    chosen: list[Suggestion | None] = [None] * n
    root_unit = None if result.root_is_title else result.central
    order = sorted(
        (i for i in range(n) if result.suggestions[i] and i != root_unit),
        key=lambda i: -result.suggestions[i][0].score,
    )
    for i in order:
        for suggestion in result.suggestions[i]:
            if suggestion.parent == ROOT or not _reaches(chosen, suggestion.parent, i):
                chosen[i] = suggestion
                break
        else:
            relation = result.suggestions[i][0].relation
            chosen[i] = Suggestion(ROOT, relation, 0.0, "speaks to the main claim")
    return chosen


def _reaches(chosen: list, start: int, target: int) -> bool:
    """Whether walking up from ``start`` through the chosen parents meets ``target``."""
    seen = set()
    while isinstance(start, int) and start not in seen:
        if start == target:
            return True
        seen.add(start)
        start = chosen[start].parent if chosen[start] is not None else None
    return False
