"""Strengths on stored maps: the demo map's worked example (docs/reasoning.md), the
team's and one member's ratings as basis, what-if, and fixed query counts."""

import pytest
from django.core.management import call_command

from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph
from argmap.reasoning import selectors, services
from argmap.reasoning.selectors import Basis
from argmap.teams.models import Workspace
from tests.factories import LinkFactory, NodeFactory, UserFactory, big_map

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    settings.DEMO_USERNAME, settings.DEMO_PASSWORD = "demo", "demo-argmap"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Map.objects.get(workspace=Workspace.objects.get(name="Demo"))


def _node(map_obj, start: str) -> Node:
    return Node.objects.get(map=map_obj, text__startswith=start)


def test_the_worked_example_of_the_demo_map(demo):
    map_obj = demo
    strengths = selectors.map_strengths(map_obj)
    americans = _node(map_obj, "At the same time, the Americans")
    west = _node(map_obj, "But the West itself")
    zelensky = _node(map_obj, "On the other hand, Zelensky")
    meloni = _node(map_obj, "As well as Italian")
    root = map_obj.root
    # Supporters: a claim (0.5) and evidence graded C3 (0.6); one attacker (0.5):
    # vs = 1 - 0.5 * 0.4 = 0.8, va = 0.5, so 0.5 + 0.5 * (0.8 - 0.5) = 0.65.
    assert strengths[_node(map_obj, "The eurointelligence.com").pk] == pytest.approx(0.6)
    assert strengths[americans.pk] == pytest.approx(0.65)
    # Two supporters: 0.5 + 0.5 * 0.75; it attacks Zelensky's wish: 0.5 - 0.5 * 0.875.
    assert strengths[west.pk] == pytest.approx(0.875)
    assert strengths[zelensky.pk] == pytest.approx(0.0625)
    assert strengths[meloni.pk] == pytest.approx(0.25)
    assert strengths[root.pk] is None  # a question has no strength


def test_grading_the_evidence_raises_what_it_supports(demo):
    map_obj = demo
    evidence = _node(map_obj, "The eurointelligence.com")
    Node.objects.filter(pk=evidence.pk).update(source_reliability="B", information_credibility=2)
    strengths = selectors.map_strengths(map_obj)
    assert strengths[evidence.pk] == pytest.approx(0.75)
    # vs = 1 - (1 - 0.5)(1 - 0.75) = 0.875, va = 0.5: 0.5 + 0.5 * 0.375.
    assert strengths[_node(map_obj, "At the same time, the Americans").pk] == pytest.approx(0.6875)


def test_what_if_lists_what_moves(demo):
    map_obj = demo
    impossible = _node(map_obj, "The mandatory delivery")
    result = selectors.what_if(map_obj, basis=Basis(), disabled_nodes={impossible.pk})
    moved = {change.node.id: (change.before, change.after) for change in result.changes}
    west = _node(map_obj, "But the West itself").pk
    zelensky = _node(map_obj, "On the other hand, Zelensky").pk
    meloni = _node(map_obj, "As well as Italian").pk
    assert moved[impossible.pk] == (0.5, None)
    assert moved[west] == pytest.approx((0.875, 0.75))
    assert moved[zelensky] == pytest.approx((0.0625, 0.125))
    assert moved[meloni] == pytest.approx((0.25, 0.5))
    assert len(moved) == 4


def test_switching_a_link_off(demo):
    map_obj = demo
    link = Link.objects.get(map=map_obj, rationale__startswith="Air support")
    result = selectors.what_if(map_obj, basis=Basis(), disabled_links={link.pk})
    # Without its attacker: 0.5 + 0.5 * 0.8.
    assert [(c.node.id, c.after) for c in result.changes] == [(link.target_id, pytest.approx(0.9))]


