"""Kialo's plain-text discussion export.

    Discussion Title: Should Europe send troops to Ukraine?

    1. Should Europe send troops to Ukraine?
    1.1. Pro: It would deter a new attack.
    1.1.1. Con: Nobody can say how long they would stay.
    1.2. Con: -> See 1.1.1.

The thesis (``1.``) becomes the root: a question when nothing directly below it takes a
Pro/Con stance and it ends with "?" or has statements below it, else a claim.
``Pro`` claims support their parent and ``Con`` claims oppose it; a claim below a
question answers it (Kialo's multi-thesis discussions have no stance there). Lines
that do not start a numbered statement continue the one above. ``-> See 1.2.`` links
the statement already written under that number to one more parent.

The export writes the same shape. Kialo has room for one thesis only and no questions
below it, so nodes beside the root and questions that question a claim (with what hangs
below them) are left out. The export says so in a closing line after a blank one,
``# argmap left out 2 of 7 nodes and 1 of 6 links ...: “...”, “...”``, naming the
nodes. argmap's importer skips that line and reports it; delete it before uploading
the file to Kialo, which may otherwise take it for text.
"""

import re

from django.core.exceptions import ValidationError

from argmap.exchange.outline import rows
from argmap.maps.graph import relation_error

_TITLE = re.compile(r"^Discussion Title:\s*(.*)$")
_STATEMENT = re.compile(r"^((?:\d+\.)+)\s+(?:(Pro|Con):\s*)?(.*)$")
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)+)\s*$")
_ESCAPED = re.compile(r"\\([\[\]()\\*_#+\-.!`])")
LEFT_OUT = "# argmap left out"  # how the export's closing line starts
_SHOWN = 5  # left-out nodes named in that line


