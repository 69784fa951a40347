"""Every importer (exchange.formats.IMPORT_FORMATS, so a format added later is covered):
for any text it gives a document whose anchors match its articles, or a ValidationError.
The same for any bytes uploaded (services.map_import_prepare, format chosen or detected).

Each format is fuzzed from a full file of its own kind, so that damage reaches deep into
its parser: the seed map exported (argmap JSON, AIF, Kialo), an AIFdb nodeset and an
OVA 3 save (xAIF) from tests/data/ (written for these tests in those tools' shapes), and
Argdown JSON in the shape the Argdown CLI writes (``argdown json``)."""

import copy
import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.exchange import argmap_json, formats
from argmap.exchange.services import import_decode, map_import_prepare
from tests.exchange_samples import AIFDB_MAP
from tests.test_security_properties import (
    JSON_VALUES,
    SEED_DOCUMENT,
    TEXT,
    _check_document,
    _paths,
)

IMPORTERS = sorted(formats.IMPORT_FORMATS)
DATA = Path(__file__).resolve().parent / "data"
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _relation(source: str, kind: str, target: str, source_type="equivalence-class") -> dict:
    return {
        "type": "relation",
        "relationType": kind,
        "from": source,
        "fromType": source_type,
        "to": target,
        "toType": "equivalence-class",
    }


def _statement(title: str, text: str, *, relations=(), tag=None, data=None, role=None) -> dict:
    """An equivalence class as ``argdown json`` writes it (positions and colours left out):
    its member keeps the ``#tag`` in its text, with the tag's range."""
    member = {"type": "statement", "role": role or "relation-statement", "title": title}
    member["text"] = text
    element = {"type": "equivalence-class", "title": title, "relations": list(relations)}
    if tag:
        start = text.index(f"#{tag}")
        member["ranges"] = [{"type": "tag", "start": start, "stop": start + len(tag), "tag": tag}]
        member["tags"] = element["tags"] = [tag]
    if data:
        member["data"] = element["data"] = data
    element["members"] = [member]
    return element


# What `argdown json` makes of a small debate: a question answered, a claim attacked and
# contradicted, evidence with its data block, and an argument (premises and conclusion)
# that supports the answer.
_RELATIONS = [
    _relation("P", "support", "V"),
    _relation("V", "attack", "E"),
    _relation("E", "contradictory", "N"),
    _relation("E", "support", "Q"),
    _relation("Deterrence", "support", "E", source_type="argument"),
]
ARGDOWN_JSON = {
    "arguments": {
        "Deterrence": {
            "type": "argument",
            "title": "Deterrence",
            "relations": [_RELATIONS[4]],
            "members": [
                {
                    "type": "statement",
                    "role": "argument-description",
                    "title": "Deterrence",
                    "text": "Troops deter a new attack.",
                }
            ],
            "pcs": [
                {"type": "statement", "role": "premise", "title": "Untitled 1"},
                {"type": "statement", "role": "premise", "title": "Untitled 2"},
                {"type": "statement", "role": "main-conclusion", "title": "E"},
            ],
        }
    },
    "statements": {
        "Q": _statement(
            "Q",
            "Who will pay for the troops? #question",
            relations=[_RELATIONS[3]],
            tag="question",
            role="top-level-statement",
        ),
        "E": _statement(
            "E",
            "Europe will pay. ",
            relations=_RELATIONS[1:5],
            data={"base_score": 0.75},
        ),
        "V": _statement("V", "Voters oppose it.", relations=_RELATIONS[:2]),
        "P": _statement(
            "P",
            "Poll: 60% of voters <b>agree</b>. #evidence ",
            relations=_RELATIONS[:1],
            tag="evidence",
            data={
                "source_title": "Pollster <script>alert(1)</script>",
                "source_url": "https://example.org/poll?a=1&b=2",
                "grade": "B2",
            },
        ),
        "N": _statement("N", "Nobody will pay.", relations=_RELATIONS[2:3]),
        "Untitled 1": _statement("Untitled 1", "Russia may attack again.", role="premise"),
        "Untitled 2": _statement("Untitled 2", "Troops deter attacks.", role="premise"),
    },
    "relations": _RELATIONS,
    "sections": [],
    "tags": {
        "question": {"tag": "question", "cssClass": "tag-question", "color": "#d95f02"},
        "evidence": {"tag": "evidence", "cssClass": "tag-evidence", "color": "#7570b3"},
    },
}


