"""Cutting an English sentence where a connective joins two argument units.

Rules over the sentence's words, with closed word classes of English (pronouns,
auxiliaries, determiners) and lemminflect's lexicon of verb forms (lexicon.py) standing in
for a parser: a cut is made before a connective of contrast (but, however, although,
though, whereas, yet, while), cause and consequence (because, since, as, for, so,
therefore, thus, hence), condition (, if / , unless after a complete clause), addition
(and before a further connective), after a semicolon, and after the comma that closes a
fronted concession or reason ("Although X, Y"); and only when what follows reads as a
clause (a subject then a finite verb, or a verb with the subject of the clause before).
Phrases that join words, not claims ("black and white", "as well as", "so-called", "for
example", "such as", "between X and Y") never cut. Both sides of a cut keep at least
three words, and nothing inside a quotation is cut. Time is linear in the sentence's length.
"""

import re

from argmap.articles.segmentation import lexicon
from argmap.articles.segmentation.language import words_of

TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
MIN_WORDS = 3
# Longer "sentences" are runs of text without full stops (lists, tables, hostile input):
# they stay whole rather than be read word by word.
MAX_SENTENCE_CHARS = 10_000
LOOKAHEAD = 7

PRONOUNS = words_of("i we they he she it you there")
DEMONSTRATIVES = words_of("this that these those")
DETERMINERS = words_of(
    "the a an his her its our their my your some many most all no every each both few "
    "several such one another other others people nobody everyone everybody someone "
    "somebody anyone nothing everything something"
)
AUXILIARIES = words_of(
    "is are was were be been am has have had do does did can could may might must shall "
    "should will would need needs isn't aren't wasn't weren't hasn't haven't hadn't don't "
    "doesn't didn't can't cannot couldn't won't wouldn't shouldn't mustn't it's they're "
    "we're there's that's he's she's i'm you're ought"
)
OBJECTS = words_of("me us them him her it you this that these those")
# Words that start a phrase inside a subject: "the cost of living rises".
INSIDE_SUBJECT = words_of("of")
# Adverbs that belong to the subordinate clause they precede: "especially because".
LEADING_ADVERBS = words_of(
    "even only especially specifically partly mainly largely simply just precisely "
    "probably perhaps mostly exactly particularly"
)
AFTER_AND = words_of(
    "if because since although though whereas when unless therefore thus hence then yet also"
)
# Prepositions that open a fronted adverbial: "..., and with proper care, the risk falls".
PREPOSITIONS = words_of(
    "with in at on by for from after before during without under through despite given"
)
# A fronted adverbial ends at its comma within this many tokens, or it is no adverbial.
ADVERBIAL_TOKENS = 10
QUESTION_WORDS = words_of("how why what who where")
CONDITION_WORDS = words_of("if unless provided whenever")
NOT_AFTER_AS = words_of(
    "well a an soon long far much many if though to of for opposed such usual mentioned "
    "part follows result"
)
NOT_BEFORE_BUT = words_of("nothing all anything everything none everyone last")
NOT_BEFORE_IF = words_of(
    "as what ask asks asked asking know knows knew see sees saw wonder wonders wondered "
    "whether determine decide check"
)
# Subordinators whose clause, put first, is a unit of its own ("While X, Y" grants X and
# claims Y); a fronted condition or time ("If X, Y", "When X, Y") is part of its claim.
FRONTED = words_of("although though while whilst whereas because since")
LEADING_CONJUNCTIONS = words_of("but and so yet also")
NOT_BEFORE_AS = words_of("such same just so much many")
# A verb standing for the one before: "as we do", "as any parent would".
PRO_VERBS = words_of("do does did would could will can should")
QUANTIFIERS = words_of("any every each")
# Verbs of gradual change: "as" before them reads "while, to the degree that" ("as prices
# rise", "as they grow up"), a time or proportion, not a reason.
GRADUAL = words_of(
    "grow grows grew grown growing rise rises rose risen rising fall falls fell fallen "
    "falling increase increases increased increasing decrease decreases decreased "
    "decreasing change changes changed changing fluctuate fluctuates fluctuated age ages "
    "aged ageing aging develop develops developed developing mature matures matured "
    "evolve evolves evolved expand expands expanded shrink shrinks shrank shrunk spread "
    "spreads improve improves improved worsen worsens worsened deepen deepens deepened "
    "progress progresses progressed drag drags dragged continue continues continued"
)
CONDITIONS = words_of("if unless when whenever once until before after as")
CONNECTIVES = words_of(
    "and or but because although whereas since though while whilst yet so if unless "
    "therefore thus hence for as which who that when"
)
CONSEQUENCE = words_of("therefore thus hence")
# Words that open a subordinate or introductory part: a comma after such a part ends no
# claim ("If it rains, we stay" is one unit).
OPENERS = words_of(
    "if when whenever although though because since as while whilst after before once "
    "unless until in on at for with by from to despite given considering however "
    "instead also moreover furthermore therefore thus hence yes no of during without "
    "under over like unlike among besides following whether where"
)
CANDIDATES = re.compile(
    r"\b(?:and|because|although|whereas|but|however|since|though|while|whilst|yet|so"
    r"|if|unless|therefore|thus|hence|for|as)\b"
)
QUOTES_OPEN = "“„«"
QUOTES_CLOSE = "”»"


