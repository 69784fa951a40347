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
    "because", "since", "as", "given that", "after all", "due to", "owing to",
    "the reason is", "this is because", "that is why", "in fact", "indeed", "in particular",
    "for example", "for instance", "such as", "e.g.", "namely", "specifically",
)  # fmt: skip
# A further reason beside the one before (a sibling: same parent).
ADDITION = (
    "also", "but also", "moreover", "furthermore", "in addition", "additionally", "besides",
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
    "i do not think", "i don't think", "i do not believe", "i don't believe", "to my mind",
    "in conclusion", "to conclude",
    "to sum up", "all in all", "overall", "in short", "in summary", "clearly", "obviously",
    "it is clear that", "we should", "we must", "one should", "we need to",
    "all things considered", "on balance", "taking everything into account",
)  # fmt: skip
# A contrast with what came before.
REBUTTAL = (
    "but", "however", "yet", "nevertheless", "nonetheless", "still", "even so",
    "on the other hand", "in contrast", "by contrast", "on the contrary", "though",
    "although", "even though", "whereas", "while", "despite", "in spite of", "instead",
    "admittedly", "of course", "granted", "rather", "except", "it is true that",
    "it's true that", "true,", "despite this", "despite that", "in spite of this",
    "that being said", "having said that", "all the same", "even then",
)  # fmt: skip
# Contrast markers that hold a position in spite of what was granted: in the pattern
# "granted X ... nevertheless Y", Y is what the writer stands by.
HOLDING = frozenset(
    {
        "nevertheless", "nonetheless", "still", "even so", "despite this", "despite that",
        "in spite of this", "that being said", "having said that", "all the same",
        "even then",
    }
)  # fmt: skip
# Contrast markers that grant a point before the writer's own. "Although" and its kin
# open a subordinate clause: "Although X," grants X, and the main clause after it is the
# writer's ("Although X, Y." as one unit states Y). "Of course", "Admittedly" and the
# like grant the whole sentence they open.
SUBORDINATE_CONCESSIONS = frozenset({"although", "though", "even though", "while"})
CONCESSIONS = SUBORDINATE_CONCESSIONS | {
    "admittedly", "of course", "granted", "it is true that", "it's true that", "true,",
}  # fmt: skip
# Someone else's view, reported to be answered.
OBJECTION = re.compile(
    # "Some people may be more comfortable ..." describes people; a view is reported
    # with a verb of saying or thinking.
    r"\b(some ([a-z]+ )?(would |may |might |could |will )?(argue|say|claim|think|"
    r"believe|object|insist|contend|feel|suggest|point out)|some critics|"
    r"(critics|opponents|sceptics|skeptics|others) (say|argue|claim|believe|think|point)|"
    r"(it is|it's|it could be|it may be|it might be) (often )?(said|argued|claimed|objected)|"
    r"(one|you) (could|might|may) (argue|say|object|think)|"
    r"many (people )?(argue|say|believe|think)|"
    r"those (who|that) (would |might |may |will )?(say|argue|claim|believe|think|insist)|"
    r"(the|an) (argument|objection|counter-?argument) (that|is)|counter[- ]?argument|"
    r"may object|might object|"
    r"(would|could|may|might) (argue|say|object|claim)|"
    r"(some|many|others|people|critics) (have|has) (long )?(argued|claimed|said|suggested))\b",
    re.IGNORECASE,
)
NEGATION = re.compile(
    r"\b(not|no|never|nothing|none|nobody|neither|nor|cannot|without|hardly|refused?|"
    r"den(y|ies|ied)|reject(s|ed)?|unlikely|impossible|\w+n't)\b",
    re.IGNORECASE,
)
NORMATIVE = re.compile(
    r"\b(should|must|ought to|needs? to|has to|have to|had better|it (is|would be) "
    r"(ideal|best|better|important|essential|vital|crucial|necessary|wise|unwise) (to|that))\b",
    re.IGNORECASE,
)
# "also" further inside the main clause ("The crops will also feed more people") adds a
# point just as a sentence-initial "Also" does; so does a closing ", too" or "as well."
# ("as well as others", "get along as well with" compare, and add no point).
ALSO_INSIDE = re.compile(r"\b(also|as well(?=\W*$))\b|,\s*too\W*$", re.IGNORECASE)
# A contrast that closes the sentence ("It has a cost, though.").
CLOSING_CONTRAST = re.compile(r"[,\s]\s*(though|however|nevertheless|nonetheless)\W*$", re.I)
# A demonstrative subject ("This means ...", "Such costs ...") points back at what was
# just said: the sentence goes on about the one before it.
REFERS_BACK = re.compile(r"\W*(this|these|such|that (is|was|will|would|means|shows))\b", re.I)
# A clause of purpose or means that goes on with the sentence before it ("..., (in order)
# to cut waste", "... by keeping it out"): it says why or how the clause before holds.
PURPOSE_OR_MEANS = re.compile(r"\W*(in order to|so as to|to|by)\b", re.IGNORECASE)
# An answer particle ("Yes, ...", "In the long run, yes ...", "No, it is not ..."): the
# writer answers the question at issue, which states their position. "No" counts only
# before a comma or a subject pronoun ("No child ..." is a determiner).
VERDICT = re.compile(
    r"^(?:\W*[\w'-]+){0,4}?\W*\b(yes\b|no(?=\s*,|\s+(i|it|they|we|there|that|he|she)\b))",
    re.IGNORECASE,
)
# An advance label ("There are many benefits ...", "One drawback of X is ...", "The only
# problem is ..."): a general noun that announces points the next sentences spell out.
ANNOUNCES = re.compile(
    r"\b(there (are|is|can be|may be|might be) (many|several|a few|a number of|two|three|various)|"
    r"(offers|has|have|brings|bring) (many|several|a few|two|three)|"
    r"(one|another|the (only|main|biggest|first|second|other))( \w+)?)"
    r" (\w+ )?(benefits?|advantages?|disadvantages?|drawbacks?|downsides?|problems?|"
    r"reasons?|risks?|ways?|dangers?|issues?|consequences?|effects?)\b",
    re.IGNORECASE,
)
# A negative question ("Don't they need them?", "Isn't it obvious?") asks for no answer:
# it asserts that they do, as a claim would.
RHETORICAL = re.compile(
    r"\W*(don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|wouldn't|shouldn't|"
    r"can't|couldn't|haven't|hasn't)\b",
    re.IGNORECASE,
)
# A dash opening the unit, or a colon closing the one before, introduces what spells
# that one out ("Tactility matters -- the turn of the pages, ...").
SPELLS_OUT = re.compile(r"\s*(--|—|–|-\s)")
# A conclusion word inside the clause ("... and should therefore be adopted"). "So" is
# left out: inside a clause it is mostly "so much", "so that".
CONCLUDES = re.compile(r"\b(therefore|thus|hence|consequently)\b", re.IGNORECASE)
# The writer's own experience ("I live in Michigan", "In my experience"): an anecdote
# backs a claim; it is not the position argued.
ANECDOTE = re.compile(
    r"\W*(in my experience|(i|we) (live|lived|see|saw|have seen|grew up|remember|work|"
    r"worked|went|was|were|had|used to|regularly|often|once))\b",
    re.IGNORECASE,
)
# The end of a sentence: a unit without one is a clause that the next unit continues.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
WORD = re.compile(r"[a-z][a-z.']*")
WORD_OR_NAME = re.compile(r"[A-Za-z][\w'-]*")
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "some", "many"})


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
# "As" opens a reason ("As prices rose, ...") but not "As long as ...", "As a parent ..."
# or "As well ..."; a bare "For" is left out ("For the most part" is no reason).
_NOT_A_REASON = r"as\W+(?:long|soon|far|much|many|well|an|for|to|of|with|in|a\b(?!\W+result))\b"
_AT_START = re.compile(rf"(?!\W*{_NOT_A_REASON})\W*({_alternation(_KIND)})(?!\w)", re.IGNORECASE)
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
    """The first indicator among the unit's first few words (e.g. "But", "Because");
    failing one, an "also" inside the clause (an addition) or a closing ", though" (a
    contrast)."""
    for pattern in (_AT_START, _INSIDE):
        match = pattern.match(text)
        if match:
            words = match.group(1)
            return Opening(_KIND[_key(words)], words)
    for kind, pattern in (("addition", ALSO_INSIDE), ("rebuttal", CLOSING_CONTRAST)):
        match = pattern.search(text)
        if match:
            return Opening(kind, match.group(1) or "too")
    return Opening()


