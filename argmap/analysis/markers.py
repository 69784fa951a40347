"""The words a reader of argumentation looks for at the start of a unit.

The indicator lists follow Stab and Gurevych's persuasive-essay work ("Parsing Argumentation
Structures in Persuasive Essays", Computational Linguistics 43(3), 2017): forward indicators
announce a conclusion, backward indicators a reason, thesis indicators the writer's own
position, rebuttal indicators a contrast. Reported objections ("Some would argue ...") and
negation are added because a reply to an objection opposes it.
"""

import re
from dataclasses import dataclass

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
)  # fmt: skip
# The writer's own position.
THESIS = (
    "in my opinion", "in my view", "i think", "i believe", "i am convinced", "i feel",
    "from my point of view", "i say", "i would say", "i would definitely say",
    "i strongly believe", "i am sure", "i think that", "i agree", "i disagree",
    "i do not think", "i don't think", "to my mind", "in conclusion", "to conclude",
    "to sum up", "all in all", "overall", "in short", "in summary", "clearly", "obviously",
    "it is clear that", "we should", "we must", "one should", "we need to",
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
# Longest phrase first, so "on the other hand" wins over "on" and "even though" over "even".
_PHRASES = sorted(
    ((phrase, kind) for kind, phrases in _LISTS.items() for phrase in phrases),
    key=lambda pair: -len(pair[0]),
)
LEAD_WINDOW = 6  # words: "Hunting, however, ..." still opens with a contrast


def opening(text: str) -> Opening:
    """The first indicator among the unit's first few words (e.g. "But", "Because")."""
    words = WORD.findall(text.lower())[:LEAD_WINDOW]
    for position in range(min(3, len(words))):
        lead = " ".join(words[position:])
        for phrase, kind in _PHRASES:
            if lead == phrase or lead.startswith(phrase + " "):
                # Only short markers may sit after a word or two ("Hunting, however,").
                if position and kind not in ("rebuttal", "forward", "addition"):
                    continue
                if position and phrase in ("and", "as", "for", "so", "still", "while", "plus"):
                    continue
                original = _original_words(text, phrase)
                return Opening(kind, original)
    return Opening()


def _original_words(text: str, phrase: str) -> str:
    match = re.search(re.escape(phrase).replace(r"\ ", r"\W+"), text, re.IGNORECASE)
    return match.group(0) if match else phrase


def is_objection(text: str) -> bool:
    """Whether the unit reports a view to be answered ("Some would argue that ...")."""
    return bool(OBJECTION.search(text))


def negations(text: str) -> int:
    """How many negating words the unit has."""
    return len(NEGATION.findall(text))


def is_normative(text: str) -> bool:
    """Whether the unit says what should be done, as main claims often do."""
    return bool(NORMATIVE.search(text))
