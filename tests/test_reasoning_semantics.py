"""DF-QuAD against values computed by hand from the definitions in Rago et al. (2016),
and its properties checked with hypothesis."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from argmap.maps.graph import NodeData
from argmap.reasoning.semantics import (
    Edge,
    aggregate,
    base_score_of,
    combine,
    grade_score,
    strength_changes,
    strengths,
)


def test_aggregate_is_the_probabilistic_sum():
    assert aggregate([]) == 0
    assert aggregate([0.5]) == 0.5
    assert aggregate([0.5, 0.5]) == pytest.approx(0.75)
    assert aggregate([0.8, 0.6]) == pytest.approx(0.92)
    assert aggregate([1.0, 0.3]) == 1.0


def test_combine_moves_the_base_score_by_the_difference():
    assert combine(0.5, 0.4, 0.4) == 0.5
    assert combine(0.5, 0.4, 0.92) == pytest.approx(0.76)  # 0.5 + 0.5 * 0.52
    assert combine(0.8, 0.75, 0.25) == pytest.approx(0.4)  # 0.8 - 0.8 * 0.5
    assert combine(0.3, 1.0, 0.0) == 0.0
    assert combine(0.3, 0.0, 1.0) == 1.0


def test_a_two_level_graph_by_hand():
    """a has supporters b, c and attacker d; d is attacked by e.

    σ(e) = 0.6 (leaf); σ(d) = 0.4 - 0.4 * 0.6 = 0.16;
    σ(b) = 0.8, σ(c) = 0.6 (leaves); vs(a) = 1 - 0.2 * 0.4 = 0.92, va(a) = 0.16;
    σ(a) = 0.5 + 0.5 * (0.92 - 0.16) = 0.88."""
    base = {"a": 0.5, "b": 0.8, "c": 0.6, "d": 0.4, "e": 0.6}
    edges = [
        Edge(1, "b", "a", "supports"),
        Edge(2, "c", "a", "supports"),
        Edge(3, "d", "a", "opposes"),
        Edge(4, "e", "d", "opposes"),
    ]
    result = strengths(base, edges)
    assert result["e"] == pytest.approx(0.6)
    assert result["d"] == pytest.approx(0.16)
    assert result["a"] == pytest.approx(0.88)


def test_a_shared_argument_counts_for_both_parents():
    """The running example shape of the QuAD papers: one argument attacking two
    alternatives. x attacks p and q (both 0.5), y supports x.

    σ(y) = 0.5; σ(x) = 0.5 + 0.5 * 0.5 = 0.75; σ(p) = σ(q) = 0.5 - 0.5 * 0.75 = 0.125."""
    base = {"p": 0.5, "q": 0.5, "x": 0.5, "y": 0.5}
    edges = [
        Edge(1, "x", "p", "opposes"),
        Edge(2, "x", "q", "opposes"),
        Edge(3, "y", "x", "supports"),
    ]
    result = strengths(base, edges)
    assert result["x"] == pytest.approx(0.75)
    assert result["p"] == result["q"] == pytest.approx(0.125)


def test_link_weight_scales_the_contribution():
    """A supporter of strength 0.8 through a link of weight 0.5 contributes 0.4:
    σ(a) = 0.5 + 0.5 * 0.4 = 0.7. With weight 1 it is plain DF-QuAD: 0.9."""
    base = {"a": 0.5, "b": 0.8}
    assert strengths(base, [Edge(1, "b", "a", "supports", 0.5)])["a"] == pytest.approx(0.7)
    assert strengths(base, [Edge(1, "b", "a", "supports")])["a"] == pytest.approx(0.9)


def test_an_undercut_scales_the_attacked_links_contribution():
    """The worked example of docs/reasoning.md: c (0.5) is supported by p (0.5) and the
    inference p -> c is undercut by u (evidence graded B2: 0.75).

    Without u: σ(c) = 0.5 + 0.5 * 0.5 = 0.75. With u the link gives 0.5 * (1 - 0.75)
    = 0.125, so σ(c) = 0.5 + 0.5 * 0.125 = 0.5625; p itself keeps 0.5."""
    base = {"c": 0.5, "p": 0.5, "u": 0.75}
    link = Edge(1, "p", "c", "supports")
    assert strengths(base, [link])["c"] == pytest.approx(0.75)
    # The undercut is listed before the link it attacks: the order must not matter.
    result = strengths(base, [Edge(2, "u", "p", "undercuts", link=1), link])
    assert result == pytest.approx({"c": 0.5625, "p": 0.5, "u": 0.75})


def test_undercutters_are_computed_first_and_aggregate():
    """u1 is attacked by a (σ(u1) = 0.5 - 0.5 * 0.5 = 0.25), u2 is 0.5: together they take
    F(0.25, 0.5) = 0.625 of the attack of p (0.8) on c (0.5): va = 0.8 * 0.375 = 0.3,
    σ(c) = 0.5 - 0.5 * 0.3 = 0.35."""
    base = {"c": 0.5, "p": 0.8, "u1": 0.5, "u2": 0.5, "a": 0.5}
    edges = [
        Edge(1, "p", "c", "opposes"),
        Edge(2, "u1", "p", "undercuts", link=1),
        Edge(3, "u2", "p", "undercuts", link=1),
        Edge(4, "a", "u1", "opposes"),
    ]
    assert strengths(base, edges)["c"] == pytest.approx(0.35)


def test_an_undercut_of_one_premise_of_an_argument_attacks_its_whole_inference():
    """p1 and p2 (0.5 each) are one argument for c: vs = F(0.5, 0.5) = 0.75 without the
    undercut; u (0.5) of p1's link halves both contributions: F(0.25, 0.25) = 0.4375, so
    σ(c) = 0.5 + 0.5 * 0.4375 = 0.71875, whichever of the two links u names."""
    base = {"c": 0.5, "p1": 0.5, "p2": 0.5, "u": 0.5}
    links = [
        Edge(1, "p1", "c", "supports", argument="A"),
        Edge(2, "p2", "c", "supports", argument="A"),
    ]
    for attacked in (1, 2):
        undercut = Edge(3, "u", f"p{attacked}", "undercuts", link=attacked)
        assert strengths(base, [*links, undercut])["c"] == pytest.approx(0.71875)
    # Without the shared name only the named link is scaled: F(0.25, 0.5) = 0.625.
    plain = [Edge(1, "p1", "c", "supports"), Edge(2, "p2", "c", "supports")]
    undercut = Edge(3, "u", "p1", "undercuts", link=1)
    assert strengths(base, [*plain, undercut])["c"] == pytest.approx(0.8125)


def test_an_undercut_by_a_question_or_of_nothing_is_ignored():
    base = {"c": 0.5, "p": 0.5, "q": None}
    edges = [
        Edge(1, "p", "c", "supports"),
        Edge(2, "q", "p", "undercuts", link=1),
        Edge(3, "p", "c", "undercuts", link=99),
    ]
    assert strengths(base, edges)["c"] == pytest.approx(0.75)


def test_questions_and_answers_carry_no_force():
    base = {"question": None, "answer": 0.5, "doubt": 0.5}
    edges = [
        Edge(1, "answer", "question", "answers"),
        Edge(2, "doubt", "answer", "questions"),
    ]
    assert strengths(base, edges) == {"question": None, "answer": 0.5, "doubt": 0.5}


def test_nodes_on_a_cycle_have_no_strength():
    base = {"a": 0.5, "b": 0.5, "c": 0.5}
    edges = [Edge(1, "a", "b", "supports"), Edge(2, "b", "a", "supports")]
    assert strengths(base, edges) == {"a": None, "b": None, "c": 0.5}


@pytest.mark.parametrize(
    ("reliability", "credibility", "expected"),
    [
        ("A", 1, 0.9),
        ("B", 2, 0.75),
        ("F", 6, 0.5),
        ("E", 5, 0.25),
        ("B", None, 0.75),
        ("", 3, 0.6),
        ("", None, 0.5),
        ("A", 5, 0.575),
    ],
)
def test_grade_scores(reliability, credibility, expected):
    assert grade_score(reliability, credibility) == pytest.approx(expected)


def test_base_score_prefers_the_analysts_value():
    evidence = NodeData(1, "evidence", "e", source_reliability="B", information_credibility=2)
    assert base_score_of(evidence) == pytest.approx(0.75)
    evidence.base_score = 0.2
    assert base_score_of(evidence) == 0.2
    assert base_score_of(NodeData(2, "claim", "c")) == 0.5


def test_changes_list_only_what_moved():
    before = {1: 0.5, 2: 0.7, 3: None, 4: 0.2}
    after = {1: 0.5, 2: 0.6, 3: None, 4: None}
    assert strength_changes(before, after) == [(2, 0.7, 0.6), (4, 0.2, None)]


# Random acyclic maps: each node may link only to nodes with a smaller number.
@st.composite
def acyclic_maps(draw, max_nodes=12):
    count = draw(st.integers(1, max_nodes))
    base = {node: draw(st.floats(0, 1)) for node in range(count)}
    edges = []
    for source in range(1, count):
        for target in draw(st.sets(st.integers(0, source - 1), max_size=3)):
            edges.append(
                Edge(
                    len(edges) + 1,
                    source,
                    target,
                    draw(st.sampled_from(["supports", "opposes"])),
                    draw(st.sampled_from([1.0, 0.5, draw(st.floats(0, 1))])),
                )
            )
    return base, edges


@settings(max_examples=300, deadline=None)
@given(acyclic_maps())
def test_every_strength_is_in_the_unit_interval(graph):
    base, edges = graph
    assert all(0.0 <= value <= 1.0 for value in strengths(base, edges).values())


@settings(max_examples=300, deadline=None)
@given(acyclic_maps(), st.data())
def test_a_new_supporter_never_lowers_and_a_new_attacker_never_raises(graph, data):
    base, edges = graph
    target = data.draw(st.sampled_from(sorted(base)))
    newcomer = max(base) + 1
    before = strengths(base, edges)[target]
    grown = {**base, newcomer: data.draw(st.floats(0, 1))}
    supported = strengths(grown, [*edges, Edge(0, newcomer, target, "supports")])
    attacked = strengths(grown, [*edges, Edge(0, newcomer, target, "opposes")])
    # Reordering a product can move its last bit; the property holds up to rounding.
    assert supported[target] >= before - 1e-12
    assert attacked[target] <= before + 1e-12


@settings(max_examples=200, deadline=None)
@given(acyclic_maps(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_storage_order(graph, rng: random.Random):
    base, edges = graph
    shuffled_nodes = list(base.items())
    rng.shuffle(shuffled_nodes)
    shuffled_edges = list(edges)
    rng.shuffle(shuffled_edges)
    assert strengths(dict(shuffled_nodes), shuffled_edges) == strengths(base, edges)
