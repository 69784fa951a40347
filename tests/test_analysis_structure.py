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
