"""Every export read back by a real reader, and every import format round-tripped."""

import csv
import io
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import jsonschema
import networkx as nx
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from argmap.exchange import argmap_json
from argmap.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS
from argmap.exchange.services import map_export, map_import, map_import_document
from argmap.maps.models import Link, Map, Node
from tests.exchange_samples import AIFDB_MAP, KIALO_EXPORT, NASTY, sample_document, shape
from tests.factories import NodeFactory, UserFactory, big_map

pytestmark = pytest.mark.django_db

ARGDOWN = settings.BASE_DIR / ".venv" / "argdown" / "node_modules" / ".bin" / "argdown"
DATA = Path(__file__).parent / "data"


@pytest.fixture
def sample_map(workspace):
    return map_import_document(workspace=workspace, document=argmap_json.parse(sample_document()))


def _export(map_obj, fmt: str) -> str:
    return map_export(map_obj, fmt).content.decode("utf-8")


def _reimport(workspace, content: str, fmt: str) -> dict:
    result = map_import(workspace=workspace, data=content.encode(), fmt=fmt, title="Back")
    return json.loads(_export(result.map, "argmap"))


def test_argmap_json_round_trip_keeps_everything(workspace, sample_map):
    first = json.loads(_export(sample_map, "argmap"))
    second = _reimport(workspace, json.dumps(first), "argmap")
    fields = ("kind", "anchor", "more_anchors", "source", "grade", "base_score")
    assert shape(second, fields=fields) == shape(first, fields=fields)
    assert "Europe will pay." in str(shape(second, fields=("more_anchors",)))
    assert shape(first, fields=fields) == shape(sample_document(), fields=fields)
    rationale = {link["rationale"] for link in second["links"]}
    assert "main answer" in rationale
    assert second["articles"][0] | {"id": "a"} == sample_document()["articles"][0]


def test_argmap_json_matches_its_published_schema(sample_map, client):
    schema = json.loads(client.get("/exchange/schemas/argmap-1.schema.json").content)
    repo_schema = Path(settings.BASE_DIR, "argmap/exchange/schemas/argmap-1.schema.json")
    assert schema == json.loads(repo_schema.read_text())
    jsonschema.validate(json.loads(_export(sample_map, "argmap")), schema)
    with open("seeds/who-will-send-troops-to-ukraine.argmap.json", encoding="utf-8") as seed:
        jsonschema.validate(json.load(seed), schema)
    broken = json.loads(_export(sample_map, "argmap")) | {"version": 2}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_aif_export_has_aifdb_shape_and_round_trips(workspace, sample_map):
    aif = json.loads(_export(sample_map, "aif"))
    types = {node["nodeID"]: node["type"] for node in aif["nodes"]}
    assert {"nodes", "edges", "locutions"} <= aif.keys()
    assert sum(t == "I" for t in types.values()) == 7
    assert sum(t == "CA" for t in types.values()) == 2  # one per opposition
    assert sum(t == "RA" for t in types.values()) == 4
    assert all({"edgeID", "fromID", "toID"} <= edge.keys() for edge in aif["edges"])
    assert all(edge["fromID"] in types and edge["toID"] in types for edge in aif["edges"])
    questioning = [n for n in aif["nodes"] if n["type"] == "YA"]
    assert {n["text"] for n in questioning} == {"Pure Questioning"}
    # OVA's participant shape, named by every locution's personID and L-node text.
    assert aif["participants"] == [{"participantID": "1", "firstname": "argmap", "surname": ""}]
    assert {locution["personID"] for locution in aif["locutions"]} == {"1"}
    said = sorted(n["text"] for n in aif["nodes"] if n["type"] == "L")
    assert said == ["argmap : Is the poll recent?", "argmap : Who will pay for them?"]
    back = _reimport(workspace, json.dumps(aif), "aif")
    fields = ("kind", "source", "grade")
    assert shape(back, fields=fields) == shape(sample_document(), fields=fields)


