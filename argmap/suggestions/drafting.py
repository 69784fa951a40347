"""The draft map of an article: its units (as the splitter finds them, or one per line),
each with its suggested parents, and the central claim. Writes nothing.

Used by the import preview, ``manage.py draft_map`` and the evaluation."""

from argmap.analysis import drafts, embeddings
from argmap.articles.splitting import Span, kind_of, split_article


def units_per_line(body: str) -> list[Span]:
    """Each non-empty line of ``body`` as one unit, unsplit, with its offsets."""
    spans, offset = [], 0
    for line in body.splitlines(keepends=True):
        text = line.strip()
        if text:
            start = offset + line.index(text)
            spans.append(Span(start, start + len(text), text, kind_of(text)))
        offset += len(line)
    return spans


def draft_units(
    units: list[Span],
    *,
    title: str | None = None,
    title_kind: str = "claim",
    title_is_root: bool | None = None,
):
    """(drafts.Draft, the vectors of the units) for the given units and title (the
    root when ``title_is_root``; when None, when the title states a claim)."""
    texts = [unit.text for unit in units]
    vectors = embeddings.embed([*texts, title] if title else texts)
    title_vector = vectors[len(texts)] if title else None
    result = drafts.draft(
        texts,
        vectors[: len(texts)],
        kinds=[unit.kind for unit in units],
        title=title,
        title_vector=title_vector,
        title_kind=title_kind,
        title_is_root=title_is_root,
    )
    return result, vectors[: len(texts)]


def draft_article(body: str, *, one_unit_per_line: bool = False) -> dict:
    """{"title", "root", "central", "units": [{index, start, end, text, kind,
    suggestions: [{parent, relation, score, reason}, ...]}]}, best suggestion first.

    "parent" is a unit's index or "root" (the title, or the central claim when the
    text has no title that states one: then the central unit's own suggestions are the
    places it would take were another unit the main claim)."""
    if one_unit_per_line:
        units, title, title_kind = units_per_line(body), None, "claim"
    else:
        split = split_article(body)
        units = split.sentences
        title = split.title.text if split.title else None
        title_kind = split.title.kind if split.title else "claim"
    result, _ = draft_units(units, title=title, title_kind=title_kind)
    return {
        "title": title,
        "root": "title" if result.root_is_title else "central",
        "central": result.central,
        "units": [
            {
                "index": index,
                "start": unit.start,
                "end": unit.end,
                "text": unit.text,
                "kind": unit.kind,
                "suggestions": [s.as_dict() for s in result.suggestions[index]],
            }
            for index, unit in enumerate(units)
        ],
    }
