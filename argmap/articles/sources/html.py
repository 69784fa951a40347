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

from argmap.articles.sources.text import Extracted, paragraphs_text, parse_date

# A page of more elements is refused, so that a hostile page cannot keep a worker busy
# (a long news page has a few thousand).
MAX_TREE_SIZE = 200_000
# Less than this is a page's leftovers ("Home", "Log in"), not an article.
MIN_ARTICLE_CHARS = 80


@cache
def _config():
    config = use_config()
    config.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
    return config


def extract_html(data: bytes, *, url: str = "") -> Extracted:
    """The article of an HTML page: its body as plain paragraphs (title first) and the
    title, author, date and site name found in the page. ValidationError when the page has
    no article text."""
    document = trafilatura.bare_extraction(
        data,
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
