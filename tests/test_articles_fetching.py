"""Fetching an article's URL safely, against a local HTTP(S) server: public addresses
only (checked at every redirect and pinned for the connection), size, time and redirect
limits, and a clear refusal for each."""

import ipaddress
import socket

import pytest
import trustme
from django.core.exceptions import ValidationError

from argmap.articles.sources.fetching import address_refusal, fetch
from tests import article_sources
from tests.article_sources import HUGE_BYTES, NEWS_PAGE

server, base = article_sources.server, article_sources.base  # the fixtures


def refused(url: str) -> str:
    with pytest.raises(ValidationError) as caught:
        fetch(url)
    return " ".join(caught.value.messages)


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
