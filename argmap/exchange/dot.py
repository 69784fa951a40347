"""A map as a Graphviz DOT graph, and DOT rendered to SVG or PNG by Graphviz's ``dot``.

Labels are Graphviz HTML-like labels built from XML-escaped text. Quoted DOT strings are
avoided for user text on purpose: their backslash escapes (``\\n``, ``\\N``, a trailing
``\\`` swallowing the closing quote) cannot be neutralised reliably, while XML escaping
can. Graphviz writes label text into the SVG as character data, so user text never
becomes markup.
"""

import hashlib
import re
import subprocess
import textwrap

from django.core.cache import cache

from argmap.maps.graph import MapGraph

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
# Shorter than gunicorn's 30 s worker timeout (docs/production.md): a drawing that takes
# longer is refused with a message instead of the worker being killed mid-request.
RENDER_TIMEOUT_SECONDS = 20
PICTURE_CACHE_SECONDS = 600
WRAP_CHARS = 42
MAX_LABEL_LINES = 6

# Fill and border per kind; colour per relation. The same palette as static/css/argmap.css.
KIND_COLOURS = {
    "claim": ("#e3ecff", "#2754c5"),
    "question": ("#fff0cc", "#9a5b00"),
    "evidence": ("#efe5fb", "#6b3fa0"),
}
RELATION_COLOURS = {
    "supports": "#1f7a3a",
    "opposes": "#b3261e",
    "answers": "#2754c5",
    "questions": "#9a5b00",
    "undercuts": "#8e244d",
}
RELATION_STYLES = {"questions": "dashed", "undercuts": "dashed"}
NO_STRENGTH_FILL = "#eef0f3"
# Fills for strength 0, 0.5 and 1 (red, neutral grey-blue, green); between them, a blend.
STRENGTH_STOPS = ((0xF4, 0xC7, 0xC3), (0xE3, 0xE8, 0xF0), (0xC8, 0xE6, 0xC9))
BACKSLASH_LOOKALIKE = "\u2216"

# XML 1.0 forbids these control characters; Graphviz would write an SVG no viewer opens.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RenderError(Exception):
    """Graphviz failed or took too long."""


class RenderTimeout(RenderError):
    """Graphviz took longer than it was given."""


def xml_escape(text: str) -> str:
    """Text safe inside an HTML-like label: markup characters as entities, no controls."""
    text = _CONTROL_CHARACTERS.sub("", str(text))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
        # Graphviz expands \N, \G... even in HTML-like labels and through an entity, so a
        # backslash is drawn as its look-alike, the set minus sign.
        .replace("\\", BACKSLASH_LOOKALIKE)
    )


def tooltip(text: str) -> str:
    """A quoted DOT string for a tooltip. Backslashes become a look-alike because DOT would
    read them as escapes (a trailing one would even swallow the closing quote)."""
    text = " ".join(_CONTROL_CHARACTERS.sub("", str(text)).split())[:300]
    text = text.replace("&", "&amp;")  # Graphviz reads entities in strings, as in labels
    return '"' + text.replace("\\", BACKSLASH_LOOKALIKE).replace('"', '\\"') + '"'


def strength_fill(strength: float | None) -> str:
    """The fill of a node of this strength: red (0) through neutral (0.5) to green (1);
    light grey for a node without strength (a question, a node switched off)."""
    if strength is None:
        return NO_STRENGTH_FILL
    low, mid, high = STRENGTH_STOPS
    start, end, share = (
        (low, mid, strength * 2) if strength < 0.5 else (mid, high, strength * 2 - 1)
    )
    return "#" + "".join(
        f"{round(a + (b - a) * share):02x}" for a, b in zip(start, end, strict=True)
    )


def _label_lines(text: str) -> list[str]:
    text = _CONTROL_CHARACTERS.sub("", text)
    lines = textwrap.wrap(" ".join(text.split()), WRAP_CHARS) or [""]
    if len(lines) > MAX_LABEL_LINES:
        lines = lines[:MAX_LABEL_LINES]
        lines[-1] = lines[-1][: WRAP_CHARS - 1] + "…"
    return lines


def node_label(kind: str, text: str, grade: str = "") -> str:
    """An HTML-like label: the kind (and grade) in small capitals above the wrapped text."""
    heading = kind.upper() + (f"  {grade}" if grade else "")
    body = '<BR ALIGN="LEFT"/>'.join(xml_escape(line) for line in _label_lines(text))
    heading = f'<FONT POINT-SIZE="9"><B>{xml_escape(heading)}</B></FONT>'
    return f'<{heading}<BR ALIGN="LEFT"/>{body}<BR ALIGN="LEFT"/>>'


