"""Undercut: a claim or evidence attacks a link (an inference), not a node."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from argmap.maps.models import Link
from argmap.maps.selectors import map_graph
from argmap.maps.services import link_create, link_update, node_create, node_move
from argmap.maps.services_trash import deletion_restore, link_trash, node_trash
from argmap.maps.tree import tree_rows
from tests.factories import MapFactory, NodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inference(workspace):
    """conclusion <-supports- premise (link), and a third claim free to undercut it."""
    map_obj = MapFactory(workspace=workspace)
    conclusion = NodeFactory(map=map_obj, kind="claim", text="Taxes should rise.")
    map_obj.root = conclusion
    map_obj.save()
    premise = node_create(
        map_obj=map_obj,
        kind="claim",
        text="Schools need money.",
        parent=conclusion,
        relation="supports",
    )
    link = Link.objects.get(source=premise)
    return map_obj, conclusion, premise, link


def _undercut(map_obj, link, text="Money is not the schools' problem."):
    return node_create(
        map_obj=map_obj,
        kind="claim",
        text=text,
        parent=link.source,
        relation="undercuts",
        target_link=link,
    )


def test_an_undercut_hangs_under_the_link_it_attacks(inference):
    map_obj, conclusion, premise, link = inference
    undercutter = _undercut(map_obj, link)
    undercut = Link.objects.get(source=undercutter)
    assert (undercut.relation, undercut.target_id, undercut.target_link_id) == (
        "undercuts",
        premise.pk,
        link.pk,
    )
    rows = tree_rows(map_graph(map_obj), conclusion.pk)
    assert [(row["node"].id, row["group"]) for row in rows] == [
        (conclusion.pk, None),
        (premise.pk, "supports"),
        (undercutter.pk, "undercuts"),
    ]


def test_an_undercut_shows_only_under_its_own_link(inference):
    map_obj, conclusion, premise, link = inference
    other = node_create(
        map_obj=map_obj, kind="claim", text="Spend more.", parent=conclusion, relation="supports"
    )
    second = link_create(source=premise, target=other, relation="supports")
    undercutter = _undercut(map_obj, second)
    rows = tree_rows(map_graph(map_obj), conclusion.pk)
    shown = [(row["node"].id, row["link"].id if row["link"] else None) for row in rows]
    assert (undercutter.pk, Link.objects.get(source=undercutter).pk) in shown
    # premise appears twice (under conclusion and under other), the undercut once, after
    # the row of premise reached through ``second``.
    premise_rows = [index for index, (node_id, _) in enumerate(shown) if node_id == premise.pk]
    assert len(premise_rows) == 2
    undercut_row = [node_id for node_id, _ in shown].index(undercutter.pk)
    assert shown[undercut_row - 1] == (premise.pk, second.pk)


def test_undercut_rules(inference):
    map_obj, conclusion, premise, link = inference
    claim = NodeFactory(map=map_obj, kind="claim", text="Unrelated.")
    question = NodeFactory(map=map_obj, kind="question", text="Why?")
    with pytest.raises(ValidationError, match="needs the link"):
        link_create(source=claim, target=premise, relation="undercuts")
    with pytest.raises(ValidationError, match="source of the link"):
        link_create(source=claim, target=conclusion, relation="undercuts", target_link=link)
    with pytest.raises(ValidationError, match="Only an undercut"):
        link_create(source=claim, target=premise, relation="supports", target_link=link)
    with pytest.raises(ValidationError, match="question cannot undercut"):
        link_create(source=question, target=premise, relation="undercuts", target_link=link)
    with pytest.raises(ValidationError, match="own inference"):
        link_create(source=conclusion, target=premise, relation="undercuts", target_link=link)
    answer_link = link_create(source=claim, target=question, relation="answers")
    with pytest.raises(ValidationError, match="supporting or opposing"):
        link_create(source=premise, target=claim, relation="undercuts", target_link=answer_link)
    link_create(source=claim, target=premise, relation="undercuts", target_link=link)
    with pytest.raises(ValidationError, match="already linked"):
        link_create(source=claim, target=premise, relation="undercuts", target_link=link)
    # ...but the same node may still support the premise itself: another pair of things.
    link_create(source=claim, target=premise, relation="supports")


def test_the_database_keeps_undercuts_and_links_apart(inference):
    map_obj, _, premise, link = inference
    claim = NodeFactory(map=map_obj, kind="claim", text="Unrelated.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(map=map_obj, source=claim, target=premise, relation="undercuts")
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(
            map=map_obj, source=claim, target=premise, relation="supports", target_link=link
        )


def test_an_undercut_cannot_close_a_cycle(inference):
    map_obj, conclusion, premise, link = inference
    above = NodeFactory(map=map_obj, kind="claim", text="Above all.")
    link_create(source=conclusion, target=above, relation="supports")
    with pytest.raises(ValidationError, match="cycle"):
        link_create(source=above, target=premise, relation="undercuts", target_link=link)


def test_trashing_a_link_trashes_its_undercuts_and_undo_brings_both_back(inference):
    map_obj, _, premise, link = inference
    undercutter = _undercut(map_obj, link)
    undercut = Link.objects.get(source=undercutter)
    deletion = link_trash(link=link)
    assert not Link.objects.filter(pk__in=[link.pk, undercut.pk]).exists()
    assert deletion_restore(map_obj=map_obj, deletion_id=deletion) == 2
    assert Link.objects.filter(pk__in=[link.pk, undercut.pk]).count() == 2


def test_trashing_the_conclusion_takes_the_undercut_along(inference):
    map_obj, conclusion, premise, link = inference
    other = NodeFactory(map=map_obj, kind="claim", text="Elsewhere.")
    link_create(source=other, target=conclusion, relation="supports")
    middle = node_create(
        map_obj=map_obj, kind="claim", text="Middle.", parent=conclusion, relation="opposes"
    )
    attacked = link_create(source=premise, target=middle, relation="supports")
    undercutter = _undercut(map_obj, attacked)
    node_trash(node=middle)
    assert not Link.objects.filter(source=undercutter).exists()
    assert Link.objects.filter(pk=link.pk).exists()


def test_an_undercut_stays_an_undercut(inference):
    map_obj, conclusion, _, link = inference
    undercut = Link.objects.get(source=_undercut(map_obj, link))
    with pytest.raises(ValidationError, match="undercut attacks a link"):
        link_update(link=undercut, relation="opposes")
    with pytest.raises(ValidationError, match="stays under the link"):
        node_move(link=undercut, new_parent=conclusion)
    link_update(link=link, relation="opposes")  # the attacked link may change sides


@pytest.mark.parametrize("htmx", [True, False])
def test_the_tree_offers_this_does_not_follow_and_adds_an_undercut(editor_client, inference, htmx):
    map_obj, _, premise, link = inference
    page = editor_client.get(f"/maps/{map_obj.pk}/").content.decode()
    add = f"/maps/{map_obj.pk}/nodes/{premise.pk}/add/?relation=undercuts&amp;via={link.pk}"
    assert add in page
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    form = editor_client.get(add.replace("&amp;", "&"), **headers)
    assert form.status_code == 200
    assert "does not follow from this" in form.content.decode()
    assert ("<html" in form.content.decode()) is not htmx
    response = editor_client.post(
        add.replace("&amp;", "&"),
        {"kind": "claim", "relation": "undercuts", "text": "Money is not the problem."},
        **headers,
    )
    assert response.status_code in (200, 302)
    undercut = Link.objects.get(map=map_obj, source__text="Money is not the problem.")
    assert (undercut.relation, undercut.target_link_id) == ("undercuts", link.pk)
    tree = editor_client.get(f"/maps/{map_obj.pk}/").content.decode()
    assert "group-undercuts" in tree and "Does not follow" in tree
