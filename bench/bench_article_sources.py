"""Articles from a URL, a page or a PDF: how long fetching and extraction take, to tell
which imports fit in a request (under a second) and which want a background job."""

from django.conf import settings

from argmap.articles.sources.fetching import fetch
from argmap.articles.sources.html import extract_html
from argmap.articles.sources.pdf import extract_pdf
from bench.run import timed
from tests.article_sources import NEWS_PAGE, PDF_PARAGRAPHS, make_pdf, serving


def _long_page(paragraphs: int) -> bytes:
    """The news page with its article body repeated: a long read (menus and all)."""
    body = "".join(
        f"<p>Paragraph {index}: the council estimates that the barrier would protect about "
        f"four thousand homes from the storm surges, and opponents doubt it. Will it hold?</p>"
        for index in range(paragraphs)
    )
    return NEWS_PAGE.replace("</article>", body + "</article>").encode()


def run(report) -> None:
    news = NEWS_PAGE.encode()
    long_page = _long_page(2_000)  # ~370 KB, ~30,000 words: a very long article
    report("extract a news page (2 KB)", timed(lambda: extract_html(news), 20))
    report(
        f"extract a long page ({len(long_page) // 1024} KB)",
        timed(lambda: extract_html(long_page), 5),
        "2,000 paragraphs",
    )
    flat = ("<html><body>" + "<div><span>x</span></div>" * 5_000 + "</body></html>").encode()
    report(
        "extract a flat page of 10,000 elements",
        timed(lambda: extract_html(flat), 3),
        "the worst shape found; pages over 50,000 elements are refused",
    )
    pdf = make_pdf()
    long_pdf = make_pdf(paragraphs=PDF_PARAGRAPHS * 20)  # one page of ~150 lines
    report("extract a one-page PDF", timed(lambda: extract_pdf(pdf), 20))
    report(
        f"extract a dense PDF page ({len(long_pdf) // 1024} KB)",
        timed(lambda: extract_pdf(long_pdf), 10),
    )
    settings.ARTICLE_FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    with serving() as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        report(
            "fetch a page through a redirect (local server)",
            timed(lambda: fetch(f"{base}/moved"), 20),
            "DNS skipped (an IP), two connections",
        )