def _samples() -> list[tuple[str, str, str]]:
    """(format, name, text): a full file of each importable format."""
    source = SimpleNamespace(
        document=SEED_DOCUMENT, argmap_document=SEED_DOCUMENT, title="Seed", articles=[]
    )
    samples = [
        (name, "seed export", formats.FORMATS[name].export(source))
        for name in IMPORTERS
        if formats.FORMATS[name].export
    ]
    ova = {"AIF": AIFDB_MAP, "OVA": {"nodes": [], "edges": []}, "text": {"txt": ""}}
    samples += [
        ("aif", "AIFdb nodeset", (DATA / "aifdb-nodeset-libraries.json").read_text("utf-8")),
        ("xaif", "OVA 3 save", (DATA / "ova3-xaif-referendum.json").read_text("utf-8")),
        ("xaif", "OVA dialogue", json.dumps(ova)),
        ("argdown-json", "argdown json", json.dumps(ARGDOWN_JSON, indent=2)),
    ]
    return [(fmt, name, t.decode() if isinstance(t, bytes) else t) for fmt, name, t in samples]


SAMPLES = _samples()
SAMPLE_IDS = [f"{fmt}: {name}" for fmt, name, _ in SAMPLES]
# json.loads raises RecursionError (not JSONDecodeError) on deep nesting.
NESTED = ["[" * 50_000 + "]" * 50_000, '{"a":' * 20_000 + "1" + "}" * 20_000]


def _import(name: str, text: str) -> None:
    try:
        document, _notes = formats.IMPORT_FORMATS[name].load(text, "Imported")
        parsed = argmap_json.parse(document)
    except ValidationError as error:
        assert error.messages
        return
    _check_document(parsed)


def test_every_importer_has_a_real_sample():
    assert {fmt for fmt, _, _ in SAMPLES} == set(IMPORTERS)


@pytest.mark.parametrize(("fmt", "name", "text"), SAMPLES, ids=SAMPLE_IDS)
def test_each_sample_is_recognised_and_imports_whole(fmt, name, text):
    """A sample that its importer refused would leave the fuzzing below at its door."""
    assert formats.detect(text) == fmt
    document, _notes = formats.IMPORT_FORMATS[fmt].load(text, "Imported")
    parsed = argmap_json.parse(document)
    _check_document(parsed)
    assert len(parsed.nodes) >= 5 and parsed.links


@pytest.mark.parametrize("name", IMPORTERS)
@pytest.mark.parametrize("text", ["", " ", "\x00", "{}", "[]", "null", "1. ", *NESTED])
def test_edge_cases_give_a_document_or_a_validation_error(name, text):
    _import(name, text)


@pytest.mark.parametrize("name", IMPORTERS)
@FUZZ
@given(text=st.one_of(st.text(alphabet=TEXT, max_size=300), JSON_VALUES.map(json.dumps)))
def test_any_text_gives_a_document_or_a_validation_error(name, text):
    _import(name, text)


def _damaged(text, seed: int, edits: int, junk):
    """Cut, repeat or overwrite a few pieces of a real file (text or bytes)."""
    rng = random.Random(seed)
    for _ in range(edits):
        start = rng.randrange(len(text) + 1)
        end = min(len(text), start + rng.randrange(40))
        text = rng.choice(
            [
                text[:start] + text[end:],
                text[:start] + junk + text[end:],
                text[:end] + text[start:end] + text[end:],
            ]
        )
    return text


@pytest.mark.parametrize(("fmt", "name", "text"), SAMPLES, ids=SAMPLE_IDS)
@FUZZ
@given(seed=st.integers(0, 2**32), edits=st.integers(1, 6), junk=st.text(TEXT, max_size=12))
def test_a_damaged_real_file_gives_a_document_or_a_validation_error(
    fmt, name, text, seed, edits, junk
):
    _import(fmt, _damaged(text, seed, edits, junk))


