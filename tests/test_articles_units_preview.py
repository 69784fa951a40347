"""The import preview's unit corrections: a cut inside a sentence is marked, one click
merges it back, a unit is cut before any word, and what is saved is what was shown."""

import re

import pytest
from django.urls import reverse

from argmap.maps.models import Map, Node

pytestmark = pytest.mark.django_db

TEXT = (
    "Who pays for the troops?\n\n"
    "Europe will pay, but the US will not pay for them. Poland wants to send soldiers soon."
)


def _preview(client, workspace, **extra):
    data = {"workspace": workspace.pk, "text": TEXT, "step": "preview", **extra}
    return client.post(reverse("article_import"), data)


def _form(html: str) -> dict:
    """The preview's hidden unit rows, kinds and digest, as the browser would post them."""
    fields = dict(re.findall(r'name="((?:unit|units-of)[^"]*)" value="([^"]*)"', html))
    count = sum(name.startswith("unit-") for name in fields)
    fields |= {f"kind-{index}": "claim" for index in range(count)}
    return fields


def _texts(html: str) -> list[str]:
    return re.findall(r'<span class="sentence-text"[^>]*>([^<]*)</span>', html)


def test_a_cut_inside_a_sentence_is_marked_with_a_merge_button(editor_client, workspace):
    html = _preview(editor_client, workspace).content.decode()
    assert _texts(html) == [
        "Europe will pay,",
        "but the US will not pay for them.",
        "Poland wants to send soldiers soon.",
    ]
    assert html.count('class="unit-cut"') == 1
    assert '<button class="link merge" name="merge" value="1"' in html


def test_merge_joins_a_cut_back_and_save_keeps_it(editor_client, workspace):
    first = _preview(editor_client, workspace).content.decode()
    merged = _preview(editor_client, workspace, merge="1", **_form(first))
    html = merged.content.decode()
    assert merged.status_code == 200
    assert _texts(html) == [
        "Europe will pay, but the US will not pay for them.",
        "Poland wants to send soldiers soon.",
    ]
    assert 'class="unit-cut"' not in html
    saved = editor_client.post(
        reverse("article_import"),
        {"workspace": workspace.pk, "text": TEXT, "step": "save", **_form(html)},
    )
    assert saved.status_code == 302
    map_obj = Map.objects.get()
    texts = set(Node.objects.filter(map=map_obj).values_list("text", flat=True))
    assert "Europe will pay, but the US will not pay for them." in texts
    assert map_obj.articles.get().stored_split.units[0].text.startswith("Europe will pay, but")


def test_split_before_typed_words_and_at_a_clicked_offset(editor_client, workspace):
    first = _preview(editor_client, workspace).content.decode()
    typed = _preview(
        editor_client, workspace, split="2", **{"split-words-2": "to send"}, **_form(first)
    ).content.decode()
    assert _texts(typed)[2:] == ["Poland wants", "to send soldiers soon."]
    assert typed.count('class="unit-cut"') == 2
    # The script posts an offset into the body; inside a word it moves to the word's start.
    offset = TEXT.index("soldiers") + 3
    clicked = _preview(
        editor_client, workspace, split="3", **{"split-at": str(offset)}, **_form(typed)
    ).content.decode()
    assert _texts(clicked)[3:] == ["to send", "soldiers soon."]


def test_a_split_that_is_not_inside_the_unit_is_a_message(editor_client, workspace):
    first = _preview(editor_client, workspace).content.decode()
    response = _preview(
        editor_client, workspace, split="0", **{"split-words-0": "nowhere"}, **_form(first)
    )
    assert response.status_code == 422
    assert "Type the first words of the new unit" in response.content.decode()
    assert len(_texts(response.content.decode())) == 3  # the preview is still there


def test_posted_units_that_do_not_fit_the_text_are_refused(editor_client, workspace):
    first = _preview(editor_client, workspace).content.decode()
    form = _form(first) | {"unit-1": "5:4000:1"}
    response = editor_client.post(
        reverse("article_import"),
        {"workspace": workspace.pk, "text": TEXT, "step": "save", **form},
    )
    assert response.status_code == 422
    assert "The text changed since the preview" in response.content.decode()
    assert Map.objects.count() == 0


def test_non_english_text_says_clause_units_are_english_only(editor_client, workspace):
    text = "Kdo zaplatí vojáky?\n\nEvropa zaplatí, ale USA ne. To je jasné a vláda to ví."
    response = editor_client.post(
        reverse("article_import"), {"workspace": workspace.pk, "text": text, "step": "preview"}
    )
    assert "not English: it is split into sentences only" in response.content.decode()


def test_the_reader_marks_where_a_unit_starts_inside_a_sentence(editor_client, workspace):
    first = _preview(editor_client, workspace).content.decode()
    editor_client.post(
        reverse("article_import"),
        {"workspace": workspace.pk, "text": TEXT, "step": "save", **_form(first)},
    )
    article = Map.objects.get().articles.get()
    html = editor_client.get(reverse("article_reader", args=[article.pk])).content.decode()
    start = TEXT.index("but the US")
    # Each unit is a node, so its highlight is the unit; the cut is marked on its run.
    assert re.search(rf'<mark class="claim unit-start" id="at-\d+" data-start="{start}"', html)
    assert "a unit starts inside a sentence: 1" in html
