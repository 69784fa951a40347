"""Argdown (https://argdown.org) export, as ``.argdown`` text.

Each node is a statement titled with its document id (``[n12]: text``), written as an
indented tree below the root: ``<+`` marks a child that supports its parent, ``<-`` one
that opposes it, ``><`` a contradictory one (a mutual opposition), ``<_`` one that
undercuts the link through which its parent hangs (an attack on the inference, not the
statement). A contrary one (the other mutual opposition: not both true, perhaps both
false) is an attack each way, ``<-`` below the parent and the parent ``<-`` below it:
Argdown has no contrary between statements outside its strict mode, where every attack
between statements would turn contrary. Answers and questions are written as support,
and marked: the question is tagged ``#question``, every answering claim ``#answer``, and
the front matter gives those tags their own colours, so Argdown's map tells an answer
from a support. Evidence is tagged ``#evidence`` and carries its source and grade as the
statement's data.

Links that share an argument name are written as that argument's premise-conclusion
structure, not as relations (``<Name>``, numbered premises, an inference line, the
conclusion; ``{uses: [...]}`` when it has intermediate conclusions), so ``argdown json``
finds the same arguments, premises and conclusions, and one relation per other link (two
for a contrary); an undercut of such a link is written below the inference line it
attacks (``<_ [n7]``). A node with several parents is written in full once and by title
after. User text is backslash-escaped wherever it could open Argdown syntax, so no text
can start a tag, link, comment or relation.

The import of ``argdown json`` is in ``argdown_import.py``.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass

from argmap.exchange.outline import rows

# Characters that open Argdown syntax (tags, titles, arguments, relations, data, links,
# comments, emphasis, mentions). Plain sentence punctuation stays readable.
SYNTAX = "\\[]<>{}#*_@/+-=`&~|^"
_ESCAPE = {ord(char): "\\" + char for char in SYNTAX}
_SPACE = re.compile(r"\s+")
ARROWS = {
    "supports": "<+",
    "answers": "<+",
    "questions": "<+",
    "opposes": "<-",
    "undercuts": "<_",
}
# Argdown's map colours statements by tag: questions and answers stand apart from claims.
TAG_COLOURS = {"question": "#d08a00", "answer": "#2a7f62", "evidence": "#7b4fa0"}


def escape(text: str) -> str:
    """Argdown text with its syntax characters escaped and whitespace on one line."""
    return _SPACE.sub(" ", text).strip().translate(_ESCAPE)


def _title(name: str) -> str:
    """An argument name that Argdown reads back as the same title: one line, no angle
    brackets (which would end it)."""
    return _SPACE.sub(" ", name).strip().replace(">", ")").replace("<", "(") or "Argument"


@dataclass
class Argument:
    title: str
    links: list[dict]


def arguments(links: list[dict]) -> list[Argument]:
    """The map's arguments: the supporting links that share an argument name, one
    argument per conclusion they lead to (its main conclusion), in document order."""
    named: dict[str, list[dict]] = defaultdict(list)
    for link in links:
        if link.get("argument") and link["relation"] == "supports":
            named[link["argument"]].append(link)
    found = []
    for name, group in named.items():
        sources = {link["source"] for link in group}
        sinks = list(
            dict.fromkeys(link["target"] for link in group if link["target"] not in sources)
        )
        if len(sinks) == 1:
            found.append(Argument(name, group))
            continue
        # One name over several separate conclusions: one argument for each.
        for index, sink in enumerate(sinks, start=1):
            found.append(Argument(f"{name} {index}", _above(group, sink)))
    return found


def _above(group: list[dict], sink: str) -> list[dict]:
    into = defaultdict(list)
    for link in group:
        into[link["target"]].append(link)
    chosen, stack, seen = [], [sink], {sink}
    while stack:
        for link in into[stack.pop()]:
            chosen.append(link)
            if link["source"] not in seen:
                seen.add(link["source"])
                stack.append(link["source"])
    return sorted(chosen, key=group.index)


def dump(document: dict) -> str:
    title = _SPACE.sub(" ", document["map"]["title"]).strip()
    lines = ["===", f"title: {json.dumps(title, ensure_ascii=False)}", "color:", "    tagColors:"]
    lines += [f"        {tag}: {json.dumps(colour)}" for tag, colour in TAG_COLOURS.items()]
    lines += ["===", ""]
    links = document["links"]
    found = arguments(links)
    argument_of = {(link["source"], link["target"]): a for a in found for link in a.links}
    against: dict[str, list[dict]] = defaultdict(list)  # argument title -> its undercuts
    outline = []
    for link in links:
        attacked = link.get("link") or {}
        argument = argument_of.get((attacked.get("source"), attacked.get("target")))
        if link["relation"] == "undercuts" and argument is not None:
            against[argument.title].append(link)
        elif (link["source"], link["target"]) not in argument_of:
            # An argument's links are its structure: Argdown draws no relation for them.
            outline.append(link)
    mutual = {(link["source"], link["target"]): link.get("mutual") for link in links}
    answering = {link["source"] for link in links if link["relation"] == "answers"}
    for row in rows(document | {"links": outline}):
        node = row.node
        indent = "    " * row.depth
        arrow = ARROWS.get(row.relation, "") if row.relation else ""
        if mutual.get((node["id"], row.parent)) == "contradictory":
            arrow = "><"
        arrow = f"{arrow} " if arrow else ""
        if row.depth == 0 and lines[-1] != "":
            lines.append("")
        if not row.first:
            lines.append(f"{indent}{arrow}[{node['id']}]")
        else:
            tags = f" #{node['kind']}" if node["kind"] != "claim" else ""
            tags += " #answer" if node["id"] in answering else ""
            text = f"{escape(node['text'])}{tags}{_data(node)}"
            lines.append(f"{indent}{arrow}[{node['id']}]: {text}")
        if mutual.get((node["id"], row.parent)) == "contrary":
            # Argdown (outside strict mode) has no contrary between statements: an
            # attack each way says the two cannot both be true.
            lines.append(f"{indent}    <- [{row.parent}]")
    for argument in found:
        lines += _structure(argument, against[argument.title])
    lines.append("")
    return "\n".join(lines)


def _structure(argument: Argument, undercuts: list[dict]) -> list[str]:
    """The argument's premise-conclusion structure, then the undercuts of it."""
    premises_of: dict[str, list[str]] = defaultdict(list)
    for link in argument.links:
        premises_of[link["target"]].append(link["source"])
    order: list[str] = []  # conclusions, each after the conclusions it rests on

    def place(conclusion: str) -> None:
        for premise in premises_of[conclusion]:
            if premise in premises_of and premise not in order:
                place(premise)
        if conclusion not in order:
            order.append(conclusion)

    for conclusion in premises_of:
        place(conclusion)
    rationales = {link.get("rationale") or "" for link in argument.links}
    description = (
        f": {escape(rationales.pop())}" if len(rationales) == 1 and "" not in rationales else ""
    )
    title = _title(argument.title)
    lines = ["", f"<{title}>{description}", ""]
    number: dict[str, int] = {}
    for conclusion in order:
        for premise in premises_of[conclusion]:
            if premise not in number:
                number[premise] = len(number) + 1
                lines.append(f"({number[premise]}) [{premise}]")
        if len(order) > 1:  # say which statements each inference uses
            uses = ", ".join(str(number[premise]) for premise in premises_of[conclusion])
            lines += ["--", f"{{uses: [{uses}]}}", "--"]
        else:
            lines.append("----")
        # Relations written below an inference line attack that inference.
        lines += [
            f"    <_ [{link['source']}]"
            for link in undercuts
            if link["link"]["target"] == conclusion
        ]
        number[conclusion] = len(number) + 1
        lines.append(f"({number[conclusion]}) [{conclusion}]")
    return lines


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
