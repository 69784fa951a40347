"""A nested Markdown outline of a map, to paste into a report.

User text is backslash-escaped where it could open Markdown syntax (CommonMark allows
escaping any ASCII punctuation), so no text turns into emphasis, links or HTML.
"""

import re
from urllib.parse import quote

from argmap.exchange.outline import rows

# Characters that open inline Markdown (emphasis, code, links, images, HTML, entities,
# GFM tables and strikethrough); line-start syntax cannot occur after the kind label.
SYNTAX = "\\`*_[]<>()#!|~&$"
_ESCAPE = {ord(char): "\\" + char for char in SYNTAX}
_SPACE = re.compile(r"\s+")
KIND_LABELS = {"claim": "Claim", "question": "Question", "evidence": "Evidence"}


def escape(text: str) -> str:
    return _SPACE.sub(" ", str(text)).strip().translate(_ESCAPE)


def _source(node: dict) -> str:
    source = node.get("source") or {}
    title = escape(source.get("title") or "source")
    parts = []
    if source.get("url"):
        # Characters that could end the link destination are percent-encoded.
        url = quote(source["url"], safe=":/?#[]@!$&'*+,;=%~")
        parts.append(f"[{title}](<{url}>)")
    elif source.get("title"):
        parts.append(title)
    if source.get("date"):
        parts.append(escape(source["date"]))
    return f" — {', '.join(parts)}" if parts else ""


def dump(document: dict) -> str:
    lines = [f"# {escape(document['map']['title'])}", ""]
    texts = {node["id"]: node["text"] for node in document["nodes"]}
    # An undercut is listed under the premise; it says which of its links it attacks.
    attacks = {
        (link["source"], link["target"]): link["link"]["target"]
        for link in document["links"]
        if link.get("link")
    }
    for row in rows(document):
        node = row.node
        relation = f"*{row.relation}* " if row.relation else ""
        if (node["id"], row.parent) in attacks:
            conclusion = escape(texts[attacks[node["id"], row.parent]][:80])
            relation = f"*does not follow (undercuts its link to “{conclusion}”)* "
        label = KIND_LABELS[node["kind"]]
        if node.get("grade"):
            label += f" ({node['grade']})"
        prefix = "  " * row.depth + "- " + relation
        if row.first:
            lines.append(f"{prefix}**{label}:** {escape(node['text'])}{_source(node)}")
        else:
            lines.append(f"{prefix}**{label}** (see above): {escape(node['text'][:80])}")
    lines.append("")
    return "\n".join(lines)
