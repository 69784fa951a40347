"""Argdown (https://argdown.org): export as ``.argdown`` text, import of ``argdown json``.

Export: each node is a statement titled with its document id (``[n12]: text``), written
as an indented tree below the root; ``<+`` marks a child that supports its parent and
``<-`` one that opposes it. Argdown knows only support and attack, so answers and
questions are written as support and stay recognisable by the ``#question`` tag on the
question; evidence is tagged ``#evidence`` and carries its source and grade as the
statement's data (``{...}``). A node with several parents is written in full once and
by title after. User text is backslash-escaped wherever it could open Argdown syntax,
so no text can start a tag, link, comment or relation.

Import reads the JSON that ``argdown json`` writes: statements (equivalence classes)
and arguments become nodes, support relations become supports (or answers / questions
when a question is involved), attack, contrary and contradictory relations opposes.
"""

import json
import re

from django.core.exceptions import ValidationError

from argmap.exchange.outline import rows
from argmap.maps.graph import relation_error

# Characters that open Argdown syntax (tags, titles, arguments, relations, data, links,
# comments, emphasis, mentions). Plain sentence punctuation stays readable.
SYNTAX = "\\[]<>{}#*_@/+-=`&~|^"
_ESCAPE = {ord(char): "\\" + char for char in SYNTAX}
_SPACE = re.compile(r"\s+")
ARROWS = {"supports": "<+", "answers": "<+", "questions": "<+", "opposes": "<-"}


def escape(text: str) -> str:
    """Argdown text with its syntax characters escaped and whitespace on one line."""
    return _SPACE.sub(" ", text).strip().translate(_ESCAPE)


def dump(document: dict) -> str:
    title = _SPACE.sub(" ", document["map"]["title"]).strip()
    lines = ["===", f"title: {json.dumps(title, ensure_ascii=False)}", "===", ""]
    for row in rows(document):
        node = row.node
        indent = "    " * row.depth
        arrow = f"{ARROWS[row.relation]} " if row.relation else ""
        if row.depth == 0 and lines[-1] != "":
            lines.append("")
        if not row.first:
            lines.append(f"{indent}{arrow}[{node['id']}]")
            continue
        tags = f" #{node['kind']}" if node["kind"] != "claim" else ""
        lines.append(f"{indent}{arrow}[{node['id']}]: {escape(node['text'])}{tags}{_data(node)}")
    lines.append("")
    return "\n".join(lines)


def _data(node: dict) -> str:
    data = {}
    source = node.get("source") or {}
    for key in ("title", "url", "date"):
        if source.get(key):
            data[f"source_{key}"] = source[key]
    for key in ("grade", "base_score"):
        if node.get(key) not in (None, ""):
            data[key] = node[key]
    # JSON is YAML's flow style, which is what Argdown reads between the braces.
    return f" {json.dumps(data, ensure_ascii=False)}" if data else ""


def _list(value) -> list:
    """A JSON value that should be a list, as one (a file may hold anything there)."""
    return value if isinstance(value, list) else []


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _statement_text(member: dict) -> str:
    """A member's text without the ``#tag`` runs Argdown leaves in it."""
    text = _text(member.get("text"))
    tags = [
        r for r in _list(member.get("ranges")) if isinstance(r, dict) and r.get("type") == "tag"
    ]
    for tag in sorted(tags, key=lambda r: _position(r.get("start")), reverse=True):
        start, stop = tag.get("start"), tag.get("stop")
        if isinstance(start, int) and isinstance(stop, int):
            text = text[:start] + text[stop + 1 :]
    return _SPACE.sub(" ", text).strip()


def _position(value) -> int:
    return value if isinstance(value, int) else 0


def _kind(tags) -> str:
    tags = {tag for tag in _list(tags) if isinstance(tag, str)}
    if "question" in tags:
        return "question"
    return "evidence" if "evidence" in tags else "claim"


