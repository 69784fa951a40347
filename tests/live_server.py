"""The live server the browser tests talk to, made safe for in-memory SQLite.

On in-memory SQLite, Django hands every thread of the live server the test's own database
connection (the in-memory database lives inside it). Two requests served at once, a page's
poll beside a form's post, then run their statements interleaved on that one connection,
and SQLite answers "database table is locked" to one of them. A real server never shares a
connection between threads, so this is a fault of the test set-up, not of the product.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer


class OneRequestAtATimeOnASharedConnection(ThreadedWSGIServer):
    """Serves each request whole (its body read to the end) before the next one starts, when
    its threads share a database connection; otherwise (PostgreSQL: a connection per thread)
    exactly Django's threaded server. Keep-alive connections still get a thread each, so a
    browser's idle connection never holds up another's request."""

    request_lock = threading.Lock()

    def set_app(self, application):
        if not self.connections_override:
            super().set_app(application)
            return

        def one_at_a_time(environ, start_response):
            with self.request_lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    if hasattr(response, "close"):
                        response.close()

        super().set_app(one_at_a_time)
