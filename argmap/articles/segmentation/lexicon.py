"""Which English words can be verbs, and in which forms: lemminflect's lexicon.

lemminflect (MIT) ships the word forms of the NIH SPECIALIST Lexicon: for each lemma its
category (noun, verb, adjective, adverb) and, for a verb, its past, past participle, -ing
and -s forms. Read once, on first use, into one dictionary (about 70,000 words, 0.2 s);
a look-up is then a dictionary access, so the clause rules stay linear on any input.
lemminflect's own look-up functions copy their answer on every call (tens of
microseconds), too slow for a word-by-word reading of 2 MiB; its data files and their
layout are those of the pinned version (pyproject.toml).
"""

import gzip
from functools import cache
from importlib.util import find_spec
from pathlib import Path

NOUN, ADJECTIVE, ADVERB, VERB = 1, 2, 4, 8
BASE, PAST, PARTICIPLE, ING, PRESENT = 16, 32, 64, 128, 256
# "-s" forms and past forms of a verb: a word with one of these and no other category
# is a finite verb ("indicates", "took"); "helps", "uses" are nouns too.
FINITE = PAST | PRESENT
CATEGORIES = {"noun": NOUN, "adj": ADJECTIVE, "adv": ADVERB, "verb": VERB, "aux": VERB}


@cache
def _table() -> dict[str, int]:
    """word -> flags, from the data files of the lemminflect package (read as files:
    importing lemminflect itself would load numpy and models it does not need here)."""
    table: dict[str, int] = {}

    def add(word: str, flags: int) -> None:
        word = word.lower()
        table[word] = table.get(word, 0) | flags

    for line in _lines("lemma_lu.csv.gz"):
        row = line.split(",", 2)
        if len(row) == 3 and row[1] in CATEGORIES:
            add(row[0], CATEGORIES[row[1]])
    for line in _lines("infl_lu.csv.gz"):
        row = line.split(",")
        if len(row) < 6 or row[1] != "verb":
            continue
        lemma, _, past, participle, ing, present = row[:6]
        add(lemma, VERB | BASE)
        for forms, flag in ((past, PAST), (participle or past, PARTICIPLE)):
            for form in forms.split("/"):
                if form:
                    add(form, VERB | flag)
        for form in ing.split("/"):
            if form:
                add(form, VERB | ING)
        for form in present.split("/"):
            if form:
                add(form, VERB | PRESENT)
    return table


def _lines(name: str) -> list[str]:
    spec = find_spec("lemminflect")  # where the package is, without importing it
    folder = Path(next(iter(spec.submodule_search_locations))) / "resources"
    return gzip.decompress((folder / name).read_bytes()).decode("utf-8").splitlines()


def flags(word: str) -> int:
    """The categories and verb forms ``word`` (lower case) can have; 0 when unknown."""
    return _table().get(word, 0)


def is_finite_verb(word: str) -> bool:
    """Whether ``word`` can only be read as a finite verb: a past or -s form, and no noun,
    adjective or adverb ("indicates", "took"; not "helps", "used" as in "used cars")."""
    value = flags(word)
    return bool(value & FINITE) and not value & (NOUN | ADJECTIVE | ADVERB)


def can_be_finite_verb(word: str) -> bool:
    """Whether ``word`` can be a past or -s form of a verb ("helps", "aids", "took")."""
    return bool(flags(word) & FINITE)


def can_be_verb(word: str) -> bool:
    """Whether ``word`` is any form of a verb ("smell", "helping", "taken")."""
    return bool(flags(word) & VERB)


def is_verb_only(word: str) -> bool:
    """Whether ``word`` is a verb form and nothing else ("be", "indicate", "took")."""
    value = flags(word)
    return bool(value & VERB) and not value & (NOUN | ADJECTIVE | ADVERB)


def is_adverb(word: str) -> bool:
    """Whether ``word`` is an adverb and no verb or noun ("ultimately", "moreover")."""
    value = flags(word)
    return bool(value & ADVERB) and not value & (VERB | NOUN)
