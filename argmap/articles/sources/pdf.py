"""An article's text and metadata from a PDF, with pypdf (BSD licence, pure Python).

A PDF has lines, not paragraphs: lines are joined back into paragraphs (a line that ends a
sentence well short of the page's width ends its paragraph, as does a blank line; a short
line that ends no sentence is a heading), and a word hyphenated at a line's end is joined
again.
"""

import io
import logging
import re

import pypdf
from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf.errors import PdfReadError

from argmap.articles.sources.text import Extracted, paragraphs_text, parse_date

# Enough for any article; a report of thousands of pages is not one.
MAX_PAGES = 50
SENTENCE_END = re.compile(r"[.!?:][\"'”’»)\]]*$")
HYPHENATED = re.compile(r"[a-zà-ÿ]-$")
# pypdf logs every oddity of a damaged file as a warning; a refused file says enough.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines joined into paragraphs (see the module's docstring)."""
    width = max((len(line) for line in lines), default=0)
    paragraphs, current = [], ""
    for raw in [*lines, ""]:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        if not current and len(line) < 0.6 * width and not SENTENCE_END.search(line):
            paragraphs.append(line)  # a heading: short, and it ends no sentence
        elif not current:
            current = line
        elif HYPHENATED.search(current) and line[:1].islower():
            current = current[:-1] + line
        else:
            current += " " + line
        if SENTENCE_END.search(line) and len(line) < 0.8 * width:
            paragraphs.append(current)
            current = ""
    return paragraphs


def _metadata(reader: pypdf.PdfReader) -> dict:
    try:
        info = reader.metadata
    except (PdfReadError, ValueError, TypeError, KeyError):
        return {}
    if info is None:
        return {}
    try:
        created = info.creation_date
    except (ValueError, TypeError):
        created = None
    return {
        "title": str(info.title or "").strip(),
        "author": str(info.author or "").strip(),
        "published_on": parse_date(created),
    }


def extract_pdf(data: bytes) -> Extracted:
    """The text of a PDF's pages as paragraphs (its title first, from the document's
    properties when set) with its author and date. ValidationError for a damaged, locked or
    text-less PDF (a scan has only pictures of words)."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ValidationError("This PDF is protected by a password.", code="encrypted")
        if len(reader.pages) > MAX_PAGES:
            raise ValidationError(
                "The PDF has %(count)s pages; articles of up to %(limit)s pages are read.",
                code="too_long",
                params={"count": len(reader.pages), "limit": MAX_PAGES},
            )
        lines, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            size += len(text)
            if size > settings.ARTICLE_MAX_BYTES:
                raise ValidationError(
                    "The PDF's text is larger than the limit of %(limit)s bytes.",
                    code="too_large",
                    params={"limit": f"{settings.ARTICLE_MAX_BYTES:,}"},
                )
            lines += [*text.splitlines(), ""]
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of errors on damaged files
        raise ValidationError("This file is not a readable PDF.", code="pdf") from None
    paragraphs = _paragraphs(lines)
    if not paragraphs:
        raise ValidationError(
            "No text was found in this PDF (a scan holds pictures of text, not text).",
            code="no_text",
        )
    meta = _metadata(reader)
    title = meta.get("title", "")
    if title and paragraphs[0] == title:
        del paragraphs[0]
    return Extracted(
        text=paragraphs_text(title, paragraphs),
        title=title,
        author=meta.get("author", ""),
        published_on=meta.get("published_on"),
    )
