"""Argument units: clause cuts per connective family, quotations, bylines and datelines,
other languages, and the offsets rule for any input."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.articles.splitting import split_article


def units(text: str) -> list[str]:
    return [unit.text for unit in split_article(text).units]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # contrast
        (
            "Prices rose sharply, but wages did not keep up with them.",
            ["Prices rose sharply,", "but wages did not keep up with them."],
        ),
        (
            "The bridge is safe, although engineers found cracks in two of its pillars.",
            ["The bridge is safe,", "although engineers found cracks in two of its pillars."],
        ),
        (
            "Trains are slower than planes, whereas their emissions are far lower.",
            ["Trains are slower than planes,", "whereas their emissions are far lower."],
        ),
        (
            "The tax raises money, however, it hurts the poorest families most.",
            ["The tax raises money,", "however, it hurts the poorest families most."],
        ),
        (
            "The plan looked cheap, yet it cost twice the estimate in the end.",
            ["The plan looked cheap,", "yet it cost twice the estimate in the end."],
        ),
        # cause and consequence
        (
            "The plan is cheap because the state pays for most of it.",
            ["The plan is cheap", "because the state pays for most of it."],
        ),
        (
            "Taxes should fall, so people will spend more money in the shops.",
            ["Taxes should fall,", "so people will spend more money in the shops."],
        ),
        (
            "Fuel got dearer, therefore fewer people drive to work every day.",
            ["Fuel got dearer,", "therefore fewer people drive to work every day."],
        ),
        (
            "We need more nurses, since the hospitals cannot fill their night shifts.",
            ["We need more nurses,", "since the hospitals cannot fill their night shifts."],
        ),
        # condition, set off by a comma after a complete clause
        (
            "The deal will pass, unless the senate blocks it next week.",
            ["The deal will pass,", "unless the senate blocks it next week."],
        ),
        # addition between full clauses
        (
            "Cars pollute the air and also they block the streets of the old town.",
            ["Cars pollute the air", "and also they block the streets of the old town."],
        ),
        (
            "The law failed; the courts struck it down within a year.",
            ["The law failed;", "the courts struck it down within a year."],
        ),
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
        # "and" before a fronted adverbial and its clause, or before a question.
        (
            "Prices went up in May and with the new tax, many families cannot pay rent.",
            ["Prices went up in May", "and with the new tax, many families cannot pay rent."],
        ),
        (
            "The waste stays toxic for ages and how is anyone supposed to store it safely.",
            ["The waste stays toxic for ages", "and how is anyone supposed to store it safely."],
        ),
    ],
)
def test_a_connective_between_two_clauses_cuts_the_sentence(text, expected):
    split = split_article(text)
    assert [unit.text for unit in split.units] == expected
    assert [unit.inside for unit in split.units] == [False, True]


@pytest.mark.parametrize(
    "text",
    [
        "The shirt was black and white with a small red collar.",
        "He likes tea as well as coffee with his breakfast.",
        "The so-called experts disagree with the plan entirely.",
        "Many cities, for example Prague, have banned cars from the centre.",
        "She arrived late but happy after the long journey home.",
        "Big cities such as Paris and Rome charge drivers a fee.",
        "It will rain if the wind turns tonight over the hills.",  # a condition is one claim
        "The talks between Kyiv and Moscow stalled in the spring.",
        "He left because of the noise in the flat upstairs.",
        "They have not yet decided whether to sign the treaty.",
        "The plan, however, failed in the first winter.",
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
        # "as" of time or proportion, before a verb of gradual change, qualifies its claim.
        "Rents in the capital went up every year as the population grew quickly.",
        "Children learn to make bigger choices as they grow up in a safe home.",
        # "No matter what X, Y" is a condition, like "If X, Y"; a relative clause after
        # a semicolon goes on with the clause before it.
        "The road is steep and no matter how careful you are, it is a risk in winter.",
        "The fee applies to every lorry; which means most firms will pay it twice.",
        # An elliptical contrast has no claim of its own; "and" between two phrases.
        "Long distance couples can work for a while, but in the long run, no.",
        "She likes walks in the park and in the hills, especially in the spring.",
        # A second condition joined to the first belongs to the same claim.
        "Games are fine for a family as long as they are short and if everyone can play.",
    ],
)
def test_words_that_join_words_do_not_cut(text):
    assert units(text) == [text]


def test_a_question_is_never_cut():
    text = "Won't this complicate peace talks if the Kremlin does not agree, but why?"
    assert units(text) == [text]


def test_quoted_passage_gives_one_unit_per_sentence_and_its_closing_mark():
    text = (
        'The minister said: "The appeal was rejected. We will go to the supreme court." '
        "The court met on Monday. It adjourned."
    )
    assert units(text) == [
        'The minister said: "The appeal was rejected.',
        'We will go to the supreme court."',
        "The court met on Monday.",
        "It adjourned.",
    ]


def test_closing_quotation_mark_stays_with_the_sentence_it_closes():
    text = (
        "“The union will strike,” she told reporters. “This offer was rejected.” "
        "Managers said nothing. Talks resume on Friday."
    )
    texts = units(text)
    assert texts == [
        "“The union will strike,” she told reporters.",
        "“This offer was rejected.”",
        "Managers said nothing.",
        "Talks resume on Friday.",
    ]
    assert not any(t.startswith(("”", '"')) for t in texts)


def test_quoted_list_of_questions_stays_one_unit():
    text = (
        'The test asked "a set of odd questions, including: what is a cat?, how do you '
        'spell football?" and more. Then the pupils left.'
    )
    assert units(text) == [
        'The test asked "a set of odd questions, including: what is a cat?, how do you '
        'spell football?" and more.',
        "Then the pupils left.",
    ]


def test_a_question_quoted_before_its_speaker_is_one_unit():
    assert units("“Is this fair?” asked one parent. “No,” said another.") == [
        "“Is this fair?” asked one parent.",
        "“No,” said another.",
    ]


def test_abbreviations_do_not_end_sentences():
    text = (
        "The site is approx. 3 km away, i.e. near the U.S. base of Gen. J.D. Smith. It is closed."
    )
    assert units(text) == [
        "The site is approx. 3 km away, i.e. near the U.S. base of Gen. J.D. Smith.",
        "It is closed.",
    ]


@pytest.mark.parametrize(
    ("text", "author", "publication"),
    [
        ("Bridge plan\n\nBy Anna Novak\n\nThe city will build a bridge.", "Anna Novak", ""),
        (
            "Bridge plan\n\nBy Anna Novak and Petr Dvořák\n\nThe city will build a bridge.",
            "Anna Novak and Petr Dvořák",
            "",
        ),
        (
            "Bridge plan\n\nThe city will build a bridge.\n\nAnna Novak, The Daily Post",
            "Anna Novak",
            "The Daily Post",
        ),
        (
            "Bridge plan\n\nThe city will build a bridge.\n\nBy Staff Reporter, Cairo",
            "Staff Reporter",
            "",
        ),
        (
            "Bridge plan\n\nThe city will build a bridge.\n\n"
            "(Reporting by John Smith; Editing by Jane Doe)",
            "John Smith",
            "",
        ),
        (
            "Bridge plan\n\nCAIRO (Reuters) - The city will build a bridge. It will cost a lot.",
            "",
            "Reuters",
        ),
    ],
)
def test_bylines_and_datelines(text, author, publication):
    split = split_article(text)
    assert (split.author, split.publication) == (author, publication)
    assert split.units[0].text == "The city will build a bridge."
    assert not any(word in unit.text for unit in split.units for word in ("By ", "Reuters"))


def test_czech_text_splits_into_sentences_without_clause_cuts():
    text = (
        "Vláda to schválila v r. 2020 a ministr řekl, že je to např. dobré. "
        "Sejde se 1. ledna. Ale opozice nesouhlasí, protože to je drahé."
    )
    split = split_article(text)
    assert split.language == "cs" and not split.clause_units
    assert [unit.text for unit in split.units] == [
        "Vláda to schválila v r. 2020 a ministr řekl, že je to např. dobré.",
        "Sejde se 1. ledna.",
        "Ale opozice nesouhlasí, protože to je drahé.",
    ]


def test_german_text_splits_into_sentences():
    text = (
        "Die Regierung hat das Gesetz beschlossen, und der Minister ist zufrieden. "
        "Die Opposition ist nicht dafür, weil es teuer ist."
    )
    split = split_article(text)
    assert split.language == "de" and not split.clause_units
    assert len(split.units) == 2


def test_seed_keeps_its_four_questions_and_cuts_claims_at_connectives():
    with open("seeds/who-will-send-troops-to-ukraine.txt", encoding="utf-8") as handle:
        split = split_article(handle.read())
    assert len(split.questions) == 4
    cut = [unit.text for unit in split.units if unit.inside]
    assert "as both are struggling with internal political instability." in cut


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
            st.sampled_from(
                [
                    ", but ",
                    " because ",
                    "; ",
                    ", so it ",
                    " and also ",
                    '"',
                    "“",
                    "”",
                    ". ",
                    "? ",
                    "\n\n",
                    "\n",
                    "By Anna Novak",
                    "CAIRO (AP) - ",
                    "i.e. ",
                    " if ",
                    "Although ",
                    " as it ",
                    " and then ",
                    ", thus ",
                ]
            ),
        ),
        max_size=25,
    ).map("".join)
)
def test_units_never_overlap_and_cover_only_the_body(body):
    split = split_article(body)
    previous_end = 0
    for unit in split.units:
        assert body[unit.start : unit.end] == unit.text
        assert unit.text == unit.text.strip() and unit.text
        assert unit.start >= previous_end
        previous_end = unit.end


def test_a_run_of_text_without_full_stops_is_not_cut_word_by_word():
    text = "prices rose, but wages fell " * 400  # 11,200 characters, no sentence end
    assert len(split_article(text).units) == 1
    assert len(split_article(text[:2000]).units) > 1  # a real sentence is cut
