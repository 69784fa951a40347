"""Semantic duplicates: paraphrases written for these tests (one news sentence in two
articles' wordings) are found across the workspace's maps; sentences on the same topic
that say something else, or the opposite, are not."""

import pytest

from argmap.analysis import embeddings, similarity
from argmap.reasoning import duplicates
from argmap.suggestions.models import DismissedSuggestion
from tests.factories import ArticleFactory, MapFactory, NodeFactory, WorkspaceFactory

PARAPHRASES = [
    (
        "More than 360 vessels were waiting to cross the canal.",
        "More than 360 ships were waiting to pass through the waterway.",
    ),
    (
        "The Ever Given container ship was refloated on Monday and the Suez Canal reopened.",
        "The giant container ship Ever Given was finally refloated on Monday, reopening the "
        "Suez Canal.",
    ),
    (
        "Salvage teams dredged sand from under the bow of the ship.",
        "Dredgers removed tonnes of sand from beneath the vessel's bow.",
    ),
    (
        "Egypt loses up to 15 million dollars for each day the canal is closed.",
        "Each day of closure costs Egypt as much as $15 million in lost revenue.",
    ),
]
SAME_TOPIC = [
    (
        "More than 360 vessels were waiting to cross the canal.",
        "The canal authority said strong winds pushed the ship sideways.",
    ),
    (
        "Egypt loses up to 15 million dollars for each day the canal is closed.",
        "The canal authority expects record revenue this year.",
    ),
    (
        "Salvage teams dredged sand from under the bow of the ship.",
        "Tug boats pulled the ship towards the Great Bitter Lake.",
    ),
]


@pytest.mark.parametrize(("one", "other"), PARAPHRASES)
def test_paraphrases_are_close_enough(one, other):
    vectors = embeddings.embed([one, other])
    assert similarity.nearest(vectors[:1], vectors[1:]) == [
        [(0, pytest.approx(float(vectors[0] @ vectors[1])))]
    ]


@pytest.mark.parametrize(("one", "other"), SAME_TOPIC)
def test_other_sentences_on_the_same_topic_are_not(one, other):
    vectors = embeddings.embed([one, other])
    assert similarity.nearest(vectors[:1], vectors[1:]) == [[]]


def test_a_denial_is_not_a_duplicate():
    one, other = (
        "The Ever Given was refloated on Monday.",
        "The Ever Given was not refloated on Monday.",
    )
    vectors = embeddings.embed([one, other])
    score = float(vectors[0] @ vectors[1])
    assert score >= similarity.SAME  # close in meaning...
    assert similarity.contradicts(one, other, score)  # ...but it says the opposite


@pytest.fixture
def canal(db):
    """A workspace with two maps: the first article's, and a second article's sentences
    in another map."""
    workspace = WorkspaceFactory()
    first_article = ArticleFactory(workspace=workspace, body="first")
    second_article = ArticleFactory(workspace=workspace, body="second")
    first = MapFactory(workspace=workspace)
    second = MapFactory(workspace=workspace)
    old = [NodeFactory(map=first, text=one, article=first_article) for one, _ in PARAPHRASES]
    old.append(NodeFactory(map=first, text=SAME_TOPIC[0][1], article=first_article))
    new = [NodeFactory(map=second, text=other, article=second_article) for _, other in PARAPHRASES]
    new.append(NodeFactory(map=second, text=SAME_TOPIC[1][1], article=second_article))
    second.articles.add(second_article)
    return second, second_article, old, new


def test_the_duplicates_page_proposes_paraphrases_from_another_map(canal):
    map_obj, article, old, new = canal
    proposals = duplicates.duplicate_proposals(map_obj, article)
    pairs = {(p.node.pk, p.other.pk) for p in proposals}
    assert pairs == {(n.pk, o.pk) for n, o in zip(new[:4], old[:4], strict=True)}
    assert all(not p.same_map and 0.7 <= p.similarity <= 1 for p in proposals)


def test_a_dismissed_proposal_does_not_come_back(canal):
    map_obj, article, old, new = canal
    DismissedSuggestion.objects.create(node=new[0], parent=old[0], relation="same")
    pairs = {(p.node.pk, p.other.pk) for p in duplicates.duplicate_proposals(map_obj, article)}
    assert (new[0].pk, old[0].pk) not in pairs
    assert len(pairs) == 3


def test_proposals_take_a_fixed_number_of_queries(canal, django_assert_max_num_queries):
    map_obj, article, *_ = canal
    duplicates.duplicate_proposals(map_obj, article)  # vectors stored once
    for index in range(30):
        NodeFactory(map=map_obj, text=f"Another sentence number {index}.", article=article)
    duplicates.duplicate_proposals(map_obj, article)
    with django_assert_max_num_queries(6):
        duplicates.duplicate_proposals(map_obj, article)