def _key(words: str) -> str:
    """The list entry that ``words`` as written match ("In  fact" -> "in fact")."""
    found = WORD.findall(words.lower())
    key = " ".join(found) or words.lower()
    return key if key in _KIND else key + ","


def concedes(text: str) -> bool:
    """Whether the unit grants a point to the other side: it opens with "Of course",
    "Admittedly" ..., or it is an "Although ..." clause whose main clause comes next."""
    match = _AT_START.match(text)
    if not match or _key(match.group(1)) not in CONCESSIONS:
        return False
    return _key(match.group(1)) not in SUBORDINATE_CONCESSIONS or not ends_sentence(text)


def holds(text: str) -> bool:
    """Whether the unit opens by holding a position despite a granted point
    ("Nevertheless ...", "Despite this ...")."""
    match = _AT_START.match(text)
    return bool(match) and _key(match.group(1)) in HOLDING


def concludes(text: str) -> bool:
    """Whether the unit draws a conclusion ("Therefore ...", "... and thus ...")."""
    return opening(text).kind == "forward" or bool(CONCLUDES.search(text))


def is_anecdote(text: str) -> bool:
    """Whether the unit opens by telling the writer's own experience."""
    return bool(ANECDOTE.match(text))


def parallel(text: str, before: str) -> bool:
    """Whether two units open alike ("They can ... They can ...", "The Germans ... The
    Poles ..."): parallel openings list points side by side."""
    first, second = WORD_OR_NAME.findall(text)[:2], WORD_OR_NAME.findall(before)[:2]
    if len(first) < 2 or len(second) < 2 or first[0].lower() != second[0].lower():
        return False
    if first[0].lower() not in DETERMINERS:
        return True
    # "The Germans ... The Poles": a determiner then a name in both.
    return first[1][0].isupper() and second[1][0].isupper() or first[1] == second[1]