def test_aifdb_dialogue_map_imports_with_notes(workspace):
    result = map_import(workspace=workspace, data=json.dumps(AIFDB_MAP).encode(), fmt="aif")
    nodes = {node.text: node for node in Node.objects.filter(map=result.map)}
    assert len(nodes) == 6
    assert nodes["Who would command them?"].kind == "question"
    links = {
        (link.source.text, link.relation, link.target.text)
        for link in Link.objects.filter(map=result.map).select_related("source", "target")
    }
    assert links == {
        ("Russia may attack again", "supports", "Europe must send troops"),
        ("Troops deter attacks", "supports", "Europe must send troops"),
        ("Voters oppose it", "opposes", "Europe must send troops"),
    }
    assert result.map.root.text == "Europe must send troops"
    notes = " ".join(result.notes)
    for word in ("locutions (L)", "illocutions (YA)", "transitions (TA)", "rephrases (MA)"):
        assert word in notes
    # The RA-node's scheme is the rationale of both its links; "Default Conflict" is not.
    rationale = {
        link.source.text: link.rationale
        for link in Link.objects.filter(map=result.map).select_related("source")
    }
    assert rationale == {
        "Russia may attack again": "Scheme: Argument From Expert Opinion",
        "Troops deter attacks": "Scheme: Argument From Expert Opinion",
        "Voters oppose it": "",
    }
    assert "Kept the schemes of 2 links as their rationale" in notes
    assert "Argument From Expert Opinion 2" in notes
    assert "Not imported: the speakers of the locutions (person 1, person 2)." in result.notes
    assert "undercuts" not in notes  # the YA-nodes anchoring RA/CA are no undercuts
    # ... and the export writes the scheme back as the RA-node's text.
    again = json.loads(_export(result.map, "aif"))
    schemes = sorted(n["text"] for n in again["nodes"] if n["type"] in ("RA", "CA"))
    # The two premises of the one RA-node stay one argument: one RA-node again.
    assert schemes == ["Argument From Expert Opinion", "Default Conflict"]
    ra = next(n["nodeID"] for n in again["nodes"] if n["type"] == "RA")
    assert len([e for e in again["edges"] if e["toID"] == ra]) == 2


def test_a_scheme_only_in_aifdbs_scheme_field_is_kept(workspace):
    aif = {
        "nodes": [
            {"nodeID": "1", "text": "Sending troops worked in the Baltics", "type": "I"},
            {"nodeID": "2", "text": "Sending troops will work in Ukraine", "type": "I"},
            {"nodeID": "3", "text": "RA", "type": "RA", "scheme": "Argument From Analogy"},
        ],
        "edges": [{"edgeID": "1", "fromID": "1", "toID": "3"}, {"fromID": "3", "toID": "2"}],
    }
    result = map_import(workspace=workspace, data=json.dumps(aif).encode(), fmt="aif")
    assert Link.objects.get(map=result.map).rationale == "Scheme: Argument From Analogy"


def _import_file(workspace, name: str):
    result = map_import(workspace=workspace, data=(DATA / name).read_bytes(), fmt="auto")
    document = json.loads(_export(result.map, "argmap"))
    return result, *shape(document)


