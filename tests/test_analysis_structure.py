"""The suggested structure of an argument, on units written for these tests."""

import numpy as np
import pytest

from argmap.analysis import drafts, embeddings, markers, structure


def draft(texts, **kwargs):
    return drafts.draft(texts, embeddings.embed(texts), **kwargs)


def top(result, index):
    return result.suggestions[index][0]


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("But the West itself is not clear about them.", "rebuttal", "But"),
        ("The plan, however, was dropped.", "rebuttal", "however"),
        ("On the other hand, Kyiv wants guarantees.", "rebuttal", "On the other hand"),
        ("Because the ships were stuck, prices rose.", "backward", "Because"),
        ("It also raises the cost of insurance.", "addition", "also"),
        ("Therefore the canal must be widened.", "forward", "Therefore"),
        ("In my opinion, hunting should stay legal.", "thesis", "In my opinion"),
        ("The ship was refloated on Monday.", "", ""),
    ],
)
def test_opening_words_are_read_as_a_reader_would(text, kind, words):
    assert markers.opening(text) == markers.Opening(kind, words)


def test_a_reported_view_is_an_objection_and_negation_is_counted():
    assert markers.is_objection("Some would argue that tolls keep ships away.")
    assert markers.is_objection("Critics say the canal is too narrow.")
    assert not markers.is_objection("The canal is too narrow for the largest ships.")
    assert markers.negations("The Poles refused and did not send troops.") == 2
    assert markers.negations("The Poles sent troops.") == 0


ARGUMENT = [
    "The city should build a second bridge over the river.",
    "because the old bridge is jammed every morning.",
    "Commuters lose an hour a day in the queues.",
    "Some people argue that a new bridge would cost too much.",
    "But the toll would repay the loan within twenty years.",
]


def test_markers_and_position_give_the_parents_and_relations():
    result = draft(ARGUMENT)
    assert result.central == 0  # the first unit, a "should" claim; it is the root itself
    # ...whose own suggestions say where it would go under another main claim.
    assert structure.ROOT not in {s.parent for s in result.suggestions[0]}
    assert drafts.tree_choice(result)[0] is None
    # "because" gives a reason for the sentence before, here the root.
    assert (top(result, 1).parent, top(result, 1).relation) == (structure.ROOT, "supports")
    assert "because" in top(result, 1).reason
    # A reported view goes against the main claim.
    assert (top(result, 3).parent, top(result, 3).relation) == (structure.ROOT, "opposes")
    # "But" right after the objection answers it.
    assert (top(result, 4).parent, top(result, 4).relation) == (3, "opposes")
    assert top(result, 4).reason.startswith("starts with “But”")


def test_scores_are_shares_best_first():
    for suggestions in draft(ARGUMENT).suggestions[1:]:
        scores = [s.score for s in suggestions]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= score <= 1 for score in scores)


def test_a_title_that_asks_a_question_is_the_root_and_claims_answer_it():
    units = [
        "France and Britain will not send troops in the end.",
        "Who will pay for their posting?",
        "The Europeans will have to pay for it.",
    ]
    title = "Who will send troops to Ukraine?"
    vectors = embeddings.embed([*units, title])
    result = drafts.draft(
        units, vectors[:3], title=title, title_vector=vectors[3], title_kind="question"
    )
    assert result.root_is_title
    assert (top(result, 0).parent, top(result, 0).relation) == (structure.ROOT, "answers")
    assert (top(result, 1).parent, top(result, 1).relation) == (structure.ROOT, "questions")
    # A single question is answered by the sentence after it.
    assert (top(result, 2).parent, top(result, 2).relation) == (1, "answers")


def test_the_central_claim_may_come_last_after_a_concession():
    units = [
        "Although mobile phones distract drivers,",
        "many drivers use them only at red lights.",
        "Phone calls at the wheel still cause accidents every day.",
        "In conclusion, phoning while driving should be banned.",
    ]
    assert draft(units).central == 3


def test_the_chosen_tree_has_no_cycle():
    # Two units that each rank the other first: one of them must go elsewhere.
    s = structure.Suggestion
    result = drafts.Draft(
        central=None,
        root_is_title=True,
        suggestions=[
            [s(1, "supports", 0.9, ""), s(structure.ROOT, "supports", 0.1, "")],
            [s(0, "supports", 0.8, ""), s(structure.ROOT, "supports", 0.2, "")],
        ],
    )
    chosen = drafts.tree_choice(result)
    assert [c.parent for c in chosen] == [1, structure.ROOT]


def test_vectors_are_unit_length_and_round_trip_through_bytes():
    vectors = embeddings.embed(["One sentence.", "Another, longer sentence about ships."])
    assert vectors.shape == (2, embeddings.DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    back = embeddings.from_bytes([embeddings.to_bytes(v) for v in vectors])
    assert np.array_equal(back, vectors)
    assert len(embeddings.to_bytes(vectors[0])) == 4 * embeddings.DIMENSION


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path):
    other = tmp_path / "model.onnx"
    other.write_bytes(b"not the model")
    with pytest.raises(embeddings.ModelUnavailable, match="not the pinned file"):
        embeddings._checked(other, embeddings.MODEL_SHA256)