def map_to_dot(
    title: str, graph: MapGraph, *, strengths: dict[int, float | None] | None = None
) -> str:
    """DOT source of the whole map: nodes coloured by kind, edges by relation.

    With ``strengths`` (node id to strength, as ``argmap.reasoning`` computes them), a
    node is filled by its strength instead, keeps its kind's border, and shows the number.

    Edges run from the child (the link's source) to its parent, laid out right to left so
    the root sits on the left like the tree on the page. Each node links to its row in the
    tree (``#node-<id>``). An undercut ends on the link it attacks: that link passes
    through a small point, which the undercut's dashed line meets with a bar.
    """
    lines = [
        "digraph argmap {",
        '  graph [rankdir=RL, nodesep=0.25, ranksep=0.5, pack=true, packmode="array_t", '
        'fontname="DejaVu Sans", '
        f"fontsize=16, labelloc=t, label=<{xml_escape(title)}>];",
        '  node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11, '
        'margin="0.12,0.06", penwidth=1.2];',
        '  edge [arrowsize=0.7, penwidth=1.4, fontname="DejaVu Sans", fontsize=9];',
    ]
    # The root first: Graphviz packs the unconnected pieces (unplaced nodes) in this order.
    root = graph.nodes.get(graph.root_id)
    others = (node for node in graph.nodes.values() if node.id != graph.root_id)
    for node in [root, *others] if root else others:
        fill, border = KIND_COLOURS.get(node.kind, ("#ffffff", "#5d6778"))
        grade = node.grade
        if strengths is not None:
            strength = strengths.get(node.id)
            fill = strength_fill(strength)
            if strength is not None:
                grade = " · ".join(filter(None, [grade, f"strength {strength:.2f}"]))
        width = ", penwidth=2.4" if node.id == graph.root_id else ""
        lines.append(
            f'  n{int(node.id)} [id="n{int(node.id)}", URL="#node-{int(node.id)}", '
            f'fillcolor="{fill}", color="{border}"{width}, tooltip={tooltip(node.text)}, '
            f"label={node_label(node.kind, node.text, grade)}];"
        )
    links = [
        link
        for link in graph.links
        if link.source_id in graph.nodes and link.target_id in graph.nodes
    ]
    undercut = {link.target_link_id for link in links if link.relation == "undercuts"}
    attacked = undercut & {link.id for link in links}
    for link in links:
        tail, head = f"n{int(link.source_id)}", f"n{int(link.target_id)}"
        if link.relation == "undercuts" and link.target_link_id in attacked:
            # An undercut attacks the inference, not a claim: it ends on the link itself,
            # at the point drawn in the link's middle, with a bar.
            lines.append(_edge(tail, f"l{int(link.target_link_id)}", "undercuts", "arrowhead=tee"))
        elif link.id in attacked:
            # Graphviz draws no edge onto an edge: the link passes through a point.
            point = f"l{int(link.id)}"
            colour = RELATION_COLOURS.get(link.relation, "#5d6778")
            lines.append(f'  {point} [shape=point, width=0.08, color="{colour}", label=""];')
            lines.append(_edge(tail, point, link.relation, "arrowhead=none"))
            lines.append(_edge(point, head, link.relation))
        else:
            lines.append(_edge(tail, head, link.relation))
    lines.append("}")
    return "\n".join(lines) + "\n"


def edge_line(tail: int, head: int, relation: str, styles: dict[str, str]) -> str:
    """A DOT edge statement, coloured by its relation and drawn in its line style."""
    return _edge(f"n{int(tail)}", f"n{int(head)}", relation, styles=styles)


def _edge(tail: str, head: str, relation: str, extra: str = "", styles=RELATION_STYLES) -> str:
    colour = RELATION_COLOURS.get(relation, "#5d6778")
    style = styles.get(relation, "solid")
    extra = f", {extra}" if extra else ""
    return f'  {tail} -> {head} [color="{colour}", style={style}{extra}, class="{relation}"];'


def render(dot_source: str, fmt: str, *, timeout: float = RENDER_TIMEOUT_SECONDS) -> bytes:
    """Lay out and draw DOT source with Graphviz ``dot``; fmt is "svg" or "png". Raises
    ``RenderError`` when Graphviz fails or takes longer than ``timeout`` seconds (a
    background job may allow more than a request)."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown picture format {fmt!r}; use one of {sorted(FORMATS)}.")
    try:
        result = subprocess.run(
            ["dot", f"-T{fmt}"],
            input=dot_source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError as error:
        raise RenderError("Graphviz is not installed (run `make system-deps`).") from error
    except subprocess.TimeoutExpired as error:
        raise RenderTimeout("The map is too large to draw in time.") from error
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RenderError(f"Graphviz failed: {message[:500]}")
    return result.stdout


def render_cached(dot_source: str, fmt: str, *, timeout: float = RENDER_TIMEOUT_SECONDS) -> bytes:
    """``render``, drawn once per DOT source and then taken from the cache (Redis when
    configured, so shared by every app server): a map is redrawn only once it changes."""
    key = f"argmap:picture:{fmt}:{hashlib.sha256(dot_source.encode()).hexdigest()}"
    picture = cache.get(key)
    if picture is None:
        picture = render(dot_source, fmt, timeout=timeout)
        cache.set(key, picture, PICTURE_CACHE_SECONDS)
    return picture