def refers_back(text: str) -> bool:
    """Whether the unit's subject points at the sentence before ("This shows ...")."""
    return bool(REFERS_BACK.match(text))


def purpose_or_means(text: str) -> bool:
    """Whether the unit opens a clause of purpose or means ("to ...", "by ...")."""
    return bool(PURPOSE_OR_MEANS.match(text))


def gives_verdict(text: str) -> bool:
    """Whether the unit answers yes or no within its first few words."""
    return bool(VERDICT.match(text))


def announces(text: str) -> bool:
    """Whether the unit announces points to come with a general noun ("There are many
    benefits ...")."""
    return bool(ANNOUNCES.search(text))


def rhetorical(text: str) -> bool:
    """Whether the unit is a negative question, which asserts rather than asks."""
    return bool(RHETORICAL.match(text))


def spells_out(text: str, before: str) -> bool:
    """Whether the unit opens with a dash or follows a colon: it spells out ``before``."""
    return bool(SPELLS_OUT.match(text)) or before.rstrip().endswith(":")


def ends_sentence(text: str) -> bool:
    """Whether the unit closes its sentence (else the next unit goes on with it)."""
    return bool(SENTENCE_END.search(text))


def is_objection(text: str) -> bool:
    """Whether the unit reports a view to be answered ("Some would argue that ...")."""
    return bool(OBJECTION.search(text))


def negations(text: str) -> int:
    """How many negating words the unit has."""
    return len(NEGATION.findall(text))


def is_normative(text: str) -> bool:
    """Whether the unit says what should be done, as main claims often do."""
    return bool(NORMATIVE.search(text))