def test_aifdb_nodeset_imports(workspace):
    # Written for these tests in the shape AIFdb stores a dialogue (a radio debate):
    # I-, RA- and CA-nodes, a locution (L) for each proposition with its illocution (YA),
    # transitions (TA) whose YA-nodes anchor the scheme nodes, string ids, timestamps.
    result, nodes, links = _import_file(workspace, "aifdb-nodeset-libraries.json")
    assert result.format == "aif"
    kinds = dict(nodes)
    assert len(kinds) == 9  # every I-node, and nothing else
    question = "councils should / should not close their small branch libraries"
    assert [text for text, kind in nodes if kind == "question"] == [question]
    open_, close = (
        "the small branch libraries should stay open",
        "the council has to close some branches to balance its budget",
    )
    visits = "visits to the branches have halved in ten years"
    assert {(s, r, t) for s, r, t in links if r != "undercuts"} == {
        (open_, "answers", question),
        (close, "answers", question),  # its RA-node's text is AIFdb's bare "RA"
        (
            "the branches are the only warm public room many older people can reach on foot",
            "supports",
            open_,
        ),
        ("nobody has to buy anything to sit in a library", "supports", open_),
        ("the budget gap this year is four million pounds", "supports", close),
        (visits, "opposes", open_),
        (
            "the council spends more on outside consultants than the branches cost to run",
            "opposes",
            close,
        ),
    }
    # A CA-node on the CA-node of "visits halved": an undercut of that opposition.
    undercut = Link.objects.select_related("target_link__source", "target_link__target").get(
        map=result.map, relation="undercuts"
    )
    assert undercut.source.text.startswith("the visit figures count books borrowed")
    assert (undercut.target_link.source.text, undercut.target_link.target.text) == (visits, open_)
    assert result.map.root.text == question
    notes = result.notes
    assert "Not imported: 9 locutions (L)." in notes
    assert "Not imported: 8 transitions (TA)." in notes
    assert (
        "Not imported: 17 illocutions (YA): Asserting 7, Disagreeing 4, Arguing 3,"
        " Challenging 2, Pure Questioning 1."
    ) in notes
    assert (
        "Not imported: the speakers of the locutions (person 102, person 211, person 358)." in notes
    )
    assert "1 proposition became a question (Pure Questioning)." in notes
    # The two premises of the one RA-node keep its scheme and stay one argument; the
    # generic schemes ("Default Inference", "RA", "Default Conflict") are no rationale.
    assert "Kept the schemes of 2 links as their rationale" in " ".join(notes)
    rationale = Counter(Link.objects.filter(map=result.map).values_list("rationale", flat=True))
    assert rationale == {"": 6, "Scheme: Argument From Consequences": 2}
    arguments = Link.objects.filter(map=result.map).exclude(argument="")
    assert arguments.values("argument").distinct().count() == 1 and arguments.count() == 2
    assert not any("Skipped" in note for note in notes), notes


def test_ova3_xaif_with_conflicts_imports(workspace):
    # Written for these tests in the shape OVA 3 saves xAIF: the AIF block with
    # schemefulfillments, participants and locutions, OVA's layout block, the marked-up
    # text; ids from two editing sessions, conflicts drawn both ways, a rephrase (MA).
    result, nodes, links = _import_file(workspace, "ova3-xaif-referendum.json")
    assert result.format == "xaif"
    kinds = dict(nodes)
    assert len(kinds) == 12
    question = "xxx will win Leeford's transport referendum"
    assert [text for text, kind in nodes if kind == "question"] == [question]
    assert "the hospital is the city's largest employer" in kinds  # the leading space is gone
    winners = [
        f"{name} will win Leeford's transport referendum"
        for name in ("the tram plan", "the bus plan", "neither plan")
    ]
    # Six CA-nodes draw the three alternatives' conflicts both ways: one opposition each.
    opposed = {(s, t) for s, relation, t in links if relation == "opposes"}
    assert opposed == {
        (winners[0], winners[1]),
        (winners[0], winners[2]),
        (winners[1], winners[2]),
    }
    assert {s for s, relation, t in links if relation == "answers"} == set(winners)
    assert sum(relation == "supports" for _, relation, _ in links) == 7
    assert ("the tram plan leads the last three polls", "supports", winners[0]) in links
    notes = result.notes
    assert "Not imported: 12 locutions (L)." in notes
    assert "Not imported: 12 transitions (TA)." in notes
    assert "Not imported: 1 rephrases (MA): Default Rephrase 1." in notes
    assert any(n.startswith("Not imported: 24 illocutions (YA): Asserting 10") for n in notes)
    # Speakers by their participants' names.
    assert (
        "Not imported: the speakers of the locutions (Moderator, Ria Desai, Tom Achebe)." in notes
    )
    assert "3 conflicts drawn both ways became mutual oppositions" in " ".join(notes)
    mutual = Link.objects.filter(map=result.map, relation="opposes").values_list("mutual")
    assert sorted(mutual) == [("contrary",)] * 3
    assert "1 proposition became a question (Pure Questioning)." in notes
    rationale = Counter(Link.objects.filter(map=result.map).values_list("rationale", flat=True))
    assert rationale["Scheme: Argument From Positive Consequences"] == 2


