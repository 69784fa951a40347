"""Bad input on every URL (walked from the URLconf): a clear 4xx, never a 500, nothing
written. Oversized bodies, a 10 MB article, deeply nested JSON, invalid UTF-8, script and
HTML in text fields, links and anchors across workspaces."""

import csv
import io
import json
import re
import shutil
import subprocess
import tempfile
import uuid
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import networkx as nx
import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test.client import encode_multipart
from django.urls import Resolver404, resolve
from markdown_it import MarkdownIt

from argmap.articles.services import article_decode, article_prepare
from argmap.discussion.services import comment_create
from argmap.exchange import aif_import, argdown_import, kialo
from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.services import map_export
from argmap.maps import services, services_trash
from argmap.maps.models import Node
from argmap.ops import backup
from argmap.ops.middleware import nested_deeper_than, request_max_bytes
from argmap.reasoning.services import node_merge, node_rate, scenario_save
from argmap.teams.models import Role
from tests.factories import ArticleFactory, LinkFactory, MembershipFactory, NodeFactory
from tests.test_security_urls import always_logged_in, fill, routes

pytestmark = pytest.mark.django_db

TEN_MB = 10 * 1000 * 1000
OUR_APPS = {"teams", "articles", "maps", "exchange", "api", "accounts", "discussion"}
OUR_APPS |= {"activity", "reasoning", "ops"}
PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>"\'&'
# More ways out of the places user text lands in: attributes (quotes), a textarea or title
# element, XML comments and CDATA, htmx attributes, entities, template tags, Markdown.
MORE_PAYLOADS = (
    '<svg onload=alert(2)><iframe srcdoc="<script>alert(3)</script>"></iframe>',
    "'\"></textarea></title>--><![CDATA[]]><script>alert(4)</script>",
    '<a hx-get="/" hx-trigger="load">htmx</a> {{ 7|add:1 }} &lt;b&gt; &amp;amp;',
    "[x](javascript:alert(5)) <b onmouseover=alert(6)>bold</b> *em* `code`",
)
PAYLOADS = (PAYLOAD, *MORE_PAYLOADS)
# Each payload's markup as it would appear if written unescaped into HTML or XML.
RAW_MARKUP = (
    "<script>alert",
    "<img src=x",
    "<svg onload",
    "<iframe srcdoc",
    "</textarea></title>",
    "<![CDATA[]]>",
    '<a hx-get="/"',
    "<b onmouseover",
)


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
    """A workspace of which I am the owner, with one of everything and script in every
    text. ``membership.hostile`` names the objects."""
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
    membership.hostile = SimpleNamespace(
        map=map_obj, article=article, root=root, claim=claim, evidence=evidence
    )
    return membership


@pytest.fixture
def hostile_workspace(my_workspace):
    """``my_workspace`` with every other text that a page shows, all hostile: the other
    payloads as claims, a comment thread, a scenario, a rating, an edit in the evidence's
    history, a node in the trash, a merge of duplicates, a duplicate proposal and an
    article not yet on the map. (The URL walks above run on the smaller workspace: each
    object more is more URLs to walk.)"""
    hostile, user = my_workspace.hostile, my_workspace.user
    map_obj, claim, evidence = hostile.map, hostile.claim, hostile.evidence
    hostile.other_article = ArticleFactory(
        workspace=my_workspace.workspace,
        title=MORE_PAYLOADS[0],
        author=MORE_PAYLOADS[1],
        body=PAYLOAD,
    )
    hostile.more = [
        services.node_create(
            map_obj=map_obj, kind="claim", text=text, parent=claim, relation="opposes"
        )
        for text in MORE_PAYLOADS
    ]
    # A copy of the anchored claim outside the tree (a duplicate proposal), two more
    # merged into one, one in the trash.
    hostile.duplicate = services.node_create(map_obj=map_obj, kind="claim", text=PAYLOAD)
    kept, absorbed = (
        services.node_create(map_obj=map_obj, kind="claim", text=text, parent=claim, relation=rel)
        for text, rel in ((MORE_PAYLOADS[2], "supports"), (MORE_PAYLOADS[2] + ".", "opposes"))
    )
    hostile.merge = node_merge(kept=kept, absorbed=absorbed, user=user)
    hostile.trashed = services.node_create(
        map_obj=map_obj, kind="claim", text=PAYLOAD, parent=claim, relation="supports"
    )
    services_trash.node_trash(node=hostile.trashed)
    services.node_update(node=evidence, text=f"{PAYLOAD} {MORE_PAYLOADS[1]}")
    hostile.comment = comment_create(node=claim, author=user, body=f"{PAYLOAD}\n{MORE_PAYLOADS[1]}")
    comment_create(node=claim, author=user, body=MORE_PAYLOADS[0], parent=hostile.comment)
    hostile.scenario = scenario_save(
        map_obj=map_obj,
        name=PAYLOAD,
        disabled_nodes=[evidence.pk],
        disabled_links=[],
        basis="analyst",
        user=user,
    )
    node_rate(node=claim, user=user, plausibility=0.8)
    return my_workspace


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
    # Once at the end: a scan of every text column after each of a thousand requests
    # would cost most of the run, and any stored input is still there to be found.
    if stored := _bad_input_stored():
        problems.append(f"POST to every URL stored {stored}")
    return problems