def to_document(text: str, *, title: str) -> tuple[dict, list[str]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[str] = []
    notes: list[str] = []
    statements: list[dict] = []  # {number, stance, text, line}
    for line_number, line in enumerate(lines, start=1):
        if line.strip().startswith(LEFT_OUT):  # argmap's own closing line
            notes.append(f"The file says: {line.strip().removeprefix('# ')}")
            continue
        if not statements and (match := _TITLE.match(line.strip())):
            title = title or match[1].strip()
            continue
        match = _STATEMENT.match(line.strip())
        if match:
            statements.append(
                {"number": match[1], "stance": match[2], "text": match[3], "line": line_number}
            )
        elif statements:
            if line.strip():
                statements[-1]["text"] += "\n" + line.strip()
        elif line.strip():
            problems.append(f"line {line_number}: expected “Discussion Title:” or “1. …”.")
    if not statements:
        raise ValidationError(problems or ["This is not a Kialo export: no “1. …” thesis line."])
    if statements[0]["number"] != "1.":
        problems.append(f"line {statements[0]['line']}: the thesis must be numbered “1.”.")

    # A thesis that asks, with no Pro/Con directly below it, is a question its children
    # answer (a multi-thesis discussion); with Pro/Con below it is a claim they argue about.
    # So is one whose children all lack a stance, even without a question mark: argmap
    # writes a question root's answers that way.
    below = [s for s in statements if s["number"].count(".") == 2]
    thesis_is_question = not any(s["stance"] for s in below) and (
        statements[0]["text"].rstrip().endswith("?") or bool(below)
    )
    nodes: dict[str, dict] = {}
    kinds: dict[str, str] = {}
    references = []
    for statement in statements:
        where = f"line {statement['line']}"
        number, body = statement["number"], statement["text"].strip()
        if number in nodes or any(number == r[0] for r in references):
            problems.append(f"{where}: statement {number} appears twice.")
            continue
        if see := _SEE.match(body):
            references.append((number, see[1], statement))
            continue
        if not body:
            problems.append(f"{where}: statement {number} has no text.")
            continue
        body = _ESCAPED.sub(r"\1", body)
        kind = "question" if number == "1." and thesis_is_question else "claim"
        nodes[number] = {"id": number, "kind": kind, "text": body}
        kinds[number] = kind

    links, pairs = [], set()

    def link(source: str, statement: dict) -> None:
        where = f"line {statement['line']}"
        parent = statement["number"].rsplit(".", 2)[0] + "."
        if parent not in nodes:
            problems.append(
                f"{where}: the parent statement {parent} of {statement['number']} is missing."
            )
            return
        stance = statement["stance"]
        if kinds[parent] == "question":
            relation = "answers"
        elif stance is None:
            problems.append(f"{where}: statement {statement['number']} has no “Pro:” or “Con:”.")
            return
        else:
            relation = "supports" if stance == "Pro" else "opposes"
        if message := relation_error(relation, kinds[source], kinds[parent]):
            problems.append(f"{where}: {message}")
            return
        if (source, parent) in pairs:
            return
        pairs.add((source, parent))
        links.append({"source": source, "target": parent, "relation": relation, "rationale": ""})

    for statement in statements:
        if statement["number"] in nodes and statement["number"] != "1.":
            link(statement["number"], statement)
    for _number, target, statement in references:
        if target not in nodes:
            problems.append(f"line {statement['line']}: “-> See {target}” names no statement.")
        else:
            link(target, statement)
    if problems:
        raise ValidationError(problems)
    document = {
        "format": "argmap",
        "version": 1,
        "map": {"title": title or nodes["1."]["text"][:200], "root": "1."},
        "articles": [],
        "nodes": list(nodes.values()),
        "links": links,
    }
    if references:
        notes.insert(0, f"{len(references)} “-> See” references became extra links.")
    return document, notes


_STANCES = {"supports": "Pro: ", "opposes": "Con: ", "answers": ""}


def dump(document: dict) -> str:
    lines = [f"Discussion Title: {_one_line(document['map']['title'])}", ""]
    numbers: dict[str, str] = {}
    counters: dict[str, int] = {}
    skip_below: int | None = None
    for row in rows(document):
        if skip_below is not None and row.depth > skip_below:
            continue
        skip_below = None
        if row.depth == 0:
            if numbers:  # a second top: Kialo has one thesis
                skip_below = 0
                continue
            number = "1."
        elif row.relation not in _STANCES:  # a question questioning a node
            skip_below = row.depth
            continue
        else:
            counters[row.parent] = counters.get(row.parent, 0) + 1
            number = f"{numbers[row.parent]}{counters[row.parent]}."
        stance = _STANCES.get(row.relation, "")
        if not row.first and row.node["id"] not in numbers:
            counters[row.parent] -= 1  # first written in a part Kialo has no place for
            continue
        if row.first:
            numbers[row.node["id"]] = number
            lines.append(f"{number} {stance}{_escaped(row.node['text'])}")
        else:
            lines.append(f"{number} {stance}-> See {numbers[row.node['id']]}")
            skip_below = row.depth
    left_out = [node for node in document["nodes"] if node["id"] not in numbers]
    # Every statement line but the thesis writes one link.
    links_lost = len(document["links"]) - max(len(lines) - 3, 0)
    if left_out or links_lost:
        named = ", ".join(f"“{_one_line(node['text'])[:80]}”" for node in left_out[:_SHOWN])
        more = f" and {len(left_out) - _SHOWN} more" if len(left_out) > _SHOWN else ""
        lines += [
            "",
            f"{LEFT_OUT} {len(left_out)} of {len(document['nodes'])} nodes and {links_lost}"
            f" of {len(document['links'])} links, as Kialo has one thesis and no questions"
            f" below it" + (f": {named}{more}." if left_out else "."),
        ]
    lines.append("")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escaped(text: str) -> str:
    """A statement's text as Kialo's Markdown writes it: a backslash escaped, and text that
    would read as a ``-> See`` reference escaped at its start."""
    text = _one_line(text).replace("\\", "\\\\")
    return "\\" + text if text.startswith("->") else text