def test_a_file_with_a_broken_edge_imports_whole_or_not_at_all(workspace):
    data = json.loads((DATA / "aifdb-nodeset-libraries.json").read_text(encoding="utf-8"))
    data["edges"].append({"edgeID": "1", "fromID": data["nodes"][0]["nodeID"], "toID": "nowhere"})
    with pytest.raises(ValidationError, match="toID 'nowhere' is not a node"):
        map_import(workspace=workspace, data=json.dumps(data).encode(), fmt="aif")
    assert not Map.objects.exists() and not Node.all_objects.exists()


def test_xaif_from_ova_imports(workspace):
    xaif = {
        "AIF": AIFDB_MAP | {"participants": [], "schemefulfillments": None},
        "OVA": {"firstname": "A", "surname": "B", "nodes": [], "edges": []},
        "text": {"txt": "<span>Europe must send troops</span>"},
        "dialog": True,
    }
    result = map_import(workspace=workspace, data=json.dumps(xaif).encode(), fmt="auto")
    assert result.format == "xaif"
    assert Node.objects.filter(map=result.map).count() == 6


def _argdown_json(tmp_path, text: str) -> dict:
    if not ARGDOWN.exists():
        pytest.fail(f"@argdown/cli is not installed at {ARGDOWN}: run `make argdown`.")
    source = tmp_path / "map.argdown"
    source.write_text(text, encoding="utf-8")
    subprocess.run(
        [str(ARGDOWN), "json", str(source), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=120,
        env={"PATH": f"{Path(shutil.which('node') or '/usr/bin/node').parent}:/usr/bin:/bin"},
    )
    return json.loads((tmp_path / "map.json").read_text(encoding="utf-8"))


def test_argdown_export_parses_back_with_the_argdown_cli(workspace, sample_map, tmp_path):
    text = _export(sample_map, "argdown")
    parsed = _argdown_json(tmp_path, text)
    statements = parsed["statements"]
    assert len(statements) == 7
    texts = {
        " ".join(m.get("text", "").split())
        for s in statements.values()
        for m in s["members"]
        if m.get("text", "").strip()
    }
    assert NASTY in texts  # every special character came back as text
    tagged = {title: s.get("tags", []) for title, s in statements.items()}
    assert sorted(t for tags in tagged.values() for t in tags) == [
        "answer",  # an answer is told from a support by its tag (and colour)
        "evidence",
        "question",
        "question",
    ]
    relation_types = {(r["from"], r["relationType"], r["to"]) for r in parsed["relations"]}
    assert len(relation_types) == 6
    assert {t for _, t, _ in relation_types} == {"support", "attack"}
    back = _reimport(workspace, json.dumps(parsed), "argdown-json")
    fields = ("kind", "source", "grade")
    assert shape(back, fields=fields) == shape(sample_document(), fields=fields)


def test_graphml_opens_in_networkx(sample_map, tmp_path):
    path = tmp_path / "map.graphml"
    path.write_bytes(map_export(sample_map, "graphml").content)
    graph = nx.read_graphml(path)
    assert graph.number_of_nodes() == 7 and graph.number_of_edges() == 6
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert NASTY in labels
    relations = sorted(data["relation"] for _, _, data in graph.edges(data=True))
    assert relations == ["answers", "opposes", "opposes", "questions", "supports", "supports"]
    evidence = next(data for _, data in graph.nodes(data=True) if data["kind"] == "evidence")
    assert evidence["grade"] == "B2" and evidence["source_title"] == "Pollster <b>"
    assert "<script>" not in path.read_text()  # escaped by the XML writer


def test_csv_has_a_row_per_node_and_no_formulas(sample_map):
    rows = list(csv.DictReader(io.StringIO(_export(sample_map, "csv"))))
    assert len(rows) == 7
    by_text = {row["text"].lstrip("'"): row for row in rows}
    nasty = by_text[NASTY]
    assert nasty["relation"] == "opposes" and nasty["kind"] == "claim"
    formula = by_text["-10 is a number, @mention too"]
    assert formula["text"] == "'-10 is a number, @mention too"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    evidence = next(row for row in rows if row["kind"] == "evidence")
    assert evidence["grade"] == "B2" and evidence["source_url"].startswith("https://")
    assert evidence["other_parents"]  # it also opposes c2
    question = next(row for row in rows if row["anchor_start"])
    assert (question["anchor_start"], question["anchor_end"]) == ("19", "41")


def test_markdown_outline_nests_and_escapes(sample_map):
    text = _export(sample_map, "markdown")
    lines = text.splitlines()
    assert lines[0].startswith("# Sample \\<map\\> \\& ")
    assert "- **Question:** Who will pay for them?" in lines
    assert "  - *answers* **Claim:** Europe will pay." in lines
    assert any(line.startswith("    - *opposes* **Claim:** \\<script\\>") for line in lines)
    assert "<script>" not in text and "[link](" not in text
    assert "[Pollster \\<b\\>](<https://example.org/poll?a=1&b=%282%29>)" in text


def test_kialo_export_round_trips(workspace, tmp_path):
    original = KIALO_EXPORT
    first = map_import(workspace=workspace, data=original.encode(), fmt="kialo")
    exported = _export(first.map, "kialo")
    assert exported.startswith("Discussion Title: Should Europe send troops to Ukraine?")
    second = map_import(workspace=workspace, data=exported.encode(), fmt="kialo")
    one, two = (json.loads(_export(m, "argmap")) for m in (first.map, second.map))
    assert shape(one) == shape(two)


def test_kialo_export_keeps_every_node_and_link(workspace, sample_map):
    exported = _export(sample_map, "kialo")
    assert "left out" not in exported
    assert "Con: Question: Is the poll recent?" in exported  # a question below a claim
    assert "Pro: Unplaced: An unplaced thought over two lines." in exported  # a second top
    back = map_import(workspace=workspace, data=exported.encode(), fmt="kialo")
    one = json.loads(_export(sample_map, "argmap"))
    two = json.loads(_export(back.map, "argmap"))
    for node in one["nodes"]:  # Kialo has claims only: evidence comes back as one
        node["kind"] = node["kind"].replace("evidence", "claim")
    assert shape(two, fields=("kind",)) == shape(one, fields=("kind",))
    assert back.map.root.text == sample_map.root.text


def test_kialo_discussion_imports(workspace):
    result = map_import(workspace=workspace, data=KIALO_EXPORT.encode(), fmt="auto")
    assert result.format == "kialo"
    assert result.map.title == "Should Europe send troops to Ukraine?"
    document = json.loads(_export(result.map, "argmap"))
    nodes, links = shape(document)
    assert ("Deterrence worked in the Baltics (so far).", "claim") in nodes
    long = "Nobody can say how long they would stay, and the cost would grow every year."
    assert (long, "opposes", "It would deter a new attack.") in links
    assert (long, "supports", "Voters oppose it.") in links  # the "-> See" reference
    assert len(links) == 5


def test_kialo_multi_thesis_question_is_answered(workspace):
    text = "Discussion Title: Who pays?\n\n1. Who pays?\n1.1. Europe pays.\n1.1.1. Pro: It can.\n"
    document = json.loads(
        _export(map_import(workspace=workspace, data=text.encode()).map, "argmap")
    )
    assert shape(document) == (
        [("Europe pays.", "claim"), ("It can.", "claim"), ("Who pays?", "question")],
        [("Europe pays.", "answers", "Who pays?"), ("It can.", "supports", "Europe pays.")],
    )


@pytest.mark.parametrize(
    ("fmt", "data", "expected"),
    [
        ("argmap", b'{"format": "argmap", "version": 1,', "Malformed JSON at line 1"),
        (
            "aif",
            b'{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}], "edges": '
            b'[{"edgeID": 7, "fromID": "1", "toID": "99"}]}',
            "edge 7: toID '99' is not a node",
        ),
        (
            "aif",
            b'{"nodes": [{"nodeID": "1", "type": "I", "text": "a"}, {"nodeID": "2", '
            b'"type": "I", "text": "b"}, {"nodeID": "3", "type": "RA"}, {"nodeID": "4", '
            b'"type": "RA"}], "edges": [{"fromID": "1", "toID": "3"}, {"fromID": "3", "toID": '
            b'"2"}, {"fromID": "2", "toID": "4"}, {"fromID": "4", "toID": "1"}]}',
            "cycle",
        ),
        (
            "argdown-json",
            b'{"statements": {"A": {"members": [{"text": "a"}]}}, "relations": '
            b'[{"from": "A", "to": "Z", "relationType": "support"}]}',
            "'Z' is not a statement",
        ),
        (
            "kialo",
            b"Discussion Title: T\n\n1. Thesis.\n1.1. Pro: ok\n1.3.1. Con: orphan\n",
            "line 5: the parent statement 1.3. of 1.3.1. is missing",
        ),
        ("kialo", b"Discussion Title: T\n\n1. Thesis.\n1.1. Pro: yes\n1.2. no stance\n", "line 5"),
        ("argmap", b"\xff\xfe not text", "not UTF-8"),
        ("auto", b"just some words", "could not be recognised"),
        ("aif", b'{"format": "argmap"}', "This is not AIF JSON"),
        ("pdf", b"{}", "Unknown import format"),
    ],
)
def test_bad_imports_list_problems_and_write_nothing(workspace, fmt, data, expected):
    with pytest.raises(ValidationError) as error:
        map_import(workspace=workspace, data=data, fmt=fmt)
    assert any(expected in message for message in error.value.messages), error.value.messages
    assert not Map.objects.exists() and not Node.all_objects.exists()


def test_unknown_node_ids_are_listed_by_position(workspace):
    document = sample_document()
    document["links"].append({"source": "nope", "target": "q", "relation": "answers"})
    document["links"].append({"source": "c1", "target": "gone", "relation": "supports"})
    with pytest.raises(ValidationError) as error:
        map_import(workspace=workspace, data=json.dumps(document).encode(), fmt="argmap")
    assert [m.split(":")[0] for m in error.value.messages] == ["links[6]", "links[7]"]
    assert not Map.objects.exists()


def test_files_over_the_limit_are_refused_unread(workspace, settings):
    settings.MAP_IMPORT_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="limit is 100 bytes"):
        map_import(workspace=workspace, data=b" " * 101, fmt="argmap")