def _node_from(node_id: str, element: dict) -> dict:
    members = [m for m in _list(element.get("members")) if isinstance(m, dict)]
    texts = [_statement_text(m) for m in members]
    text = next((t for t in texts if t), "") or _text(element.get("title")) or node_id
    kind = _kind(element.get("tags"))
    node = {"id": node_id, "kind": kind, "text": text}
    data = element.get("data") if isinstance(element.get("data"), dict) else {}
    source = {
        key: str(data[f"source_{key}"])
        for key in ("title", "url", "date")
        if data.get(f"source_{key}")
    }
    if source:
        node["source"] = source
    if kind == "evidence" and data.get("grade"):
        node["grade"] = str(data["grade"])
    if isinstance(data.get("base_score"), int | float):
        node["base_score"] = data["base_score"]
    return node


SUPPORTING = {"support", "entails"}
ATTACKING = {"attack", "contrary", "contradictory", "undercut"}


def to_document(data, *, title: str) -> tuple[dict, list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("statements"), dict):
        raise ValidationError("This is not Argdown JSON: there is no “statements” object.")
    notes = []
    nodes: dict[str, dict] = {}
    for group, prefix in (("statements", "s:"), ("arguments", "a:")):
        elements = data.get(group) or {}
        if not isinstance(elements, dict):
            raise ValidationError(f"Argdown JSON: “{group}” is not an object.")
        for name, element in elements.items():
            if isinstance(element, dict):
                nodes[prefix + name] = _node_from(prefix + name, element)
    if not nodes:
        raise ValidationError("The Argdown JSON has no statements.")
    relations = data.get("relations")
    if relations is None:  # some exports keep relations only on their elements
        unique = {}
        for group in ("statements", "arguments"):
            for element in (data.get(group) or {}).values():
                for relation in (
                    (element.get("relations") or []) if isinstance(element, dict) else []
                ):
                    if isinstance(relation, dict):
                        key = (
                            relation.get("from"),
                            relation.get("to"),
                            relation.get("relationType"),
                        )
                        unique.setdefault(key, relation)
        relations = list(unique.values())
    if not isinstance(relations, list):
        raise ValidationError("Argdown JSON: “relations” is not a list.")
    problems, links, pairs, skipped = [], [], set(), 0
    for index, relation in enumerate(relations):
        if not isinstance(relation, dict):
            problems.append(f"relations[{index}]: must be an object.")
            continue
        ends = []
        for end in ("from", "to"):
            prefix = "a:" if relation.get(f"{end}Type") == "argument" else "s:"
            ends.append(prefix + str(relation.get(end)))
        source, target = ends
        for end, node_id in zip(("from", "to"), ends, strict=True):
            if node_id not in nodes:
                problems.append(
                    f"relations[{index}]: “{end}” {relation.get(end)!r} is not a statement"
                    " or argument."
                )
        if source not in nodes or target not in nodes:
            continue
        kind = relation.get("relationType")
        if kind in SUPPORTING:
            source_kind, target_kind = nodes[source]["kind"], nodes[target]["kind"]
            name = (
                "questions"
                if source_kind == "question"
                else ("answers" if target_kind == "question" else "supports")
            )
        elif kind in ATTACKING:
            name = "opposes"
        else:
            skipped += 1
            continue
        if (
            (source, target) in pairs
            or source == target
            or relation_error(name, nodes[source]["kind"], nodes[target]["kind"])
        ):
            skipped += 1
            continue
        pairs.add((source, target))
        links.append({"source": source, "target": target, "relation": name, "rationale": ""})
    if problems:
        raise ValidationError(problems)
    if skipped:
        notes.append(
            f"Skipped {skipped} relations that argmap cannot hold"
            " (repeated, or kinds that do not fit)."
        )
    top = _top(nodes, links)
    document = {
        "format": "argmap",
        "version": 1,
        "map": {"title": title, "root": top},
        "articles": [],
        "nodes": list(nodes.values()),
        "links": links,
    }
    return document, notes


def _top(nodes: dict, links: list[dict]) -> str:
    """The first statement that is nobody's child: Argdown's main thesis by convention."""
    children = {link["source"] for link in links}
    return next((node_id for node_id in nodes if node_id not in children), next(iter(nodes)))
