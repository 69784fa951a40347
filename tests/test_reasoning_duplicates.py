"""Duplicates across articles: adding an article, proposals, merge and undo. (Matching
paraphrases is tested in test_suggestions_duplicates.py.)"""

import pytest
from django.core.exceptions import ValidationError

from argmap.maps.models import Link, Node, NodeAnchor
from argmap.maps.services import link_create
from argmap.reasoning import duplicates, selectors, services
from tests.factories import ArticleFactory, MapFactory, NodeFactory, UserFactory

pytestmark = pytest.mark.django_db

FIRST = (
    "Who will send troops?\n\nThe Poles refused to be sent. "
    "The Germans say they have soldiers in Lithuania and will not send more to Ukraine."
)
SECOND = (
    "Europe hesitates\n\nGermany says it has soldiers in Lithuania and will not send more to "
    "Ukraine. Nobody knows who will pay. The weather in Kyiv was mild."
)


@pytest.fixture
def two_articles(workspace):
    first = ArticleFactory(workspace=workspace, body=FIRST)
    second = ArticleFactory(workspace=workspace, body=SECOND)
    root = NodeFactory(map__workspace=workspace, kind="question", text="Who will send troops?")
    map_obj = root.map
    map_obj.root = root
    map_obj.save()
    map_obj.articles.add(first)
    germans = NodeFactory(
        map=map_obj,
        text="The Germans say they have soldiers in Lithuania and will not send more to Ukraine.",
        article=first,
        anchor_start=FIRST.index("The Germans"),
        anchor_end=len(FIRST),
    )
    link_create(source=germans, target=root, relation="answers")
    return map_obj, first, second, germans


def test_adding_an_article_proposes_its_duplicates(two_articles):
    map_obj, first, second, germans = two_articles
    nodes = services.map_add_article(map_obj=map_obj, article=second)
    assert {node.text for node in nodes} >= {"The weather in Kyiv was mild."}
    assert all(node.article_id == second.pk for node in nodes)
    assert all(second.body[n.anchor_start : n.anchor_end] == n.text for n in nodes)
    proposals = duplicates.duplicate_proposals(map_obj, second)
    assert len(proposals) == 1
    assert proposals[0].other.id == germans.pk
    assert proposals[0].node.text.startswith("Germany says")
    with pytest.raises(ValidationError, match="already part of the map"):
        services.map_add_article(map_obj=map_obj, article=second)
    with pytest.raises(ValidationError, match="another workspace"):
        services.map_add_article(map_obj=map_obj, article=ArticleFactory())


def test_merge_keeps_one_node_with_both_anchors_and_its_links_then_undoes(two_articles):
    map_obj, _, second, germans = two_articles
    user = UserFactory()
    services.map_add_article(map_obj=map_obj, article=second)
    germany = Node.objects.get(map=map_obj, text__startswith="Germany says")
    backing = NodeFactory(map=map_obj, text="Berlin confirmed it.")
    doubt = NodeFactory(map=map_obj, text="Berlin may change its mind.")
    supports = link_create(source=backing, target=germany, relation="supports")
    opposes = link_create(source=doubt, target=germany, relation="opposes")
    also = link_create(source=doubt, target=germans, relation="opposes")  # would duplicate
    merge = services.node_merge(kept=germans, absorbed=germany, user=user)

    germany.refresh_from_db()
    assert germany.is_deleted
    anchors = list(NodeAnchor.objects.filter(node=germans))
    assert [(a.article_id, a.anchor_exact) for a in anchors] == [(second.pk, germany.text)]
    extra = selectors.extra_anchors_in(second)
    assert [(a.id, a.kind, a.anchor_start) for a in extra] == [
        (germans.pk, "claim", germany.anchor_start)
    ]
    supports.refresh_from_db()
    assert (supports.source_id, supports.target_id, supports.is_deleted) == (
        backing.pk,
        germans.pk,
        False,
    )
    opposes.refresh_from_db()
    assert opposes.is_deleted  # doubt already opposes germans: no duplicate link
    assert merge.dropped == [[opposes.pk, "These two nodes are already linked."]]
    assert Link.objects.filter(source=doubt, target=germans).count() == 1
    assert supports.history.first().history_change_reason.startswith("merge of node")

    services.merge_undo(merge=merge)
    germany.refresh_from_db()
    supports.refresh_from_db()
    opposes.refresh_from_db()
    also.refresh_from_db()
    assert not germany.is_deleted
    assert (supports.source_id, supports.target_id) == (backing.pk, germany.pk)
    assert not opposes.is_deleted and opposes.target_id == germany.pk
    assert not also.is_deleted
    assert not NodeAnchor.objects.filter(node=germans).exists()
    assert selectors.extra_anchors_in(second) == []
    with pytest.raises(ValidationError, match="already undone"):
        services.merge_undo(merge=merge)


def test_merge_drops_a_link_that_would_close_a_cycle():
    map_obj = MapFactory()
    kept, absorbed, middle = (NodeFactory(map=map_obj, text=t) for t in ("K", "D", "M"))
    link_create(source=kept, target=middle, relation="supports")  # K -> M
    closing = link_create(source=middle, target=absorbed, relation="supports")  # M -> D
    merge = services.node_merge(kept=kept, absorbed=absorbed)
    closing.refresh_from_db()
    assert closing.is_deleted
    assert "cycle" in merge.dropped[0][1]


def test_merge_refuses_what_cannot_be_merged(two_articles):
    map_obj, _, _, germans = two_articles
    with pytest.raises(ValidationError, match="itself"):
        services.node_merge(kept=germans, absorbed=germans)
    with pytest.raises(ValidationError, match="kinds differ"):
        services.node_merge(kept=germans, absorbed=NodeFactory(map=map_obj, kind="evidence"))
    with pytest.raises(ValidationError, match="root"):
        services.node_merge(kept=NodeFactory(map=map_obj, kind="question"), absorbed=map_obj.root)
    with pytest.raises(ValidationError, match="same map"):
        services.node_merge(kept=germans, absorbed=NodeFactory())
