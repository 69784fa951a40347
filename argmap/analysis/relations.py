"""Naming a suggested link: its relation (supports, opposes, answers, questions) and, when
no cue gave one, the reason in plain words (``structure.Units.rank`` scores the places)."""

from dataclasses import dataclass

ROOT = "root"
SUPPORTS, OPPOSES, ANSWERS, QUESTIONS = "supports", "opposes", "answers", "questions"
RELATIONS = (SUPPORTS, OPPOSES, ANSWERS, QUESTIONS)
CLAIM, QUESTION = "claim", "question"
SAME_MEANING = 0.55  # similarity at which "close in meaning" is the reason given
CONTRADICTS = 0.60  # similarity above which a difference in negation is a contradiction


@dataclass(frozen=True)
class Suggestion:
    """A parent for a unit: a unit index or ROOT, the relation, a 0..1 score, and a
    reason in plain words."""

    parent: int | str
    relation: str
    score: float
    reason: str

    def as_dict(self) -> dict:
        return {
            "parent": self.parent,
            "relation": self.relation,
            "score": round(self.score, 3),
            "reason": self.reason,
        }


def short(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parent_kind(units, target, root_unit) -> str:
    """The kind (claim or question) of a candidate parent: the root, or a unit."""
    if target == ROOT and root_unit is None:
        return units.root_kind
    return units.kinds[root_unit if target == ROOT else target]


def relation(units, i: int, target, root_unit, sim: float) -> str:
    """How unit i relates to ``target``: it questions, answers a question, opposes after a
    contrast, a reported view, a concession or a denial of a close paraphrase, and
    supports otherwise."""
    if units.kinds[i] == QUESTION:
        return QUESTIONS
    if parent_kind(units, target, root_unit) == QUESTION:
        return ANSWERS
    unit = root_unit if target == ROOT else target
    opening = units.openings[i].kind
    if opening == "rebuttal" and (unit is None or unit == i - 1 or units.objections[i]):
        return OPPOSES
    if units.concessions[i]:
        return OPPOSES
    if units.objections[i] and (target == ROOT or unit == root_unit):
        return OPPOSES
    if (
        unit is not None
        and (units.objections[unit] or units.concessions[unit])
        and not (units.objections[i] or units.concessions[i])
        and opening != "addition"
    ):
        return OPPOSES
    if (
        unit is not None
        and sim >= CONTRADICTS
        and (units.negations[i] > 0) != (units.negations[unit] > 0)
    ):
        return OPPOSES
    return SUPPORTS


def why(units, i: int, target, unit, sim: float, previous) -> str:
    """The reason in plain words for ``target`` when no cue named one: the title, a
    contradiction, closeness in meaning, adjacency or the shared subject."""
    if units.kinds[i] == QUESTION:
        return "an open question about the main claim"
    if target == ROOT and unit is None:
        if units.root_kind == QUESTION:
            return f"may answer the question “{short(units.root_text or '')}”"
        if sim >= SAME_MEANING:
            return f"close in meaning to the title “{short(units.root_text or '')}”"
        return "speaks to the main claim"
    if (
        sim >= CONTRADICTS
        and unit is not None
        and (units.negations[i] > 0) != (units.negations[unit] > 0)
    ):
        return f"says the opposite of “{short(units.texts[unit])}”"
    if sim >= SAME_MEANING:
        return f"close in meaning to “{short(units.texts[unit])}”"
    if unit == previous:
        return f"comes right after “{short(units.texts[unit])}”"
    if target == ROOT:
        return "speaks to the main claim"
    return f"on the same subject as “{short(units.texts[unit])}”"
