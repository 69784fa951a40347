"""Clause cuts that read verbs from the lexicon: a fronted concession or reason, "as"
giving a reason, and the phrases that look like connectives but join no clauses."""

import pytest

from argmap.articles.segmentation import lexicon
from argmap.articles.splitting import split_article


def units(text: str) -> list[str]:
    return [unit.text for unit in split_article(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A fronted concession or reason is a unit; the main clause after its comma another.
        (
            "Although the tunnel costs more, it will carry twice as many trains.",
            ["Although the tunnel costs more,", "it will carry twice as many trains."],
        ),
        (
            "While the museum charges for entry, its garden stays free for everyone.",
            ["While the museum charges for entry,", "its garden stays free for everyone."],
        ),
        (
            "But even though the mayor objected, the council approved the new budget.",
            [
                "But even though the mayor objected,",
                "the council approved the new budget.",
            ],
        ),
        # The main clause opens with a sentence adverb; its subject is a noun and a verb
        # that the lexicon knows ("indicates").
        (
            "Whereas the old law protected tenants, ultimately, this bill indicates a change.",
            [
                "Whereas the old law protected tenants,",
                "ultimately, this bill indicates a change.",
            ],
        ),
        # "as" giving a reason: a subject and a finite verb follow.
        (
            "The council should keep the library open as it serves thousands of readers.",
            [
                "The council should keep the library open",
                "as it serves thousands of readers.",
            ],
        ),
        (
            "Fares will rise next year as most buses need new engines soon.",
            ["Fares will rise next year", "as most buses need new engines soon."],
        ),
    ],
)
def test_a_fronted_concession_or_a_reason_is_its_own_unit(text, expected):
    split = split_article(text)
    assert [unit.text for unit in split.units] == expected
    assert [unit.inside for unit in split.units] == [False, True]


@pytest.mark.parametrize(
    "text",
    [
        # A fronted condition or time is part of the claim it conditions.
        "If the river floods again, the town closes the old bridge at once.",
        "But if the fee is small, nobody will mind paying it at the till.",
        "Every time a train is late, the company pays a small fine to riders.",
        "If people buy a car and then find it too costly, they sell it again.",
        # "because of" takes a noun, not a clause.
        "Because of the storm, the ferry stayed in the port all day long.",
        # "Although" without a clause after it, then a comma.
        "Although tired, the runners finished the whole course before noon.",
        # "as" in a comparison, or after "such".
        "The new stadium is twice as large as the old one was in its day.",
        "We look after our dogs as we do our own children at home.",
        "Big rivers such as the Danube need wide and costly bridges.",
        "The rules apply just as they did in the previous season too.",
        # A consequence given by a participle, and a parenthetical "but not".
        "The tax rose sharply last spring, thus making bread dearer for everyone.",
        "The new plan can, but not always, lower the bills of most families.",
    ],
)
def test_phrases_that_join_no_clauses_do_not_cut(text):
    assert units(text) == [text]


def test_a_small_letter_after_a_full_stop_ending_a_word_starts_a_sentence():
    assert units("Cars are loud in the old streets. some residents want them banned.") == [
        "Cars are loud in the old streets.",
        "some residents want them banned.",
    ]


def test_a_small_letter_after_an_abbreviation_continues_the_sentence():
    text = "The pass is approx. three hours from the village on foot."
    assert units(text) == [text]


def test_czech_sentences_keep_the_small_letter_rule_of_sentencex():
    text = "Vláda to schválila v úterý. a opozice je proti tomu zákonu."
    assert len(units(text)) == 1


def test_lexicon_knows_finite_verbs_nouns_and_adverbs():
    assert lexicon.is_finite_verb("indicates")
    assert lexicon.is_finite_verb("took")
    assert not lexicon.is_finite_verb("helps")  # also a noun
    assert lexicon.can_be_finite_verb("helps")
    assert not lexicon.can_be_finite_verb("beautiful")
    assert lexicon.is_verb_only("contain")
    assert lexicon.is_adverb("ultimately")
    assert not lexicon.is_adverb("people")
    assert lexicon.flags("zqxv") == 0
