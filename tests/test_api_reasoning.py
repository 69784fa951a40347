"""The API of reasoning: strengths (also on every node), ratings, scenarios, search."""

import pytest

from argmap.discussion.services import comment_create
from argmap.maps.models import Link
from argmap.maps.services import map_create, node_create
from argmap.reasoning.models import Scenario
from argmap.reasoning.selectors import map_strengths
from argmap.teams.models import Role
from tests import api_clients
from tests.factories import WorkspaceFactory, big_map

pytestmark = pytest.mark.django_db
api = api_clients.api  # the fixture: a token-authenticated client per role


@pytest.fixture
def debate(workspace):
    """A question answered by a claim that one claim supports and evidence opposes."""
    map_obj = map_create(workspace=workspace, title="Debate", root_kind="question")
    claim = node_create(
        map_obj=map_obj,
        kind="claim",
        text="Europe will pay.",
        parent=map_obj.root,
        relation="answers",
    )
    support = node_create(
        map_obj=map_obj,
        kind="claim",
        text="Budgets grew.",
        parent=claim,
        relation="supports",
        base_score=0.9,
    )
    attack = node_create(
        map_obj=map_obj,
        kind="evidence",
        text="Polls say no.",
        parent=claim,
        relation="opposes",
        source_reliability="A",
        information_credibility=1,
    )
    return map_obj, claim, support, attack


def test_strengths_of_a_map_by_basis(api, debate):
    map_obj, claim, support, attack = debate
    client = api(Role.VIEWER)
    url = f"/api/maps/{map_obj.pk}/strengths/"
    rows = {row["node"]: row for row in client.get(url).json()["results"]}
    assert rows[map_obj.root_id]["strength"] is None and rows[map_obj.root_id]["kind"] == "question"
    expected = map_strengths(map_obj)
    assert rows[claim.pk]["strength"] == pytest.approx(expected[claim.pk])
    assert rows[support.pk]["strength"] == pytest.approx(0.9)
    # The team rates the supporter down: on the team's basis the claim weakens.
    api(Role.COMMENTER).put(f"/api/nodes/{support.pk}/rating/", {"value": 0.1}, format="json")
    team = {row["node"]: row for row in client.get(url, {"basis": "team"}).json()["results"]}
    assert team[support.pk]["strength"] == pytest.approx(0.1)
    assert team[claim.pk]["strength"] < rows[claim.pk]["strength"]
    bad = client.get(url, {"basis": "everyone"})
    assert bad.status_code == 400 and "basis" in bad.json()["errors"]


def test_every_node_carries_its_strength(api, debate):
    map_obj, claim, support, attack = debate
    client = api(Role.VIEWER)
    expected = map_strengths(map_obj)
    listed = client.get(f"/api/maps/{map_obj.pk}/nodes/").json()["results"]
    assert {n["id"]: n["strength"] for n in listed} == pytest.approx(expected)
    detail = client.get(f"/api/nodes/{claim.pk}/").json()
    assert detail["strength"] == pytest.approx(expected[claim.pk])
    editor = api(Role.EDITOR)
    changed = editor.patch(
        f"/api/nodes/{support.pk}/", {"base_score": 0.2, "version": 1}, format="json"
    ).json()
    assert changed["strength"] == pytest.approx(0.2)


def test_strengths_read_a_fixed_number_of_queries(api, workspace, django_assert_max_num_queries):
    map_obj = big_map(2000, workspace=workspace)
    client = api(Role.VIEWER)
    with django_assert_max_num_queries(5):  # token, map, role, nodes, links
        page = client.get(f"/api/maps/{map_obj.pk}/strengths/", {"page": 3})
    assert page.json()["count"] == 2000
    with django_assert_max_num_queries(7):  # ... and the team's ratings of nodes and links
        client.get(f"/api/maps/{map_obj.pk}/strengths/", {"basis": "team"})


