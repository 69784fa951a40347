"""Bad input on every URL (walked from the URLconf): a clear 4xx, never a 500, nothing
written. Oversized bodies, a 10 MB article, deeply nested JSON, invalid UTF-8, script and
HTML in text fields, links and anchors across workspaces."""

import re
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import Resolver404, resolve

from argmap.articles.services import article_decode, article_prepare
from argmap.maps import services
from argmap.ops import backup
from argmap.ops.middleware import nested_deeper_than, request_max_bytes
from argmap.teams.models import Role
from tests.factories import ArticleFactory, LinkFactory, MembershipFactory, NodeFactory
from tests.test_security_urls import always_logged_in, fill, routes

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1000 * 1000
OUR_APPS = {"teams", "articles", "maps", "exchange", "api", "accounts", "discussion"}
OUR_APPS |= {"activity", "reasoning", "ops"}
PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'&'


def _our_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS or model._meta.label == "auth.User"
    ]


def _stored(predicate) -> list[str]:
    """Every stored text value (of every text field of our models) that matches."""
    found = []
    for model in _our_models():
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for row in model._base_manager.values_list(*names) if names else []:
            found += [
                f"{model._meta.label}: {value[:40]!r}"
                for value in row
                if value and predicate(value)
            ]
    return found


def _bad_input_stored() -> list[str]:
    """The bad inputs of these tests, if any of them was stored: a megabyte of text, the
    replacement character of undecodable bytes, deep JSON nesting."""
    return _stored(
        lambda value: (
            len(value) > 1_000_000
            or "\ufffd" in value
            or "[[[[[[[[" in value
            or '{"a":{"a":' in value
        )
    )


@pytest.fixture
def my_workspace(db):
    """A workspace of which I am the owner, with one of everything and script in every text."""
    membership = MembershipFactory(role=Role.OWNER, workspace__name=PAYLOAD)
    workspace = membership.workspace
    article = ArticleFactory(
        workspace=workspace,
        title=PAYLOAD,
        author=PAYLOAD,
        publication=PAYLOAD,
        body=f"{PAYLOAD} is a claim. Is {PAYLOAD} a question?",
    )
    root = NodeFactory(map__workspace=workspace, map__title=PAYLOAD, kind="question", text=PAYLOAD)
    map_obj = root.map
    map_obj.root = root
    map_obj.save()
    map_obj.articles.add(article)
    claim = NodeFactory(
        map=map_obj,
        text=PAYLOAD,
        article=article,
        anchor_start=0,
        anchor_end=len(PAYLOAD),
        anchor_exact=PAYLOAD,
        anchor_prefix=PAYLOAD[:64],
        anchor_suffix=PAYLOAD[:64],
    )
    LinkFactory(source=claim, target=root, relation="answers", rationale=PAYLOAD)
    evidence = NodeFactory(
        map=map_obj,
        kind="evidence",
        text=PAYLOAD,
        source_title=PAYLOAD,
        source_url="https://example.org/?q=<script>",
        source_reliability="B",
        information_credibility=2,
    )
    LinkFactory(source=evidence, target=claim, relation="supports", rationale=PAYLOAD)
    return membership


def _values(workspace):
    """Parameter values naming objects of the workspace (every model's ids)."""
    ints = sorted({pk for pks in backup.collect(workspace).values() for pk in pks})
    return [
        {
            "int": value,
            "str": workspace.slug,
            "slug": workspace.slug,
            "path": value,
            "uuid": uuid.uuid4(),
        }
        for value in ints
    ]


@pytest.fixture
def owner_client(client, my_workspace):
    client.raise_request_exception = False
    return always_logged_in(client, my_workspace.user)


def _every_url(workspace):
    for route in routes():
        for values in _values(workspace)[:8]:
            yield fill(route, values)


def _post_everywhere(client, workspace, **kwargs) -> list[str]:
    """POST to every URL; the responses that are server errors or that stored the input.
    (A POST may legitimately write: deleting needs no valid input.)"""
    problems = []
    for url in sorted(set(_every_url(workspace))):
        response = client.post(url, **kwargs)
        if response.status_code >= 500:
            problems.append(f"POST {url}: {response.status_code}")
        if stored := _bad_input_stored():
            problems.append(f"POST {url}: stored {stored} ({response.status_code})")
    return problems