# Not the test client's own boundary: with it, the client would encode the body again.
BOUNDARY = "argmap-upload-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"
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
    assert "larger than the limit" in api.json()["message"]


def test_a_10_mb_article_upload_is_refused_everywhere(owner_client, my_workspace):
    """Never a 500 or the article stored anywhere; every import URL refuses it: 413 from the
    size limit, or the view's own refusal (4xx, or its form again with errors) where the limit
    is higher, e.g. for map files."""
    article = ("A sentence of an article that goes on. " * (TEN_MB // 40 + 1)).encode()
    problems = []
    bodies = {}  # field name -> the multipart body, encoded once (10 MB each time is slow)
    for url in sorted(set(_every_url(my_workspace.workspace))):
        importing = "import" in (resolve_or_none(url) or "")
        for field in _file_fields(owner_client, url):
            if field not in bodies:
                upload = SimpleUploadedFile("article.txt", article, content_type="text/plain")
                bodies[field] = encode_multipart(BOUNDARY, {field: upload, "text": "short"})
            response = owner_client.post(url, bodies[field], content_type=MULTIPART)
            status = response.status_code
            # An import form may also answer 200 showing the form again with its errors.
            refused = 400 <= status < 500 or b'class="errorlist' in response.content
            if status >= 500 or importing and not refused:
                problems.append(f"{url} ({field}): {status}")
    if stored := _bad_input_stored():
        problems.append(f"stored {stored}")
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


def test_script_and_html_in_every_text_field_render_as_text(owner_client, hostile_workspace):
    """Every page, partial and picture showing the workspace's objects escapes user text."""
    shown = 0
    problems = []
    hostile = hostile_workspace.hostile
    # Pages whose content depends on the query string: search hits (and the query echoed
    # back when nothing is found), a saved scenario, the duplicates of an article.
    queried = [f"/search/?{urlencode({'q': text})}" for text in (*PAYLOADS, "<b>nothing</b>")]
    queried += [
        f"/maps/{hostile.map.pk}/reasoning/?scenario={hostile.scenario.pk}",
        f"/maps/{hostile.map.pk}/duplicates/?article={hostile.article.pk}",
    ]
    for url in sorted(set(_every_url(hostile_workspace.workspace))) + queried:
        for headers in ({}, {"HX-Request": "true"}):
            response = owner_client.get(url, headers=headers)
            content_type = response.get("Content-Type", "")
            if response.status_code != 200 or not content_type.startswith(
                ("text/html", "image/svg")
            ):
                continue
            html = response.content.decode()
            shown += "&lt;script&gt;" in html
            for raw in RAW_MARKUP:
                if raw in html:
                    problems.append(f"{url} {headers}: {raw!r} unescaped")
    assert problems == []
    assert shown >= 3  # the home page, the map page and the reader at least


# Cells a spreadsheet would run as formulas, in every user column of the CSV export.
FORMULAS = ('=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(1+1)", "\t=1", "\r=1")
# Text over several lines whose later lines would be syntax at a line's start.
LINES = "One line\n# Not a heading\n1.9. Con: not a statement\n<script>alert(8)</script>\n    code?"
ARGDOWN = Path(__file__).resolve().parent.parent / ".venv/argdown/node_modules/.bin/argdown"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _strings(value) -> list[str]:
    """Every string in a JSON value, keys included."""
    if isinstance(value, dict):
        return [*value, *(s for item in value.values() for s in _strings(item))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _check_json(content: bytes, texts: set[str]) -> None:
    """argmap JSON: the payloads are strings of the document (with the map title and the
    article's title and byline), exactly as written."""
    strings = set(_strings(json.loads(content)))
    assert texts <= strings
    assert PAYLOAD in strings and FORMULAS[0] in strings


def _check_aif(content: bytes, texts: set[str]) -> None:
    """AIF: each node is an I-node whose text is the payload, and reads back as it."""
    data = json.loads(content)
    assert texts <= {node["text"] for node in data["nodes"] if node["type"] == "I"}
    document, _notes = aif_import.to_document(data, title="Back")
    assert {node["text"] for node in document["nodes"]} >= {t.strip() for t in texts}


def _check_graphml(content: bytes, texts: set[str]) -> None:
    """GraphML: nothing but GraphML elements; the payloads are data values."""
    tags = {element.tag.split("}")[-1] for element in ET.fromstring(content).iter()}
    assert tags <= {"graphml", "key", "default", "graph", "node", "edge", "data"}
    graph = nx.read_graphml(io.BytesIO(content))
    # The writer escapes a carriage return (&#13;), which XML would read as a line feed.
    assert {data["label"] for _, data in graph.nodes(data=True)} == texts
    assert PAYLOAD in {data.get("source_title") for _, data in graph.nodes(data=True)}
    assert PAYLOAD in {data.get("anchor_exact") for _, data in graph.nodes(data=True)}
    assert PAYLOAD in {data["rationale"] for _, _, data in graph.edges(data=True)}


def _check_csv(content: bytes, texts: set[str]) -> None:
    """CSV: no cell starts as a formula; a defused cell is the text behind an apostrophe."""
    rows = list(csv.DictReader(io.StringIO(content.decode(), newline="")))
    cells = [cell for row in rows for cell in row.values()]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]
    shown = {row["text"] for row in rows}
    assert shown == {"'" + t if t.startswith(tuple("=+-@\t\r")) else t for t in texts}
    assert "'" + FORMULAS[0] in {row["source_title"] for row in rows}
    assert "'" + FORMULAS[1] in {row["anchor_exact"] for row in rows}


def _check_markdown(content: bytes, texts: set[str]) -> None:
    """Markdown, rendered by a CommonMark renderer that passes raw HTML through: only the
    outline's own tags, links only to the evidence's web address, every text as text."""
    html = MarkdownIt("commonmark").render(content.decode())
    assert set(re.findall(r"<([a-zA-Z][\w-]*)", html)) <= {
        "h1",
        "ul",
        "li",
        "p",
        "strong",
        "em",
        "a",
    }
    assert set(re.findall(r'href="([^"]*)"', html)) == {"https://example.org/?q=%3Cscript%3E"}
    shown = _one_line(unescape(re.sub(r"<[^>]*>", "", html)))
    assert not [text for text in texts if _one_line(text) not in shown]


def _check_argdown(content: bytes, texts: set[str]) -> None:
    """Argdown, read by the Argdown CLI: every statement's text as written."""
    if not ARGDOWN.exists():
        pytest.fail(f"@argdown/cli is not installed at {ARGDOWN}: run `make argdown`.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "map.argdown"
        source.write_bytes(content)
        node = Path(shutil.which("node") or "/usr/bin/node").parent
        subprocess.run(
            [str(ARGDOWN), "json", str(source), folder],
            check=True,
            capture_output=True,
            timeout=120,
            env={"PATH": f"{node}:/usr/bin:/bin"},
        )
        parsed = json.loads((Path(folder) / "map.json").read_text(encoding="utf-8"))
    document, _notes = argdown_import.to_document(parsed, title="Back")
    assert {_one_line(node["text"]) for node in document["nodes"]} == {_one_line(t) for t in texts}


def _check_kialo(content: bytes, texts: set[str]) -> None:
    """Kialo text: one numbered line per statement, so no text starts a statement of its
    own, each holding its text as written (on one line)."""
    lines = content.decode().split("\n")
    assert lines[0] == f"Discussion Title: {PAYLOAD}"
    # argmap's marks (a node placed below nothing, a question below the thesis) come first.
    statement = re.compile(r"(?:\d+\.)+ (?:(?:Pro|Con): )?(?:Unplaced: |Question: )*(.*)")
    written = [statement.fullmatch(line) for line in lines[2:] if line and line[0] != "#"]
    assert all(written)
    assert {match[1] for match in written} <= {_one_line(t) for t in texts}
    assert set(MORE_PAYLOADS) <= {match[1] for match in written}


def _check_dot(content: bytes, texts: set[str]) -> None:
    """DOT: Graphviz reads it; user text is escaped in labels and data in tooltips."""
    assert subprocess.run(["dot", "-Tcanon"], input=content, capture_output=True).returncode == 0
    # Outside quoted strings (tooltips hold the text as it is), no user markup.
    unquoted = re.sub(r'"(?:[^"\\]|\\.)*"', "", content.decode())
    assert not [raw for raw in RAW_MARKUP if raw in unquoted]
    layout = json.loads(
        subprocess.run(["dot", "-Tjson0"], input=content, capture_output=True).stdout
    )
    # Graphviz keeps the tooltips' entities (as an SVG attribute, &amp; reads as &).
    tooltips = {unescape(item.get("tooltip", "")) for item in layout["objects"]}
    assert {_one_line(t) for t in texts if t.strip()} <= tooltips


def _check_svg(content: bytes, texts: set[str]) -> None:
    """SVG: Graphviz's own elements only, no handlers, links only to tree rows; every text
    drawn as text."""
    tree = ET.fromstring(content)
    tags = {element.tag.split("}")[-1] for element in tree.iter()}
    assert tags <= {"svg", "g", "title", "text", "polygon", "path", "ellipse", "polyline", "a"}
    names = {name.split("}")[-1] for element in tree.iter() for name in element.attrib}
    assert not [name for name in names if name.lower().startswith("on")]
    links = {value for e in tree.iter() for key, value in e.attrib.items() if key.endswith("href")}
    assert all(re.fullmatch(r"#node-\d+", link) for link in links)
    drawn = "".join("".join(e.itertext()) for e in tree.iter() if e.tag.endswith("text"))
    drawn = "".join(drawn.split())
    assert not [text for text in texts if "".join(text.split()) not in drawn]


def _check_png(content: bytes, texts: set[str]) -> None:
    assert content.startswith(b"\x89PNG\r\n\x1a\n")


EXPORT_CHECKS = {
    "argmap": _check_json,
    "aif": _check_aif,
    "argdown": _check_argdown,
    "graphml": _check_graphml,
    "markdown": _check_markdown,
    "csv": _check_csv,
    "dot": _check_dot,
    "svg": _check_svg,
    "png": _check_png,
    "kialo": _check_kialo,
}


def test_every_export_format_has_an_escaping_check():
    assert set(EXPORT_CHECKS) == set(EXPORT_FORMATS)


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_exports_carry_stored_script_and_formulas_as_data(hostile_workspace, fmt):
    """The payload map, plus evidence whose text, source title and anchored quote start as
    spreadsheet formulas, in each format: user text is data there, never markup or code."""
    hostile = hostile_workspace.hostile
    article = ArticleFactory(workspace=hostile_workspace.workspace, body=" ".join(FORMULAS))
    hostile.map.articles.add(article)
    for index, formula in enumerate(FORMULAS):
        start = article.body.index(formula)
        evidence = NodeFactory(
            map=hostile.map,
            kind="evidence",
            text=formula,
            source_title=formula if index != 1 else FORMULAS[0],
            article=article,
            anchor_start=start,
            anchor_end=start + len(formula),
            anchor_exact=formula,
        )
        LinkFactory(source=evidence, target=hostile.claim, rationale=formula)
    LinkFactory(source=NodeFactory(map=hostile.map, text=LINES), target=hostile.claim)
    texts = set(Node.objects.filter(map=hostile.map).values_list("text", flat=True))
    exported = map_export(hostile.map, fmt)
    EXPORT_CHECKS[fmt](exported.content, texts)


@pytest.mark.parametrize(
    ("root_kind", "root", "text"),
    [
        ("question", "Who pays", "Europe pays."),
        ("claim", "Troops are needed.", "-> See 1."),
        ("claim", "Troops are needed.", "Costs \\(rise\\) \\*a lot\\*"),
    ],
)
def test_a_kialo_export_reads_back_as_written(workspace, root_kind, root, text):
    map_obj = services.map_create(workspace=workspace, title=root, root_kind=root_kind)
    relation = "answers" if root_kind == "question" else "supports"
    services.node_create(
        map_obj=map_obj, kind="claim", text=text, parent=map_obj.root, relation=relation
    )
    document, _notes = kialo.to_document(map_export(map_obj, "kialo").content.decode(), title="")
    assert sorted(node["text"] for node in document["nodes"]) == sorted([root, text])


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
    assert "nested deeper than 100 levels" in response.json()["message"]
