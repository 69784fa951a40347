"""Every URL the project defines (walked from the URLconf, so a new URL cannot escape):
ids of another workspace answer 404 and change nothing; a forged CSRF token is refused."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters

from argmap.maps.models import Node
from argmap.ops import backup

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# Django's admin has its own (staff-only) permission system and regex routes.
SKIPPED_PREFIXES = ("admin/",)


def routes() -> list[str]:
    """Every route of the URLconf as a path() string such as 'maps/<int:pk>/'."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            pattern = str(entry.pattern)
            if pattern.startswith("^"):  # a regex route: not one of ours
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + pattern)
            elif isinstance(entry, URLPattern):
                found.append(prefix + pattern)

    walk(get_resolver().url_patterns, "")
    return sorted({route for route in found if not route.startswith(SKIPPED_PREFIXES)})


def parameters(route: str) -> list[tuple[str, str]]:
    return [(m["converter"] or "str", m["name"]) for m in PARAMETER.finditer(route)]


def kind(converter: str) -> str:
    """The value kind a converter takes: Django's own names, and for a project's converter
    (such as a bounded id) the kind its pattern accepts."""
    if converter in ("int", "str", "slug", "path", "uuid"):
        return converter
    pattern = get_converters()[converter].regex
    if re.fullmatch(pattern, "12345"):
        return "int"
    if re.fullmatch(pattern, "6c0fb0a2-7d44-4a8e-9a1e-1e7c8b1c2f3d"):
        return "uuid"
    return "str"


def fill(route: str, values: dict[str, object]) -> str:
    """The route with each parameter replaced by the value for its converter's kind."""
    return "/" + PARAMETER.sub(lambda m: str(values[kind(m["converter"] or "str")]), route)


def always_logged_in(client, user):
    """The client, logged in again before every request: walking every URL includes the
    logout URL (and others that may end a session), which must not turn the rest of the
    walk into anonymous requests."""
    send = client.request

    def request(**kwargs):
        client.force_login(user)
        return send(**kwargs)

    client.request = request
    return client


def object_routes() -> list[str]:
    """Routes that name an object. A route with a token parameter is a capability link
    (a password reset, an invitation): holding the token is the permission."""
    return [
        route
        for route in routes()
        if parameters(route) and not any("token" in name for _, name in parameters(route))
    ]


def test_the_walk_finds_the_project_urls():
    assert "maps/<int:pk>/" in routes()
    assert "healthz" in routes()
    assert not any(route.startswith("admin/") for route in routes())


def _their_values(mine, theirs):
    rows = backup.collect(theirs)
    my_ids = {mine.pk, mine.workspace_id, mine.user_id}
    ints = {max(pks) for pks in rows.values()} | {min(pks) for pks in rows.values()}
    deletion = Node.all_objects.filter(map__workspace=theirs).exclude(deletion_id=None).get()
    return [
        {
            "int": value,
            "str": theirs.slug,
            "slug": theirs.slug,
            "path": value,
            "uuid": deletion.deletion_id,
        }
        for value in sorted(ints - my_ids)
    ]


def test_ids_of_another_workspace_answer_404_in_every_url(client, two_workspaces, settings):
    # Hundreds of requests from one client: rate limits (tested in test_ops_ratelimit) would
    # answer 429 before the permission layer is asked.
    settings.RATELIMIT_ENABLE = False
    mine, theirs = two_workspaces
    client = always_logged_in(client, mine.user)
    before = backup.dumps(backup.backup(theirs) | {"created_at": None})
    problems = []
    for route in object_routes():
        for values in _their_values(mine, theirs):
            url = fill(route, values)
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status not in (404, 405):
                    problems.append(f"{method.upper()} {url} ({route}): {status}")
    assert problems == []
    assert backup.dumps(backup.backup(theirs) | {"created_at": None}) == before


FORGED = "forged" * 8


def test_a_forged_csrf_token_is_refused_on_every_url(two_workspaces):
    """403 for pages, htmx and the API's session authentication. The API may refuse a body
    of a type it does not read (415) before it looks at the token: refused all the same."""
    mine, theirs = two_workspaces
    client = always_logged_in(Client(enforce_csrf_checks=True), mine.user)
    client.get("/accounts/login/")  # sets the real CSRF cookie
    values = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": uuid.uuid4()}
    before = backup.dumps(backup.backup(theirs) | {"created_at": None})
    problems = []
    for route in routes():
        url = fill(route, values)
        for method, kwargs in (
            ("post", {"data": {"csrfmiddlewaretoken": FORGED}}),
            ("post", {"headers": {"X-CSRFToken": FORGED, "HX-Request": "true"}}),
            (
                "post",
                {
                    "data": "{}",
                    "content_type": "application/json",
                    "headers": {"X-CSRFToken": FORGED},
                },
            ),
            ("put", {"data": "{}", "content_type": "application/json"}),
            ("patch", {"data": "{}", "content_type": "application/json"}),
            ("delete", {}),
        ):
            status = getattr(client, method)(url, **kwargs).status_code
            if status != 403 and not (status == 415 and url.startswith("/api/")):
                problems.append(f"{method.upper()} {url}: {status}")
    assert problems == []
    assert backup.dumps(backup.backup(theirs) | {"created_at": None}) == before
