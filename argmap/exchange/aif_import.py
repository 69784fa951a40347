"""Import of AIF JSON (AIFdb, OVA) and xAIF (OVA 3, arguebuf); the shapes are described
in ``aif.py``.

AIF -> argmap: I-nodes become claims (questions when a "Pure Questioning" YA anchors
them), each premise of an RA-node links to its conclusion (supports, or answers /
questions when a question is involved), each attacker of a CA-node opposes its target.
A scheme node's scheme (its text, or AIFdb's ``scheme`` field) becomes the link's
rationale, "Scheme: Argument From Expert Opinion", unless it is a generic one ("Default
Inference", "Default Conflict", arguebuf's "Default", a bare "RA"). Two conflicts drawn
both ways between the same two propositions (AIF's symmetric conflict) become one mutual
opposition, as argmap's links cannot form a cycle (and a mutual opposition is written
both ways again). A CA-node whose conclusion is a scheme node is an undercut: of the
first link that scheme node became. The premises of one RA-node share an argument name,
so the export writes them as one RA-node again. Everything else is counted in the
import notes, never an error; structural problems (edges to missing nodes, repeated
ids) and cycles refuse the whole file.
"""

import functools
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError

from argmap.exchange.aif import GENERIC_SCHEMES, QUESTIONING, SCHEME_NODES, SCHEME_PREFIX
from argmap.maps.graph import UNDERCUTTABLE, relation_error


def _id(value) -> str | None:
    """An AIF id as a string (AIFdb writes strings, OVA numbers); None for anything else."""
    if type(value) is str:  # the usual case first: this runs for every node and edge end
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return str(value)