JSON_SAMPLES = [(fmt, name, json.loads(text)) for fmt, name, text in SAMPLES if fmt != "kialo"]
JSON_PATHS = {name: [path for path in _paths(data) if path] for _, name, data in JSON_SAMPLES}
# Values that mean something to one of the JSON importers, to put where another was.
WORDS = st.sampled_from(
    ["I", "RA", "CA", "MA", "YA", "L", "TA", "nodeID", "fromID", "toID", "type", "text"]
    + ["AIF", "nodes", "edges", "locutions", "scheme", "statements", "relations", "from"]
    + ["to", "relationType", "support", "attack", "undercut", "argument", "members"]
    + ["tags", "question", "evidence", "data", "ranges", "tag", "start", "stop", "format"]
)


@pytest.mark.parametrize(
    ("fmt", "name", "data"),
    [pytest.param(fmt, name, data, id=f"{fmt}: {name}") for fmt, name, data in JSON_SAMPLES],
)
@FUZZ
@given(
    damage=st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.one_of(JSON_VALUES, st.integers(-5, 500), WORDS),
            st.booleans(),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_real_file_with_damaged_values_gives_a_document_or_a_validation_error(
    fmt, name, data, damage
):
    """Replace (or delete) a few values anywhere in a real JSON file: still JSON, so the
    damage reaches the format's own reading of nodes, edges, statements and relations."""
    document = copy.deepcopy(data)
    paths = JSON_PATHS[name]
    for index, value, delete in damage:
        *steps, last = paths[index % len(paths)]
        parent = document
        try:
            for step in steps:
                parent = parent[step]
            if delete and isinstance(parent, dict):
                parent.pop(last, None)
            else:
                parent[last] = value
        except (KeyError, IndexError, TypeError):
            continue
    _import(fmt, json.dumps(document))


@pytest.mark.parametrize(
    "element",
    [
        {"tags": 1},
        {"tags": [["question"]]},
        {"members": 1},
        {"members": [{"text": 1}]},
        {"members": [{"ranges": 1}]},
        {"members": [{"ranges": ["tag"]}]},
        {"members": [{"text": 5, "ranges": [{"type": "tag", "start": 0, "stop": 1}]}]},
    ],
)
def test_argdown_json_values_of_the_wrong_type_are_ignored(element):
    """Wrong types were once a TypeError (a 500): now such a value counts as missing."""
    data = json.dumps({"statements": {"A": element}}).encode()
    fmt, document, _ = map_import_prepare(data=data, fmt="auto")
    assert fmt == "argdown-json" and [node["text"] for node in document.nodes] == ["s:A"]


# Bytes that are not UTF-8, or that cut a character in two, or a byte-order mark.
BAD_BYTES = st.sampled_from([b"\xff", b"\xfe\xff", b"\xc3", b"\xe2\x82", b"\xef\xbb\xbf", b"\x00"])
UPLOADS = st.one_of(
    st.binary(max_size=400),
    st.builds(
        _damaged,
        st.sampled_from([text.encode() for _, _, text in SAMPLES]),
        st.integers(0, 2**32),
        st.integers(1, 4),
        st.one_of(BAD_BYTES, st.binary(max_size=8)),
    ),
)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_decode_to_text_or_a_validation_error(data):
    try:
        text = import_decode(data)
    except ValidationError as error:
        assert error.code in ("empty", "encoding", "too_large") and error.messages
        return
    assert isinstance(text, str) and not text.startswith("\ufeff")


@pytest.mark.parametrize("fmt", ["auto", *IMPORTERS])
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=UPLOADS, title=st.text(TEXT, max_size=20))
def test_any_upload_gives_a_document_or_a_validation_error(fmt, data, title):
    """The bytes entry point of every import (page, API, command): the documented
    ValidationError, never another exception."""
    try:
        found, document, notes = map_import_prepare(data=data, fmt=fmt, title=title)
    except ValidationError as error:
        assert error.messages
        return
    assert found in IMPORTERS and (fmt == "auto" or found == fmt)
    assert all(isinstance(note, str) for note in notes)
    _check_document(document)
