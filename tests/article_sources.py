"""Pages and PDFs for the article import tests, written for these tests, and a local HTTP
server that serves them (and misbehaves on request: redirects, a huge body, a slow answer)."""

import contextlib
import ssl
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

NEWS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbour towns vote on a flood barrier | The Coastal Courier</title>
  <meta name="author" content="Ingrid Halvorsen">
  <meta property="og:site_name" content="The Coastal Courier">
  <meta property="og:title" content="Harbour towns vote on a flood barrier">
  <meta property="article:published_time" content="2026-10-14T07:30:00+00:00">
  <meta name="description" content="Three towns decide whether to share the cost of a barrier.">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">The Coastal Courier</a>
    <nav><ul>
      <li><a href="/local">Local news</a></li><li><a href="/sport">Sport results</a></li>
      <li><a href="/weather">Weather warnings</a></li>
      <li><a href="/subscribe">Subscribe today</a></li>
    </ul></nav>
  </header>
  <main>
    <article>
      <h1>Harbour towns vote on a flood barrier</h1>
      <p class="byline">By Ingrid Halvorsen · 14 October 2026</p>
      <p>Three harbour towns will vote next month on whether to share the cost of a tidal flood
      barrier across the estuary. The council estimates that the barrier would protect about
      four thousand homes from the storm surges that flooded the quays twice last winter.</p>
      <p>Supporters say the barrier is cheaper than rebuilding the sea walls of each town
      separately. The engineers who drew up the plan argue that a single structure can be
      maintained by one crew and inspected from one control room.</p>
      <p>Opponents doubt the estimate. Will the fishing fleet still reach the open sea when the
      gates are closed for a week? The harbour master warned that the boats lose a day's catch
      for every tide they miss, and that no compensation has been promised.</p>
      <p>The vote is binding only if more than half of the registered voters take part.</p>
    </article>
  </main>
  <footer><p>© 2026 The Coastal Courier. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/contact">Contact the newsroom</a></footer>
</body>
</html>
"""

CLUTTERED_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Rail strike ends after talks - Metro Evening Post</title>
<meta property="og:site_name" content="Metro Evening Post"></head>
<body>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>
<div class="menu"><ul>
  <li><a href="/news">News</a></li><li><a href="/opinion">Opinion</a></li>
  <li><a href="/puzzles">Crossword and puzzles</a></li><li><a href="/shop">Our shop</a></li>
</ul></div>
<aside class="advert">
  <p>ADVERTISEMENT: Win a holiday in the sun with SunnyTrips, book now!</p>
</aside>
<div class="content">
  <h1>Rail strike ends after talks</h1>
  <div class="article-body">
    <p>The two-week rail strike ended on Thursday after the union and the operator agreed to a
    pay rise of four percent. Trains will run to the normal timetable from Saturday morning.</p>
    <p>The union had asked for six percent, arguing that fares had risen faster than wages for
    three years in a row. The operator said that a larger rise would force it to cut services
    on the rural lines that lose money already.</p>
    <p>Commuters who bought season tickets will be offered a refund for the days without trains.</p>
  </div>
</div>
<aside class="sidebar"><h3>Most read</h3><ol>
  <li><a href="/1">Celebrity chef opens a floating restaurant</a></li>
  <li><a href="/2">Ten gadgets you did not know you needed</a></li></ol></aside>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <div class="comment"><p>Disgraceful, they should all be sacked and replaced by robots!!!</p></div>
  <div class="comment"><p>Finally, my commute is saved. First comment here by the way.</p></div>
</section>
<div class="advert"><p>Sponsored: Lose weight fast with this one strange trick.</p></div>
<footer>Metro Evening Post · Terms · Advertise with us</footer>
</body></html>
"""
CLUTTER = (
    "cookies",
    "Crossword",
    "SunnyTrips",
    "Celebrity chef",
    "robots",
    "First comment",
    "strange trick",
    "Advertise",
)

