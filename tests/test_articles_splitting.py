from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.articles.splitting import split_article

SEED = "seeds/who-will-send-troops-to-ukraine.txt"


@pytest.fixture(scope="module")
def seed_body():
    with open(SEED, encoding="utf-8") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def seed_split(seed_body):
    return split_article(seed_body)


def test_seed_title_is_the_root_question(seed_split):
    assert seed_split.title.text == "Who will eventually send troops to Ukraine?"
    assert seed_split.title.kind == "question"


def test_seed_date_and_byline(seed_split):
    assert seed_split.published_on == date(2025, 8, 25)
    assert seed_split.author == "Miloš Balabán"
    assert seed_split.publication == "Právo Daily"


def test_seed_has_the_four_open_questions(seed_split):
    assert [q.text for q in seed_split.questions] == [
        "What would be the conditions for deployment?",
        "How would they react to being attacked?",
        "Who will pay for their posting?",
        "Won't this complicate peace negotiations if the Kremlin does not agree with "
        "their deployment in Ukraine?",
    ]


def test_seed_every_other_body_sentence_is_a_claim(seed_split):
    claims = [c.text for c in seed_split.claims]
    assert len(claims) == 26
    assert claims[0].startswith("Even after US President Donald Trump's Alaskan meeting")
    assert claims[-1] == "And President Zelensky must also suspect this."
    assert not any("Balabán" in claim or claim == "25.08.2025" for claim in claims)


def test_seed_abbreviations_do_not_break_sentences(seed_split):
    texts = [s.text for s in seed_split.sentences]
    assert any(t.startswith("Vice President J.D. Vance said that the U.S. agrees") for t in texts)
    assert any('i.e. "calming forces" to support peace from NATO armies.' in t for t in texts)


def test_seed_anchors_are_exact(seed_body, seed_split):
    for span in [seed_split.title, *seed_split.sentences]:
        assert seed_body[span.start : span.end] == span.text


def test_quotes_diacritics_and_markdown():
    body = (
        "# Česká otázka: kdo zaplatí?\n\n"
        "2025-01-31\n\n"
        "Mr. Dvořák said “we will not pay.” Will Poland pay?\n"
        "- Ms. Nováková disagreed, e.g. in Brno.\n"
        "- “Is that fair?” she asked.\n\n"
        "By Jana Nováková, Deník N"
    )
    split = split_article(body)
    assert split.title.text == "Česká otázka: kdo zaplatí?"
    assert split.title.kind == "question"
    assert split.published_on == date(2025, 1, 31)
    assert (split.author, split.publication) == ("Jana Nováková", "Deník N")
    texts = [(s.kind, s.text) for s in split.sentences]
    assert ("claim", "Mr. Dvořák said “we will not pay.”") in texts
    assert ("question", "Will Poland pay?") in texts
    assert ("claim", "Ms. Nováková disagreed, e.g. in Brno.") in texts
    assert ("question", "“Is that fair?” she asked.") not in texts  # a statement about a question
    for span in split.sentences:
        assert body[span.start : span.end] == span.text


def test_title_date_and_byline_on_lines_of_their_own():
    body = (
        "Who pays for the troops?\n"
        "25.08.2025\n"
        "Europe says it will pay. The U.S. disagrees.\n"
        "Miloš Balabán, Právo Daily"
    )
    split = split_article(body)
    assert (split.title.text, split.title.kind) == ("Who pays for the troops?", "question")
    assert split.published_on == date(2025, 8, 25)
    assert (split.author, split.publication) == ("Miloš Balabán", "Právo Daily")
    assert [s.text for s in split.sentences] == ["Europe says it will pay.", "The U.S. disagrees."]
    short_title = split_article("Troops for Ukraine\nEurope says it will pay for all of them soon.")
    assert short_title.title.text == "Troops for Ukraine"
    dated = split_article("Troops for Ukraine\n25.08.2025\nEurope says it will pay.")
    assert (dated.title.text, dated.published_on) == ("Troops for Ukraine", date(2025, 8, 25))


def test_a_hard_wrapped_paragraph_keeps_its_lines_as_text():
    body = (
        "Even after US President Donald Trump's Alaskan meeting with Russian\n"
        "President Vladimir Putin, the prospect of ending the war is still hazy.\n"
        "The Americans seem to accept this, said Emmanuel Macron and\n"
        "Keir Starmer"
    )
    split = split_article(body)
    assert split.title is None and split.author == ""
    assert split.sentences[0].text.startswith("Even after US President")
    assert split.sentences[-1].text.endswith("Keir Starmer")


def test_text_without_title_or_byline():
    split = split_article("Only one sentence here. And a second one.")
    assert split.title is None
    assert split.author == ""
    assert [s.text for s in split.sentences] == ["Only one sentence here.", "And a second one."]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400))
def test_any_text_gives_exact_anchors(body):
    split = split_article(body)
    for span in [s for s in [split.title] if s] + split.sentences:
        assert body[span.start : span.end] == span.text
        assert span.text.strip()


def test_control_characters_do_not_break_the_splitter():
    body = "Troops are needed.\x1f1. Who will pay?\x1c And\x00 then?"
    split = split_article(body)
    assert [s.kind for s in split.sentences][-1] == "question"
    for span in split.sentences:
        assert body[span.start : span.end] == span.text


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mr. Smith said so.",
                " 1. ",
                "\x1f",
                "\x1c1. ",
                "?",
                "U.S.",
                "\n\n",
                " i.e. ",
                "“Why?”",
                "Who pays?",
                "ě",
                "-",
                "# ",
                "\t",
                "25.08.2025",
                "\r",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_article_like_text_gives_exact_anchors(body):
    split = split_article(body)
    for span in [s for s in [split.title] if s] + split.sentences:
        assert body[span.start : span.end] == span.text
