"""An article's text and metadata from a web page, with trafilatura.

trafilatura keeps the article body (paragraphs, headings, quotes) and leaves out menus,
adverts, share buttons, comments and footers; its metadata comes from the page's own
``<meta>``, JSON-LD and Open Graph tags. It never fetches anything itself here: the page's
bytes come from ``fetching.fetch`` or an upload.
"""

from functools import cache

import trafilatura
from django.core.exceptions import ValidationError
from trafilatura.settings import use_config
from trafilatura.utils import load_html

from argmap.articles.sources.text import Extracted, paragraphs_text, parse_date

# A page of more elements is refused before extraction, whose time grows faster than the
# page (a long news page has a few thousand elements; 50,000 take about 20 s).
MAX_ELEMENTS = 50_000
# Less than this is a page's leftovers ("Home", "Log in"), not an article.
MIN_ARTICLE_CHARS = 80


@cache
def _config():
    config = use_config()
    # Only for trafilatura's own command line; here the job's time limit holds.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def extract_html(data: bytes, *, url: str = "") -> Extracted:
    """The article of an HTML page: its body as plain paragraphs (title first) and the
    title, author, date and site name found in the page. ValidationError when the page has
    no article text."""
    tree = load_html(data)
    if tree is None:
        raise ValidationError("This is not a readable web page.", code="html")
    count = sum(1 for _ in tree.iter())
    if count > MAX_ELEMENTS:
        raise ValidationError(
            "This page has %(count)s elements; pages of up to %(limit)s are read. Paste the "
            "article's text instead.",
            code="too_complex",
            params={"count": f"{count:,}", "limit": f"{MAX_ELEMENTS:,}"},
        )
    document = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        config=_config(),
    )
    text = (document.text or "") if document is not None else ""
    if len(text.strip()) < MIN_ARTICLE_CHARS:
        raise ValidationError("No article text was found in this page.", code="no_text")
    title = (document.title or "").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    if title and lines and lines[0].strip() == title:
        del lines[0]  # the page's <h1>: it leads the body once, as its title
    return Extracted(
        text=paragraphs_text(title, lines),
        title=title,
        author=(document.author or "").strip(),
        publication=(document.sitename or "").strip(),
        published_on=parse_date(document.date),
    )
