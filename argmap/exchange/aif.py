"""AIF JSON, the Argument Interchange Format as AIFdb and OVA write it, and OVA's xAIF.

Shape (AIFdb JSON): ``{"nodes": [{"nodeID", "text", "type", "timestamp"}],
"edges": [{"edgeID", "fromID", "toID", "formEdgeID"}], "locutions": [{"nodeID",
"personID", ...}]}``; AIFdb adds ``scheme`` / ``schemeID`` to scheme nodes. OVA 3's
xAIF wraps the same lists in ``{"AIF": {..., "schemefulfillments": [{"nodeID",
"schemeID"}], "participants": [{"participantID", "firstname", "surname"}]}, "OVA":
{layout}, "text": ...}``; a locution's ``personID`` is a ``participantID``, and an
L-node's text starts with the speaker's name (``"Firstname Surname : what was said"``).

Node types: I (information: a proposition), RA (inference: premises -> RA -> conclusion),
CA (conflict: attacker -> CA -> attacked), MA (rephrase), PA (preference), and the
dialogue side: L (locution), YA (illocution, anchoring a proposition in a locution),
TA (transition between locutions).

argmap -> AIF: claims, questions and evidence become I-nodes; supports, answers and
questions become RA-nodes (one per argument: the links into one conclusion that share
an argument name are its premises), opposes CA-nodes (two, one each way, for a mutual
opposition), an undercut a CA-node whose conclusion is the scheme node of the link it
attacks. A question is marked the way AIFdb marks
one: a locution (L) whose "Pure Questioning" illocution (YA) anchors the I-node; the
locutions name one participant, "argmap", who stands for the map. A rationale written
as "Scheme: <name>" (what an AIF import keeps) becomes the scheme node's text again.
What AIF has no field for (evidence kind, source, grade, score) rides in an
``argmap`` object on the I-node, which other tools ignore.

AIF -> argmap: ``aif_import.py``.
"""

import re

from django.utils import timezone

QUESTIONING = "Pure Questioning"
ASSERTING = "Asserting"
INFERENCE = "Default Inference"
CONFLICT = "Default Conflict"
SPEAKER = "argmap"  # the one participant of an export's locutions
SCHEME_PREFIX = "Scheme: "
# Scheme names that say no more than the node type: no rationale is made of them.
# arguebuf writes xAIF's generic scheme as "Default".
GENERIC_SCHEMES = ("", "RA", "CA", "Default", "Inference", "Conflict", INFERENCE, CONFLICT)
SCHEME_NODES = ("RA", "CA", "MA", "PA")
RA_RELATIONS = ("supports", "answers", "questions")
_SCHEME_RATIONALE = re.compile(rf"^{SCHEME_PREFIX}([^\n]{{1,200}})$")


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
        said = f"{SPEAKER} : {node['text']}"  # AIFdb's and OVA's "Speaker : text"
        nodes.append({"nodeID": locution, "text": said, "type": "L", "timestamp": stamp})
        nodes.append({"nodeID": illocution, "text": QUESTIONING, "type": "YA", "timestamp": stamp})
        edge(locution, illocution)
        edge(illocution, ids[node["id"]])
        locutions.append({"nodeID": locution, "personID": "1", "timestamp": stamp})
    # One scheme node per inference: the links into one conclusion that share an argument
    # name are the premises of one RA node. An undercut is a CA node whose conclusion is
    # the scheme node of the link it attacks.
    scheme_of: dict[tuple, str] = {}  # (source, target) of a link -> its scheme node
    inferences: dict[tuple, str] = {}
    for link in sorted(document["links"], key=lambda link: link["relation"] == "undercuts"):
        key = (link["target"], link["relation"], link.get("argument") or object())
        if link["relation"] != "undercuts" and key in inferences:
            scheme = scheme_of[(link["source"], link["target"])] = inferences[key]
            edge(ids[link["source"]], scheme)
            continue
        scheme = next_id()
        kind, text = ("RA", INFERENCE) if link["relation"] in RA_RELATIONS else ("CA", CONFLICT)
        if named := _SCHEME_RATIONALE.match(link.get("rationale") or ""):
            text = named[1].strip() or text
        item = {"nodeID": scheme, "text": text, "type": kind, "timestamp": stamp}
        if link["relation"] in ("answers", "questions") or link.get("rationale"):
            item["argmap"] = {"relation": link["relation"], "rationale": link.get("rationale", "")}
        if link.get("argument"):
            item.setdefault("argmap", {})["argument"] = link["argument"]
        nodes.append(item)
        edge(ids[link["source"]], scheme)
        if link["relation"] == "undercuts":
            edge(scheme, scheme_of[(link["link"]["source"], link["link"]["target"])])
        else:
            inferences[key] = scheme_of[(link["source"], link["target"])] = scheme
            edge(scheme, ids[link["target"]])
        if link.get("mutual"):
            item.setdefault("argmap", {})["mutual"] = link["mutual"]
            # AIF's symmetric conflict: a second CA-node the other way.
            back = next_id()
            nodes.append(item | {"nodeID": back})
            edge(ids[link["target"]], back)
            edge(back, ids[link["source"]])
    # OVA's and xAIF's participant shape; the locutions' personID names it.
    participants = (
        [{"participantID": "1", "firstname": SPEAKER, "surname": ""}] if locutions else []
    )
    return {"nodes": nodes, "edges": edges, "locutions": locutions, "participants": participants}
