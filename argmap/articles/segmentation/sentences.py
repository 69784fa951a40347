"""Sentences of a paragraph, with offsets, in time linear in its length.

sentencex (Wikimedia; MIT; rules per language, linear) finds the boundaries. It keeps a
quoted passage of several sentences as one, so it reads a copy in which double quotation
marks are spaces (one for one, so offsets hold); the marks are then given back: a closing
mark to the sentence it closes, an opening mark to the sentence it opens. Two repairs
follow, each a rule of written language rather than of one corpus: a "sentence" that
starts with a small letter continues the one before (``"Why?" she asked.``, a quoted list
of questions, "approx. 3 km"), and so does one that starts with a digit after a short
lower-case abbreviation.
"""

import re

import sentencex

from argmap.articles.segmentation import lexicon
from argmap.articles.segmentation.language import ENGLISH

# Read as spaces by the segmenter: double quotation marks of several typographies, and
# the C0 controls (which no segmenter expects between words).
AS_SPACES = {ord(mark): " " for mark in '"“”„‟«»'} | {
    code: " " for code in [*range(32), 127] if chr(code) not in "\n\t"
}
CLOSING = "\"”’'»)]"
OPENING = "\"“„‟«'‘([¿¡"
LEADING = " \t\n\"“„‟«'‘([¿¡-–—…"
SPACES = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
SPACES_AND_MARKS = SPACES + CLOSING + OPENING
SETTLE_WINDOW = 64
FINAL_WORD = re.compile(r"(?<![\w.])[A-Za-z]+$")
LOWER_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[a-z]{1,6}\.|(?:[A-Za-z]\.){2,5})$")


def _continues(text: str, piece: dict, language: str) -> bool:
    """Whether sentencex's piece continues the sentence before it: it starts with a small
    letter, or with a digit after a short lower-case abbreviation ("approx. 3 km"). In
    English, a small letter after a full stop that ends a dictionary word of four or more
    letters starts a sentence all the same ("... the movies. some may argue")."""
    head = piece["text"].lstrip(LEADING)[:1]
    start = piece["start_index"]
    if head.islower():
        return language != ENGLISH or not _ends_with_word(text[max(0, start - 32) : start])
    if not head.isdigit():
        return False
    before = text[max(0, start - 12) : start].rstrip().rstrip(CLOSING)
    return bool(LOWER_ABBREVIATION.search(before))


def _ends_with_word(before: str) -> bool:
    """Whether ``before`` ends with a full stop (not an ellipsis) after an English word
    of at least four letters: a sentence end, not an abbreviation ("approx.", "etc.")."""
    before = before.rstrip()
    if not before.endswith(".") or before.endswith(".."):
        return False
    word = FINAL_WORD.search(before[:-1])
    return bool(word) and len(word.group()) >= 4 and bool(lexicon.flags(word.group().lower()))


def _settle(text: str, end: int, floor: int) -> int:
    """A boundary moved to just after the closing marks of the sentence it ends: back
    over the whitespace (and marks read as whitespace) sentencex gave the sentence, then
    forward over the closing marks that touch its last character."""
    low = max(floor, end - SETTLE_WINDOW)
    position = low + len(text[low:end].rstrip(SPACES_AND_MARKS))
    ahead = text[position : position + SETTLE_WINDOW]
    return position + len(ahead) - len(ahead.lstrip(CLOSING))


def sentence_bounds(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, untrimmed but never overlapping, in
    order; together they cover the text. Linear: a constant amount of work per boundary
    on top of sentencex."""
    if not text:
        return []
    pieces = sentencex.get_sentence_boundaries(language, text.translate(AS_SPACES))
    bounds, start = [], 0
    for index in range(1, len(pieces)):
        if _continues(text, pieces[index], language):
            continue
        settled = max(_settle(text, pieces[index]["start_index"], start), start)
        bounds.append((start, settled))
        start = settled
    bounds.append((start, len(text)))
    return bounds