def test_every_format_is_offered_both_ways_where_it_can_be():
    assert set(EXPORT_FORMATS) >= {"argmap", "aif", "argdown", "graphml", "markdown", "csv"}
    assert set(IMPORT_FORMATS) >= {"argmap", "aif", "xaif", "argdown-json", "kialo"}


def test_export_reads_a_fixed_number_of_queries(workspace, django_assert_max_num_queries):
    map_obj = big_map(500, workspace=workspace)
    for fmt, spec in EXPORT_FORMATS.items():
        if spec.picture:
            continue  # drawing 500 nodes takes seconds; see test_exchange_pictures_export
        with django_assert_max_num_queries(4):
            assert map_export(map_obj, fmt).content


def test_imported_rows_have_their_creation_in_history(workspace):
    user = UserFactory()
    result = map_import(
        workspace=workspace, data=json.dumps(sample_document()).encode(), fmt="argmap", user=user
    )
    nodes = Node.objects.filter(map=result.map)
    history = Node.history.filter(map_id=result.map.pk)
    assert sorted(h.id for h in history) == sorted(n.pk for n in nodes)
    assert {(h.history_type, h.history_user_id) for h in history} == {("+", user.pk)}
    assert Link.history.filter(map_id=result.map.pk).count() == 6
    assert all(n.created_at and n.version == 1 for n in nodes)
    # The sequences moved past the imported rows: a later node gets a fresh id.
    assert NodeFactory(map=result.map).pk > max(n.pk for n in nodes)