# -- the rules a reader of argumentation uses (examples written for these tests) -----------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("For the most part, the ferries ran on time.", ""),  # no reason: "For the most part"
        ("As a harbour pilot, I know the channel.", ""),  # "As a ...": no reason
        ("As long as the dredgers work, the port stays open.", ""),
        ("As the tide fell, the ship touched the bottom.", "backward"),
        ("As a result, freight rates doubled.", "forward"),
        ("The tugs will also need a second crew.", "addition"),  # "also" inside the clause
        ("But also, the pilots want higher pay.", "addition"),
        ("The canal is cheaper, though.", "rebuttal"),  # a closing contrast
    ],
)
def test_opening_words_that_look_like_markers_but_are_not(text, kind):
    assert markers.opening(text).kind == kind


def test_concessions_holding_and_reported_views_are_told_apart():
    # "Although X," grants X; "Although X, Y." as one unit states Y.
    assert markers.concedes("Although the toll is high,")
    assert not markers.concedes("Although the toll is high, ships keep coming.")
    assert markers.concedes("Of course the toll is high.")
    assert markers.holds("Nevertheless, the canal must be widened.")
    assert markers.holds("Despite this, the port should stay open.")
    assert not markers.holds("But the port should stay open.")
    # A view is reported with a verb of saying or thinking.
    assert markers.is_objection("There are those who say the dredging costs too much.")
    assert not markers.is_objection("Some sailors may be more careful in fog.")
    assert markers.is_anecdote("I live in a harbour town.")
    assert not markers.is_anecdote("I think harbour towns need ferries.")
    assert markers.parallel("The Danes declined.", "The Swedes sent two ships.")
    assert not markers.parallel("The harbour is deep.", "The ships sent signals.")


def test_but_after_the_first_sentence_makes_it_a_granted_point():
    units = [
        "Ferries are slower than the bridge,",
        "but the island should keep its ferry service.",
        "Many islanders cannot drive.",
        "The ferry also carries freight at night.",
    ]
    assert draft(units).central == 1


def test_a_text_opening_with_a_reported_view_answers_it_with_its_claim():
    units = [
        "Some people argue that school uniforms stifle creativity.",
        "Uniforms should stay in our schools.",
        "They spare poorer families the cost of fashionable clothes.",
        "Pupils can show creativity in their work instead.",
    ]
    result = draft(units)
    assert result.central == 1
    assert (top(result, 0).parent, top(result, 0).relation) == (structure.ROOT, "opposes")


def test_an_anecdote_opening_a_text_is_not_its_claim():
    units = [
        "I grew up in a town with a night bus.",
        "Every Friday the bus took dozens of young people home safely.",
        "Towns should therefore keep their night buses running.",
    ]
    assert draft(units).central == 2


def test_a_concession_opening_a_sentence_goes_against_the_claim_argued():
    units = [
        "Cities should plant more trees along their streets.",
        "Trees cool the air on hot days.",
        "Of course, roots can damage the pavement.",
        "But modern planters keep the roots down.",
    ]
    result = draft(units)
    assert result.central == 0
    # Not against the sentence before it: against the claim that sentence backs.
    assert (top(result, 2).parent, top(result, 2).relation) == (structure.ROOT, "opposes")
    assert "grants a point" in top(result, 2).reason
    assert (top(result, 3).parent, top(result, 3).relation) == (2, "opposes")


def test_a_reason_given_in_a_clause_is_explained_by_the_next_sentence():
    units = [
        "The library should open on Sundays,",
        "because many students work during the week.",
        "Half of the students in our town have a weekday job.",
    ]
    result = draft(units)
    assert (top(result, 2).parent, top(result, 2).relation) == (1, "supports")
    assert top(result, 2).reason == "explains the reason given just before"


def test_what_follows_a_reported_view_answers_it():
    units = [
        "The town should build a skate park.",
        "Some residents say that skaters are noisy.",
        "I disagree.",
    ]
    result = draft(units)
    assert (top(result, 2).parent, top(result, 2).relation) == (1, "opposes")


def test_a_unit_first_in_its_text_ranks_with_a_sibling_given_by_the_map():
    # On a map page the place of the node before comes from the map, and the node before
    # may belong to another article: no sentence before it in its own text.
    texts = ["The port will reopen on Monday.", "The port will stay shut all week."]
    units = structure.Units(texts, embeddings.embed(texts), segments=["one", "two"])
    ranked = units.rank(1, root_unit=None, sibling_parent=0)
    assert ranked and {s.parent for s in ranked} <= {0, structure.ROOT}


def test_the_unit_after_the_main_claim_shares_no_parent_with_it():
    # The root has no parent: the sentence after it is not "another point on the same
    # claim as the sentence before".
    units = [
        "The council should ban cars from the old town.",
        "The streets there are very narrow.",
    ]
    result = draft(units)
    assert result.central == 0
    assert top(result, 1).parent == structure.ROOT
    assert "same claim as the sentence before" not in top(result, 1).reason
