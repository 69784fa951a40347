"""Each node's computed strength travels in the argmap JSON export (export only)."""

import json

import pytest

from argmap.exchange import argmap_json
from argmap.exchange.services import map_export, map_import, map_import_document
from argmap.maps.models import Node
from argmap.reasoning.selectors import map_strengths
from tests.exchange_samples import sample_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_map(workspace):
    return map_import_document(workspace=workspace, document=argmap_json.parse(sample_document()))


def _export(map_obj) -> dict:
    return json.loads(map_export(map_obj, "argmap").content)


def test_argmap_json_carries_each_nodes_strength(sample_map):
    document = _export(sample_map)
    strengths = map_strengths(sample_map)
    kinds = dict(Node.objects.filter(map=sample_map).values_list("pk", "kind"))
    for item in document["nodes"]:
        pk = int(item["id"][1:])
        if kinds[pk] == "question":
            assert "strength" not in item
        else:
            assert item["strength"] == round(strengths[pk], 4)
            assert 0 <= item["strength"] <= 1
    # Not every strength is the neutral base score: the links moved some.
    assert len({item.get("strength") for item in document["nodes"]}) > 2


def test_strength_is_ignored_on_import(workspace, sample_map):
    document = _export(sample_map)
    for item in document["nodes"]:
        if "strength" in item:
            item["strength"] = 0.0
    back = map_import(workspace=workspace, data=json.dumps(document).encode(), fmt="argmap")
    again = _export(back.map)
    assert [item.get("strength") for item in again["nodes"]] == [
        item.get("strength") for item in _export(sample_map)["nodes"]
    ]
    assert not argmap_json.parse(document).nodes[0].get("strength")
