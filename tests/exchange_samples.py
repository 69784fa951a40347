"""Documents and files shared by the exchange tests."""

NASTY = '<script>alert(1)</script> =1+2 "quoted" & [link](http://x) #tag // not a comment *em*'


def sample_document() -> dict:
    """A small map with every feature: kinds, anchors, evidence with source and grade,
    scores, rationale, a node with two parents, a question on a claim, an unplaced node,
    and text that every format must escape."""
    body = "Troops are needed. Who will pay for them? Europe will pay.\nNobody else will."
    return {
        "format": "argmap",
        "version": 1,
        "map": {"title": 'Sample <map> & "title"', "root": "q"},
        "articles": [
            {
                "id": "a",
                "title": "An article",
                "author": "A. Writer",
                "publication": "Daily",
                "published_on": "2025-08-25",
                "source_url": "https://example.org/a",
                "body": body,
            }
        ],
        "nodes": [
            {
                "id": "q",
                "kind": "question",
                "text": "Who will pay for them?",
                "anchor": {
                    "article": "a",
                    "start": 19,
                    "end": 41,
                    "exact": "Who will pay for them?",
                    "prefix": "Troops are needed. ",
                    "suffix": " Europe will pay.\nNobody",
                },
            },
            {
                "id": "c1",
                "kind": "claim",
                "text": "Europe will pay.",
                "base_score": 0.75,
                "more_anchors": [
                    {
                        "article": "a",
                        "start": 42,
                        "end": 58,
                        "exact": "Europe will pay.",
                        "prefix": "for them? ",
                        "suffix": "\nNobody",
                    }
                ],
            },
            {"id": "c2", "kind": "claim", "text": NASTY},
            {"id": "c3", "kind": "claim", "text": "-10 is a number, @mention too"},
            {
                "id": "e1",
                "kind": "evidence",
                "text": "Poll: 60% of voters agree.",
                "source": {
                    "title": "Pollster <b>",
                    "url": "https://example.org/poll?a=1&b=(2)",
                    "date": "2025-08-01",
                },
                "grade": "B2",
            },
            {"id": "q2", "kind": "question", "text": "Is the poll recent?"},
            {"id": "u", "kind": "claim", "text": "An unplaced thought\nover two lines."},
        ],
        "links": [
            {"source": "c1", "target": "q", "relation": "answers", "rationale": "main answer"},
            {"source": "c2", "target": "c1", "relation": "opposes", "rationale": ""},
            {"source": "e1", "target": "c1", "relation": "supports", "rationale": ""},
            {"source": "e1", "target": "c2", "relation": "opposes", "rationale": ""},
            {"source": "c3", "target": "c2", "relation": "supports", "rationale": ""},
            {"source": "q2", "target": "e1", "relation": "questions", "rationale": ""},
        ],
    }


def shape(document: dict, *, fields=("kind",)) -> tuple:
    """Nodes and links by text (texts are unique in the samples), ids left out."""
    text = {node["id"]: " ".join(node["text"].split()) for node in document["nodes"]}

    def value(node: dict, name: str) -> str:
        if name == "anchor" and node.get("anchor"):  # article ids differ between maps
            return str({k: v for k, v in node["anchor"].items() if k != "article"})
        if name == "more_anchors":
            anchors = node.get(name) or []
            return str([{k: v for k, v in a.items() if k != "article"} for a in anchors])
        return str(node.get(name))

    nodes = sorted(
        (text[node["id"]], *(value(node, name) for name in fields)) for node in document["nodes"]
    )
    links = sorted(
        (text[link["source"]], link["relation"], text[link["target"]]) for link in document["links"]
    )
    return nodes, links