def to_document(data, *, title: str) -> tuple[dict, list[str]]:
    """An argmap JSON document and import notes for AIF JSON or xAIF; ValidationError
    lists every structural problem (missing lists, unknown node ids)."""
    if isinstance(data, dict):
        for key in ("AIF", "aif"):  # xAIF
            if isinstance(data.get(key), dict):
                data = data[key]
                break
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise ValidationError("This is not AIF JSON: there is no “nodes” list.")
    raw_edges = data.get("edges") if data.get("edges") is not None else []
    if not isinstance(raw_edges, list):
        raise ValidationError("This is not AIF JSON: “edges” is not a list.")
    problems, notes = [], []
    types: dict[str, str] = {}
    texts: dict[str, str] = {}
    schemes: dict[str, str] = {}
    extras: dict[str, dict] = {}
    for index, node in enumerate(data["nodes"]):
        node_id = _id(node.get("nodeID")) if isinstance(node, dict) else None
        if node_id is None:
            problems.append(f"nodes[{index}]: no nodeID.")
            continue
        if node_id in types:
            problems.append(f"node {node_id}: the nodeID is used twice.")
            continue
        types[node_id] = str(node.get("type") or "")
        text = node.get("text")
        texts[node_id] = text if isinstance(text, str) else ""
        if isinstance(node.get("scheme"), str):  # AIFdb: "scheme" beside "schemeID"
            schemes[node_id] = node["scheme"]
        if isinstance(node.get("argmap"), dict):
            extras[node_id] = node["argmap"]
    into: dict[str, list[str]] = defaultdict(list)
    out_of: dict[str, list[str]] = defaultdict(list)
    for index, edge in enumerate(raw_edges):
        if not isinstance(edge, dict):
            problems.append(f"edges[{index}]: must be an object.")
            continue
        from_id, to_id = _id(edge.get("fromID")), _id(edge.get("toID"))
        if from_id in types and to_id in types:
            out_of[from_id].append(to_id)
            into[to_id].append(from_id)
            continue
        label = f"edge {edge.get('edgeID', index)}"
        for end, value in (("fromID", from_id), ("toID", to_id)):
            if value not in types:
                problems.append(f"{label}: {end} {edge.get(end)!r} is not a node.")
    if problems:
        raise ValidationError(problems)

    information = [node_id for node_id, kind in types.items() if kind == "I"]
    if not information:
        raise ValidationError("The AIF map has no I-nodes (propositions) to import.")
    questioning = [
        node_id
        for node_id, kind in types.items()
        if kind == "YA" and _is_scheme(QUESTIONING, texts[node_id], schemes.get(node_id, ""))
    ]
    questions = {target for n in questioning for target in out_of[n] if types[target] == "I"}
    nodes = []
    for node_id in information:
        extra = extras.get(node_id, {})
        kind = "question" if node_id in questions else "claim"
        if extra.get("kind") in ("claim", "evidence") and kind != "question":
            kind = extra["kind"]
        node = {"id": node_id, "kind": kind, "text": texts[node_id].strip() or "(no text)"}
        for key in ("source", "grade", "base_score"):
            if key in extra and (key != "grade" or kind == "evidence"):
                node[key] = extra[key]
        nodes.append(node)
    kinds = {node["id"]: node["kind"] for node in nodes}

    links, pairs, opposing = [], set(), {}
    skipped, named, mutuals = Counter(), Counter(), 0
    made: dict[str, list[dict]] = defaultdict(list)  # scheme node -> the links it became
    for node_id, node_type in types.items():
        if node_type not in ("RA", "CA"):
            continue
        premises = [p for p in into[node_id] if types[p] == "I"]
        conclusions = [c for c in out_of[node_id] if types[c] == "I"]
        extra = extras.get(node_id, {})
        rationale = extra.get("rationale") if isinstance(extra, dict) else ""
        rationale = rationale if isinstance(rationale, str) else ""
        scheme = _scheme_name(texts[node_id], schemes.get(node_id, ""))
        if scheme and not rationale:
            rationale = SCHEME_PREFIX + scheme
        argument = extra.get("argument") if isinstance(extra, dict) else ""
        if not isinstance(argument, str) or not argument:
            # Several premises of one inference: kept together as one argument.
            argument = f"Argument {node_id}" if len(premises) > 1 and conclusions else ""
        for premise in premises:
            for conclusion in conclusions:
                relation = _relation(node_type, kinds[premise], kinds[conclusion])
                if (premise, conclusion) in pairs or premise == conclusion:
                    skipped[f"repeated {node_type} relations between the same two nodes"] += 1
                elif relation == "opposes" and (conclusion, premise) in opposing:
                    # AIF's symmetric conflict: one mutual opposition (no cycle).
                    other = opposing[(conclusion, premise)]
                    mutual = extra.get("mutual") if isinstance(extra, dict) else None
                    other["mutual"] = (
                        mutual if mutual in ("contrary", "contradictory") else "contrary"
                    )
                    mutuals += 1
                elif relation_error(relation, kinds[premise], kinds[conclusion]):
                    skipped[f"{node_type} relations that argmap's kinds do not allow"] += 1
                else:
                    pairs.add((premise, conclusion))
                    if scheme:
                        named[scheme] += 1
                    link = {
                        "source": premise,
                        "target": conclusion,
                        "relation": relation,
                        "rationale": rationale,
                        "argument": argument[:200],
                    }
                    if relation == "opposes":
                        opposing[(premise, conclusion)] = link
                    links.append(link)
                    made[node_id].append(link)
    links += _undercuts(types, into, out_of, kinds, made, skipped)
    counts = Counter(types.values())
    labels: dict[str, Counter] = defaultdict(Counter)  # YA, MA, PA: how many of each kind
    for node_id, node_type in types.items():
        if node_type in ("YA", "MA", "PA"):
            labels[node_type][texts[node_id]] += 1
    for node_type, meaning in (
        ("L", "locutions (L)"),
        ("YA", "illocutions (YA)"),
        ("TA", "transitions (TA)"),
        ("MA", "rephrases (MA)"),
        ("PA", "preferences (PA)"),
    ):
        if counts[node_type]:
            detail = f": {_most_common(labels[node_type])}" if node_type in labels else ""
            notes.append(f"Not imported: {counts[node_type]} {meaning}{detail}.")
    speakers = _speakers(data)
    if speakers:
        listed = ", ".join(speakers[:5]) + (", …" if len(speakers) > 5 else "")
        plural = "s" if len(speakers) > 1 else ""
        notes.append(f"Not imported: the speaker{plural} of the locutions ({listed}).")
    others = sum(
        n for t, n in counts.items() if t not in ("I", "RA", "CA", "L", "YA", "TA", "MA", "PA")
    )
    if others:
        notes.append(f"Not imported: {others} nodes of unknown types.")
    notes += [f"Skipped: {what} ({count})." for what, count in skipped.items()]
    if mutuals:
        notes.append(
            f"{mutuals} conflicts drawn both ways became mutual oppositions (stored one way:"
            " argmap's links cannot form a cycle)."
        )
    if questions:
        many = len(questions) > 1
        notes.append(
            f"{len(questions)} proposition{'s' if many else ''} became"
            f" {'questions' if many else 'a question'} (Pure Questioning)."
        )
    if named:
        notes.append(
            f"Kept the schemes of {sum(named.values())} links as their rationale"
            f" (“{SCHEME_PREFIX}…”): {_most_common(named)}."
        )
    document = {
        "format": "argmap",
        "version": 1,
        "map": {"title": title, "root": _root(information, links)},
        "articles": [],
        "nodes": nodes,
        "links": links,
    }
    return document, notes


