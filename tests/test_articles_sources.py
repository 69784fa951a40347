"""Articles from a URL, an HTML page or a PDF: the extraction of pages and PDFs, the
original kept with the article, and the import_article command. (The fetch itself:
test_articles_fetching.py.)"""

import io

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from argmap.articles.models import Article, ArticleOriginal
from argmap.articles.services import article_create, article_prepare, article_source_read
from argmap.articles.sources.html import extract_html
from argmap.articles.sources.pdf import extract_pdf
from argmap.teams.models import Workspace
from tests import article_sources
from tests.article_sources import (
    CLUTTER,
    CLUTTERED_PAGE,
    NEWS_PAGE,
    PDF_PARAGRAPHS,
    PDF_TITLE,
    make_pdf,
)
from tests.factories import UserFactory, WorkspaceFactory

server, base = article_sources.server, article_sources.base  # the fixtures


# -- extraction -----------------------------------------------------------------------------


def test_a_news_page_gives_its_body_and_metadata():
    extracted = extract_html(NEWS_PAGE.encode(), url="https://courier.example/news")
    assert extracted.title == "Harbour towns vote on a flood barrier"
    assert extracted.author == "Ingrid Halvorsen"
    assert extracted.publication == "The Coastal Courier"
    assert extracted.published_on.isoformat() == "2026-10-14"
    paragraphs = extracted.text.strip().split("\n\n")
    assert paragraphs[0] == extracted.title
    assert paragraphs[1].startswith("Three harbour towns will vote next month")
    assert paragraphs[-1] == (
        "The vote is binding only if more than half of the registered voters take part."
    )
    for menu in ("Sport results", "Subscribe today", "All rights reserved", "Privacy policy"):
        assert menu not in extracted.text


def test_menus_comments_and_adverts_are_left_out():
    extracted = extract_html(CLUTTERED_PAGE.encode())
    assert extracted.title == "Rail strike ends after talks"
    assert extracted.publication == "Metro Evening Post"
    assert "agreed to a pay rise of four percent" in extracted.text
    assert "refund for the days without trains" in extracted.text
    assert [word for word in CLUTTER if word in extracted.text] == []


def test_a_page_of_too_many_elements_is_refused_before_extraction():
    page = ("<html><body>" + "<div><span>x</span></div>" * 30_000 + "</body></html>").encode()
    with pytest.raises(ValidationError, match="This page has 60,002 elements; pages of up to"):
        extract_html(page)


def test_a_page_without_an_article_is_a_clear_error():
    with pytest.raises(ValidationError, match="No article text was found in this page."):
        extract_html(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_a_generated_pdf_gives_its_paragraphs_and_metadata():
    extracted = extract_pdf(make_pdf())
    assert extracted.title == PDF_TITLE
    assert extracted.author == "Tomasz Wielicki"
    assert extracted.published_on.isoformat() == "2026-11-02"
    assert extracted.text.strip().split("\n\n") == [PDF_TITLE, *PDF_PARAGRAPHS]


def test_a_pdf_of_too_many_pages_is_refused():
    page = pypdf.PdfReader(io.BytesIO(make_pdf())).pages[0]
    writer = pypdf.PdfWriter()
    for _ in range(51):
        writer.add_page(page)
    pdf = io.BytesIO()
    writer.write(pdf)
    with pytest.raises(ValidationError, match="The PDF has 51 pages; articles of up to 50 pages"):
        extract_pdf(pdf.getvalue())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\nthis is not really a PDF", "This file is not a readable PDF."),
        (make_pdf(title="", paragraphs=[]), "No text was found"),
    ],
)
def test_pdfs_without_text_are_clear_errors(data, message):
    with pytest.raises(ValidationError, match=message):
        extract_pdf(data)


# -- reading a source into a draft, keeping the original ---------------------------------


@pytest.mark.django_db
def test_an_article_from_a_url_keeps_the_page_and_anchors_into_the_text(base):
    workspace, user = WorkspaceFactory(), UserFactory()
    source = article_source_read(workspace=workspace, user=user, url=f"{base}/news")
    original = source.original
    assert (original.content_type, original.filename) == ("text/html", "news.html")
    assert bytes(original.data) == NEWS_PAGE.encode() and original.article is None
    draft = article_prepare(
        text=source.extracted.text,
        title=source.extracted.title,
        source_url=source.source_url,
        original=original,
    )
    article = article_create(workspace=workspace, draft=draft, imported_by=user)
    original.refresh_from_db()
    assert original.article == article
    assert article.source_url == f"{base}/news"
    assert article.body == source.extracted.text
    first = draft.split.sentences[0]
    assert article.body[first.start : first.end] == first.text
    assert first.text.startswith("Three harbour towns will vote")


@pytest.mark.django_db
def test_an_uploaded_pdf_is_kept_and_a_text_file_is_not():
    workspace = WorkspaceFactory()
    pdf = article_source_read(workspace=workspace, data=make_pdf(), filename="C:\\docs\\r.pdf")
    assert pdf.extracted.title == PDF_TITLE
    assert (pdf.original.filename, pdf.original.content_type) == ("r.pdf", "application/pdf")
    text = article_source_read(workspace=workspace, data=b"Title\n\nA claim.", filename="a.txt")
    assert text.original is None and text.extracted.text == "Title\n\nA claim."
    assert ArticleOriginal.objects.count() == 1


@pytest.mark.django_db
def test_a_refused_source_keeps_nothing(base, settings):
    settings.ARTICLE_ORIGINAL_MAX_BYTES = 100
    size = f"{len(NEWS_PAGE.encode()):,}"
    with pytest.raises(ValidationError, match=f"The file is {size} bytes; the limit is 100 bytes."):
        article_source_read(workspace=WorkspaceFactory(), data=NEWS_PAGE.encode())
    menu_only = b"<html><nav><a href='/'>Home</a></nav></html>"
    with pytest.raises(ValidationError, match="No article text was found"):
        article_source_read(workspace=WorkspaceFactory(), data=menu_only)
    assert ArticleOriginal.objects.count() == 0


# -- the import_article command -------------------------------------------------------------


@pytest.mark.django_db
def test_the_command_imports_a_url(base):
    out = io.StringIO()
    call_command("import_article", f"{base}/news", workspace="Newsroom", stdout=out)
    article = Article.objects.get()
    assert article.title == "Harbour towns vote on a flood barrier"
    assert article.publication == "The Coastal Courier"
    assert article.original.filename == "news.html"
    size = len(NEWS_PAGE.encode())
    assert f"original:  news.html (text/html, {size} bytes)" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "title"),
    [
        ("rates.pdf", make_pdf(), PDF_TITLE),
        ("strike.html", CLUTTERED_PAGE.encode(), "Rail strike ends after talks"),
    ],
)
def test_the_command_imports_html_and_pdf_files(tmp_path, name, content, title):
    path = tmp_path / name
    path.write_bytes(content)
    call_command("import_article", str(path), workspace="Newsroom", stdout=io.StringIO())
    article = Article.objects.get()
    assert article.title == title and article.original.filename == name


@pytest.mark.django_db
def test_the_command_refuses_a_private_url_and_writes_nothing(settings):
    settings.ARTICLE_FETCH_ALLOW_HOSTS = []
    with pytest.raises(CommandError, match="127.0.0.1 is a loopback address"):
        call_command("import_article", "http://127.0.0.1:9/", workspace="Newsroom")
    assert Article.objects.count() == Workspace.objects.count() == 0
