import logging
import os
import re
import time
from itertools import accumulate
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.utils.functional import SimpleLazyObject, empty

from argmap.ops import ratelimit
from argmap.ops.problems import problem

request_log = logging.getLogger("argmap.requests")


def _known_user(request):
    """The user if something in the request already loaded it (no query of our own)."""
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped
    if user is None or not user.is_authenticated:
        return None
    return user


def _workspace_of(request, user):
    """The workspace the request was about: set by a view as ``request.workspace_id``, else
    the one the permission layer was asked about (teams.permissions caches roles per user)."""
    explicit = getattr(request, "workspace_id", None)
    if explicit is not None:
        return explicit
    lazy_user = request.__dict__.get("user")
    checked = set()
    for holder in (lazy_user, user):
        if holder is not None:
            checked.update(vars(holder).get("_argmap_roles", {}))
    if not checked:
        return None
    return checked.pop() if len(checked) == 1 else sorted(checked)


class RequestLogMiddleware:
    """One JSON line per request on the ``argmap.requests`` logger: method, path, status,
    duration, user and workspace. Put it first so the duration covers the whole stack."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = _known_user(request)
        status = response.status_code
        level = logging.ERROR if status >= 500 else logging.INFO
        request_log.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": duration_ms,
                    "user": user.pk if user else None,
                    "username": user.get_username() if user else None,
                    "workspace": _workspace_of(request, user),
                    "htmx": "HTTP_HX_REQUEST" in request.META,
                    "ip": request.META.get("REMOTE_ADDR"),
                    "pid": os.getpid(),  # which app worker answered
                }
            },
        )
        return response


class RateLimitMiddleware:
    """Applies ``settings.RATE_LIMITS`` (see argmap.ops.ratelimit). Put it after the
    authentication middleware so per-user keys work."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for rule in ratelimit.rules():
            if rule.applies_to(request) and (usage := ratelimit.exceeded(request, rule)):
                return ratelimit.too_many_requests(request, usage)
        return None


def request_max_bytes() -> int:
    """``settings.REQUEST_MAX_BYTES``, or when it is 0 the largest upload any area accepts
    (every ``*_MAX_BYTES`` setting: articles, map imports...) plus 1 MiB for the form."""
    if settings.REQUEST_MAX_BYTES:
        return settings.REQUEST_MAX_BYTES
    limits = [
        getattr(settings, name)
        for name in dir(settings)
        if name.endswith("_MAX_BYTES") and name != "REQUEST_MAX_BYTES"
    ]
    return max(limits, default=settings.DATA_UPLOAD_MAX_MEMORY_SIZE) + 1024 * 1024


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is over ``request_max_bytes()`` with 413
    before anything reads it (Django's own limit leaves file uploads out)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = request_max_bytes()
        if request.content_type != "multipart/form-data":
            # Only file uploads may pass Django's limit on what it reads into memory; any
            # other body over it would make Django answer its own (HTML) 400 page.
            limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if declared > limit:
            return request_too_large(request, limit)
        return self.get_response(request)


def request_too_large(request, limit: int):
    message = f"The request is larger than the limit of {limit:,} bytes. Nothing was saved."
    return problem(request, 413, "Request too large", message)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class Utf8InputMiddleware:
    """Refuse (400) a query string or form whose text is not UTF-8 or holds a NUL
    character, before any view stores it: Django would otherwise decode the bad bytes to
    U+FFFD and go on, and PostgreSQL refuses NUL in any text (a 500 wherever a view
    searched or saved it). JSON bodies are checked by their parsers. Put it after the CSRF
    middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Views that parse their own body (the API: csrf_exempt, DRF parsers) must find the
        # multipart stream unread, so their text fields are not inspected here.
        parses_itself = getattr(view_func, "csrf_exempt", False)
        problem_text = self._problem(request, inspect_multipart=not parses_itself)
        if problem_text:
            return problem(request, 400, "Bad request", f"{problem_text} Nothing was saved.")
        return None

    NOT_UTF8 = "The request is not valid UTF-8 text."
    HOLDS_NUL = "The request holds a NUL character, which no text may contain."

    @classmethod
    def _text_problem(cls, raw: bytes) -> str | None:
        if not _is_utf8(raw):
            return cls.NOT_UTF8
        return cls.HOLDS_NUL if b"\x00" in raw else None

    @classmethod
    def _problem(cls, request, *, inspect_multipart: bool) -> str | None:
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        if found := cls._text_problem(unquote_to_bytes(query.replace(b"+", b" "))):
            return found
        if request.method != "POST":
            return None
        if request.content_type == "application/x-www-form-urlencoded":
            return cls._text_problem(unquote_to_bytes(request.body.replace(b"+", b" ")))
        if request.content_type == "multipart/form-data" and inspect_multipart:
            # Text fields arrive decoded already; undecodable bytes became U+FFFD.
            text = "".join(value for _, values in request.POST.lists() for value in values)
            return cls.NOT_UTF8 if "\ufffd" in text else cls._text_problem(text.encode())
        return None


JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")
BRACKET_STEP = [0] * 256
for _byte in b"[{":
    BRACKET_STEP[_byte] = 1
for _byte in b"]}":
    BRACKET_STEP[_byte] = -1


def nested_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether a JSON text nests arrays and objects more than ``limit`` levels deep. Strings
    are skipped; the depth is a running sum over the brackets, computed by C loops
    (``accumulate``/``map``), so even a pathological body costs milliseconds."""
    brackets = NOT_BRACKETS.sub(b"", JSON_STRING.sub(b"", raw))
    if len(brackets) <= limit:
        return False
    return max(accumulate(map(BRACKET_STEP.__getitem__, brackets))) > limit


class JsonDepthMiddleware:
    """Refuse (400) a JSON body nested deeper than ``settings.JSON_MAX_DEPTH``: Python's
    parser would raise RecursionError, which views and API parsers do not expect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.content_type != "application/json" or not request.body:
            return None
        if nested_deeper_than(request.body, settings.JSON_MAX_DEPTH):
            message = (
                f"The JSON is nested deeper than {settings.JSON_MAX_DEPTH} levels. "
                "Nothing was saved."
            )
            return problem(request, 400, "Bad request", message)
        return None
