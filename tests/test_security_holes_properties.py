"""Checks: every URL of the project, with hostile values in every query parameter a view
reads and in every field of every API request body, as an outsider, a viewer, an editor and
an owner: never a server error, and a refusal (4xx) writes nothing.

The URLs come from the URLconf (through the permission table's world, which fills each
URL with real ids); the page parameters from the views' own source (every
``request.GET.get("...")``); the API parameters and body fields from its OpenAPI schema.
So a parameter or endpoint added later is fuzzed without a change here.
"""

import json
import os
import re
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from argmap.teams.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.test_permissions_urls import CASES, World, _url, expectation

pytestmark = pytest.mark.django_db

ROLES = ("outsider", Role.VIEWER, Role.EDITOR, Role.OWNER)
SOURCE = Path(__file__).resolve().parent.parent / "argmap"
READS = re.compile(r"""(?:GET|POST|query_params)\.(?:get|getlist)\(\s*["'](\w+)["']""")

# What the holes were made of: digits int() refuses, NUL, numbers past every column and
# past Python's 4,300-digit limit, long strings, and values of the wrong type.
HOSTILE_TEXT = st.sampled_from(
    [
        "²",
        "٣",
        "１２",
        "\x00",
        "1\x00",
        "9" * 30,
        "1" * 5000,
        "-1",
        "0",
        "1e309",
        "NaN",
        "member:²",
        "member:" + "9" * 30,
        "x" * 20_000,
        "\u202e\ufeff",
        "a\nb\rc",
        "<script>",
        "[]",
        "{}",
        "true",
        "null",
    ]
) | st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
HOSTILE_JSON = (
    HOSTILE_TEXT
    | st.integers(-(2**70), 2**70)
    | st.sampled_from([None, True, False, 1.5, -0.0, 1e308, [], {}, [1, "x"], {"a": None}])
)


@cache
def page_parameters() -> tuple[str, ...]:
    """Every query or form parameter a page view reads by name."""
    names = set()
    for path in SOURCE.rglob("views*.py"):
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    for path in SOURCE.rglob("views/*.py"):
        names |= set(READS.findall(path.read_text(encoding="utf-8")))
    return tuple(sorted(names))


@cache
def api_operations() -> dict[tuple[str, str], tuple[list[str], list[str]]]:
    """(URL name, method) -> (query parameter names, JSON body field names), from the
    OpenAPI schema as /api/schema/ serves it."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    operations = {}
    for template, methods in schema["paths"].items():
        try:
            name = resolve(re.sub(r"\{[^}]+\}", "1", template)).url_name
        except Resolver404:
            continue
        for method, operation in methods.items():
            query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            fields = []
            if body:
                ref = body["schema"].get("$ref", "")
                fields = list(components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}))
            operations[(name, method.upper())] = (query, fields)
    return operations


@cache
def _fingerprint_sql() -> str:
    quote = connection.ops.quote_name
    return (
        " UNION ALL ".join(
            f"SELECT '{model._meta.db_table}', COUNT(*), "
            f"MAX(CAST({quote(model._meta.pk.column)} AS TEXT)) "
            f"FROM {quote(model._meta.db_table)}"
            for model in apps.get_models()
            if model._meta.app_label not in ("sessions", "axes", "admin", "contenttypes")
        )
        + " ORDER BY 1"
    )


def _fingerprint() -> list[tuple]:
    """Rows of every model of ours, of accounts and of API tokens: a count and the largest
    key per table, in one query (history tables record every change of a node, a link or
    a rating, so an update shows too). Ordered by table: PostgreSQL may run the UNION in
    parallel and return its rows in any order."""
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        return cursor.fetchall()


def _still_as(before) -> bool | None:
    """Whether the tables are as ``before``; None when the request left the transaction
    broken (a database error caught by a view), which the caller reports."""
    try:
        return _fingerprint() == before
    except DatabaseError:
        return None


@pytest.fixture
def world(db, settings):
    settings.RATELIMIT_ENABLE = False
    world = World("owner")
    users = {Role.OWNER: world.user, "outsider": UserFactory()}
    for role in (Role.VIEWER, Role.EDITOR):
        users[role] = MembershipFactory(workspace=world.workspace, role=role).user
    world.users = users
    return world


def _requests(world, draw):
    """One request per page URL and method, and per API operation, with drawn values."""
    parameters = page_parameters()
    api = api_operations()
    for name in CASES:
        expect = expectation(name)
        if name.startswith("admin:") or expect is None:
            continue
        url = _url(name, expect, world)
        operations = [
            (method, query, fields)
            for (api_name, method), (query, fields) in api.items()
            if api_name == name
        ]
        if operations:
            for method, query, fields in operations:
                params = {key: draw(HOSTILE_TEXT) for key in query}
                body = {key: draw(HOSTILE_JSON) for key in fields}
                yield method, url, params, body
        else:
            params = {key: draw(HOSTILE_TEXT) for key in parameters}
            yield "GET", url, params, None
            yield "POST", url, params, params


def _send(client, method, url, params, body):
    if method == "GET":
        return client.get(url, params)
    query = "?" + "&".join(f"{k}={v[:50]}" for k, v in params.items()) if params else ""
    if body is not None and url.startswith("/api/"):
        return client.generic(
            method, url + query, json.dumps(body), content_type="application/json"
        )
    return client.generic(method, url + query) if method != "POST" else client.post(url, body)


@pytest.mark.parametrize("role", ROLES)
@settings(
    # Each example sends some 200 requests (every URL and API operation once), so one per
    # role keeps the suite fast; raise it locally to dig deeper. No shrinking: the report
    # lists every failing request already.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1")),
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_values_everywhere_never_fail_and_refusals_write_nothing(world, role, data):
    client = Client()
    client.raise_request_exception = False
    user = world.users[role]
    problems = []
    for method, url, params, body in _requests(world, data.draw):
        # Each request is undone afterwards, so every one meets the same world.
        with transaction.atomic():
            client.force_login(user)
            # Taken after the login (its signal handlers may write): only the request counts.
            before = _fingerprint()
            response = _send(client, method, url, params, body)
            if response.status_code >= 500:
                problems.append(f"{method} {url} {str(params)[:300]}: {response.status_code}")
            elif 400 <= response.status_code < 500 and (same := _still_as(before)) is not True:
                happened = "left the transaction broken" if same is None else "wrote"
                problems.append(f"{method} {url} {str(params)[:300]}: 4xx but {happened}")
            transaction.set_rollback(True)
    assert problems == []
