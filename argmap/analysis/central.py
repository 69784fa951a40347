"""The central claim of a text: the unit a reader takes for the writer's main point.

Each claim unit adds up the evidence a reader weighs (weights in units of cosine
similarity, reasoned, not fitted to a corpus):

- place: a news lead or an essay's first sentence states the main claim; a closing
  sentence may sum up;
- the writer's own voice: thesis words ("I think", "In my opinion"), a conclusion marker
  ("Therefore", "So in short"), and what should be done ("should", "must");
- what the neighbours do with it: a reason given for it right after ("..., because ...")
  makes it a claim, a conclusion drawn from it ("..., so ...") makes it a reason; "X, but
  Y" grants X and states Y; the clause after "Although X," is the writer's; a text that
  opens with someone else's view ("Some say ...") answers it with its own;
- what it is not: a reason ("because ..."), an addition ("Also ..."), a concession, a
  reported view, a question;
- how much of the text speaks to it: its mean similarity to the other units (and to the
  title, when there is one).
"""

import numpy as np

from argmap.analysis import markers

FIRST, LAST = 0.5, 0.2
THESIS = 0.45
CONCLUSION, LOCAL = 0.5, 0.25  # a conclusion of the text, of the clause before
GRANTED = 0.5  # "X, but Y": Y is the writer's claim and X a point granted on the way
NOT_A_CLAIM = 0.40  # a reason, an addition or a concession
REPORTED = 0.60  # someone else's view
NORMATIVE = 0.15
REASON_GIVEN = 0.20  # the next unit starts with "because": this one is what it supports
CONCLUSION_DRAWN = 0.25  # the next unit starts with "so": this one is a reason
CLOSENESS = 0.3
TITLE = 0.5


def central(units) -> int | None:
    """The index of the unit most likely to state the main claim of ``units`` (a
    ``structure.Units``), or None when every unit is a question."""
    n = len(units)
    claims = [i for i in range(n) if units.kinds[i] == "claim"]
    if not claims:
        return None
    sims = units.vectors @ units.vectors.T
    closeness = (sims.sum(axis=1) - 1.0) / max(1, n - 1)
    title = units.vectors @ units.root_vector if units.root_vector is not None else np.zeros(n)
    scores = [CLOSENESS * closeness[i] + TITLE * title[i] + _evidence(units, i) for i in claims]
    return claims[int(np.argmax(scores))]


def _evidence(units, i: int) -> float:
    """What the unit's words, place and neighbours say about unit i being the claim."""
    n, texts, openings = len(units), units.texts, units.openings
    kind = openings[i].kind
    concession = markers.concedes(texts[i])
    # The opening sentence states the claim, unless a later sentence draws the conclusion
    # ("Thus ...", "So ..."): then what came before it, the opening too, are its reasons.
    concluded = i == 0 and any(
        openings[j].kind == "forward" and markers.ends_sentence(texts[j - 1]) for j in range(1, n)
    )
    score = (FIRST if not concluded else 0.0) if i == 0 else LAST if i == n - 1 else 0.0
    score += THESIS if kind == "thesis" or markers.gives_verdict(texts[i]) else 0.0
    # "Therefore" opening a sentence concludes what came before; "..., so" joining two
    # clauses draws a local conclusion. "Nevertheless" holds the writer's position.
    if i and (kind == "forward" or markers.holds(texts[i])):
        sentence = markers.ends_sentence(texts[i - 1])
        score += CONCLUSION if sentence else LOCAL
    elif i and markers.concludes(texts[i]):  # "... and should therefore be adopted"
        score += LOCAL
    score -= NOT_A_CLAIM if kind in ("backward", "addition") or concession else 0.0
    score += NORMATIVE if markers.is_normative(texts[i]) else 0.0
    score -= REPORTED if units.objections[i] else 0.0
    score -= NOT_A_CLAIM if markers.is_anecdote(texts[i]) else 0.0
    if i + 1 < n:
        after = openings[i + 1].kind
        score += REASON_GIVEN if after == "backward" else 0.0
        score -= CONCLUSION_DRAWN if after == "forward" else 0.0
        # "X, but Y": the writer grants X on the way to Y (a reported view after X is
        # not the writer's contrast, so X keeps its chance).
        contrast = after == "rebuttal" and not markers.concedes(texts[i + 1])
        score -= GRANTED if contrast and not units.objections[i + 1] else 0.0
    if i > 0 and not concession and not units.objections[i]:
        before = texts[i - 1]
        # A text that opens "Although X, Y", "X, but Y" or "Some say X. Y" states the
        # writer's position in Y. (Further on, the same turns answer an objection.)
        after_concession = markers.concedes(before) and not markers.ends_sentence(before)
        granted = after_concession or units.objections[0]
        granted |= kind == "rebuttal" and openings[0].kind in ("", kind)
        score += GRANTED if i == 1 and granted else 0.0
        # Further on, the unit after a reported view answers that view.
        score -= NOT_A_CLAIM if i > 1 and units.objections[i - 1] else 0.0
    return score
