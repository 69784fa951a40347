"""Articles from a URL, an HTML page or a PDF: the safe fetch against a local HTTP server,
the extraction of pages and PDFs, and the original kept with the article."""

import io
import ipaddress
import socket

import pypdf
import pytest
import trustme
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from argmap.articles.models import Article, ArticleOriginal
from argmap.articles.services import article_create, article_prepare, article_source_read
from argmap.articles.sources.fetching import address_refusal, fetch
from argmap.articles.sources.html import extract_html
from argmap.articles.sources.pdf import extract_pdf
from argmap.teams.models import Workspace
from tests import article_sources
from tests.article_sources import (
    CLUTTER,
    CLUTTERED_PAGE,
    HUGE_BYTES,
    NEWS_PAGE,
    PDF_PARAGRAPHS,
    PDF_TITLE,
    make_pdf,
)
from tests.factories import UserFactory, WorkspaceFactory

server, base = article_sources.server, article_sources.base  # the fixtures


def refused(url: str) -> str:
    with pytest.raises(ValidationError) as caught:
        fetch(url)
    return " ".join(caught.value.messages)


# -- the fetch ------------------------------------------------------------------------------


def test_a_page_is_fetched_through_its_redirect(base, server):
    fetched = fetch(f"{base}/moved")
    assert fetched.url == f"{base}/news"
    assert fetched.content_type == "text/html"
    assert fetched.data == NEWS_PAGE.encode()
    assert [path for path, _host in server.seen] == ["/moved", "/news"]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/news",
        "http://localhost:9/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.1/",  # and in hexadecimal, short form
    ],
)
def test_loopback_is_refused_without_the_allow_list(settings, url):
    settings.ARTICLE_FETCH_ALLOW_HOSTS = []
    assert "is a loopback address" in refused(url)


def test_the_allow_list_names_hosts_not_addresses(base, server):
    port = server.server_address[1]
    # localhost resolves to the allowed 127.0.0.1, but it is not the allowed host.
    assert "localhost is a loopback address" in refused(f"http://localhost:{port}/news")
    assert server.seen == []


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-localhost", "localhost is a loopback address"),
        ("/to-private", "127.0.0.2 is a loopback address"),
        ("/to-ftp", "Only http and https URLs are fetched, not ftp."),
        ("/loop", "The page redirects more than 5 times."),
    ],
)
def test_every_redirect_is_checked_again(base, server, path, message):
    assert message in refused(f"{base}{path}")
    # Nothing was asked of the place the redirect pointed to.
    assert {seen for seen, _host in server.seen} == {path}


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("172.16.0.1", "a private address"),
        ("192.168.1.1", "a private address"),
        ("fd12:3456::1", "a private address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("100.100.100.200", "a cloud metadata address"),
        ("169.254.10.10", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("::", "an unspecified address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "not a public address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("64:ff9b::a9fe:a9fe", "a cloud metadata address"),  # NAT64 of 169.254.169.254
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("93.184.215.14", None),
        ("2606:4700::1111", None),
    ],
)
def test_which_addresses_are_refused(address, reason):
    assert address_refusal(ipaddress.ip_address(address)) == reason


def test_an_allowed_host_still_cannot_reach_a_metadata_address(settings):
    settings.ARTICLE_FETCH_ALLOW_HOSTS = ["169.254.169.254"]
    assert "a cloud metadata address" in refused("http://169.254.169.254/latest/meta-data/")


def test_the_connection_goes_to_the_address_that_was_checked(base, server, settings, monkeypatch):
    """The host is resolved once; the connection is made to that address with the host name
    as Host, so a second DNS answer (rebinding) is never used."""
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])  # a second lookup would get nothing
    lookups = []

    def resolve(host, port, *args, **kwargs):
        if host == "news.test":
            lookups.append(host)
            return real(next(answers, "127.0.0.3"), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    port = server.server_address[1]
    assert "news.test is a loopback address (127.0.0.1)" in refused(f"http://news.test:{port}/news")
    assert server.seen == [] and lookups == ["news.test"]

    settings.ARTICLE_FETCH_ALLOW_HOSTS = ["news.test"]
    answers = iter(["127.0.0.1"])
    lookups.clear()
    assert fetch(f"http://news.test:{port}/news").data == NEWS_PAGE.encode()
    assert lookups == ["news.test"]
    assert server.seen == [("/news", f"news.test:{port}")]


def test_an_unknown_host_is_a_clear_error():
    assert "The host no-such-host.invalid was not found." in refused("http://no-such-host.invalid/")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "Only http and https URLs are fetched, not file."),
        ("gopher://example.org/", "Only http and https URLs are fetched, not gopher."),
        ("example.org/news", "Only http and https URLs are fetched"),
        ("http://user:secret@example.org/", "URLs with a user name or password are not fetched."),
        ("http:///news", "The URL has no host."),
        ("http://example.org:99999/", "This is not a valid URL."),
    ],
)
def test_urls_we_never_fetch(url, message):
    assert message in refused(url)


def test_a_50_mb_body_is_cut_off_at_the_limit(base, server, settings):
    settings.ARTICLE_ORIGINAL_MAX_BYTES = 1024 * 1024
    assert "larger than the limit of 1,048,576 bytes" in refused(f"{base}/huge")
    # The server stopped because we stopped reading, long before its 50 MB.
    assert server.sent < HUGE_BYTES / 4


def test_a_declared_50_mb_body_is_refused_unread(base, server):
    assert "larger than the limit of 10,485,760 bytes" in refused(f"{base}/huge-declared")


def test_a_slow_server_meets_the_deadline(base, server, settings):
    settings.ARTICLE_FETCH_TIMEOUT = 0.5
    assert "The page took longer than 0.5 seconds to fetch." in refused(f"{base}/slow")
    # It trickles a byte every 0.1 s for 30 s; we hung up after a handful.
    assert server.sent < 20


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/picture", "The URL gives image/png, not an HTML page, a PDF or text."),
        ("/gone", "The page answered HTTP 404 Not Found."),
    ],
)
def test_answers_that_are_not_an_article(base, path, message):
    assert message in refused(f"{base}{path}")


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


# -- https: connected to the checked IP, the host name is still what TLS verifies -----------


@pytest.fixture(scope="module")
def authority():
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_server(authority):
    with article_sources.serving(certificate=authority.issue_cert("news.test")) as running:
        yield running


@pytest.fixture
def news_test(monkeypatch, settings, tmp_path, authority):
    """news.test resolves to 127.0.0.1 (allowed), and our test authority is trusted."""
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):
        return real("127.0.0.1" if host.endswith(".test") else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    settings.ARTICLE_FETCH_ALLOW_HOSTS = ["news.test", "other.test"]
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    settings.ARTICLE_FETCH_CA_BUNDLE = str(bundle)


def test_https_verifies_the_host_name_on_the_pinned_connection(news_test, tls_server):
    port = tls_server.server_address[1]
    fetched = fetch(f"https://news.test:{port}/news")
    assert fetched.data == NEWS_PAGE.encode()
    assert tls_server.seen[-1] == ("/news", f"news.test:{port}")
    # The same server under another name: its certificate is not for that name.
    message = refused(f"https://other.test:{port}/news")
    assert "The secure connection to other.test failed" in message


def test_https_with_an_untrusted_certificate_is_refused(news_test, tls_server, settings):
    settings.ARTICLE_FETCH_CA_BUNDLE = ""  # the system's authorities do not know ours
    port = tls_server.server_address[1]
    assert "certificate is not valid" in refused(f"https://news.test:{port}/news")