def test_rate_a_node_and_a_link(api, debate):
    map_obj, claim, support, attack = debate
    mine, other = api(Role.COMMENTER), api(Role.EDITOR)
    url = f"/api/nodes/{claim.pk}/rating/"
    assert mine.get(url).json() == {
        "mine": None,
        "count": 0,
        "mean": None,
        "deviation": None,
        "low": None,
        "high": None,
    }
    other.put(url, {"value": 0.2}, format="json")
    spread = mine.put(url, {"value": 0.8}, format="json").json()
    assert spread["mine"] == 0.8 and spread["count"] == 2
    assert spread["mean"] == pytest.approx(0.5) and spread["deviation"] == pytest.approx(0.3)
    assert mine.put(url, {"value": None}, format="json").json()["count"] == 1
    link = Link.objects.get(source=support)
    weighed = mine.put(f"/api/links/{link.pk}/rating/", {"value": 0.4}, format="json")
    assert weighed.status_code == 200 and weighed.json()["mine"] == 0.4
    assert mine.get(f"/api/links/{link.pk}/rating/").json()["count"] == 1


def test_rating_rules_and_roles(api, debate):
    map_obj, claim, support, attack = debate
    commenter = api(Role.COMMENTER)
    question = commenter.put(f"/api/nodes/{map_obj.root_id}/rating/", {"value": 0.5}, format="json")
    assert question.status_code == 400 and "question" in question.json()["message"]
    answer = Link.objects.get(source=claim)
    unweighted = commenter.put(f"/api/links/{answer.pk}/rating/", {"value": 0.5}, format="json")
    assert unweighted.status_code == 400
    too_big = commenter.put(f"/api/nodes/{claim.pk}/rating/", {"value": 2}, format="json")
    assert too_big.status_code == 400 and "value" in too_big.json()["errors"]
    viewer = api(Role.VIEWER).put(f"/api/nodes/{claim.pk}/rating/", {"value": 0.5}, format="json")
    assert viewer.status_code == 403


def test_scenarios_are_listed_and_created(api, debate):
    map_obj, claim, support, attack = debate
    url = f"/api/maps/{map_obj.pk}/scenarios/"
    editor = api(Role.EDITOR)
    created = editor.post(
        url,
        {"name": "No polls", "disabled_nodes": [attack.pk, 999999], "basis": "team"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["disabled_nodes"] == [attack.pk] and created.json()["basis"] == "team"
    assert api(Role.VIEWER).get(url).json()["results"][0]["name"] == "No polls"
    again = editor.post(url, {"name": "No polls", "disabled_nodes": [attack.pk]}, format="json")
    assert again.status_code == 400 and "already" in again.json()["message"]
    empty = editor.post(url, {"name": "Nothing"}, format="json")
    assert empty.status_code == 400
    odd = editor.post(
        url, {"name": "Odd", "disabled_nodes": [attack.pk], "basis": "all"}, format="json"
    )
    assert odd.status_code == 400 and "basis" in odd.json()["errors"]
    assert api(Role.COMMENTER).post(url, {"name": "X"}, format="json").status_code == 403
    assert Scenario.objects.count() == 1


def test_search_finds_nodes_articles_and_comments_of_my_workspaces(api, debate, workspace):
    map_obj, claim, support, attack = debate
    comment_create(node=claim, author=None, body="Europe has budgets.")
    stranger = WorkspaceFactory(name="Elsewhere")
    hidden = map_create(workspace=stranger, title="Hidden", root_kind="claim")
    node_create(map_obj=hidden, kind="claim", text="Europe will pay, says a stranger.")
    client = api(Role.VIEWER)
    hits = client.get("/api/search/", {"q": "Europe"}).json()["results"]
    kinds = sorted(hit["kind"] for hit in hits)
    assert kinds == ["claim", "comment"]
    node_hit = next(hit for hit in hits if hit["kind"] == "claim")
    assert "<mark>Europe</mark>" in node_hit["snippet"] and f"#node-{claim.pk}" in node_hit["url"]
    assert client.get("/api/search/", {"q": "Europe", "workspace": stranger.pk}).status_code == 404
    mine = client.get("/api/search/", {"q": "Europe", "workspace": workspace.pk})
    assert mine.json()["count"] == 2
    assert client.get("/api/search/").json()["count"] == 0


def test_search_escapes_user_text_in_snippets(api, workspace):
    map_obj = map_create(workspace=workspace, title="M", root_kind="claim")
    node_create(map_obj=map_obj, kind="claim", text="<script>alert(1)</script> troops")
    hits = api(Role.VIEWER).get("/api/search/", {"q": "troops"}).json()["results"]
    assert "<script>" not in hits[0]["snippet"] and "&lt;script&gt;" in hits[0]["snippet"]
