"""Split an article's text into a title, a date, a byline and sentences.

Sentence boundaries come from pysbd (rule-based, handles abbreviations such as
"J.D. Vance", "U.S." and "i.e."). Every span keeps exact character offsets
into the text it was given: ``body[s.start:s.end] == s.text`` always holds.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache

import pysbd

CLAIM = "claim"
QUESTION = "question"

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Leading Markdown that is layout, not words: headings, list bullets, quotes.
MARKDOWN_LEAD = re.compile(r"(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,3}[.)][ \t]+|>[ \t]?)+")
MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
CLOSING_MARKS = "\"'”’»)]*_ \t\n"
DATE_FORMATS = ("%d.%m.%Y", "%d. %m. %Y", "%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d/%m/%Y")
# pysbd's own \s matches the C0 separators (\x1c-\x1f) and then fails on them (int("\x1f1")
# in its list detection); it reads a copy where they are spaces, one for one, so offsets hold.
CONTROLS_AS_SPACES = {code: " " for code in [*range(32), 127] if chr(code) not in "\n\t"}
BYLINE_MAX_CHARS = 120
TITLE_MAX_CHARS = 300


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    kind: str = CLAIM


@dataclass
class Split:
    """What an article's text was found to contain."""

    title: Span | None = None
    published_on: date | None = None
    author: str = ""
    publication: str = ""
    sentences: list[Span] = field(default_factory=list)

    @property
    def questions(self) -> list[Span]:
        return [s for s in self.sentences if s.kind == QUESTION]

    @property
    def claims(self) -> list[Span]:
        return [s for s in self.sentences if s.kind == CLAIM]


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def kind_of(sentence: str) -> str:
    """Interrogative sentences (ending in '?', before closing quotes) are questions."""
    return QUESTION if sentence.rstrip(CLOSING_MARKS).endswith("?") else CLAIM


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph, without surrounding whitespace."""
    spans, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(body):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(body)))
    return [_trim(body, s, e) for s, e in spans if body[s:e].strip()]


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _span(body: str, start: int, end: int) -> Span | None:
    lead = MARKDOWN_LEAD.match(body, start, end)
    if lead:
        start = lead.end()
    start, end = _trim(body, start, end)
    text = body[start:end]
    if not any(char.isalnum() for char in text):
        return None  # punctuation or symbols alone say nothing
    return Span(start, end, text, kind_of(text))


def _parse_date(text: str) -> date | None:
    text = text.strip().strip("*_")
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _is_title(body: str, start: int, end: int) -> bool:
    text = body[start:end]
    if "\n" in text or len(text) > TITLE_MAX_CHARS:
        return False
    return bool(MARKDOWN_HEADING.match(text)) or not text.rstrip(CLOSING_MARKS).endswith(".")


def _byline(text: str) -> tuple[str, str] | None:
    """("Miloš Balabán", "Právo Daily") for a closing line such as 'Miloš Balabán, Právo Daily'."""
    text = text.strip().strip("*_—–- ")
    if text.lower().startswith("by "):
        text = text[3:]
    if "\n" in text or len(text) > BYLINE_MAX_CHARS or text.endswith((".", "?", "!", ":")):
        return None
    author, _, publication = (part.strip() for part in text.partition(","))
    words = author.split()
    if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
        return None
    return author, publication


def split_sentences(body: str, start: int, end: int) -> list[Span]:
    """The sentences of body[start:end], each with offsets into body."""
    spans = []
    for piece in _segmenter().segment(body[start:end].translate(CONTROLS_AS_SPACES)):
        span = _span(body, start + piece.start, start + piece.end)
        if span is not None:
            spans.append(span)
    return spans


def _lines(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line of body[start:end], trimmed."""
    spans, line_start = [], start
    for index in range(start, end + 1):
        if index == end or body[index] == "\n":
            if body[line_start:index].strip():
                spans.append(_trim(body, line_start, index))
            line_start = index + 1
    return spans


def _is_title_line(body: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the first line of a paragraph is a title set directly above its text.

    A hard-wrapped paragraph also breaks lines without punctuation, so a line only counts
    as a title when it is a heading, ends a sentence with ? or !, stands above a date, or
    is much shorter than the line after it."""
    (start, end), (next_start, next_end) = lines[0], lines[1]
    text = body[start:end]
    if not _is_title(body, start, end):
        return False
    ending = text.rstrip(CLOSING_MARKS)[-1:]
    return (
        bool(MARKDOWN_HEADING.match(text))
        or ending in ("?", "!")
        or _parse_date(body[next_start:next_end]) is not None  # title, then its date
        or (end - start) <= 0.6 * (next_end - next_start)
    )


def _take_title(body: str, paragraphs: list) -> Span | None:
    first = paragraphs[0]
    if len(paragraphs) > 1 and _is_title(body, *first):
        del paragraphs[0]
        return _span(body, *first)
    lines = _lines(body, *first)
    if len(lines) > 1 and _is_title_line(body, lines):
        paragraphs[0] = (lines[1][0], first[1])
        return _span(body, *lines[0])
    return None


def _take_date(body: str, paragraphs: list) -> date | None:
    for index, (start, end) in enumerate(paragraphs[:2]):
        if published_on := _parse_date(body[start:end]):
            del paragraphs[index]
            return published_on
        lines = _lines(body, start, end)
        if len(lines) > 1 and (published_on := _parse_date(body[slice(*lines[0])])):
            paragraphs[index] = (lines[1][0], end)
            return published_on
    return None


def _take_byline(body: str, paragraphs: list) -> tuple[str, str] | None:
    last = paragraphs[-1]
    if len(paragraphs) > 1 and (byline := _byline(body[slice(*last)])):
        del paragraphs[-1]
        return byline
    lines = _lines(body, *last)
    if len(lines) < 2:
        return None
    # The line above must end a sentence: otherwise the "byline" is a wrapped sentence's end.
    above_ends_a_sentence = body[: lines[-2][1]].rstrip(CLOSING_MARKS)[-1:] in (".", "?", "!")
    if above_ends_a_sentence and (byline := _byline(body[slice(*lines[-1])])):
        paragraphs[-1] = (last[0], lines[-2][1])
        return byline
    return None


def split_article(body: str) -> Split:
    """Find the title, date, byline and the claims and questions of an article. Each may
    stand in a paragraph of its own or on a line of its own next to the text."""
    split = Split()
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return split
    split.title = _take_title(body, paragraphs)
    if paragraphs:
        split.published_on = _take_date(body, paragraphs)
    if paragraphs and (byline := _take_byline(body, paragraphs)):
        split.author, split.publication = byline
    for start, end in paragraphs:
        if MARKDOWN_HEADING.match(body, start, end) and "\n" not in body[start:end]:
            continue  # a section heading is layout, not a claim
        split.sentences.extend(split_sentences(body, start, end))
    return split
