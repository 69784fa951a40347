"""Property-based checks: for ANY input the splitter and the argmap JSON importer either
succeed with anchors that match the article text, or raise the documented ValidationError."""

import copy
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.articles.services import article_decode, article_prepare
from argmap.articles.splitting import split_article
from argmap.exchange import argmap_json

SEED_TEXT = Path("seeds/who-will-send-troops-to-ukraine.txt").read_text(encoding="utf-8")
SEED_DOCUMENT = json.loads(
    Path("seeds/who-will-send-troops-to-ukraine.argmap.json").read_text(encoding="utf-8")
)
TEXT = st.characters(codec="utf-8", exclude_categories=["Cs"])
PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "- ",
        "* ",
        "1. ",
        "> ",
        "\n",
        "\n\n",
        " \n \n",
        "\r\n",
        "\t",
        ". ",
        "? ",
        "! ",
        "...",
        '"',
        "”",
        "»",
        "U.S. ",
        "J.D. Vance ",
        "i.e. ",
        "25.08.2025",
        "2025-08-25",
        "By Jane Doe, The Daily",
        "Miloš Balabán, Právo Daily",
        "Who will pay?",
        "Troops are needed.",
        "\u00a0",
        "\u2028",
        "\ufeff",
        "e\u0301",
        "👩‍👩‍👧",
        "*",
        "_",
    ]
)
ARTICLE_LIKE = st.lists(st.one_of(PIECES, st.text(alphabet=TEXT, max_size=20)), max_size=60).map(
    "".join
)


def _assert_spans_match(body: str, split) -> None:
    spans = [span for span in [split.title] if span] + split.sentences
    for span in spans:
        assert 0 <= span.start < span.end <= len(body)
        assert body[span.start : span.end] == span.text
        assert span.text == span.text.strip()
        assert span.kind in ("claim", "question")


@settings(max_examples=300, deadline=None)
@given(ARTICLE_LIKE)
def test_splitter_anchors_match_the_text_for_article_like_input(body):
    _assert_spans_match(body, split_article(body))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_uploaded_bytes_give_an_article_or_a_validation_error(data):
    try:
        text = article_decode(data)
        draft = article_prepare(text=text)
    except ValidationError as error:
        assert error.messages
        return
    _assert_spans_match(draft.body, draft.split)
    assert "\r" not in draft.body


@settings(max_examples=50, deadline=None)
@given(st.integers(0, len(SEED_TEXT)), st.integers(0, len(SEED_TEXT)), ARTICLE_LIKE)
def test_edited_seed_article_keeps_exact_anchors(start, end, insert):
    body = SEED_TEXT[: min(start, end)] + insert + SEED_TEXT[max(start, end) :]
    _assert_spans_match(body, split_article(body))


def test_a_control_character_before_a_numbered_item_gives_an_article_or_a_validation_error():
    try:
        draft = article_prepare(text="Troops are needed.\x1f1. Who will pay?")
    except ValidationError:
        return
    _assert_spans_match(draft.body, draft.split)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=TEXT, max_size=30),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(st.text(alphabet=TEXT, max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
KEYS = ["format", "version", "map", "title", "root", "articles", "nodes", "links", "id", "kind"]
KEYS += ["text", "anchor", "article", "start", "end", "exact", "prefix", "suffix", "source"]
KEYS += ["grade", "url", "date", "relation", "rationale", "body", "published_on", "target"]


def _check_document(document) -> None:
    bodies = {article["id"]: article["body"] for article in document.articles}
    node_ids = {node["id"] for node in document.nodes}
    assert document.nodes
    for node in document.nodes:
        assert node["kind"] in argmap_json.KINDS
        if "article" in node:
            body = bodies[node["article"]]
            assert 0 <= node["anchor_start"] < node["anchor_end"] <= len(body)
            assert body[node["anchor_start"] : node["anchor_end"]] == node["anchor_exact"]
    for link in document.links:
        assert link["source"] in node_ids and link["target"] in node_ids
    assert document.root is None or document.root in node_ids


def _parse(data):
    try:
        document = argmap_json.parse(data)
    except ValidationError as error:
        assert error.messages
        return None
    _check_document(document)
    return document


def test_the_seed_document_is_valid():
    assert _parse(copy.deepcopy(SEED_DOCUMENT)) is not None


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_is_a_document_or_a_validation_error(data):
    _parse(data)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_under_the_right_header_is_a_document_or_a_validation_error(data):
    document = {"format": "argmap", "version": 1}
    if isinstance(data, dict):
        document |= data
    else:
        document["nodes"] = data
    _parse(document)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _paths(child, (*prefix, index))


SEED_PATHS = [path for path in _paths(SEED_DOCUMENT) if path]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SEED_PATHS),
            st.one_of(JSON_VALUES, st.integers(-5, 5000), st.sampled_from(KEYS)),
            st.booleans(),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_damaged_real_document_is_a_document_or_a_validation_error(damage):
    """Replace (or delete) a few values anywhere in a real export."""
    document = copy.deepcopy(SEED_DOCUMENT)
    for path, value, delete in damage:
        parent = document
        try:
            for step in path[:-1]:
                parent = parent[step]
            if delete and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    _parse(document)
