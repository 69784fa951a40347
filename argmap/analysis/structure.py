"""Suggested structure: for each unit, the parents it most likely hangs under, and how.

A unit's candidate parents are the other units and the root (the title, or the central
claim when there is no title that states one). Each candidate gets a score from the
signals a reader uses:

- meaning: the cosine similarity of the two units' vectors;
- position: a reason usually comes right after what it supports, an answer after its
  question, and the main claim attracts reasons from anywhere;
- the unit's opening words: "because" gives a reason for the sentence before, "also"
  adds a reason beside the previous one (same parent), "but" contrasts with what came
  before; a reported view ("Some would argue ...") goes against the main claim, and
  what follows it answers it;
- the sentence: a clause of purpose or means (", to ...", ", by ...") or one after a
  dash or colon goes with the clause before; a sentence's first clause hangs together
  with the rest of its sentence; a sentence announcing points ("There are many
  benefits ...") is the parent of the unmarked sentence after it;
- the thread: after a point made for another point, an unmarked new sentence goes back
  to the main claim; a sentence added beside the one before ("Moreover", a parallel
  opening) does not hang under it; "But" after the reason given for a reported view
  answers the view;
- negation: a close paraphrase that denies what the other says contradicts it.

The relation follows from the same signals (``relations``): answers under a question,
opposes after a contrast, an objection or a denial, supports otherwise. Scores of one
unit's candidates are turned into shares (a softmax) so that 0..1 reads as confidence.
"""

import numpy as np

from argmap.analysis import central, markers, relations
from argmap.analysis.relations import CLAIM, QUESTION, ROOT, SAME_MEANING, Suggestion, short

__all__ = ["CLAIM", "QUESTION", "ROOT", "Suggestion", "Units", "short"]

# Weights of the signals, in units of cosine similarity. Chosen by reasoning about
# argumentative texts (a reason follows its claim, a marker outweighs distance), not
# fitted to a corpus.
MEANING = 1.0
NEXT_TO = 0.30  # the unit right before
EARLIER = 0.18  # any earlier unit, fading with distance
LATER = 0.06  # a unit after it (a reason given before its conclusion)
FADE = 0.75  # per unit of distance
JOIN = 0.25  # a close sentence of another text (a second article joining a map)
MAIN_CLAIM = 0.35  # the root attracts reasons from anywhere in the text
SIBLING = 0.15  # an unmarked unit goes on with the previous unit's point
MARKER = 0.35  # an opening marker pointing at a candidate
# A connective between two clauses of one sentence ("X, so Y", "X because Y") names the
# relation of exactly those two; across sentences it may reach further back.
CLAUSE = 2 * MARKER
OBJECTION_TO_MAIN = 0.45
ANSWER_AFTER_QUESTION = 0.30
SHARPNESS = 8.0  # softmax temperature: higher = more confident shares


