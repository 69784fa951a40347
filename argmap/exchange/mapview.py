"""The map view's drawing: a bounded part of a map laid out top-down by Graphviz, and its
SVG made into something a user can work in.

Graphviz lays out and draws; this module writes the DOT source of a view (claims,
questions and evidence by colour and shape, relations by colour and line, the answers to a
question grouped under it, strength on each node) and then decorates Graphviz's SVG with
lxml: every node becomes a focusable link with an accessible name, its whole text as a
``<title>`` and an ``hx-get`` of its panel, so a click is an ordinary htmx request. lxml
escapes every attribute and text it writes. Nothing here knows of HTTP: URLs come in as
templates with an ``{id}`` placeholder.
"""

import textwrap

from lxml import etree

from argmap.exchange.dot import (
    KIND_COLOURS,
    RELATION_COLOURS,
    edge_line,
    tooltip,
    xml_escape,
)
from argmap.maps.graph import GROUP_ORDER, MapGraph

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
# At "fit" a node shows at most three short lines; the whole text is in its <title>
# (hover), its accessible name (focus) and its panel (click).
WRAP_CHARS = 30
MAX_LINES = 3
FONT_SIZE = 13  # points; the view never zooms out below a readable size of this
# Kind, grade and strength above the text, and "▾ N more below": a little smaller, bold
# capitals, still readable at the smallest zoom (about 9.5 px where the text is 11 px).
SMALL_SIZE = 11
KIND_SHAPES = {
    "claim": 'shape=box, style="rounded,filled"',
    "question": 'shape=hexagon, style="filled", margin="0.02,0.04"',
    "evidence": 'shape=note, style="filled"',
}
RELATION_LINES = {"supports": "solid", "opposes": "dashed", "answers": "solid"}
RELATION_LINES["questions"] = "dotted"
RELATION_LINES["undercuts"] = "dashed"
RELATION_WORDS = {
    "supports": "supporting",
    "opposes": "opposing",
    "answers": "answering",
    "questions": "questioning",
    "undercuts": "saying this does not follow from",
}


def short_lines(text: str) -> list[str]:
    """The text wrapped for a node, cut with an ellipsis after ``MAX_LINES`` lines."""
    words = " ".join(str(text).split())
    lines = textwrap.wrap(words, WRAP_CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: WRAP_CHARS - 1].rstrip() + "…"
    return lines


def first_line(text: str) -> str:
    """The first line of the node's text as drawn, with an ellipsis when more follows."""
    lines = short_lines(text)
    more = len(lines) > 1 and not lines[0].endswith("…")
    return lines[0] + ("…" if more else "")


def hidden_children(graph: MapGraph, node_id: int) -> int:
    """How many of the node's children the view does not draw."""
    return max(graph.child_total(node_id) - len(graph.children.get(node_id, ())), 0)


def _heading(node, strength: float | None) -> str:
    parts = [node.kind.upper()]
    if node.grade:
        parts.append(node.grade)
    if strength is not None:
        parts.append(f"{strength:.2f}")
    return " · ".join(parts)


def view_label(node, strength: float | None, hidden: int) -> str:
    """An HTML-like label: kind, grade and strength above the cut text, then how many
    children are not drawn."""
    body = '<BR ALIGN="LEFT"/>'.join(xml_escape(line) for line in short_lines(node.text))
    label = (
        f'<<FONT POINT-SIZE="{SMALL_SIZE}"><B>{xml_escape(_heading(node, strength))}</B></FONT>'
        f'<BR ALIGN="LEFT"/>{body}<BR ALIGN="LEFT"/>'
    )
    if hidden:
        label += f'<FONT POINT-SIZE="{SMALL_SIZE}">▾ {hidden} more below</FONT><BR ALIGN="LEFT"/>'
    return label + ">"