PDF_TITLE = "Water rates and the new reservoir"
PDF_PARAGRAPHS = [
    "The water board proposes to raise household rates by eight percent next year to pay "
    "for a reservoir in the northern hills. The board says that the current supply will "
    "fall short within a decade if the population keeps growing at its present rate.",
    "Critics point out that leaks lose a fifth of the water before it reaches any tap. "
    "Should the board not repair the pipes before it builds a reservoir? The board replies "
    "that it can afford both only if the rates go up.",
]


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def make_pdf(
    title: str = PDF_TITLE,
    paragraphs: list[str] = PDF_PARAGRAPHS,
    *,
    author: str = "Tomasz Wielicki",
    created: str = "20261102093000Z",
) -> bytes:
    """A one-page PDF 1.4 with the title as a heading, each paragraph wrapped at 80
    characters and a blank line between paragraphs, and the title, author and creation date
    in its document information. Offsets in the cross-reference table are computed."""
    lines = [("F2", 16, title), ("F1", 11, "")]
    for paragraph in paragraphs:
        lines += [("F1", 11, line) for line in _wrap(paragraph, 80)] + [("F1", 11, "")]
    ops = ["BT", "72 770 Td", "14 TL"]
    for font, size, text in lines:
        ops.append(f"/{font} {size} Tf ({_pdf_escape(text)}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>",
        (
            f"<< /Title ({_pdf_escape(title)}) /Author ({_pdf_escape(author)}) "
            f"/CreationDate (D:{created}) >>"
        ).encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


HUGE_BYTES = 50 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    """Routes of the test server; ``server.seen`` records each request's path and Host."""

    def log_message(self, *args):  # keep pytest's output clean
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.seen.append((self.path, self.headers.get("Host")))
        port = self.server.server_address[1]
        routes = {
            "/news": lambda: self._send(NEWS_PAGE.encode(), "text/html; charset=utf-8"),
            "/cluttered": lambda: self._send(CLUTTERED_PAGE.encode(), "text/html"),
            "/report.pdf": lambda: self._send(make_pdf(), "application/pdf"),
            "/picture": lambda: self._send(b"\x89PNG\r\n\x1a\n", "image/png"),
            "/moved": lambda: self._redirect("/news"),
            "/to-localhost": lambda: self._redirect(f"http://localhost:{port}/news"),
            "/to-private": lambda: self._redirect(f"http://127.0.0.2:{port}/news"),
            "/to-ftp": lambda: self._redirect("ftp://files.example.org/news.html"),
            "/loop": lambda: self._redirect("/loop"),
            "/huge": self._huge,
            "/huge-declared": self._huge_declared,
            "/slow": self._slow,
        }
        route = routes.get(self.path)
        if route is None:
            self._send(b"not here", "text/plain", status=404)
            return
        # The client may stop reading: that is what the size and time limits are for.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route()

    def _huge(self):
        """50 MB of page, without a Content-Length, so only counting can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"flood " * 10_000 + b"</p>\n"
        while self.server.sent < HUGE_BYTES:
            self.wfile.write(chunk)
            self.server.sent += len(chunk)

    def _huge_declared(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(HUGE_BYTES))
        self.end_headers()
        self.wfile.write(b"<html>")  # the rest never comes; the header alone must refuse it

    def _slow(self):
        """A page that trickles a byte every 0.1 s for up to 30 s."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(300):
            self.wfile.write(b"<")
            self.wfile.flush()
            self.server.sent += 1
            time.sleep(0.1)


@contextmanager
def serving(certificate=None):
    """A local HTTP server on 127.0.0.1 (a free port), yielded; stopped afterwards. With a
    trustme ``certificate`` it speaks https."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    if certificate is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        certificate.configure_cert(context)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    server.seen, server.sent = [], 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def server():
    """The local server, one per test module (import the fixture: ``server = ...server``)."""
    with serving() as running:
        yield running


@pytest.fixture
def base(server, settings):
    """The server's URL, its host allowed: loopback is refused without the allow-list, and
    the tests that prove it set the list empty again."""
    settings.ARTICLE_FETCH_ALLOW_HOSTS = ["127.0.0.1"]
    server.seen.clear()
    server.sent = 0
    return f"http://127.0.0.1:{server.server_address[1]}"
