"""CSV: one row per node with its parent, relation, kind, text, anchor, source and the
links it undercuts.

Written by the csv module. A cell that a spreadsheet would run as a formula (starting
with =, +, -, @, tab or carriage return) is prefixed with an apostrophe, as OWASP advises.
"""

import csv
import io

from argmap.exchange.outline import rows

COLUMNS = (
    "id",
    "parent",
    "relation",
    "other_parents",
    "kind",
    "text",
    "article",
    "anchor_start",
    "anchor_end",
    "anchor_exact",
    "source_title",
    "source_url",
    "source_date",
    "grade",
    "base_score",
    # The links this node undercuts, each as "source>target" (the parent column then
    # holds the attacked link's source).
    "undercuts",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(value) -> str:
    """The cell as text that no spreadsheet evaluates."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def dump(document: dict) -> str:
    parents: dict[str, list[dict]] = {}
    for link in document["links"]:
        parents.setdefault(link["source"], []).append(link)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(document):
        if not row.first:
            continue
        node = row.node
        anchor = node.get("anchor") or {}
        source = node.get("source") or {}
        others = [
            f"{link['target']}:{link['relation']}"
            for link in parents.get(node["id"], ())
            if link["target"] != row.parent
        ]
        writer.writerow(
            [
                defuse(value)
                for value in (
                    node["id"],
                    row.parent,
                    row.relation,
                    " ".join(others),
                    node["kind"],
                    node["text"],
                    anchor.get("article"),
                    anchor.get("start"),
                    anchor.get("end"),
                    anchor.get("exact"),
                    source.get("title"),
                    source.get("url"),
                    source.get("date"),
                    node.get("grade"),
                    node.get("base_score"),
                    " ".join(
                        f"{link['link']['source']}>{link['link']['target']}"
                        for link in parents.get(node["id"], ())
                        if link.get("link")
                    ),
                )
            ]
        )
    return buffer.getvalue()