def _ordered_links(graph: MapGraph) -> list:
    """Child links parent by parent, each parent's children in screen order (answers,
    supporters, opposers, questions): with ``ordering=out`` supporters stand left of
    opposers."""
    order = {relation: index for index, relation in enumerate(GROUP_ORDER)}
    links = [
        link
        for link in graph.links
        if link.source_id in graph.nodes and link.target_id in graph.nodes
    ]
    return sorted(links, key=lambda link: (link.target_id, order.get(link.relation, 9), link.id))


def view_to_dot(
    graph: MapGraph,
    *,
    focus_id: int | None,
    strengths: dict[int, float | None],
    node_url: str,
) -> str:
    """DOT source of the drawn part of a map, top-down from its highest node.

    Edges run from parent to child (drawn with the arrow at the parent, ``dir=back``) so
    that Graphviz ranks parents above children. ``node_url`` holds ``{id}``."""
    lines = [
        "digraph view {",
        '  graph [rankdir=TB, ordering=out, nodesep=0.3, ranksep=0.45, fontname="DejaVu Sans"];',
        f'  node [fontname="DejaVu Sans", fontsize={FONT_SIZE}, margin="0.14,0.08", penwidth=1.3];',
        '  edge [dir=back, arrowsize=0.8, penwidth=1.6, fontname="DejaVu Sans"];',
    ]
    answer_groups: dict[int, list[int]] = {}
    grouped: set[int] = set()
    for link in _ordered_links(graph):
        if link.relation == "answers" and link.source_id not in grouped:
            answer_groups.setdefault(link.target_id, []).append(link.source_id)
            grouped.add(link.source_id)
    root_first = sorted(graph.nodes, key=lambda node_id: (node_id != graph.root_id, node_id))
    for node_id in root_first:
        node = graph.nodes[node_id]
        fill, border = KIND_COLOURS.get(node.kind, ("#ffffff", "#5d6778"))
        classes = f"kind-{node.kind}" + (" focus" if node_id == focus_id else "")
        classes += " root" if node_id == graph.root_id else ""
        width = ", penwidth=3" if node_id in (focus_id, graph.root_id) else ""
        label = view_label(node, strengths.get(node_id), hidden_children(graph, node_id))
        lines.append(
            f'  n{int(node_id)} [id="n{int(node_id)}", class="{classes}", '
            f'{KIND_SHAPES.get(node.kind, "shape=box")}, fillcolor="{fill}", '
            f'color="{border}"{width}, URL={tooltip(node_url.format(id=int(node_id)))}, '
            f"tooltip={tooltip(node.text)}, label={label}];"
        )
    for question_id, answers in answer_groups.items():
        members = " ".join(f"n{int(answer)};" for answer in answers)
        lines.append(
            f"  subgraph cluster_answers_{int(question_id)} {{ "
            f'graph [style="rounded,dashed", color="{RELATION_COLOURS["answers"]}", '
            f'label="Answers", fontsize=10, labeljust=l, margin=10]; {members} }}'
        )
    lines.extend(_edge_lines(_ordered_links(graph)))
    lines.append("}")
    return "\n".join(lines) + "\n"


def _edge_lines(links: list) -> list[str]:
    """DOT edges of the drawn links, parent first. An undercut attacks an inference, not a
    node: the attacked link passes through a small point, under which the undercut hangs
    with a bar (OVA's and AIF's picture); when the attacked link is not drawn, the undercut
    hangs under that link's premise, its target."""
    drawn = {link.id for link in links}
    attacked = {
        link.target_link_id
        for link in links
        if link.relation == "undercuts" and link.target_link_id in drawn
    }
    lines = [
        f'  l{int(link.id)} [id="l{int(link.id)}", class="step", shape=point, width=0.09, '
        f'color="{RELATION_COLOURS.get(link.relation, "#5d6778")}", label=""];'
        for link in links
        if link.id in attacked
    ]
    for link in links:
        if link.id in attacked:
            point = f"l{int(link.id)}"
            colour = RELATION_COLOURS.get(link.relation, "#5d6778")
            style = RELATION_LINES.get(link.relation, "solid")
            lines.append(
                f'  n{int(link.target_id)} -> {point} [color="{colour}", style={style}, '
                f'class="{link.relation}"];'
            )
            lines.append(
                f'  {point} -> n{int(link.source_id)} [color="{colour}", style={style}, '
                f'arrowtail=none, class="{link.relation}"];'
            )
        elif link.relation == "undercuts" and link.target_link_id in attacked:
            lines.append(
                f"  l{int(link.target_link_id)} -> n{int(link.source_id)} "
                f'[color="{RELATION_COLOURS["undercuts"]}", style=dashed, arrowtail=tee, '
                f'class="undercuts"];'
            )
        else:
            lines.append(edge_line(link.target_id, link.source_id, link.relation, RELATION_LINES))
    return lines