class Units:
    """The units of one text (or of a map: ``segments`` tells which text each came
    from, and position counts only inside one segment)."""

    def __init__(
        self,
        texts: list[str],
        vectors: np.ndarray,
        *,
        kinds: list[str] | None = None,
        segments: list | None = None,
        root_text: str | None = None,
        root_kind: str = CLAIM,
        root_vector: np.ndarray | None = None,
    ):
        self.texts = texts
        self.vectors = vectors
        self.kinds = kinds or [
            QUESTION if t.rstrip(" \"'”’)").endswith("?") and not markers.rhetorical(t) else CLAIM
            for t in texts
        ]
        # Each text's segment as a small integer, so position compares in numpy.
        codes: dict = {}
        self.segments = np.array(
            [codes.setdefault(key, len(codes)) for key in (segments or [0] * len(texts))],
            dtype=np.int64,
        )
        self.root_text, self.root_kind, self.root_vector = root_text, root_kind, root_vector
        self.openings = [markers.opening(text) for text in texts]
        self.objections = [markers.is_objection(text) for text in texts]
        self.negations = [markers.negations(text) for text in texts]
        self.concessions = [markers.concedes(text) for text in texts]

    def __len__(self) -> int:
        return len(self.texts)

    # -- the central claim --------------------------------------------------------------

    def central(self) -> int | None:
        """The unit most likely to state the main claim (``central.central``)."""
        return central.central(self)

    # -- parents ------------------------------------------------------------------------

    def rank(
        self,
        i: int,
        *,
        root_unit: int | None,
        sibling_parent: int | str | None = None,
        allowed: np.ndarray | None = None,
        root_allowed: bool = True,
        sims: np.ndarray | None = None,
        limit: int = 3,
    ) -> list[Suggestion]:
        """Unit i's best parents, best first. ``root_unit`` is the unit that is the root
        (None when the title is); ``sibling_parent`` the parent chosen for the unit
        before i (where "also" points); ``allowed`` masks candidate units; ``sims`` are
        unit i's similarities to every unit, when computed for many units at once."""
        n = len(self)
        if sims is None:
            sims = self.vectors @ self.vectors[i]
        score = MEANING * sims
        reasons: dict[int, str] = {}
        same_segment = self.segments == self.segments[i]
        distance = np.arange(n) - i
        before = same_segment & (distance < 0)
        after = same_segment & (distance > 0)
        score[before] += EARLIER * FADE ** (-distance[before] - 1)
        score[after] += LATER * FADE ** (distance[after] - 1)
        # A second article joins the map where it says what another text already says.
        score[~same_segment & (sims >= SAME_MEANING)] += JOIN
        previous = i - 1 if i > 0 and same_segment[i - 1] else None
        if previous is not None:
            score[previous] += NEXT_TO
        opening = self.openings[i]

        # The root as a candidate: the title, or the unit that is the root.
        if root_unit is None:
            root_sim = (
                float(self.vectors[i] @ self.root_vector) if self.root_vector is not None else 0.0
            )
            root_score = MEANING * root_sim + MAIN_CLAIM
        else:
            score[root_unit] += MAIN_CLAIM
            root_score = None

        def add(target, amount: float, reason: str):
            nonlocal root_score
            if target == ROOT or (root_unit is not None and target == root_unit):
                if root_unit is None:
                    root_score += amount
                else:
                    score[root_unit] += amount
                    reasons.setdefault(root_unit, reason)
            elif target is not None:
                score[target] += amount
                reasons.setdefault(target, reason)

        root_reason = ""
        beside = False  # a new sentence listed beside the one before, not under it
        text = self.texts[i]
        sentence_start = previous is None or markers.ends_sentence(self.texts[previous])
        replies = previous is not None and self.objections[previous] and not self.objections[i]
        if self.objections[i]:
            add(ROOT, OBJECTION_TO_MAIN, "reports another view, which goes against the main claim")
            root_reason = "reports another view, which goes against the main claim"
        elif self.concessions[i] and sentence_start:
            # "Of course X." grants a point against the claim being argued, which is
            # where the sentence before hangs, not that sentence itself.
            why = f"starts with “{opening.words}”: grants a point against the claim argued"
            add(ROOT if sibling_parent is None else sibling_parent, MARKER, why)
            root_reason = why if sibling_parent in (None, ROOT, root_unit) else ""
        elif (
            opening.kind == "rebuttal"
            and previous is not None
            and isinstance(sibling_parent, int)
            and sibling_parent != root_unit
            and (self.objections[sibling_parent] or self.concessions[sibling_parent])
        ):
            # "Some say X, because Y. But Z.": the contrast answers the view, not the
            # reason given for it.
            why = f"starts with “{opening.words}”: answers the view the sentence before backs"
            add(sibling_parent, MARKER if sentence_start else CLAUSE, why)
        elif opening.kind in ("backward", "rebuttal") and previous is not None:
            what = "gives a reason for" if opening.kind == "backward" else "contrasts with"
            strength = MARKER if sentence_start else CLAUSE
            add(previous, strength, f"starts with “{opening.words}”: {what} the sentence before")
        elif opening.kind == "addition" and sibling_parent is not None:
            add(
                sibling_parent,
                MARKER,
                f"“{opening.words}”: adds to the same point as the sentence before",
            )
            beside = sentence_start
        elif opening.kind == "" and previous is not None and self._explains(previous):
            # "X because Y. Z.": a reason given in a clause is then explained.
            add(previous, MARKER / 2, "explains the reason given just before")
        elif (
            opening.kind == ""
            and previous is not None
            and markers.spells_out(text, self.texts[previous])
        ):
            add(previous, MARKER, "spells out the sentence before, after a dash or colon")
        elif opening.kind == "" and not sentence_start and markers.purpose_or_means(text):
            # "X, (in order) to Y" / "X by Y": the goal or the means of the clause before.
            why = f"“{text.split()[0]}”: says why or how, of the clause before"
            add(previous, MARKER, why)
        elif (
            opening.kind == ""
            and previous is not None
            and not self.objections[i]
            and not markers.announces(text)
            and markers.announces(self.texts[previous])
        ):
            add(previous, MARKER, "spells out what the sentence before announces")
        elif opening.kind == "" and previous is not None and markers.refers_back(text):
            words = text.split()[0]
            add(previous, MARKER / 2, f"“{words}” points back at the sentence before")
        elif (
            opening.kind == ""
            and sibling_parent is not None
            and previous is not None
            and markers.parallel(text, self.texts[previous])
        ):
            add(sibling_parent, MARKER, "opens like the sentence before: a point beside it")
            beside = True
        elif opening.kind == "" and sibling_parent is not None and SIBLING:
            # After a point that backs another point, an unmarked one goes back to the
            # main claim (when there is one; a question title is answered in chains).
            back = (
                sentence_start
                and sibling_parent not in (ROOT, root_unit)
                and relations.parent_kind(self, ROOT, root_unit) == CLAIM
            )
            add(
                ROOT if back else sibling_parent,
                SIBLING,
                "back to the main claim after a point made for another"
                if back
                else "another point on the same claim as the sentence before",
            )
        elif opening.kind in ("forward", "thesis") and not replies:
            add(ROOT, MARKER / 2, f"starts with “{opening.words}”: draws a conclusion")
            root_reason = f"starts with “{opening.words}”: draws a conclusion"
        if beside and previous is not None and previous != sibling_parent:
            score[previous] -= NEXT_TO
        following = i + 1 if i + 1 < n and same_segment[i + 1] else None
        if following is not None and self.openings[following].kind == "forward":
            words = self.openings[following].words
            add(
                following,
                CLAUSE if not markers.ends_sentence(text) else MARKER,
                f"the next sentence starts with “{words}”: it draws a conclusion from this one",
            )
        if following is not None and sentence_start and not markers.ends_sentence(text):
            # A sentence's first clause hangs together with the rest of its sentence, as
            # closely as a unit does with the sentence before it.
            add(following, NEXT_TO, "its sentence goes on in the next clause")
        if previous is not None and self.concessions[previous] and opening.kind == "":
            add(previous, MARKER, f"answers the concession “{short(self.texts[previous], 40)}”")
        if replies:
            # "Some say X. I disagree.": what follows a reported view answers it.
            add(previous, MARKER, "answers the view reported just before it")
        # A single question is answered by what follows it; a run of questions lists open
        # issues, and what follows speaks to the main claim again.
        if (
            self.kinds[i] == CLAIM
            and previous is not None
            and self.kinds[previous] == QUESTION
            and not (
                previous > 0 and same_segment[previous - 1] and self.kinds[previous - 1] == QUESTION
            )
        ):
            add(previous, ANSWER_AFTER_QUESTION, "follows the question it answers")

        score[i] = -np.inf
        if self.kinds[i] == QUESTION:  # an open question hangs under the root
            keep = score[root_unit] if root_unit is not None else None
            score[:] = -np.inf
            if root_unit is not None and root_unit != i:
                score[root_unit] = keep
        if allowed is not None:
            score[~allowed] = -np.inf
        finite = np.flatnonzero(np.isfinite(score))
        values = score[finite]
        with_root = root_unit is None and root_allowed
        if with_root:
            values = np.append(values, root_score)
        if not len(values):
            return []
        shares = np.exp(SHARPNESS * (values - values.max()))
        shares /= shares.sum()
        top = np.argpartition(-values, min(limit, len(values)) - 1)[:limit]
        top = top[np.argsort(-values[top], kind="stable")]
        targets = [ROOT if with_root and k == len(finite) else int(finite[k]) for k in top]
        candidates = list(zip(values[top], targets, strict=True))
        shares = shares[top]
        out = []
        for (_, target), share in zip(candidates[:limit], shares[:limit], strict=False):
            unit = root_unit if target == ROOT else target
            sim = (
                float(sims[unit])
                if unit is not None
                else (
                    float(self.vectors[i] @ self.root_vector)
                    if self.root_vector is not None
                    else 0.0
                )
            )
            relation = relations.relation(self, i, target, root_unit, sim)
            reason = root_reason if target == ROOT else reasons.get(target, "")
            parent = ROOT if target == root_unit else target
            out.append(
                Suggestion(
                    parent,
                    relation,
                    float(share),
                    reason or relations.why(self, i, target, unit, sim, previous),
                )
            )
        return out

    def _explains(self, previous: int) -> bool:
        """Whether the unit after ``previous`` goes on to explain it: ``previous`` is a
        reason clause ("because ...") given for the sentence before it."""
        return (
            self.openings[previous].kind == "backward"
            and previous > 0
            and not markers.ends_sentence(self.texts[previous - 1])
        )
