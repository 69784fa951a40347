"""Every importer (exchange.formats.IMPORT_FORMATS, so a format added later is covered):
for any text it gives a document whose anchors match its articles, or a ValidationError."""

import json
import random
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.exchange import argmap_json
from tests.test_security_properties import JSON_VALUES, SEED_DOCUMENT, TEXT, _check_document

formats = pytest.importorskip("argmap.exchange.formats")
IMPORTERS = sorted(formats.IMPORT_FORMATS)


def _import(name: str, text: str) -> None:
    try:
        document, _notes = formats.IMPORT_FORMATS[name].load(text, "Imported")
        parsed = argmap_json.parse(document)
    except ValidationError as error:
        assert error.messages
        return
    _check_document(parsed)


def _samples() -> dict[str, str]:
    """A real file of each importable format: the seed map exported in it (argmap JSON for
    formats that only import)."""
    source = SimpleNamespace(
        document=SEED_DOCUMENT, argmap_document=SEED_DOCUMENT, title="Seed", articles=[]
    )
    samples = {}
    for name in IMPORTERS:
        exporter = formats.FORMATS[name].export
        samples[name] = exporter(source) if exporter else json.dumps(SEED_DOCUMENT)
        if isinstance(samples[name], bytes):
            samples[name] = samples[name].decode()
    return samples


SAMPLES = _samples()
# json.loads raises RecursionError (not JSONDecodeError) on deep nesting.
NESTED = ["[" * 50_000 + "]" * 50_000, '{"a":' * 20_000 + "1" + "}" * 20_000]


@pytest.mark.parametrize("name", IMPORTERS)
def test_each_sample_imports(name):
    _import(name, SAMPLES[name])


@pytest.mark.parametrize("name", IMPORTERS)
@pytest.mark.parametrize("text", ["", " ", "\x00", "{}", "[]", "null", "1. ", *NESTED])
def test_edge_cases_give_a_document_or_a_validation_error(name, text):
    _import(name, text)


@pytest.mark.parametrize("name", IMPORTERS)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(st.text(alphabet=TEXT, max_size=300), JSON_VALUES.map(json.dumps)))
def test_any_text_gives_a_document_or_a_validation_error(name, text):
    _import(name, text)


@pytest.mark.parametrize("name", IMPORTERS)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 2**32), edits=st.integers(1, 6), junk=st.text(TEXT, max_size=12))
def test_a_damaged_real_file_gives_a_document_or_a_validation_error(name, seed, edits, junk):
    """Cut, repeat or overwrite a few pieces of a real file."""
    text = SAMPLES[name]
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
    _import(name, text)
