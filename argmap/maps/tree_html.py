"""HTML of the argument tree, written straight from the flat rows of ``tree.py``.

This is the one piece of markup built in Python rather than in a template, for speed:
the template engine spent about 70 ms on the rows of a 1,000-node map (a dozen variable
lookups and tags per row), these f-strings about 3 ms. Every piece of user text goes
through ``escape``; everything else is a number or a constant of this module.
The rest of the map page (and every form) stays in ``templates/maps/``.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from argmap.maps.graph import UNDERCUTTABLE

COUNT_LABELS = {
    "undercuts": "undercutting",
    "answers": "answering",
    "supports": "supporting",
    "opposes": "opposing",
    "questions": "questioning",
}
CREDIBILITY = {1: "confirmed", 2: "probably true", 3: "possibly true", 4: "doubtful"}
CREDIBILITY |= {5: "improbable", 6: "cannot be judged"}
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable"}
RELIABILITY |= {"D": "not usually reliable", "E": "unreliable", "F": "cannot be judged"}


@dataclass
class TreeContext:
    """What every row needs to know about the page it is drawn on."""

    map_id: int
    root_id: int | None
    can_edit: bool
    # Parts other apps add to each row (``page_parts``): node id -> safe HTML.
    lead_parts: list = field(default_factory=list)  # before the kind badge
    end_parts: list = field(default_factory=list)  # after the text, before the tools
    map_url: str = ""
    seen: set[int] = field(default_factory=set)  # nodes already given their id="node-N"
    _reader_urls: dict[int, str] = field(default_factory=dict)

    def __post_init__(self):
        self.map_url = reverse("map_detail", args=[self.map_id])

    def reader_url(self, article_id: int) -> str:
        if article_id not in self._reader_urls:
            self._reader_urls[article_id] = reverse("article_reader", args=[article_id])
        return self._reader_urls[article_id]


def grade_title(node) -> str:
    parts = []
    if node.source_reliability:
        parts.append(f"source {RELIABILITY.get(node.source_reliability, '')}")
    if node.information_credibility:
        parts.append(f"information {CREDIBILITY.get(node.information_credibility, '')}")
    return "Admiralty grade: " + ", ".join(parts)


# The keys of a focused row's actions (argmap.js presses the link; the "?" help lists them).
KEYS = {"answers": "a", "supports": "s", "opposes": "o", "evidence": "v", "questions": "q"}
KEYS |= {"edit": "e", "more": "m"}


def _tool(url: str, label: str, key: str) -> str:
    return f'<a href="{url}" data-key="{key}" aria-keyshortcuts="{key.upper()}">{label}</a>'


def _tools(node, via, ctx: TreeContext) -> str:
    node_url = f"{ctx.map_url}nodes/{node.id}/"
    via_id = via.id if via else None
    if node.kind == "question":
        adds = _tool(f"{node_url}add/?relation=answers", "+ Answer", KEYS["answers"])
    else:
        adds = (
            _tool(f"{node_url}add/?relation=supports", "+ Support", KEYS["supports"])
            + _tool(f"{node_url}add/?relation=opposes", "+ Oppose", KEYS["opposes"])
            + _tool(f"{node_url}add/?kind=evidence", "+ Evidence", KEYS["evidence"])
            + _tool(f"{node_url}add/?relation=questions", "+ Question", KEYS["questions"])
        )
    if via is not None and via.relation in UNDERCUTTABLE:
        # An undercut attacks the link this row is shown through, not the node.
        adds += (
            f'<a href="{node_url}add/?relation=undercuts&amp;via={via_id}" '
            'title="Undercut: a claim that this does not follow">+ Does not follow</a>'
        )
    more = ""
    if node.id != ctx.root_id:
        label = "More…" if via_id else "Place…"  # an unplaced node: hang it in the tree
        more = _tool(f"{node_url}more/?via={via_id or ''}", label, KEYS["more"])
    edit = _tool(f"{node_url}edit/", "Edit", KEYS["edit"])
    return (
        f'<div class="tools" hx-boost="true" hx-target="next .slot" hx-swap="innerHTML" '
        f'hx-push-url="false">{adds}{edit}{more}</div>'
        '<div class="slot"></div>'
    )


def row_html(row: dict, ctx: TreeContext) -> str:
    node, link = row["node"], row["link"]
    node_id = node.id
    via_id = link.id if link else None
    parts = []
    if row["group"]:
        label = row["group_label"]
        parts.append(
            f'<div role="none" class="group group-{row["group"]}">'
            f'<div class="group-label" aria-hidden="true">{label}</div>'
            f'<ul role="group" aria-label="{label}">'
        )
    node_url = f"{ctx.map_url}nodes/{node_id}/"
    subtree_url = f"{node_url}?via={via_id or ''}&amp;level={row['level']}"
    if row["has_children"]:
        state = "true" if row["expanded"] else "false"
        expanded_attr = f' aria-expanded="{state}"'
        if row["expanded"]:
            toggle = f'<a class="toggle" href="{subtree_url}" tabindex="-1" aria-hidden="true"></a>'
        else:
            toggle = (
                f'<a class="toggle" href="{subtree_url}" hx-get="{subtree_url}" '
                'hx-target="closest li" hx-swap="outerHTML" tabindex="-1" aria-hidden="true"></a>'
            )
    else:
        expanded_attr = ""
        toggle = '<span class="toggle leaf" aria-hidden="true"></span>'
    anchor_id = ""
    if node_id not in ctx.seen:
        ctx.seen.add(node_id)
        anchor_id = f' id="node-{node_id}"'
    via_class = f" via-{link.relation}" if link else ""
    kind = node.kind
    line = [toggle, *[part(node_id) for part in ctx.lead_parts]]
    line += [
        f'<span class="kind {kind}">{kind}</span> <span class="text">{escape(node.text)}</span>',
    ]
    if node.source_reliability or node.information_credibility:
        line.append(f' <span class="grade" title="{grade_title(node)}">{escape(node.grade)}</span>')
    if node.source_title or node.source_url:
        title = escape(node.source_title or node.source_url)
        if node.source_url:
            url = escape(node.source_url)
            title = f'<a href="{url}" rel="noopener noreferrer nofollow">{title}</a>'
        date = f", {node.source_date:%-d %b %Y}" if node.source_date else ""
        line.append(f' <span class="source">{title}{date}</span>')
    if node.article_id and node.anchor_start is not None:
        line.append(
            f' <a class="anchor" href="{ctx.reader_url(node.article_id)}#at-{node_id}" '
            f'title="In the article: “{escape(node.anchor_exact[:200])}”">¶ source</a>'
        )
    if row["has_children"]:  # shown by the stylesheet while the item is collapsed
        counts = "".join(
            f'<span class="rel {relation}">{count} {COUNT_LABELS[relation]}</span>'
            for relation, count in row["counts"]
        )
        line.append(f' <span class="counts">{counts}</span>')
    for part in ctx.end_parts:
        line.append(part(node_id))
    tools = _tools(node, link, ctx) if ctx.can_edit else ""
    parts.append(
        f'<li role="treeitem" aria-level="{row["level"]}"{expanded_attr} tabindex="-1" '
        f'class="item" id="i-{node_id}-{via_id or "top"}" data-node="{node_id}">'
        f'<div class="node {kind}{via_class}"{anchor_id}><div class="line">{"".join(line)}</div>'
        f"{tools}</div>"
    )
    for end in row["closes"]:
        parts.append("</ul></div>" if end == "group" else "</li>")
    return "".join(parts)


def rows_html(rows: list[dict], ctx: TreeContext) -> SafeString:
    """The ``<li>`` items of ``rows``; user text escaped here, so the result is safe."""
    return mark_safe("".join([row_html(row, ctx) for row in rows]))  # noqa: S308
