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

The export writes every node and link, in the nearest Kialo form where Kialo has none,
marked at the start of the text so that argmap reads it back: a question below the
thesis is a Con claim starting "Question: " with its answers Pro below it, an undercut a
Con claim starting "Does not follow: " below the premise whose link it attacks, a node
that hangs below nothing a Pro claim of the thesis starting "Unplaced: ". ``changes``
lists what changes form, for the export page to say before the download. An older
export's closing ``# argmap left out ...`` line is skipped on import and reported.
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
# Kialo knows one thesis and Pro / Con claims below it. What else a map holds is written
# in the nearest Kialo form, marked at the start of the text so that argmap reads it back.
QUESTION, UNDERCUT, UNPLACED = "Question: ", "Does not follow: ", "Unplaced: "
MARKERS = (UNPLACED, UNDERCUT, QUESTION)  # in the order they are written


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
                {
                    "number": match[1],
                    "stance": match[2],
                    "text": match[3],
                    "line": line_number,
                    "markers": set(),
                }
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
    below = [
        s
        for s in statements
        if s["number"].count(".") == 2 and not s["text"].startswith((UNPLACED, QUESTION))
    ]
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
        for marker in MARKERS:
            if body.startswith(marker):
                statement["markers"].add(marker)
                body = body.removeprefix(marker).lstrip()
        if see := _SEE.match(body):
            references.append((number, see[1], statement))
            continue
        if not body:
            problems.append(f"{where}: statement {number} has no text.")
            continue
        if body.startswith("\\") and body[1:].startswith(MARKERS):  # a text, not a mark
            body = body[1:]
        body = _ESCAPED.sub(r"\1", body)
        asks = QUESTION in statement["markers"]
        kind = "question" if asks or (number == "1." and thesis_is_question) else "claim"
        nodes[number] = {"id": number, "kind": kind, "text": body}
        kinds[number] = kind

    links, pairs = [], set()
    placed: dict[str, dict] = {}  # statement number -> the link it was written through

    def link(source: str, statement: dict) -> None:
        where = f"line {statement['line']}"
        parent = statement["number"].rsplit(".", 2)[0] + "."
        if parent not in nodes:
            problems.append(
                f"{where}: the parent statement {parent} of {statement['number']} is missing."
            )
            return
        stance, markers = statement["stance"], statement["markers"]
        if UNPLACED in markers and parent == "1.":
            return  # written below the thesis only because Kialo has one
        if UNDERCUT in markers:
            attacked = placed.get(parent)
            if attacked is None or attacked["relation"] not in ("supports", "opposes"):
                problems.append(f"{where}: “{UNDERCUT}” below a statement that is no Pro or Con.")
                return
            undercut = {"source": source, "target": parent, "relation": "undercuts"}
            undercut |= {"rationale": "", "link": {"source": parent, "target": attacked["target"]}}
            links.append(undercut)
            return
        if kinds[source] == "question":
            relation = "questions"
        elif kinds[parent] == "question":
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
        placed[statement["number"]] = links[-1]

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


_STANCES = {
    "supports": "Pro: ",
    "opposes": "Con: ",
    "answers": "Pro: ",
    "questions": "Con: ",
    "undercuts": "Con: ",
}


def changes(document: dict) -> list[str]:
    """What the Kialo export writes in another form than the map's, one line each."""
    root = document["map"].get("root")
    links = document["links"]
    kinds = {node["id"]: node["kind"] for node in document["nodes"]}
    has_parent = {link["source"] for link in links}
    counts = {
        "questions": sum(1 for n, kind in kinds.items() if kind == "question" and n != root),
        "undercuts": sum(1 for link in links if link["relation"] == "undercuts"),
        "unplaced": sum(1 for n in kinds if n not in has_parent and n != root),
        "evidence": sum(1 for kind in kinds.values() if kind == "evidence"),
        "mutual": sum(1 for link in links if link.get("mutual")),
        "arguments": len({link["argument"] for link in links if link.get("argument")}),
    }
    said = {
        "questions": f"Questions below the thesis ({{}}): claims starting “{QUESTION}”, Con"
        " of what they question, their answers Pro below them.",
        "undercuts": f"Undercuts ({{}}): Con claims starting “{UNDERCUT}” below the premise"
        " whose link they attack.",
        "unplaced": f"Nodes that hang below nothing ({{}}): Pro claims of the thesis starting"
        f" “{UNPLACED}”.",
        "evidence": "Evidence ({}): claims, without source and grade.",
        "mutual": "Mutual oppositions ({}): plain Con claims.",
        "arguments": "Argument names ({}): not written.",
    }
    return [said[key].format(count) for key, count in counts.items() if count]


def dump(document: dict) -> str:
    """Every node and link of the map, one statement line each: a node written once in
    full and by ``-> See`` after, as Kialo does."""
    lines = [f"Discussion Title: {_one_line(document['map']['title'])}", ""]
    numbers: dict[str, str] = {}
    counters: dict[str, int] = {}
    root = document["map"].get("root")
    thesis = None
    for row in rows(document):
        node = row.node
        marker = QUESTION if node["kind"] == "question" and row.depth else ""
        if row.depth == 0 and thesis is None:
            thesis, number, stance = node["id"], "1.", ""
        else:
            parent = row.parent if row.depth else thesis
            counters[parent] = counters.get(parent, 0) + 1
            number = f"{numbers[parent]}{counters[parent]}."
            if row.depth == 0:
                stance, marker = "Pro: ", UNPLACED + marker
            elif row.relation == "answers" and row.parent == root == thesis:
                stance = ""  # Kialo's multi-thesis form: answers of the thesis question
            else:
                stance = _STANCES[row.relation]
            if row.relation == "undercuts":
                marker = UNDERCUT + marker
        if row.first:
            numbers[node["id"]] = number
            lines.append(f"{number} {stance}{marker}{_escaped(node['text'])}")
        else:
            marker = marker.replace(QUESTION, "")  # the kind is said where it is written
            lines.append(f"{number} {stance}{marker}-> See {numbers[node['id']]}")
    lines.append("")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _escaped(text: str) -> str:
    """A statement's text as Kialo's Markdown writes it: a backslash escaped, and text that
    would read as a ``-> See`` reference or one of argmap's marks escaped at its start."""
    text = _one_line(text).replace("\\", "\\\\")
    return "\\" + text if text.startswith(("->", *MARKERS)) else text
