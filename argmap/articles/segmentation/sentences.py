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

# Read as spaces by the segmenter: double quotation marks of several typographies, and
# the C0 controls (which no segmenter expects between words).
AS_SPACES = {ord(mark): " " for mark in '"“”„‟«»'} | {
    code: " " for code in [*range(32), 127] if chr(code) not in "\n\t"
}
CLOSING = "\"”’'»)]"
OPENING = "\"“„‟«'‘([¿¡"
MARKS = CLOSING + OPENING
LOWER_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:[a-z]{1,6}\.|(?:[A-Za-z]\.){2,5})$")


def _starts_low(text: str) -> bool:
    for char in text:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
        if not (char.isspace() or char in OPENING or char in "-–—…"):
            return False
    return False


def _starts_digit(text: str) -> bool:
    stripped = text.lstrip(" " + OPENING)
    return stripped[:1].isdigit()


def _boundaries(text: str, language: str) -> list[int]:
    """Where sentencex ends each sentence of ``text`` (quotes and controls as spaces)."""
    readable = text.translate(AS_SPACES)
    return [piece["end_index"] for piece in sentencex.get_sentence_boundaries(language, readable)]


def _repair(text: str, ends: list[int]) -> list[int]:
    """Drop the boundaries that split a sentence; see the module's docstring."""
    kept: list[int] = []
    for end in ends:
        if kept:
            piece = text[kept[-1] : end]
            before = text[max(0, kept[-1] - 12) : kept[-1]].rstrip().rstrip(CLOSING)
            if _starts_low(piece) or (_starts_digit(piece) and LOWER_ABBREVIATION.search(before)):
                kept[-1] = end
                continue
        kept.append(end)
    return kept


def _settle(text: str, end: int) -> int:
    """A boundary moved to just after the closing marks of the sentence it ends: back
    over the whitespace (and marks read as whitespace) sentencex gave the sentence, then
    forward over the closing marks that touch its last character."""
    position = end
    while position > 0 and (text[position - 1].isspace() or text[position - 1] in MARKS):
        position -= 1
    while position < len(text) and text[position] in CLOSING:
        position += 1
    return position


def sentence_bounds(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, untrimmed but never overlapping, in
    order; together they cover the text."""
    if not text:
        return []
    ends = _repair(text, _boundaries(text, language))
    bounds, start = [], 0
    for end in ends[:-1]:
        settled = max(_settle(text, end), start)
        bounds.append((start, settled))
        start = settled
    bounds.append((start, len(text)))
    return bounds
