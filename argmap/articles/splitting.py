"""Split an article's text into a title, a date, a byline and argument units.

Units are sentences (``segmentation.sentences``), cut again in English where a connective
joins two claims (``segmentation.clauses``); questions stay whole. Every span keeps exact
character offsets into the text it was given: ``body[s.start:s.end] == s.text`` always
holds. Time is linear in the text's length, whatever the text.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from argmap.articles.segmentation.bylines import byline, dateline
from argmap.articles.segmentation.clauses import clause_starts
from argmap.articles.segmentation.language import ENGLISH, guess_language
from argmap.articles.segmentation.sentences import sentence_bounds

CLAIM = "claim"
QUESTION = "question"

LETTER_OR_DIGIT = re.compile(r"[^\W_]")
LINE = re.compile(r"[^\n]+")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Leading Markdown that is layout, not words: headings, list bullets, quotes.
MARKDOWN_LEAD = re.compile(r"(?:#{1,6}[ \t]+|[-*+][ \t]+|\d{1,3}[.)][ \t]+|>[ \t]?)+")
MARKDOWN_LEAD_CHARS = "#-*+>0123456789"
MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+")
CLOSING_MARKS = "\"'”’»)]*_ \t\n"
DATE_FORMATS = ("%d.%m.%Y", "%d. %m. %Y", "%Y-%m-%d", "%d %B %Y", "%B %d, %Y", "%d/%m/%Y")
TITLE_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str
    kind: str = CLAIM
    inside: bool = False  # starts inside a sentence: a clause cut precedes it


@dataclass
class Split:
    """What an article's text was found to contain."""

    title: Span | None = None
    published_on: date | None = None
    author: str = ""
    publication: str = ""
    units: list[Span] = field(default_factory=list)
    language: str = ENGLISH

    @property
    def sentences(self) -> list[Span]:
        """The units (the name from before clause cuts, kept for callers)."""
        return self.units

    @property
    def clause_units(self) -> bool:
        """Whether units were also cut inside sentences (English only)."""
        return self.language == ENGLISH

    @property
    def questions(self) -> list[Span]:
        return [s for s in self.units if s.kind == QUESTION]

    @property
    def claims(self) -> list[Span]:
        return [s for s in self.units if s.kind == CLAIM]


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


def _span(body: str, start: int, end: int, inside: bool = False) -> Span | None:
    """The span of body[start:end] without surrounding whitespace and leading Markdown;
    None when it holds no letter or digit."""
    text = body[start:end]
    stripped = text.strip()
    if not stripped:
        return None
    start += len(text) - len(text.lstrip())
    if stripped[0] in MARKDOWN_LEAD_CHARS and (lead := MARKDOWN_LEAD.match(stripped)):
        rest = stripped[lead.end() :]
        start += lead.end() + len(rest) - len(rest.lstrip())
        stripped = rest.strip()
    if not stripped or not (stripped[0].isalnum() or LETTER_OR_DIGIT.search(stripped)):
        return None  # punctuation or symbols alone say nothing
    return Span(start, start + len(stripped), stripped, kind_of(stripped), inside)


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


def split_units(body: str, start: int, end: int, language: str = ENGLISH) -> list[Span]:
    """The units of body[start:end], each with offsets into body: its sentences, and in
    English each declarative sentence cut again where a connective joins two clauses."""
    spans = []
    clauses = language == ENGLISH
    for sentence_start, sentence_end in sentence_bounds(body[start:end], language):
        sentence = _span(body, start + sentence_start, start + sentence_end)
        if sentence is None:
            continue
        cuts = clause_starts(sentence.text) if clauses and sentence.kind == CLAIM else ()
        if not cuts:
            spans.append(sentence)
            continue
        edges = [sentence.start, *(sentence.start + offset for offset in cuts), sentence.end]
        for index in range(len(edges) - 1):
            span = _span(body, edges[index], edges[index + 1], inside=index > 0)
            if span is not None:
                spans.append(span)
    return spans


