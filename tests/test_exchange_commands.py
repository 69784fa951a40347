import json

import pytest
from django.core.management import CommandError, call_command

from argmap.maps.models import Map
from tests.exchange_samples import AIFDB_MAP, sample_document

pytestmark = pytest.mark.django_db


def test_import_then_export_from_the_command_line(tmp_path, capsys):
    source = tmp_path / "sample.argmap.json"
    source.write_text(json.dumps(sample_document()), encoding="utf-8")
    call_command("import_map", str(source), "--workspace", "Team")
    map_obj = Map.objects.get()
    assert map_obj.workspace.name == "Team" and map_obj.nodes.count() == 7
    target = tmp_path / "out.graphml"
    call_command("export_map", str(map_obj.pk), "--format", "graphml", "-o", str(target))
    assert target.read_text().startswith("<?xml version='1.0' encoding='utf-8'?>\n<graphml")
    capsys.readouterr()
    call_command("export_map", str(map_obj.pk), "--format", "csv")
    assert capsys.readouterr().out.startswith("id,parent,relation")


def test_import_reports_notes(tmp_path, capsys):
    source = tmp_path / "aifdb.json"
    source.write_text(json.dumps(AIFDB_MAP), encoding="utf-8")
    call_command("import_map", str(source), "--workspace", "Team", "--title", "From AIFdb")
    out = capsys.readouterr().out
    assert "Not imported: 2 locutions (L)." in out and "map" in out
    assert Map.objects.get().title == "From AIFdb"


def test_import_problems_fail_and_write_nothing(tmp_path):
    source = tmp_path / "bad.json"
    document = sample_document()
    document["nodes"][0]["kind"] = "opinion"
    source.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match=r"nodes\[0\]: kind “opinion”"):
        call_command("import_map", str(source), "--workspace", "Team")
    assert not Map.objects.exists()


def test_export_of_a_missing_map_fails():
    with pytest.raises(CommandError, match="No map with id 999"):
        call_command("export_map", "999")