def _undercuts(types, into, out_of, kinds, made, skipped: Counter) -> list[dict]:
    """The undercuts among the CA nodes: a proposition attacks a scheme node, the
    inference it stands for. argmap's undercut attacks one link, the first the scheme
    node became (its other premises are one argument with it, exported as one RA again)."""
    undercuts, seen = [], set()
    for node_id, node_type in types.items():
        if node_type not in ("RA", "CA"):
            continue  # illocutions (YA) anchor scheme nodes in the dialogue: no attack
        attacked = [end for end in out_of.get(node_id, ()) if types[end] in SCHEME_NODES]
        if not attacked:
            continue
        if node_type != "CA":
            skipped[f"{node_type}-node edges to other scheme nodes"] += 1
            continue
        for scheme in attacked:
            target = next(
                (link for link in made[scheme] if link["relation"] in UNDERCUTTABLE), None
            )
            for undercutter in (p for p in into[node_id] if types[p] == "I"):
                key = (undercutter, scheme)
                if (
                    target is None
                    or key in seen
                    or undercutter in (target["source"], target["target"])
                    or relation_error("undercuts", kinds[undercutter], kinds[target["source"]])
                ):
                    skipped["undercuts (CA on a scheme node) argmap cannot hold"] += 1
                    continue
                seen.add(key)
                undercuts.append(
                    {
                        "source": undercutter,
                        "target": target["source"],
                        "relation": "undercuts",
                        "rationale": "",
                        "link": {"source": target["source"], "target": target["target"]},
                    }
                )
    return undercuts


def _scheme_key(name: str) -> str:
    """A scheme name compared without case or spaces ("PureQuestioning" is AIFdb's
    ``scheme`` for the text "Pure Questioning")."""
    return "".join(name.split()).lower()


def _is_scheme(name: str, text: str, scheme: str) -> bool:
    return _scheme_key(name) in (_scheme_key(text), _scheme_key(scheme))


_GENERIC_KEYS = {_scheme_key(name) for name in GENERIC_SCHEMES}


@functools.lru_cache(maxsize=1024)  # a map repeats a few scheme names many times
def _scheme_name(text: str, scheme: str) -> str:
    """The argumentation scheme an RA- or CA-node names, or "" for a generic one."""
    for name in (text, scheme):
        name = " ".join(name.split())[:200]
        if _scheme_key(name) not in _GENERIC_KEYS:
            return name
    return ""


def _most_common(counts: Counter, limit: int = 5) -> str:
    merged = Counter()
    for name, count in counts.items():
        merged[" ".join(name.split())[:60] or "(no text)"] += count
    shown = ", ".join(f"{name} {count}" for name, count in merged.most_common(limit))
    return shown + (", …" if len(merged) > limit else "")


def _speakers(data: dict) -> list[str]:
    """Who the locutions say spoke: each distinct ``personID``, by the name of its
    participant where OVA's ``participants`` list has one."""
    names = {}
    for person in _list(data.get("participants")):
        if isinstance(person, dict) and _id(person.get("participantID")) is not None:
            name = " ".join(str(person.get(key) or "") for key in ("firstname", "surname"))
            names[_id(person["participantID"])] = " ".join(name.split())[:100]
    speakers = []
    for locution in _list(data.get("locutions")):
        person = _id(locution.get("personID")) if isinstance(locution, dict) else None
        if person is not None and person != "":
            name = names.get(person) or f"person {person}"
            if name not in speakers:
                speakers.append(name)
    return speakers


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _relation(node_type: str, premise_kind: str, conclusion_kind: str) -> str:
    if node_type == "CA":
        return "opposes"
    if premise_kind == "question":
        return "questions"
    if conclusion_kind == "question":
        return "answers"
    return "supports"


def _root(node_ids: list[str], links: list[dict]) -> str:
    """The top node with the most nodes below it: the main conclusion of the map."""
    parents_of = defaultdict(list)
    has_parent = set()
    for link in links:
        parents_of[link["target"]].append(link["source"])
        has_parent.add(link["source"])
    tops = [node_id for node_id in node_ids if node_id not in has_parent]

    def size(top: str) -> int:
        seen, stack = {top}, [top]
        while stack:
            for child in parents_of[stack.pop()]:
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        return len(seen)

    return max(tops, key=size) if tops else node_ids[0]