FILE_INPUT = re.compile(
    r'<input[^>]*type="file"[^>]*name="([^"]+)"|<input[^>]*name="([^"]+)"'
    r'[^>]*type="file"'
)


def _file_fields(client, url: str) -> list[str]:
    """The names of the page's file inputs, or a usual name when it shows none."""
    page = client.get(url)
    names = set()
    if page.status_code == 200 and page.get("Content-Type", "").startswith("text/html"):
        names = {a or b for a, b in FILE_INPUT.findall(page.content.decode())}
    return sorted(names) or ["file"]


def test_oversized_bodies_get_413_everywhere(owner_client, my_workspace, settings):
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    body = b"text=" + b"a" * (settings.REQUEST_MAX_BYTES + 1)
    for url in sorted(set(_every_url(my_workspace.workspace))):
        response = owner_client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 413, url
        assert "larger than the limit" in response.content.decode()
    api = owner_client.post("/api/", body, content_type="application/json")
    assert api.status_code == 413
    assert "larger than the limit" in api.json()["detail"]


def test_a_10_mb_article_upload_is_refused_everywhere(owner_client, my_workspace):
    """Never a 500 or the article stored anywhere; every import URL refuses it: 413 from the
    size limit, or the view's own refusal (4xx, or its form again with errors) where the limit
    is higher, e.g. for map files."""
    article = ("A sentence of an article that goes on. " * (TEN_MB // 40 + 1)).encode()
    problems = []
    for url in sorted(set(_every_url(my_workspace.workspace))):
        importing = "import" in (resolve_or_none(url) or "")
        for field in _file_fields(owner_client, url):
            upload = SimpleUploadedFile("article.txt", article, content_type="text/plain")
            response = owner_client.post(url, {field: upload, "text": "short"})
            status = response.status_code
            # An import form may also answer 200 showing the form again with its errors.
            refused = 400 <= status < 500 or b'class="errorlist' in response.content
            if status >= 500 or importing and not refused:
                problems.append(f"{url} ({field}): {status}")
            if stored := _bad_input_stored():
                problems.append(f"{url} ({field}): stored {stored}")
    assert problems == []


def resolve_or_none(url: str) -> str | None:
    try:
        return resolve(url.split("?")[0]).url_name
    except Resolver404:
        return None


def test_the_size_limit_follows_the_largest_upload_setting(settings):
    settings.REQUEST_MAX_BYTES = 0
    settings.ARTICLE_MAX_BYTES = 2_000_000
    settings.MAP_IMPORT_MAX_BYTES = 20_000_000
    assert request_max_bytes() == 20_000_000 + 1024 * 1024
    settings.REQUEST_MAX_BYTES = 5_000
    assert request_max_bytes() == 5_000


def test_a_10_mb_article_is_refused_by_the_article_services(settings):
    text = "A sentence of an article that goes on. " * (TEN_MB // 40 + 1)
    with pytest.raises(ValidationError) as raised:
        article_decode(text.encode())
    assert raised.value.code == "too_large"
    with pytest.raises(ValidationError) as raised:
        article_prepare(text=text)
    assert raised.value.code == "too_large"


def test_deeply_nested_json_is_never_a_server_error(owner_client, my_workspace):
    nested = "[" * 100_000 + "]" * 100_000
    problems = _post_everywhere(
        owner_client, my_workspace.workspace, data=nested, content_type="application/json"
    )
    nested_object = '{"a":' * 50_000 + "1" + "}" * 50_000
    problems += _post_everywhere(
        owner_client, my_workspace.workspace, data=nested_object, content_type="application/json"
    )
    assert problems == []


def test_invalid_utf8_is_never_a_server_error(owner_client, my_workspace):
    problems = _post_everywhere(
        owner_client,
        my_workspace.workspace,
        data=b"text=\xff\xfe\xfa&title=\xc3\x28&body=%FF%FE",
        content_type="application/x-www-form-urlencoded",
    )
    problems += _post_everywhere(
        owner_client,
        my_workspace.workspace,
        data=b'{"text": "\xff\xfe", "title": "\xc3\x28"}',
        content_type="application/json",
    )
    upload = SimpleUploadedFile("latin1.txt", "Café crème.".encode("latin-1"))
    problems += _post_everywhere(owner_client, my_workspace.workspace, data={"file": upload})
    for url in sorted(set(_every_url(my_workspace.workspace))):
        for bad in (f"{url}?q=%FF%FE&page=%C3%28", f"{url}%FF/"):
            response = owner_client.get(bad)
            if response.status_code >= 500:
                problems.append(f"GET {bad}: {response.status_code}")
    assert problems == []


def test_script_and_html_in_every_text_field_render_as_text(owner_client, my_workspace):
    """Every page, partial and picture showing the workspace's objects escapes user text."""
    shown = 0
    problems = []
    for url in sorted(set(_every_url(my_workspace.workspace))):
        for headers in ({}, {"HX-Request": "true"}):
            response = owner_client.get(url, headers=headers)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith(
                ("text/html", "image/svg")
            ):
                continue
            html = response.content.decode()
            shown += "&lt;script&gt;" in html
            for raw in ("<script>alert", "<img src=x"):
                if raw in html:
                    problems.append(f"{url} {headers}: {raw!r} unescaped")
    assert problems == []
    assert shown >= 3  # the home page, the map page and the reader at least


def test_a_link_to_a_node_of_another_workspace_is_refused(my_workspace):
    mine = NodeFactory(map__workspace=my_workspace.workspace)
    theirs = NodeFactory()
    for source, target in ((mine, theirs), (theirs, mine)):
        with pytest.raises(ValidationError, match="same map"):
            services.link_create(source=source, target=target, relation="supports")
        with pytest.raises(ValidationError):
            services.node_create(
                map_obj=mine.map, kind="claim", text="new", parent=theirs, relation="supports"
            )
    assert not mine.map.links.exists() and mine.map.nodes.count() == 1


def test_an_anchor_into_an_article_of_another_workspace_is_refused(my_workspace):
    mine = NodeFactory(map__workspace=my_workspace.workspace)
    their_article = ArticleFactory()
    with pytest.raises(ValidationError):
        services.node_create(
            map_obj=mine.map,
            kind="claim",
            text="stolen quote",
            anchor=services.Anchor(article=their_article, start=0, end=6),
        )


@pytest.mark.parametrize(
    ("query", "body", "content_type"),
    [
        ("q=%FF", b"username=a", "application/x-www-form-urlencoded"),
        ("", b"username=%C3%28&password=x", "application/x-www-form-urlencoded"),
        ("", b"username=\xff\xfe&password=x", "application/x-www-form-urlencoded"),
        (
            "",
            b'--B\r\nContent-Disposition: form-data; name="username"\r\n\r\n\xff\xfe\r\n--B--\r\n',
            "multipart/form-data; boundary=B",
        ),
    ],
)
def test_text_that_is_not_utf8_gets_a_clear_400(client, query, body, content_type):
    response = client.post(f"/accounts/login/?{query}", body, content_type=content_type)
    assert response.status_code == 400
    assert "not valid UTF-8" in response.content.decode()


def test_utf8_text_passes(client):
    body = b"username=Milo%C5%A1+Balab%C3%A1n&password=x"
    response = client.post(
        "/accounts/login/?q=%C5%A1", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert "Miloš Balabán" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "limit", "deeper"),
    [
        (b'{"a": [1, {"b": "[[[[\\"{{"}]}', 3, False),
        (b'{"a": [1, {"b": "[[[["}]}', 2, True),
        (b"[" * 100 + b"]" * 100, 100, False),
        (b"[" * 101 + b"]" * 101, 100, True),
        (b"[" * 50_000 + b"]" * 50_000, 100, True),
        (b"[[[ not json", 3, False),
        # Unclosed brackets would still take the parser past its recursion limit.
        (b"[" * 200 + b" not json", 100, True),
    ],
)
def test_json_nesting_is_measured_outside_strings(text, limit, deeper):
    assert nested_deeper_than(text, limit) is deeper


def test_deeply_nested_json_gets_a_clear_400(client, settings):
    response = client.post("/healthz", "[" * 1000 + "]" * 1000, content_type="application/json")
    assert response.status_code == 400
    assert "nested deeper than 100 levels" in response.json()["detail"]
