"""Bylines and datelines in the forms news uses, at the start or the end of an article.

"By NAME", "By NAME and NAME", "NAME, PUBLICATION", "By Staff Reporter, Cairo" (a role,
then a place: no publication), "(Reporting by NAME; Editing by NAME)", and the dateline
"CITY (Agency) -" that opens the first paragraph of an agency report.
"""

import re

from argmap.articles.segmentation.language import words_of

BYLINE_MAX_CHARS = 120
NAME_JOINERS = words_of("and & de da di van von der den la le bin al y")
ROLE = re.compile(
    r"\b(?:staff|reporters?|correspondents?|writers?|editors?|desk|agencies|newsroom)\b",
    re.IGNORECASE,
)
REPORTING = re.compile(
    r"^[(\[]?\s*(?:additional\s+)?(?:reporting|written|writing)\s+by\s+(?P<names>[^;()\[\]\n]+)",
    re.IGNORECASE,
)
DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?:[ ][A-Z][\w.'’-]*){0,3})(?:,[ ][\w.'’ -]{2,30}?)?"
    r"[ ]?\((?P<agency>[A-Z][^()\n]{1,38})\)[ ]?[-–—]+[ ]*"
)


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 8 and all(
        word[:1].isupper() or word.lower() in NAME_JOINERS for word in words
    )


def byline(text: str, *, at_start: bool = False) -> tuple[str, str] | None:
    """(author, publication) of a byline line, or None when the line is not one. At the
    start of an article only a line that says "By ..." or "NAME, PUBLICATION" counts."""
    text = text.strip().strip("*_—–- ")
    if reporting := REPORTING.match(text):
        names = reporting.group("names").strip(" .")
        return (names, "") if _is_name(names) else None
    by = text.lower().startswith("by ")
    if by:
        text = text[3:].strip()
    if "\n" in text or len(text) > BYLINE_MAX_CHARS or text.endswith((".", "?", "!", ":")):
        return None
    author, comma, publication = (part.strip() for part in text.partition(","))
    if by and " in " in author:  # "By Jana Nováková in Brno"
        author = author.split(" in ", 1)[0].strip()
    if not _is_name(author) or (at_start and not (by or comma)):
        return None
    if by and ROLE.search(author):
        publication = ""  # "By Staff Reporter, Cairo": a place follows a role, not a publication
    return author, publication


def dateline(text: str, start: int, end: int) -> tuple[int, str] | None:
    """(where the text proper starts, the agency) when body[start:end] opens with a
    dateline such as "CAIRO (Reuters) - "; None otherwise."""
    match = DATELINE.match(text, start, end)
    if match is None:
        return None
    return match.end(), match.group("agency").strip()
