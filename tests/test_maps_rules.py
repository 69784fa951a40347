import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from argmap.maps.models import Link, Node
from argmap.maps.selectors import map_graph
from argmap.maps.services import StaleEdit, link_create, node_create, node_move, node_update
from argmap.maps.services_trash import deletion_restore, link_trash, node_trash
from tests.factories import LinkFactory, MapFactory, NodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    """question <-answers- a <-supports- b <-supports- c"""
    map_obj = MapFactory()
    question = NodeFactory(map=map_obj, kind="question", text="Who pays?")
    map_obj.root = question
    map_obj.save()
    a = node_create(
        map_obj=map_obj, kind="claim", text="Europe pays.", parent=question, relation="answers"
    )
    b = node_create(
        map_obj=map_obj, kind="claim", text="It is their continent.", parent=a, relation="supports"
    )
    c = node_create(
        map_obj=map_obj, kind="claim", text="Vance said so.", parent=b, relation="supports"
    )
    return map_obj, question, a, b, c


def test_self_link_is_refused_by_the_service_and_the_database(chain):
    _, _, a, _, _ = chain
    with pytest.raises(ValidationError, match="itself"):
        link_create(source=a, target=a, relation="supports")
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(map=a.map, source=a, target=a, relation="supports")


def test_duplicate_link_is_refused(chain):
    _, _, a, b, _ = chain
    with pytest.raises(ValidationError, match="already linked"):
        link_create(source=b, target=a, relation="opposes")
    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(map=a.map, source=b, target=a, relation="opposes")


def test_link_closing_a_cycle_is_refused_with_a_clear_message(chain):
    _, _, a, _, c = chain
    before = Link.objects.count()
    with pytest.raises(ValidationError, match="cycle"):
        link_create(source=a, target=c, relation="supports")
    assert Link.objects.count() == before


def test_evidence_may_support_several_claims(chain):
    map_obj, _, a, b, _ = chain
    evidence = node_create(
        map_obj=map_obj,
        kind="evidence",
        text="Budget figures.",
        parent=a,
        relation="supports",
        source_reliability="B",
        information_credibility=2,
    )
    link_create(source=evidence, target=b, relation="supports")
    assert {link.target_id for link in map_graph(map_obj).parents[evidence.pk]} == {a.pk, b.pk}


@pytest.mark.parametrize(
    ("source_kind", "target_kind", "relation", "message"),
    [
        ("claim", "claim", "answers", "A claim cannot answer a claim."),
        ("evidence", "question", "answers", "An evidence cannot answer a question."),
        ("claim", "question", "supports", "A claim cannot support a question."),
        ("claim", "claim", "sings", "Unknown relation"),
    ],
)
def test_relation_must_fit_the_kinds(source_kind, target_kind, relation, message):
    map_obj = MapFactory()
    source = NodeFactory(map=map_obj, kind=source_kind)
    target = NodeFactory(map=map_obj, kind=target_kind)
    with pytest.raises(ValidationError, match=message):
        link_create(source=source, target=target, relation=relation)


def test_link_across_maps_is_refused():
    with pytest.raises(ValidationError, match="same map"):
        link_create(source=NodeFactory(), target=NodeFactory(), relation="supports")


def test_grade_only_on_evidence_is_enforced_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        NodeFactory(kind="claim", source_reliability="A", information_credibility=1)


def test_move_under_a_descendant_is_refused(chain):
    _, question, a, b, c = chain
    link = Link.objects.get(source=a, target=question)
    with pytest.raises(ValidationError, match="cycle"):
        node_move(link=link, new_parent=c, relation="supports")
    link_c = Link.objects.get(source=c)
    node_move(link=link_c, new_parent=a)
    assert Link.objects.get(source=c).target == a


def test_trash_takes_the_subtree_and_undo_restores_it_exactly(chain):
    map_obj, _, a, b, c = chain
    graph_before = map_graph(map_obj)
    deletion_id = node_trash(node=b)
    assert set(Node.objects.filter(map=map_obj).values_list("pk", flat=True)) == {
        map_obj.root_id,
        a.pk,
    }
    assert Node.all_objects.filter(deletion_id=deletion_id).count() == 2
    deletion_restore(map_obj=map_obj, deletion_id=deletion_id)
    graph_after = map_graph(map_obj)
    assert graph_after.nodes == graph_before.nodes
    assert graph_after.links == graph_before.links


def test_trash_keeps_a_child_that_hangs_elsewhere_too(chain):
    map_obj, _, a, b, c = chain
    link_create(source=c, target=a, relation="opposes")
    node_trash(node=b)
    assert Node.objects.filter(pk=c.pk).exists()


def test_link_trash_and_restore(chain):
    map_obj, _, a, b, _ = chain
    link = Link.objects.get(source=b, target=a)
    deletion_id = link_trash(link=link)
    assert not Link.objects.filter(pk=link.pk).exists()
    deletion_restore(map_obj=map_obj, deletion_id=deletion_id)
    assert Link.objects.get(pk=link.pk).relation == "supports"


def test_undo_that_would_close_a_cycle_is_refused_and_restores_nothing(chain):
    map_obj, _, a, b, _ = chain
    deletion_id = link_trash(link=Link.objects.get(source=b, target=a))
    newer = link_create(source=a, target=b, relation="supports")  # now a hangs under b
    with pytest.raises(ValidationError, match="cycle") as refused:
        deletion_restore(map_obj=map_obj, deletion_id=deletion_id)
    assert "Remove or move that newer link first" in str(refused.value)
    assert not Link.objects.filter(source=b, target=a).exists()
    assert Link.all_objects.filter(deletion_id=deletion_id).count() == 1  # still in the trash
    link_trash(link=newer)
    deletion_restore(map_obj=map_obj, deletion_id=deletion_id)
    assert Link.objects.filter(source=b, target=a).exists()


def test_root_cannot_be_trashed(chain):
    map_obj, question, *_ = chain
    with pytest.raises(ValidationError, match="root"):
        node_trash(node=question)


def test_stale_edit_is_refused_and_keeps_the_first_save():
    node = NodeFactory(text="Original.")
    first = Node.objects.get(pk=node.pk)
    second = Node.objects.get(pk=node.pk)
    node_update(node=first, expected_version=1, text="First editor.")
    with pytest.raises(StaleEdit) as error:
        node_update(node=second, expected_version=1, text="Second editor.")
    assert error.value.current.text == "First editor."
    node.refresh_from_db()
    assert (node.text, node.version) == ("First editor.", 2)
    assert node.history.count() == 2


def test_empty_text_is_refused():
    with pytest.raises(ValidationError, match="text"):
        node_create(map_obj=MapFactory(), kind="claim", text="   ")


def test_link_factory_links_within_one_map():
    link = LinkFactory()
    assert link.source.map_id == link.target.map_id == link.map_id