def test_team_mean_and_one_members_ratings(workspace):
    claim = NodeFactory(map__workspace=workspace, text="Claim")
    supporter = NodeFactory(map=claim.map, text="Support")
    link = LinkFactory(source=supporter, target=claim, relation="supports")
    alice, bob = UserFactory(), UserFactory()
    services.node_rate(node=supporter, user=alice, plausibility=0.2)
    services.node_rate(node=supporter, user=bob, plausibility=0.6)
    services.link_rate(link=link, user=bob, weight=0.5)
    analyst = selectors.map_strengths(claim.map)
    team = selectors.map_strengths(claim.map, basis=Basis.parse("team"))
    only_bob = selectors.map_strengths(claim.map, basis=Basis.parse(f"member:{bob.pk}"))
    only_alice = selectors.map_strengths(claim.map, basis=Basis.parse(f"member:{alice.pk}"))
    assert analyst[claim.pk] == pytest.approx(0.75)  # 0.5 + 0.5 * 0.5
    assert team[supporter.pk] == pytest.approx(0.4)
    assert team[claim.pk] == pytest.approx(0.5 + 0.5 * 0.4 * 0.5)
    assert only_bob[claim.pk] == pytest.approx(0.5 + 0.5 * 0.6 * 0.5)
    assert only_alice[claim.pk] == pytest.approx(0.5 + 0.5 * 0.2)
    nodes, links = selectors.ratings_spread(claim.map, bob)
    assert nodes[supporter.pk].mean == pytest.approx(0.4)
    assert nodes[supporter.pk].deviation == pytest.approx(0.2)
    assert (nodes[supporter.pk].low, nodes[supporter.pk].high) == (0.2, 0.6)
    assert nodes[supporter.pk].mine == 0.6 and links[link.pk].mine == 0.5


def test_basis_parsing():
    assert Basis.parse("team") == Basis("team")
    assert Basis.parse("member:12") == Basis("member", 12)
    assert str(Basis.parse("member:12")) == "member:12"
    for junk in (None, "", "member:", "member:x", "everyone"):
        assert Basis.parse(junk) == Basis()


def test_annotate_rows_puts_strength_on_tree_rows(workspace):
    from argmap.maps.tree import tree_rows

    map_obj = big_map(30, workspace=workspace)
    graph = map_graph(map_obj)
    rows = selectors.annotate_rows(
        tree_rows(graph, graph.root_id), selectors.map_strengths(map_obj, graph=graph)
    )
    assert rows[0]["strength"] is None  # the root question
    assert all(0 <= row["strength"] <= 1 for row in rows[1:])


@pytest.mark.parametrize("basis", ["analyst", "team"])
def test_strengths_take_a_fixed_number_of_queries(workspace, basis, django_assert_max_num_queries):
    map_obj = big_map(1000, workspace=workspace)
    with django_assert_max_num_queries(4 if basis == "team" else 2):
        strengths = selectors.map_strengths(map_obj, basis=Basis.parse(basis))
    assert len(strengths) == 1000


def test_what_if_takes_a_fixed_number_of_queries(workspace, django_assert_max_num_queries):
    map_obj = big_map(1000, workspace=workspace)
    off = set(Node.objects.filter(map=map_obj).values_list("pk", flat=True)[10:60])
    with django_assert_max_num_queries(4):
        result = selectors.what_if(map_obj, basis=Basis.parse("team"), disabled_nodes=off)
    assert result.changes


def test_annotate_rows_formats_labels_once(workspace):
    from argmap.maps.tree import tree_rows

    map_obj = big_map(6, workspace=workspace)
    graph = map_graph(map_obj)
    rows = selectors.annotate_rows(tree_rows(graph, graph.root_id), {graph.root_id: None})
    assert rows[0]["strength_label"] == "" and rows[0]["repeat"] is False
    rows = selectors.annotate_rows(
        tree_rows(graph, graph.root_id), dict.fromkeys(graph.nodes, 0.625)
    )
    assert rows[1]["strength_label"] == "0.62"


@pytest.mark.parametrize("basis", ["analyst", "team"])
def test_lean_loading_gives_the_same_strengths_as_the_graph(workspace, basis):
    map_obj = big_map(300, workspace=workspace)
    nodes = list(Node.objects.filter(map=map_obj).order_by("id")[1:40])
    Node.objects.filter(pk=nodes[3].pk).update(base_score=0.9)
    rater = UserFactory()
    services.node_rate(node=nodes[5], user=rater, plausibility=0.1)
    link = Link.objects.filter(map=map_obj, relation="supports").first()
    services.link_rate(link=link, user=rater, weight=0.3)
    lean = selectors.map_strengths(map_obj, basis=Basis.parse(basis))
    full = selectors.map_strengths(map_obj, graph=map_graph(map_obj), basis=Basis.parse(basis))
    assert lean == full
    # The inputs matter: the analyst's base score, and the team's rating on "team".
    neutral = map_graph(map_obj)
    neutral.nodes[nodes[3].pk].base_score = None
    plain = selectors.graph_strengths(neutral)
    changed = {nodes[3].pk, nodes[5].pk} if basis == "team" else {nodes[3].pk}
    assert {n for n in lean if lean[n] != plain[n]} >= changed
