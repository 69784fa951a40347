"""Import of the JSON that ``argdown json`` writes (https://argdown.org).

Statements (equivalence classes) become nodes, and so do arguments without a
premise-conclusion structure. An argument with one keeps its structure: each premise an
inference uses links to that inference's conclusion (supports, or answers / questions
when a question is involved), named with the argument's title, so no statement of a
structure stands alone and the export writes the same argument back. Relations to or
from such an argument stand for its main conclusion. Support and entailment become
supports; attack opposes; contrary and contradictory (symmetric in Argdown) a mutual
opposition, and so do two attacks between the same ends, one each way (how a contrary is
written outside Argdown's strict mode); an undercut of an inference an undercut of its
first link, an undercut of a statement one of the first link out of that statement. What
cannot be kept is counted in the notes.
"""

import re
from collections import Counter

from django.core.exceptions import ValidationError

from argmap.maps.graph import relation_error

_SPACE = re.compile(r"\s+")


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
ATTACKING = {"attack", "contrary", "contradictory"}
MUTUAL = {"contrary", "contradictory"}
CONCLUSIONS = {"intermediary-conclusion", "main-conclusion"}


class _Builder:
    """The links of the document being built, with argmap's rules applied as they come."""

    def __init__(self, nodes: dict):
        self.nodes = nodes
        self.order = {node_id: index for index, node_id in enumerate(nodes)}
        self.links: list[dict] = []
        self.pairs: dict[tuple, dict] = {}
        self.skipped = Counter()
        self.turned = 0  # pairs of attacks that became one contrary

    def link(self, source: str, target: str, kind: str, **extra) -> dict | None:
        """Add source -> target for an Argdown relation type (support, attack, ...)."""
        source_kind, target_kind = self.nodes[source]["kind"], self.nodes[target]["kind"]
        if kind in SUPPORTING:
            name = (
                "questions"
                if source_kind == "question"
                else ("answers" if target_kind == "question" else "supports")
            )
        else:
            name = "opposes"
        if (source, target) in self.pairs:
            # A structure's inference and a relation drawn beside it: one link.
            existing = self.pairs[(source, target)]
            if extra.get("argument") and not existing.get("argument"):
                existing["argument"] = extra["argument"]
            elif extra.get("argument") and existing["argument"] != extra["argument"]:
                self.skipped[
                    "premise memberships of a second argument for the same conclusion,"
                    " kept in the first argument (one link per pair)"
                ] += 1
            return existing
        if (target, source) in self.pairs:
            return self._back(self.pairs[(target, source)], kind)
        if source == target:
            self.skipped[
                "relations of an argument to its own conclusion, which its structure says"
            ] += 1
            return None
        if relation_error(name, source_kind, target_kind):
            self.skipped["relations whose kinds argmap does not allow"] += 1
            return None
        link = {"source": source, "target": target, "relation": name, "rationale": ""}
        if kind in MUTUAL:
            link["mutual"] = kind
        link |= {key: value for key, value in extra.items() if value}
        self.links.append(link)
        self.pairs[(source, target)] = link
        return link

    def _back(self, existing: dict, kind: str) -> dict | None:
        """A relation back along a link already kept. The other half of a symmetric
        relation, or an attack answering an attack (Argdown's way outside strict mode
        of saying two statements cannot both be true), makes the link mutual; anything
        else would close a cycle, which argmap's links cannot, and is skipped."""
        if existing["relation"] == "opposes" and kind in ATTACKING:
            if not existing.get("mutual"):
                existing["mutual"] = kind if kind in MUTUAL else "contrary"
                self.turned += kind == "attack"
                source, target = existing["source"], existing["target"]
                if kind == "attack" and self.order[source] < self.order[target]:
                    # Argdown lists no relation by position, but its statements in the
                    # order of the text: the one written first is the parent.
                    del self.pairs[(source, target)]
                    existing["source"], existing["target"] = target, source
                    self.pairs[(target, source)] = existing
            return existing
        self.skipped["relations back along a relation already kept, which would close a cycle"] += 1
        return None

    def undercut(self, source: str, attacked: dict | None) -> None:
        if (
            attacked is None
            or attacked["relation"] not in ("supports", "opposes")
            or source in (attacked["source"], attacked["target"])
            or relation_error("undercuts", self.nodes[source]["kind"], "claim")
        ):
            self.skipped["undercuts of nothing argmap can undercut"] += 1
            return
        self.links.append(
            {
                "source": source,
                "target": attacked["source"],
                "relation": "undercuts",
                "rationale": "",
                "link": {"source": attacked["source"], "target": attacked["target"]},
            }
        )


