"""The analyst's corrections of a split in the import preview: units merged, a unit cut
at a word, and units carried from one preview to the next as offsets. Plain Python: the
page parses the form and calls these; every rule raises ValidationError."""

import re
from dataclasses import replace

from django.core.exceptions import ValidationError

from argmap.articles.splitting import Span, Split, kind_of

CHANGED = "The text changed since the preview: check the split again."


def units_from_offsets(body: str, rows: list[tuple[int, int, bool]]) -> list[Span]:
    """Units of ``body`` from (start, end, inside) rows posted back by the preview.

    Keeps the rule every unit keeps: in order, not overlapping, inside the body, and
    ``body[start:end]`` is its text without surrounding whitespace."""
    units, previous_end = [], 0
    for start, end, inside in rows:
        text = body[start:end] if 0 <= start < end <= len(body) else ""
        if start < previous_end or not text or text != text.strip():
            raise ValidationError(CHANGED, code="changed")
        units.append(Span(start, end, text, kind_of(text), inside))
        previous_end = end
    return units


def units_merge(split: Split, body: str, index: int) -> Split:
    """The split with unit ``index`` joined to the unit before it (one click in the
    preview undoes a cut); the joined unit is the body from the first's start to the
    second's end."""
    units = split.units
    if not 0 < index < len(units):
        raise ValidationError("There is no unit to merge there.", code="no_unit")
    first, second = units[index - 1], units[index]
    text = body[first.start : second.end]
    joined = Span(first.start, second.end, text, kind_of(text), first.inside)
    return replace(split, units=[*units[: index - 1], joined, *units[index + 1 :]])


def units_split(split: Split, body: str, index: int, at: int) -> Split:
    """The split with unit ``index`` cut before the word at offset ``at`` of the body (an
    offset inside a word moves to that word's start)."""
    units = split.units
    if not 0 <= index < len(units):
        raise ValidationError("There is no unit to split there.", code="no_unit")
    unit = units[index]
    at = max(unit.start, min(at, unit.end))
    while at > unit.start and not body[at - 1].isspace():
        at -= 1
    head = body[unit.start : at].rstrip()
    tail_start = at + len(body[at : unit.end]) - len(body[at : unit.end].lstrip())
    if not head or tail_start >= unit.end:
        raise ValidationError("Choose a word inside the unit to split it.", code="edge")
    tail = body[tail_start : unit.end]
    pieces = [
        Span(unit.start, unit.start + len(head), head, kind_of(head), unit.inside),
        Span(tail_start, unit.end, tail, kind_of(tail), True),
    ]
    return replace(split, units=[*units[:index], *pieces, *units[index + 1 :]])


def units_split_before(split: Split, body: str, index: int, words: str) -> Split:
    """The split with unit ``index`` cut before the first occurrence of ``words`` in it
    after its first word (the preview's form without a script)."""
    unit = split.units[index] if 0 <= index < len(split.units) else None
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    found = re.compile(pattern).search(body, unit.start + 1, unit.end) if unit and pattern else None
    if found is None:
        raise ValidationError(
            "Type the first words of the new unit, as they stand in the unit.", code="words"
        )
    return units_split(split, body, index, found.start())