def accessible_name(graph: MapGraph, node_id: int, strength: float | None) -> str:
    """What a screen reader says on a node: kind, relation to its drawn parent, strength,
    the whole text and the children not drawn."""
    node = graph.nodes[node_id]
    parts = [node.kind.capitalize()]
    for link in graph.parents.get(node_id, ()):
        if link.target_id in graph.nodes:
            parent = " ".join(graph.nodes[link.target_id].text.split())[:60]
            parts[0] += f", {RELATION_WORDS.get(link.relation, link.relation)} “{parent}”"
            break
    if strength is not None:
        parts.append(f"strength {strength:.2f}")
    parts.append(" ".join(node.text.split()))
    hidden = hidden_children(graph, node_id)
    if hidden:
        parts.append(f"{hidden} more below")
    return ". ".join(parts)


def decorate(
    svg: bytes,
    graph: MapGraph,
    *,
    strengths: dict[int, float | None],
    panel_url: str,
    target: str,
    label: str,
) -> str:
    """Graphviz's SVG as markup for the page: no prologue, comments or Graphviz titles;
    each node a link (``tabindex``, accessible name, whole text as ``<title>``, ``hx-get``
    of ``panel_url`` into ``target``); edges hidden from screen readers (each node names
    its relation). Every value is escaped by lxml on the way out."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    root = etree.fromstring(svg, parser)
    root.set("class", "mapview-svg")
    root.set("role", "group")
    root.set("aria-label", label)
    for title in list(root.iter(f"{SVG}title")):  # "n12", "n1->n12": names, not text
        title.getparent().remove(title)
    for group in root.iter(f"{SVG}g"):
        classes = (group.get("class") or "").split()
        if "edge" in classes:
            group.set("aria-hidden", "true")
        drawn_id = group.get("id") or ""
        if "node" not in classes or not (drawn_id[:1] == "n" and drawn_id[1:].isdigit()):
            continue  # a point on an undercut link, or a cluster
        node_id = int(drawn_id[1:])
        link = group.find(f".//{SVG}a")
        if link is None or node_id not in graph.nodes:
            continue
        url = panel_url.format(id=node_id)
        link.attrib.pop(f"{XLINK}title", None)
        link.set(f"{XLINK}href", url)
        link.set("tabindex", "0")
        link.set("role", "link")
        link.set("class", "mapview-node")
        link.set("data-node", str(node_id))
        # The words drawn come first, so a name spoken or typed by voice control matches
        # what is seen (WCAG 2.5.3); the whole text and the relations follow.
        drawn = " ".join(" ".join(text.itertext()).strip() for text in link.iter(f"{SVG}text"))
        name = accessible_name(graph, node_id, strengths.get(node_id))
        link.set("aria-label", f"{' '.join(drawn.split())}. {name}" if drawn.strip() else name)
        link.set("hx-get", url)
        link.set("hx-target", target)
        link.set("hx-swap", "outerHTML")
        link.set("hx-push-url", "false")
        title = etree.Element(f"{SVG}title")
        title.text = " ".join(graph.nodes[node_id].text.split())
        link.insert(0, title)
    return etree.tostring(root, encoding="unicode")