class _Sentence:
    unit_start = 0  # token index where the unit being read starts
    _verbs_from: list[int] | None = None  # verbs at or after each token, once needed

    def __init__(self, text: str):
        self.tokens = [
            (match.start(), match.end(), match.group().lower().replace("’", "'"))
            for match in TOKEN.finditer(text)
        ]
        # commas[k], auxiliaries[k], no_matter[k], conditions[k]: how many of the first k
        # tokens are commas, auxiliaries, the "matter" of "no matter", a word that opens a
        # condition ("if", "unless", the "as" of "as long as").
        self.commas, self.auxiliaries, self.no_matter, self.conditions = [0], [0], [0], [0]
        before = ""
        for _, _, word in self.tokens:
            self.commas.append(self.commas[-1] + (word == ","))
            self.auxiliaries.append(self.auxiliaries[-1] + (word in AUXILIARIES))
            self.no_matter.append(self.no_matter[-1] + (before == "no" and word == "matter"))
            opens = word in CONDITION_WORDS or (before == "long" and word == "as")
            self.conditions.append(self.conditions[-1] + opens)
            before = word

    def word(self, index: int) -> str:
        return self.tokens[index][2] if 0 <= index < len(self.tokens) else ""

    def clause_follows(self, index: int) -> bool:
        """Whether the words from ``index`` read as a clause: a pronoun subject, an
        auxiliary (the clause before lends its subject), or a short subject then a
        finite verb ("the state pays", "some materials contain")."""
        first, second = self.word(index), self.word(index + 1)
        if first in PRONOUNS:
            return second not in ("", ",", "and", "or", ".", "who", "whom")
        if first in AUXILIARIES:
            return True
        if not first[:1].isalpha():
            return False
        for offset in range(1, LOOKAHEAD):
            word = self.word(index + offset)
            if not word[:1].isalnum():
                return False
            if self.finite_at(index + offset) or self.verb_after_noun(index + offset):
                return True
            if word in CONNECTIVES:
                return False
        return False

    def verb_after_noun(self, index: int) -> bool:
        """Whether the word at ``index`` is the verb of a subject that ends just before
        it: a past or -s form that could be a noun too, after a noun ("the tunnel costs",
        "the old law protected")."""
        value = lexicon.flags(self.word(index))
        before = self.word(index - 1)
        return (
            bool(value & lexicon.FINITE)
            and before not in DETERMINERS | CONNECTIVES
            and bool(lexicon.flags(before) & lexicon.NOUN)
        )

    def finite_at(self, index: int) -> bool:
        """Whether the word at ``index``, after a subject, reads as its finite verb: an
        auxiliary, a word that can only be a verb in a finite or base form ("pays",
        "took", "contain"), or one that can also be a noun but takes an object here
        ("helps the", "causes them")."""
        word = self.word(index)
        if word in AUXILIARIES:
            return True
        value = lexicon.flags(word)
        if not value & lexicon.VERB or word in CONNECTIVES:
            return False
        finite = value & (lexicon.FINITE | lexicon.BASE)
        if finite and not value & (lexicon.NOUN | lexicon.ADJECTIVE | lexicon.ADVERB):
            return True
        return bool(finite) and self.word(index + 1) in DETERMINERS | OBJECTS

    def cut_at(self, i: int) -> int | None:
        """The token index where a new unit starts, for the connective at ``i``."""
        word, before, after = self.word(i), self.word(i - 1), self.word(i + 1)
        if word == ";":
            # "...; which means ...": a relative clause goes on with the clause before.
            return None if after in ("which", "who") else i + 1
        if word == "and":
            if after in AFTER_AND and not self.inside_fronted_condition(i):
                if (
                    after in CONDITION_WORDS
                    and self.conditions[i] > self.conditions[self.unit_start]
                ):
                    return None  # "X as long as Y and if Z": one condition more, one claim
                return i
            if after in QUESTION_WORDS and self.word(i + 2) in AUXILIARIES:
                return i  # "..., and how is it possible to ...": a question joins a claim
            if after in PREPOSITIONS and self.adverbial_then_clause(i + 1):
                return i  # "..., and with proper care, the risk falls"
            # "and" alone joins too much that is one claim (docs/splitting.md).
            return None
        if before == "and" and word in AFTER_AND:
            return None  # cut at the "and" already
        if word == "because":
            if after == "of":
                return None  # a phrase, not a clause
            return i - 1 if before in LEADING_ADVERBS else i
        if word in ("although", "whereas"):
            return i
        if word == "but":
            if before in NOT_BEFORE_BUT or (after == "not" and "," in self.window(i + 2, i + 4)):
                return None  # "nothing but", "..., but not always, ..."
            if not self.verb_after(i + 1):
                return None  # elliptical: "..., but in the long run, no."
            return i if before == "," or self.clause_follows(i + 1) else None
        if word == "however":
            if before in (",", ";") and after == ",":
                return i if self.clause_follows(i + 2) else None
            return None
        if word == "since":
            return i if self.clause_follows(i + 1) else None
        if word == "though" and before == "even" and self.word(i - 2) == ",":
            return i - 1  # "..., even though ..."
        if word in ("yet", "though", "while", "whilst", "so"):
            # Only after a comma: without one they are adverbs ("not yet", "so big"),
            # or time ("while driving").
            return i if before == "," and self.clause_follows(i + 1) else None
        if word in ("if", "unless"):
            # A condition is part of the claim it conditions ("X if Y" asserts neither),
            # unless a comma sets it off after a complete clause.
            return i if before == "," else None
        if word in CONSEQUENCE:
            # ", thus making ...": a participle phrase, no clause of its own.
            ing = lexicon.flags(after) & lexicon.ING
            return i if before in (",", ";") and not ing else None
        if word == "," and self.fronted_concession_ends(i):
            # The main clause may open with a sentence adverb: "..., ultimately, the cost".
            skip = 2 if self.word(i + 2) == "," and lexicon.is_adverb(after) else 0
            return i + 1 if self.clause_follows(i + 1 + skip) else None
        if word == "," and self.full_clause_before(i):
            # A comma splice after a complete clause: "..., it is". (Participle clauses,
            # ", allowing them to", cost more than they gain: docs/splitting.md.)
            if after in PRONOUNS - {"you"} and self.clause_follows(i + 1):
                return i + 1
            return None
        if word in ("for", "as"):
            if word == "as" and (after in NOT_AFTER_AS or "as" in self.window(i - 4, i)):
                return None
            if before == "," and after in PRONOUNS | DETERMINERS:
                return i
            if (
                word == "as"
                and before not in NOT_BEFORE_AS
                and self.reason_follows(i + 1)
                and not self.gradual_follows(i + 1)
            ):
                return i  # "We should go on hunting as it provides food"
            return None
        return None

    def reason_follows(self, index: int) -> bool:
        """Whether the words after an "as" read as a clause of its own, not as the second
        half of a comparison ("as we do", "as any parent would")."""
        if self.word(index + 1) in PRO_VERBS:
            following = self.word(index + 2)
            if following != "not" and not lexicon.flags(following) & lexicon.VERB:
                return False
        return self.clause_follows(index)

    def verb_after(self, index: int) -> bool:
        """Whether a verb comes at or after ``index`` before the sentence ends: an
        auxiliary, a word that is only a verb, or one read as a finite verb here. Counted
        once per sentence from its end (at its first "but"), so each question is a look-up."""
        if self._verbs_from is None:
            counts = [0] * (len(self.tokens) + 1)
            for j in range(len(self.tokens) - 1, -1, -1):
                word = self.tokens[j][2]
                value = lexicon.flags(word)
                verb = word in AUXILIARIES or (
                    value & lexicon.VERB
                    and (not value & lexicon.NOUN or self.finite_at(j) or self.verb_after_noun(j))
                )
                counts[j] = counts[j + 1] + bool(verb)
            self._verbs_from = counts
        return self._verbs_from[min(index, len(self.tokens))] > 0

    def adverbial_then_clause(self, index: int) -> bool:
        """Whether a phrase from ``index`` ends at a comma within a few words and a clause
        follows it ("with proper regulation, the spread ..."): only a clause takes a
        fronted adverbial, so the "and" before it joins two clauses, not two words."""
        for offset in range(1, ADVERBIAL_TOKENS):
            word = self.word(index + offset)
            if word == ",":
                return self.clause_follows(index + offset + 1)
            if not word[:1].isalnum() or word in ("and", "but", "or"):
                return False
        return False

    def gradual_follows(self, index: int) -> bool:
        """Whether the clause from ``index`` has a verb of gradual change among its first
        words ("as consumer demand has fluctuated", "as they grow up"): the "as" is one of
        time or proportion, which qualifies the claim before rather than arguing for it."""
        for offset in range(LOOKAHEAD):
            word = self.word(index + offset)
            if word in GRADUAL:
                return True
            if not word[:1].isalnum():
                return False
        return False

    def full_clause_before(self, i: int) -> bool:
        """Whether the words since the last cut (set by clause_starts) before ``i`` read
        as a complete main clause: at least four words, no comma among them, not opened
        by a word that introduces a subordinate part, and not ending in a "no matter
        what ..." clause, whose comma is that of a fronted condition."""
        start = self.unit_start  # counts, not a scan: linear on a sentence of any length
        opening = self.opening()
        opener = self.word(opening)
        if i - start < 4 or opener in OPENERS or self.commas[i] > self.commas[start]:
            return False
        if self.no_matter[i] > self.no_matter[start]:
            return False
        if opener in QUANTIFIERS and self.word(opening + 1) == "time":
            # "Every time X, Y", "Any time X, Y": a time clause, like "whenever".
            return False
        if self.auxiliaries[i] > self.auxiliaries[start]:
            return True
        return any(self.word(j) in PRONOUNS for j in range(start, start + 4))

    def opening(self) -> int:
        """The token index of the first word of the unit being read, past a conjunction
        that links it to the sentence before ("But if ...", "And because ...")."""
        start = self.unit_start
        return start + 1 if self.word(start) in LEADING_CONJUNCTIONS else start

    def fronted_concession_ends(self, i: int) -> bool:
        """Whether the comma at ``i`` closes a subordinate clause of concession, contrast
        or cause that opens the unit ("Although X, Y", "But while X, Y"): its first comma."""
        start = self.opening()
        if self.word(start) == "even" and self.word(start + 1) == "though":
            start += 1
        if self.word(start) == "because" and self.word(start + 1) == "of":
            return False
        return (
            self.word(start) in FRONTED
            and self.commas[i] == self.commas[start]
            and self.clause_follows(start + 1)
        )

    def inside_fronted_condition(self, i: int) -> bool:
        """Whether ``i`` lies in a condition or time clause that opens the unit and has
        not reached its comma yet: "If they marry and then find out ..., they ..."."""
        start = self.opening()
        return self.word(start) in CONDITIONS and self.commas[i] == self.commas[start]

    def window(self, start: int, end: int) -> set[str]:
        return {self.word(j) for j in range(max(start, 0), end)}


def clause_starts(text: str) -> list[int]:
    """Offsets in ``text`` (one English sentence) where a further unit starts, in order."""
    if len(text) > MAX_SENTENCE_CHARS:
        return []
    if "," not in text and ";" not in text and not CANDIDATES.search(text.lower()):
        return []  # most sentences: no connective at all, no need to read their words
    sentence = _Sentence(text)
    tokens = sentence.tokens
    # words[k]: how many words the first k tokens hold (punctuation is no word).
    words = [0]
    for _, _, word in tokens:
        words.append(words[-1] + word[0].isalnum())
    starts, last, quoted = [], 0, 0
    for i, (_, _, word) in enumerate(tokens):
        if word in QUOTES_OPEN or (word == '"' and not quoted):
            quoted += 1
            continue
        if word in QUOTES_CLOSE or word == '"':
            quoted = max(quoted - 1, 0)
            continue
        if quoted or i == 0:
            continue
        sentence.unit_start = last
        cut = sentence.cut_at(i)
        if cut is None or cut <= last:
            continue
        if words[cut] - words[last] >= MIN_WORDS and words[-1] - words[cut] >= MIN_WORDS:
            starts.append(tokens[cut][0])
            last = cut
    return starts