# A small AIFdb-style dialogue map (fuller ones are under tests/data/):
# locutions, illocutions (YA), a transition (TA), a rephrase (MA), a linked two-premise
# inference with a named scheme, a conflict and a Pure Questioning, with the numeric ids
# AIFdb uses.
AIFDB_MAP = {
    "nodes": [
        {"nodeID": 101, "text": "Europe must send troops", "type": "I", "timestamp": ""},
        {"nodeID": 102, "text": "Russia may attack again", "type": "I", "timestamp": ""},
        {"nodeID": 103, "text": "Troops deter attacks", "type": "I", "timestamp": ""},
        {"nodeID": 104, "text": "Voters oppose it", "type": "I", "timestamp": ""},
        {"nodeID": 105, "text": "Who would command them?", "type": "I", "timestamp": ""},
        {"nodeID": 106, "text": "Europe has to send soldiers", "type": "I", "timestamp": ""},
        {"nodeID": 201, "text": "Argument From Expert Opinion", "type": "RA", "timestamp": ""},
        {
            "nodeID": 202,
            "text": "Default Conflict",
            "type": "CA",
            "timestamp": "",
            "scheme": "Default Conflict",
        },
        {"nodeID": 203, "text": "Default Rephrase", "type": "MA", "timestamp": ""},
        {"nodeID": 301, "text": "Anna : Europe must send troops", "type": "L"},
        {"nodeID": 302, "text": "Bob : Who would command them?", "type": "L"},
        {"nodeID": 401, "text": "Asserting", "type": "YA"},
        {"nodeID": 402, "text": "Pure Questioning", "type": "YA"},
        {"nodeID": 501, "text": "Default Transition", "type": "TA"},
    ],
    "edges": [
        {"edgeID": 1, "fromID": 102, "toID": 201},
        {"edgeID": 2, "fromID": 103, "toID": 201},
        {"edgeID": 3, "fromID": 201, "toID": 101},
        {"edgeID": 4, "fromID": 104, "toID": 202},
        {"edgeID": 5, "fromID": 202, "toID": 101},
        {"edgeID": 6, "fromID": 106, "toID": 203},
        {"edgeID": 7, "fromID": 203, "toID": 101},
        {"edgeID": 8, "fromID": 301, "toID": 401},
        {"edgeID": 9, "fromID": 401, "toID": 101},
        {"edgeID": 10, "fromID": 302, "toID": 402},
        {"edgeID": 11, "fromID": 402, "toID": 105},
        {"edgeID": 12, "fromID": 301, "toID": 501},
        {"edgeID": 13, "fromID": 501, "toID": 302},
    ],
    "locutions": [
        {"nodeID": 301, "personID": 1, "timestamp": "2025-01-01 10:00:00"},
        {"nodeID": 302, "personID": 2, "timestamp": "2025-01-01 10:01:00"},
    ],
}

KIALO_EXPORT = """Discussion Title: Should Europe send troops to Ukraine?

1. Europe should send troops to Ukraine.
1.1. Pro: It would deter a new attack.
1.1.1. Con: Nobody can say how long they would stay,
and the cost would grow every year.
1.1.2. Pro: Deterrence worked in the Baltics \\(so far\\).
1.2. Con: Voters oppose it.
1.2.1. Pro: -> See 1.1.1.
"""


def reasoning_document() -> dict:
    """A map with what a tree of claims alone cannot say: an argument of two linked
    premises and an intermediate conclusion, undercuts of a support and of an opposition,
    a mutual (contradictory) opposition, and a question with two answers."""
    nodes = [
        ("t", "claim", "Taxes on fuel should rise."),
        ("p1", "claim", "Fuel burnt in cars warms the climate."),
        ("p2", "claim", "A higher price makes people drive less."),
        ("ic", "claim", "A fuel tax cuts emissions."),
        ("p3", "claim", "Cutting emissions is urgent."),
        ("o", "claim", "Poor rural drivers would pay most."),
        ("u1", "evidence", "Rural drivers have no bus to switch to."),
        ("u2", "claim", "The tax revenue can be returned per head."),
        ("k", "claim", "Taxes on fuel should fall."),
        ("q", "question", "Who decides the rate?"),
        ("a1", "claim", "Parliament decides it."),
        ("a2", "claim", "An independent board decides it."),
    ]
    links = [
        ("p1", "ic", "supports", {"argument": "Emissions"}),
        ("p2", "ic", "supports", {"argument": "Emissions"}),
        ("ic", "t", "supports", {"argument": "Emissions"}),
        ("p3", "t", "supports", {"argument": "Emissions"}),
        ("o", "t", "opposes", {}),
        ("k", "t", "opposes", {"mutual": "contradictory"}),
        ("q", "t", "questions", {}),
        ("a1", "q", "answers", {}),
        ("a2", "q", "answers", {}),
        # "A higher price makes people drive less" does not show a cut in emissions
        # where people cannot drive less; the opposition does not follow if the money
        # comes back.
        ("u1", "p2", "undercuts", {"link": {"source": "p2", "target": "ic"}}),
        ("u2", "o", "undercuts", {"link": {"source": "o", "target": "t"}}),
    ]
    return {
        "format": "argmap",
        "version": 1,
        "map": {"title": "Fuel tax", "root": "t"},
        "articles": [],
        "nodes": [{"id": i, "kind": kind, "text": text} for i, kind, text in nodes],
        "links": [
            {"source": s, "target": t, "relation": r, "rationale": ""} | extra
            for s, t, r, extra in links
        ],
    }
