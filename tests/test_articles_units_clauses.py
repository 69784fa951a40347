"""Sentence starts and verb forms read from the English lexicon (lemminflect's). The clause
cuts that use it are tested with the other connectives in test_articles_units.py."""

from argmap.articles.segmentation import lexicon
from argmap.articles.splitting import split_article


def units(text: str) -> list[str]:
    return [unit.text for unit in split_article(text).units]


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
