"""The draft map: the import preview's suggested tree (shown, accepted whole or fixed),
``manage.py draft_map``, and the suggestions API."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from argmap.articles.splitting import split_article
from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph, map_unplaced_tops
from argmap.suggestions.models import DismissedSuggestion, NodeVector
from argmap.teams.models import Role
from tests import api_clients
from tests.test_suggestions_views import ARTICLE, best, canal_map, unplaced  # noqa: F401

pytestmark = pytest.mark.django_db
api = api_clients.api
SEED = Path("seeds/who-will-send-troops-to-ukraine.txt")


def _preview(client, workspace):
    response = client.post(
        reverse("article_import"), {"workspace": workspace.pk, "text": ARTICLE, "step": "preview"}
    )
    assert response.status_code == 200
    return response.content.decode()


def _choices(html: str) -> dict:
    """The preview's fields as a browser would send them: each select's selected option."""
    data = {}
    for name, options in re.findall(r'<select name="([\w-]+)"[^>]*>(.*?)</select>', html, re.S):
        selected = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = selected.group(1) if selected else ""
    return data


def _save(client, workspace, html, **changes):
    data = {
        "workspace": workspace.pk,
        "text": ARTICLE,
        "step": "save",
        "title": "",
        "draft": "accept",
    }
    data |= _choices(html) | changes
    data["title"] = "Ever Given freed: will the canal recover its trade?"
    response = client.post(reverse("article_import"), data)
    assert response.status_code == 302
    return Map.objects.get()


def test_the_preview_shows_a_suggested_tree_with_a_reason_per_row(editor_client, workspace):
    html = _preview(editor_client, workspace)
    assert "Suggested tree" in html
    claims = 5
    assert len(re.findall(r'<select name="draft-\d+"', html)) == claims
    assert html.count('<option value="">not in the tree</option>') == claims
    assert "an open question under the title" in html
    assert not Map.objects.exists()


def test_accepting_the_draft_places_every_sentence(editor_client, workspace):
    map_obj = _save(editor_client, workspace, _preview(editor_client, workspace))
    assert map_unplaced_tops(map_graph(map_obj)) == []
    graph = map_graph(map_obj)
    assert len(graph.links) == len(graph.nodes) - 1  # a tree: one link per node but the root
    but = Node.objects.get(map=map_obj, text__startswith="But the canal authority")
    assert Link.objects.get(source=but).relation == "opposes"


def test_a_fixed_row_wins_and_a_row_left_out_stays_unplaced(editor_client, workspace):
    html = _preview(editor_client, workspace)
    insurers = ARTICLE.index("The insurers")
    rates = ARTICLE.index("Because of the blockage")
    map_obj = _save(
        editor_client,
        workspace,
        html,
        **{f"draft-{insurers}": "root|answers", f"draft-{rates}": ""},
    )
    insurers_node = Node.objects.get(map=map_obj, anchor_start=insurers)
    assert (Link.objects.get(source=insurers_node).target_id, "answers") == (
        map_obj.root_id,
        Link.objects.get(source=insurers_node).relation,
    )
    assert [n.anchor_start for n in map_unplaced_tops(map_graph(map_obj))] == [rates]


def test_saving_without_the_draft_leaves_the_claims_unplaced(editor_client, workspace):
    html = _preview(editor_client, workspace)
    map_obj = _save(editor_client, workspace, html, draft="none")
    assert len(map_unplaced_tops(map_graph(map_obj))) == 5


def test_draft_map_prints_units_with_suggestions_and_writes_nothing(capsys):
    call_command("draft_map", str(SEED), "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["root"] == "title" and result["title"].startswith("Who will eventually")
    count = len(split_article(SEED.read_text()).units)  # the units the import would make
    assert len(result["units"]) == count > 20 and isinstance(result["central"], int)
    for unit in result["units"]:
        assert SEED.read_text()[unit["start"] : unit["end"]] == unit["text"]
        scores = [s["score"] for s in unit["suggestions"]]
        assert scores == sorted(scores, reverse=True) and all(0 <= x <= 1 for x in scores)
        for suggestion in unit["suggestions"]:
            assert suggestion["relation"] in ("supports", "opposes", "answers", "questions")
            assert suggestion["parent"] == "root" or 0 <= suggestion["parent"] < count
            assert suggestion["reason"]
    assert Node.objects.count() == NodeVector.objects.count() == 0


def test_draft_map_one_unit_per_line(tmp_path, capsys):
    path = tmp_path / "units.txt"
    path.write_text(
        "We should ban cars from the old town.\n\nbecause the streets are too narrow.\n"
        "Some argue that shops would lose customers.\nBut pedestrians spend more.\n"
    )
    call_command("draft_map", str(path), "--json", "--one-unit-per-line")
    result = json.loads(capsys.readouterr().out)
    assert [u["text"] for u in result["units"]][1] == "because the streets are too narrow."
    assert result["root"] == "central" and result["central"] == 0
    assert "root" not in {s["parent"] for s in result["units"][0]["suggestions"]}
    assert result["units"][3]["suggestions"][0]["relation"] == "opposes"
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("draft_map", str(tmp_path / "missing.txt"))


def test_api_lists_accepts_and_dismisses(api, canal_map):  # noqa: F811
    client = api(Role.EDITOR)
    listed = client.get(f"/api/maps/{canal_map.pk}/suggestions/")
    assert listed.status_code == 200
    body = listed.json()
    assert {n["node"] for n in body["nodes"]} == set(unplaced(canal_map))
    first = body["nodes"][0]
    top = first["suggestions"][0]
    assert set(top) == {"parent", "relation", "score", "reason"}
    pair = {"node": first["node"], "parent": top["parent"], "relation": top["relation"]}
    dismissed = client.post(f"/api/maps/{canal_map.pk}/suggestions/dismiss/", pair, format="json")
    assert dismissed.status_code == 204 and DismissedSuggestion.objects.count() == 1
    accepted = client.post(f"/api/maps/{canal_map.pk}/suggestions/accept/", pair, format="json")
    assert accepted.status_code == 201
    assert accepted.json()["source"] == first["node"]
    again = client.post(f"/api/maps/{canal_map.pk}/suggestions/accept/", pair, format="json")
    assert again.status_code == 400 and "already in the tree" in again.json()["message"]
    bad = client.post(
        f"/api/maps/{canal_map.pk}/suggestions/accept/", {**pair, "relation": "x"}, format="json"
    )
    assert bad.status_code == 400 and "relation" in bad.json()["errors"]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.COMMENTER])
def test_api_refuses_other_roles(api, canal_map, role):  # noqa: F811
    client = api(role)
    assert client.get(f"/api/maps/{canal_map.pk}/suggestions/").status_code == 403
    top = best(canal_map)
    pair = {"node": top.node.id, "parent": top.parent.id, "relation": top.relation}
    assert (
        client.post(
            f"/api/maps/{canal_map.pk}/suggestions/accept/", pair, format="json"
        ).status_code
        == 403
    )
    assert not Link.objects.filter(source_id=top.node.id).exists()