def _structures(data: dict) -> dict[str, list[tuple[str, list[str]]]]:
    """argument title -> its inferences (conclusion, premises), each a statement title,
    for the arguments that have a premise-conclusion structure."""
    found = {}
    for name, argument in (data.get("arguments") or {}).items():
        pcs = argument.get("pcs") if isinstance(argument, dict) else None
        if not isinstance(pcs, list) or not pcs:
            continue
        titles = [s.get("title") if isinstance(s, dict) else None for s in pcs]
        inferences, since = [], 0
        for index, statement in enumerate(pcs):
            if not _concludes(statement) or not isinstance(titles[index], str):
                continue
            inference = (
                statement.get("inference") if isinstance(statement.get("inference"), dict) else {}
            )
            uses = (
                (inference.get("data") or {}).get("uses")
                if isinstance(inference.get("data"), dict)
                else None
            )
            if isinstance(uses, list) and all(isinstance(n, int) and 0 < n <= index for n in uses):
                premises = [titles[n - 1] for n in uses]
            else:  # Argdown's default: the statements since the previous inference
                premises = titles[max(0, since - 1) if since else 0 : index]
            inferences.append((titles[index], [p for p in premises if isinstance(p, str)]))
            since = index + 1
        if inferences:
            found[name] = inferences
    return found


def _concludes(statement) -> bool:
    """Whether a member of a premise-conclusion structure is a conclusion."""
    return isinstance(statement, dict) and str(statement.get("role")) in CONCLUSIONS


def _description(argument: dict) -> str:
    for member in _list(argument.get("members")):
        if isinstance(member, dict) and _text(member.get("text")).strip():
            return _statement_text(member)
    return ""


