"""AIF JSON, the Argument Interchange Format as AIFdb and OVA write it, and OVA's xAIF.

Shape (AIFdb JSON): ``{"nodes": [{"nodeID", "text", "type", "timestamp"}],
"edges": [{"edgeID", "fromID", "toID", "formEdgeID"}], "locutions": [...]}``.
xAIF wraps the same lists in ``{"AIF": {...}, "OVA": ..., "text": ...}``.

Node types: I (information: a proposition), RA (inference: premises -> RA -> conclusion),
CA (conflict: attacker -> CA -> attacked), MA (rephrase), PA (preference), and the
dialogue side: L (locution), YA (illocution, anchoring a proposition in a locution),
TA (transition between locutions).

argmap -> AIF: claims, questions and evidence become I-nodes; supports, answers and
questions become RA-nodes, opposes CA-nodes. A question is marked the way AIFdb marks
one: a locution (L) whose "Pure Questioning" illocution (YA) anchors the I-node.
What AIF has no field for (evidence kind, source, grade, score) rides in an
``argmap`` object on the I-node, which other tools ignore.

AIF -> argmap: I-nodes become claims (questions when a "Pure Questioning" YA anchors
them), each premise of an RA-node links to its conclusion (supports, or answers /
questions when a question is involved), each attacker of a CA-node opposes its target.
Everything else is counted in the import notes, never an error.
"""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.utils import timezone

from argmap.maps.graph import relation_error

QUESTIONING = "Pure Questioning"
ASSERTING = "Asserting"
INFERENCE = "Default Inference"
CONFLICT = "Default Conflict"


def dump(document: dict) -> dict:
    """An AIF JSON document (AIFdb's shape) for an argmap JSON document."""
    stamp = timezone.now().strftime("%Y-%m-%d %H:%M:%S")
    nodes, edges, locutions = [], [], []
    ids: dict[str, str] = {}
    counter = 0

    def next_id() -> str:
        nonlocal counter
        counter += 1
        return str(counter)

    def edge(from_id: str, to_id: str) -> None:
        edges.append(
            {"edgeID": str(len(edges) + 1), "fromID": from_id, "toID": to_id, "formEdgeID": None}
        )

    for node in document["nodes"]:
        node_id = ids[node["id"]] = next_id()
        item = {"nodeID": node_id, "text": node["text"], "type": "I", "timestamp": stamp}
        extra = {key: node[key] for key in ("source", "grade", "base_score") if node.get(key)}
        if node["kind"] == "evidence" or extra:
            item["argmap"] = {"kind": node["kind"], **extra}
        nodes.append(item)
    for node in document["nodes"]:
        if node["kind"] != "question":
            continue
        locution, illocution = next_id(), next_id()
        nodes.append({"nodeID": locution, "text": node["text"], "type": "L", "timestamp": stamp})
        nodes.append({"nodeID": illocution, "text": QUESTIONING, "type": "YA", "timestamp": stamp})
        edge(locution, illocution)
        edge(illocution, ids[node["id"]])
        locutions.append({"nodeID": locution, "personID": "1", "timestamp": stamp})
    for link in document["links"]:
        scheme = next_id()
        kind, text = ("CA", CONFLICT) if link["relation"] == "opposes" else ("RA", INFERENCE)
        item = {"nodeID": scheme, "text": text, "type": kind, "timestamp": stamp}
        if link["relation"] in ("answers", "questions") or link.get("rationale"):
            item["argmap"] = {"relation": link["relation"], "rationale": link.get("rationale", "")}
        nodes.append(item)
        edge(ids[link["source"]], scheme)
        edge(scheme, ids[link["target"]])
    return {"nodes": nodes, "edges": edges, "locutions": locutions}


def _id(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, str | int):
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
        if isinstance(node.get("argmap"), dict):
            extras[node_id] = node["argmap"]
    into: dict[str, list[str]] = defaultdict(list)
    out_of: dict[str, list[str]] = defaultdict(list)
    for index, edge in enumerate(raw_edges):
        if not isinstance(edge, dict):
            problems.append(f"edges[{index}]: must be an object.")
            continue
        from_id, to_id = _id(edge.get("fromID")), _id(edge.get("toID"))
        label = f"edge {edge.get('edgeID', index)}"
        for end, value in (("fromID", from_id), ("toID", to_id)):
            if value not in types:
                problems.append(f"{label}: {end} {edge.get(end)!r} is not a node.")
        if from_id in types and to_id in types:
            out_of[from_id].append(to_id)
            into[to_id].append(from_id)
    if problems:
        raise ValidationError(problems)

    information = [node_id for node_id, kind in types.items() if kind == "I"]
    if not information:
        raise ValidationError("The AIF map has no I-nodes (propositions) to import.")
    questions = {
        target
        for node_id, kind in types.items()
        if kind == "YA" and texts[node_id].strip().lower() == QUESTIONING.lower()
        for target in out_of[node_id]
        if types[target] == "I"
    }
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

    links, pairs, skipped = [], set(), Counter()
    for node_id, node_type in types.items():
        if node_type not in ("RA", "CA"):
            continue
        premises = [p for p in into[node_id] if types[p] == "I"]
        conclusions = [c for c in out_of[node_id] if types[c] == "I"]
        if len(premises) != len(into[node_id]) or len(conclusions) != len(out_of[node_id]):
            skipped[f"{node_type}-node edges to other scheme nodes (undercuts)"] += 1
        extra = extras.get(node_id, {})
        for premise in premises:
            for conclusion in conclusions:
                relation = _relation(node_type, kinds[premise], kinds[conclusion])
                if (premise, conclusion) in pairs or premise == conclusion:
                    skipped[f"repeated {node_type} relations between the same two nodes"] += 1
                elif relation_error(relation, kinds[premise], kinds[conclusion]):
                    skipped[f"{node_type} relations that argmap's kinds do not allow"] += 1
                else:
                    pairs.add((premise, conclusion))
                    rationale = extra.get("rationale") if isinstance(extra, dict) else ""
                    links.append(
                        {
                            "source": premise,
                            "target": conclusion,
                            "relation": relation,
                            "rationale": rationale if isinstance(rationale, str) else "",
                        }
                    )
    counts = Counter(types.values())
    for node_type, meaning in (
        ("L", "locutions (L)"),
        ("YA", "illocutions (YA)"),
        ("TA", "transitions (TA)"),
        ("MA", "rephrases (MA)"),
        ("PA", "preferences (PA)"),
    ):
        if counts[node_type]:
            notes.append(f"Not imported: {counts[node_type]} {meaning}.")
    others = sum(
        n for t, n in counts.items() if t not in ("I", "RA", "CA", "L", "YA", "TA", "MA", "PA")
    )
    if others:
        notes.append(f"Not imported: {others} nodes of unknown types.")
    notes += [f"Skipped {count} {what}." for what, count in skipped.items()]
    if questions:
        notes.append(f"{len(questions)} propositions became questions (Pure Questioning).")
    document = {
        "format": "argmap",
        "version": 1,
        "map": {"title": title, "root": _root(information, links)},
        "articles": [],
        "nodes": nodes,
        "links": links,
    }
    return document, notes


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
