"""What every source of an article gives: its plain text and the metadata found in it."""

import re
from dataclasses import dataclass
from datetime import date, datetime

SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Extracted:
    """An article's text, paragraphs apart by a blank line and its title first when known
    (so the split finds it as it does in a pasted article), with its metadata."""

    text: str
    title: str = ""
    author: str = ""
    publication: str = ""
    published_on: date | None = None


def paragraphs_text(title: str, paragraphs: list[str]) -> str:
    """The title and the paragraphs, each on its own, a blank line apart, spaces tidied."""
    parts = [SPACES.sub(" ", part).strip() for part in [title, *paragraphs]]
    return "\n\n".join(part for part in parts if part) + "\n"


def parse_date(value) -> date | None:
    """A date from an ISO string ("2026-11-03", "2026-11-03T08:00:00Z"), a datetime or None."""
    if value is None or isinstance(value, date):
        return value.date() if isinstance(value, datetime) else value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None