def to_document(data, *, title: str) -> tuple[dict, list[str]]:
    if not isinstance(data, dict) or not isinstance(data.get("statements"), dict):
        raise ValidationError("This is not Argdown JSON: there is no “statements” object.")
    if not isinstance(data.get("arguments") or {}, dict):
        raise ValidationError("Argdown JSON: “arguments” is not an object.")
    notes = []
    structures = _structures(data)
    nodes: dict[str, dict] = {}
    for group, prefix in (("statements", "s:"), ("arguments", "a:")):
        elements = data.get(group) or {}
        if not isinstance(elements, dict):
            raise ValidationError(f"Argdown JSON: “{group}” is not an object.")
        for name, element in elements.items():
            if isinstance(element, dict) and not (prefix == "a:" and name in structures):
                nodes[prefix + name] = _node_from(prefix + name, element)
    if not nodes:
        raise ValidationError("The Argdown JSON has no statements.")
    relations = _relations(data)
    builder = _Builder(nodes)
    inference_links: dict[tuple[str, int], dict] = {}  # (argument, conclusion index) -> link
    main: dict[str, str] = {}  # argument with a structure -> its main conclusion's node
    premises = conclusions = 0
    for name, inferences in structures.items():
        description = _description(data["arguments"][name])[:10_000]
        argument = data["arguments"][name]
        main[name] = "s:" + inferences[-1][0]
        positions = [
            index
            for index, s in enumerate(_list(argument.get("pcs")))
            if _concludes(s) and isinstance(s.get("title"), str)
        ]
        for position, (conclusion, used) in zip(positions, inferences, strict=True):
            conclusions += 1
            for premise in used:
                premises += 1
                if "s:" + premise not in nodes or "s:" + conclusion not in nodes:
                    continue
                link = builder.link(
                    "s:" + premise, "s:" + conclusion, "support", argument=name[:200]
                )
                if link is not None and description and not link["rationale"]:
                    link["rationale"] = description
                if link is not None:
                    inference_links.setdefault((name, position), link)
    problems, later, on_arguments = [], [], 0
    for index, relation in enumerate(relations):
        if not isinstance(relation, dict):
            problems.append(f"relations[{index}]: must be an object.")
            continue
        ends = []
        for end in ("from", "to"):
            kind = relation.get(f"{end}Type")
            name = str(relation.get(end))
            if kind in ("argument", "inference") and name in structures:
                ends.append(main[name])
            else:
                ends.append(("a:" if kind in ("argument", "inference") else "s:") + name)
        for end, node_id in zip(("from", "to"), ends, strict=True):
            if node_id not in nodes:
                problems.append(
                    f"relations[{index}]: “{end}” {relation.get(end)!r} is not a statement"
                    " or argument."
                )
        if ends[0] not in nodes or ends[1] not in nodes:
            continue
        kind = relation.get("relationType")
        kind = kind if isinstance(kind, str) else ""
        if kind == "undercut":
            later.append((relation, ends))
        elif kind in SUPPORTING | ATTACKING:
            if relation.get("toType") == "argument" and str(relation.get("to")) in structures:
                on_arguments += 1
            if kind == "contradictory":
                # Written ``>< [b]`` below ``[a]``, Argdown says a -> b; argmap keeps b
                # below a, so the symmetric relation is stored b -> a. (A contrary of
                # strict mode is written ``<- [b]``: Argdown says b -> a already.)
                ends.reverse()
            builder.link(ends[0], ends[1], kind)
        else:
            builder.skipped["relations of unknown types"] += 1
    if problems:
        raise ValidationError(problems)
    for relation, (source, target) in later:
        to = str(relation.get("to"))
        if relation.get("toType") in ("inference", "argument") and to in structures:
            index = relation.get("conclusionIndex")
            index = index if isinstance(index, int) else None
            attacked = inference_links.get((to, index)) or next(
                (link for (name, _), link in inference_links.items() if name == to), None
            )
        else:  # an undercut of a statement: of the first link out of it
            attacked = next(
                (
                    link
                    for link in builder.links
                    if link["source"] == target and link["relation"] in ("supports", "opposes")
                ),
                None,
            )
        builder.undercut(source, attacked)
    if structures:
        notes.append(
            f"Kept {_n(len(structures), 'argument')} with their premise-conclusion"
            f" structures ({_n(premises, 'premise')}, {_n(conclusions, 'conclusion')}) as"
            " links named after them."
        )
    if on_arguments:
        notes.append(
            f"{_n(on_arguments, 'relation')} to whole arguments became relations to their"
            " main conclusion."
        )
    mutual = sum(1 for link in builder.links if link.get("mutual"))
    if mutual:
        notes.append(
            f"{_n(mutual, 'contrary or contradictory relation')} became mutual oppositions"
            + (f" ({builder.turned} of them attacks drawn both ways)." if builder.turned else ".")
        )
    notes += [f"Skipped: {what} ({count})." for what, count in builder.skipped.items()]
    top = _top(nodes, builder.links)
    document = {
        "format": "argmap",
        "version": 1,
        "map": {"title": title, "root": top},
        "articles": [],
        "nodes": list(nodes.values()),
        "links": builder.links,
    }
    return document, notes


def _n(count: int, noun: str) -> str:
    """The count and its noun: "1 premise", "2 premises"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _relations(data: dict) -> list:
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
    return relations


def _top(nodes: dict, links: list[dict]) -> str:
    """The first statement that is nobody's child: Argdown's main thesis by convention."""
    children = {link["source"] for link in links}
    return next((node_id for node_id in nodes if node_id not in children), next(iter(nodes)))
