import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from argmap.exchange import argmap_json
from argmap.exchange.services import map_export_argmap, map_import_document
from argmap.maps.models import Map
from tests.factories import big_map

pytestmark = pytest.mark.django_db

DEMO = "seeds/who-will-send-troops-to-ukraine.argmap.json"


def _without_ids(document: dict) -> dict:
    """The document with its own ids replaced by positions, for comparing two maps."""
    node_index = {node["id"]: i for i, node in enumerate(document["nodes"])}
    article_index = {article["id"]: i for i, article in enumerate(document["articles"])}
    nodes = []
    for node in document["nodes"]:
        node = dict(node, id=node_index[node["id"]])
        if "anchor" in node:
            node["anchor"] = dict(node["anchor"], article=article_index[node["anchor"]["article"]])
        nodes.append(node)
    return {
        "map": {"title": document["map"]["title"], "root": node_index[document["map"]["root"]]},
        "articles": [dict(a, id=i) for i, a in enumerate(document["articles"])],
        "nodes": nodes,
        "links": sorted(
            (
                node_index[link["source"]],
                node_index[link["target"]],
                link["relation"],
                link["rationale"],
            )
            for link in document["links"]
        ),
    }


def test_demo_map_round_trips_losslessly(workspace):
    with open(DEMO, encoding="utf-8") as handle:
        original = json.load(handle)
    map_obj = map_import_document(workspace=workspace, document=argmap_json.parse(original))
    exported = map_export_argmap(map_obj)
    assert _without_ids(exported) == _without_ids(original)
    evidence = [n for n in exported["nodes"] if n["kind"] == "evidence"]
    assert evidence and evidence[0]["grade"] == "C3"
    assert len(exported["links"]) >= 12


def test_export_reads_a_fixed_number_of_queries(workspace, django_assert_max_num_queries):
    map_obj = big_map(1000, workspace=workspace)
    with django_assert_max_num_queries(4):
        document = map_export_argmap(map_obj)
    assert len(document["nodes"]) == 1000 and len(document["links"]) == 999


def test_load_demo_creates_login_workspace_and_map(settings):
    settings.DEBUG = True
    settings.DEMO_USERNAME, settings.DEMO_PASSWORD = "demo", "demo-argmap"
    call_command("load_demo")
    call_command("load_demo")  # idempotent
    map_obj = Map.objects.get()
    assert map_obj.workspace.memberships.get().user.check_password("demo-argmap")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["links"].append({"source": "n999", "target": "n1", "relation": "supports"}),
            "unknown node ids",
        ),
        (lambda d: d["nodes"][1].update(kind="opinion"), "is not one of"),
        (lambda d: d["nodes"][1]["anchor"].update(start=10**7), "outside the article"),
        (lambda d: d.update(version=9), "Unsupported"),
    ],
)
def test_bad_documents_list_what_is_wrong_and_write_nothing(mutate, message):
    with open(DEMO, encoding="utf-8") as handle:
        document = json.load(handle)
    mutate(document)
    with pytest.raises(ValidationError, match=message):
        argmap_json.parse(document)


def test_cycle_in_a_document_is_refused():
    with open(DEMO, encoding="utf-8") as handle:
        document = json.load(handle)
    first = document["links"][0]
    below = next(link for link in document["links"] if link["target"] == first["source"])
    document["links"].append(
        {"source": first["target"], "target": below["source"], "relation": "questions"}
    )
    with pytest.raises(ValidationError, match="cycle"):
        argmap_json.parse(document)
