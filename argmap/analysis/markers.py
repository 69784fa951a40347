"""The words a reader of argumentation looks for at the start of a unit.

The indicator lists follow Stab and Gurevych's persuasive-essay work ("Parsing Argumentation
Structures in Persuasive Essays", Computational Linguistics 43(3), 2017): forward indicators
announce a conclusion, backward indicators a reason, thesis indicators the writer's own
position, rebuttal indicators a contrast. Reported objections ("Some would argue ...") and
negation are added because a reply to an objection opposes it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

# A reason for what was said before.
BACKWARD = (
    "because", "since", "as", "for", "given that", "after all", "due to", "owing to",
    "the reason is", "this is because", "that is why", "in fact", "indeed", "in particular",
    "for example", "for instance", "such as", "e.g.", "namely", "specifically",
)  # fmt: skip
# A further reason beside the one before (a sibling: same parent).
ADDITION = (
    "also", "moreover", "furthermore", "in addition", "additionally", "besides",
    "what is more", "and", "further", "another", "not only", "likewise", "similarly",
    "as well as", "on top of that", "plus",
)  # fmt: skip
# A conclusion of what came before.
FORWARD = (
    "therefore", "thus", "hence", "consequently", "so", "accordingly", "as a result",
    "it follows that", "this means that", "for this reason", "that is why",
    "this shows that", "this indicates that", "it seems logical", "so it seems",
)  # fmt: skip
# The writer's own position.
THESIS = (
    "in my opinion", "in my view", "i think", "i believe", "i am convinced", "i feel",
    "from my point of view", "i say", "i would say", "i would definitely say",
    "i strongly believe", "i am sure", "i think that", "i agree", "i disagree",
    "i do not think", "i don't think", "to my mind", "in conclusion", "to conclude",
    "to sum up", "all in all", "overall", "in short", "in summary", "clearly", "obviously",
    "it is clear that", "we should", "we must", "one should", "we need to",
    "all things considered", "on balance", "taking everything into account",
)  # fmt: skip
# A contrast with what came before.
REBUTTAL = (
    "but", "however", "yet", "nevertheless", "nonetheless", "still", "even so",
    "on the other hand", "in contrast", "by contrast", "on the contrary", "though",
    "although", "even though", "whereas", "while", "despite", "in spite of", "instead",
    "admittedly", "of course", "granted", "rather", "except",
)  # fmt: skip
# Someone else's view, reported to be answered.
OBJECTION = re.compile(
    r"\b(some (people|would|may|might|could|argue|say|claim|think|believe|object|critics)|"
    r"(critics|opponents|sceptics|skeptics|others) (say|argue|claim|believe|think|point)|"
    r"(it is|it's|it could be|it may be|it might be) (often )?(said|argued|claimed|objected)|"
    r"(one|you) (could|might|may) (argue|say|object|think)|"
    r"many (people )?(argue|say|believe|think)|"
    r"(the|an) (argument|objection|counter-?argument) (that|is)|may object|might object|"
    r"would argue|would say|would object|would claim)\b",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(not|no|never|nothing|none|nobody|neither|nor|cannot|without|hardly|refused?|"
    r"den(y|ies|ied)|reject(s|ed)?|unlikely|impossible|\w+n't)\b",
    re.IGNORECASE,
)
NORMATIVE = re.compile(r"\b(should|must|ought to|need to|has to|have to|had better)\b", re.I)
WORD = re.compile(r"[a-z][a-z.']*")


@dataclass(frozen=True)
class Opening:
    """The indicator a unit starts with: its kind (backward, addition, forward, thesis,
    rebuttal) and the words as written, or kind "" when it starts with none."""

    kind: str = ""
    words: str = ""


_LISTS = {
    "rebuttal": REBUTTAL,
    "backward": BACKWARD,
    "forward": FORWARD,
    "thesis": THESIS,
    "addition": ADDITION,
}
_KIND = {phrase: kind for kind, phrases in reversed(_LISTS.items()) for phrase in phrases}


def _alternation(phrases) -> str:
    # Longest phrase first, so "on the other hand" wins over "on" and "even though" over
    # "even"; words may be separated by any non-word characters ("in  fact", "e.g.").
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\W+") for p in ordered)


# At the very start, any indicator; after a word or two ("Hunting, however, ..."), only
# the short contrast, conclusion and addition markers that can sit inside a clause.
_AT_START = re.compile(rf"\W*({_alternation(_KIND)})(?!\w)", re.IGNORECASE)
_INSIDE = re.compile(
    r"\W*[\w'-]+(?:\W+[\w'-]+)?\W+("
    + _alternation(
        p
        for p, kind in _KIND.items()
        if kind in ("rebuttal", "forward", "addition")
        and p not in ("and", "as", "for", "so", "still", "while", "plus")
    )
    + r")(?!\w)",
    re.IGNORECASE,
)


@lru_cache(maxsize=65_536)
def opening(text: str) -> Opening:
    """The first indicator among the unit's first few words (e.g. "But", "Because")."""
    for pattern in (_AT_START, _INSIDE):
        match = pattern.match(text)
        if match:
            words = match.group(1)
            return Opening(_KIND[" ".join(WORD.findall(words.lower())) or words.lower()], words)
    return Opening()


def is_objection(text: str) -> bool:
    """Whether the unit reports a view to be answered ("Some would argue that ...")."""
    return bool(OBJECTION.search(text))


def negations(text: str) -> int:
    """How many negating words the unit has."""
    return len(NEGATION.findall(text))


def is_normative(text: str) -> bool:
    """Whether the unit says what should be done, as main claims often do."""
    return bool(NORMATIVE.search(text))