def _lines(body: str, start: int, end: int, limit: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines of body[start:end], trimmed; with ``limit``,
    only the first ``limit`` of them (or the last, for a negative limit)."""
    if limit < 0:
        # From the end: look back only as far as the lines asked for need.
        found, line_end = [], end
        while line_end > start and len(found) < -limit:
            line_start = body.rfind("\n", start, line_end) + 1 or start
            line_start = max(line_start, start)
            if body[line_start:line_end].strip():
                found.append(_trim(body, line_start, line_end))
            line_end = line_start - 1
        return found[::-1]
    spans = []
    for match in LINE.finditer(body, start, end):
        if match.group().strip():
            spans.append(_trim(body, match.start(), match.end()))
            if len(spans) == limit:
                break
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
    lines = _lines(body, *first, limit=2)
    if len(lines) > 1 and _is_title_line(body, lines):
        paragraphs[0] = (lines[1][0], first[1])
        return _span(body, *lines[0])
    return None


def _take_date(body: str, paragraphs: list) -> date | None:
    for index, (start, end) in enumerate(paragraphs[:2]):
        if published_on := _parse_date(body[start:end]):
            del paragraphs[index]
            return published_on
        lines = _lines(body, start, end, limit=2)
        if len(lines) > 1 and (published_on := _parse_date(body[slice(*lines[0])])):
            paragraphs[index] = (lines[1][0], end)
            return published_on
    return None


def _take_byline(body: str, paragraphs: list) -> tuple[str, str] | None:
    last = paragraphs[-1]
    if len(paragraphs) > 1 and (found := byline(body[slice(*last)])):
        del paragraphs[-1]
        return found
    lines = _lines(body, *last, limit=-2)
    if len(lines) < 2:
        return None
    # The line above must end a sentence: otherwise the "byline" is a wrapped sentence's end.
    above_ends_a_sentence = body[lines[-2][1] - 1 : lines[-2][1]] in (".", "?", "!") or (
        body[lines[-2][0] : lines[-2][1]].rstrip(CLOSING_MARKS)[-1:] in (".", "?", "!")
    )
    if above_ends_a_sentence and (found := byline(body[slice(*lines[-1])])):
        paragraphs[-1] = (last[0], lines[-2][1])
        return found
    return None


def _take_leading_byline(body: str, paragraphs: list) -> tuple[str, str] | None:
    """A "By NAME" (or "NAME, PUBLICATION") paragraph or line above the text."""
    first = paragraphs[0]
    if len(paragraphs) > 1 and (found := byline(body[slice(*first)], at_start=True)):
        del paragraphs[0]
        return found
    lines = _lines(body, *first, limit=2)
    if len(lines) > 1 and (found := byline(body[slice(*lines[0])], at_start=True)):
        paragraphs[0] = (lines[1][0], first[1])
        return found
    return None


def _take_dateline(body: str, paragraphs: list) -> str:
    """The agency of a "CITY (Agency) -" dateline opening the first paragraph (which then
    starts after it), or ""."""
    start, end = paragraphs[0]
    if found := dateline(body, start, end):
        paragraphs[0] = (found[0], end)
        return found[1]
    return ""


def split_article(body: str) -> Split:
    """Find the title, date, byline and the argument units (claims and questions) of an
    article. Title, date and byline may stand in a paragraph of their own or on a line of
    their own next to the text; a byline at the start or the end."""
    split = Split()
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return split
    split.title = _take_title(body, paragraphs)
    if paragraphs:
        split.published_on = _take_date(body, paragraphs)
    if paragraphs and (found := _take_leading_byline(body, paragraphs)):
        split.author, split.publication = found
    if paragraphs and (found := _take_byline(body, paragraphs)):
        split.author = split.author or found[0]
        split.publication = split.publication or found[1]
    if paragraphs and (agency := _take_dateline(body, paragraphs)):
        split.publication = split.publication or agency
    split.language = guess_language(body)
    for start, end in paragraphs:
        if MARKDOWN_HEADING.match(body, start, end) and "\n" not in body[start:end]:
            continue  # a section heading is layout, not a claim
        split.units.extend(split_units(body, start, end, split.language))
    return split


def split_to_json(split: Split) -> dict:
    """The split as stored with its article: offsets only (texts are slices of the body)."""
    title = split.title
    return {
        "language": split.language,
        "title": [title.start, title.end, title.kind] if title else None,
        "units": [[u.start, u.end, u.kind, int(u.inside)] for u in split.units],
    }


def split_from_json(body: str, data: dict | None, metadata=None) -> Split:
    """The Split of stored ``data`` (from split_to_json) over ``body``; author,
    publication and date from ``metadata`` (the article) when given."""
    data = data or {}
    title = data.get("title")
    return Split(
        title=Span(title[0], title[1], body[title[0] : title[1]], title[2]) if title else None,
        published_on=getattr(metadata, "published_on", None),
        author=getattr(metadata, "author", ""),
        publication=getattr(metadata, "publication", ""),
        units=[
            Span(start, end, body[start:end], kind, bool(inside))
            for start, end, kind, inside in data.get("units", ())
        ],
        language=data.get("language", ENGLISH),
    )
