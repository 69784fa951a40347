"""Every export and import format in one table, so the pages, the API and the
management commands offer exactly the same set.

An exporter takes a ``MapSource`` (the map's title, its graph and its argmap JSON
document) and returns text or bytes. An importer takes the uploaded text and a title
and returns an argmap JSON document (validated afterwards by ``argmap_json.parse``)
plus notes about what it did not carry over.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError

from argmap.exchange import (
    aif,
    aif_import,
    argdown,
    argdown_import,
    argmap_json,
    dot,
    graphml,
    kialo,
    markdown,
    table,
)
from argmap.maps.graph import MapGraph
from argmap.reasoning.selectors import graph_strengths


@dataclass
class MapSource:
    title: str
    graph: MapGraph
    articles: list = field(default_factory=list)
    more_anchors: dict = field(default_factory=dict)

    @cached_property
    def document(self) -> dict:
        """The argmap JSON document that the other formats are written from."""
        return self._dump()

    @cached_property
    def argmap_document(self) -> dict:
        """The argmap JSON export: the document plus each node's computed strength
        (export only; the other formats have no place for it, so they skip its cost)."""
        return self._dump(strengths=graph_strengths(self.graph))

    def _dump(self, strengths=None) -> dict:
        return argmap_json.dump(
            title=self.title,
            graph=self.graph,
            articles=self.articles,
            more_anchors=self.more_anchors,
            strengths=strengths,
        )

    @cached_property
    def dot(self) -> str:
        return dot.map_to_dot(self.title, self.graph)


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    extension: str
    content_type: str
    export: Callable[[MapSource], str | bytes] | None = None
    load: Callable[[str, str], tuple[dict, list[str]]] | None = None
    # Drawn by Graphviz: the time grows faster than the map, so benchmarks of big maps
    # leave these out.
    picture: bool = False
    # What the export writes in another form than the map's (document -> one line each),
    # said on the export page before the download.
    changes: Callable[[dict], list[str]] | None = None


def _json_text(value) -> str:
    # Compact: indenting costs a third of a 10,000-node export's time.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _parse_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"Malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}."
        ) from None
    except ValueError as error:
        # An integer of more than 4,300 digits (Python's limit on converting them).
        raise ValidationError(
            f"The JSON holds a value that cannot be read: {error}.", code="unreadable"
        ) from None
    except RecursionError:
        # json raises this, not JSONDecodeError, on absurdly deep nesting.
        raise ValidationError("The JSON is nested too deeply to be a map.") from None


def _load_argmap(text: str, title: str) -> tuple[dict, list[str]]:
    document = _parse_json(text)
    if title and isinstance(document, dict) and isinstance(document.get("map"), dict):
        document["map"]["title"] = title
    return document, []


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "argmap",
            "argmap JSON (lossless)",
            "argmap.json",
            "application/json",
            export=lambda source: _json_text(source.argmap_document),
            load=_load_argmap,
        ),
        Format(
            "aif",
            "AIF JSON (AIFdb, OVA)",
            "aif.json",
            "application/json",
            export=lambda source: _json_text(aif.dump(source.document)),
            load=lambda text, title: aif_import.to_document(_parse_json(text), title=title),
        ),
        Format(
            "xaif",
            "xAIF (OVA 3)",
            "xaif.json",
            "application/json",
            load=lambda text, title: aif_import.to_document(_parse_json(text), title=title),
        ),
        Format(
            "argdown",
            "Argdown",
            "argdown",
            "text/plain; charset=utf-8",
            export=lambda source: argdown.dump(source.document),
        ),
        Format(
            "argdown-json",
            "Argdown JSON (from “argdown json”)",
            "json",
            "application/json",
            load=lambda text, title: argdown_import.to_document(_parse_json(text), title=title),
        ),
        Format(
            "graphml",
            "GraphML (yEd, Gephi, networkx)",
            "graphml",
            "application/graphml+xml; charset=utf-8",
            export=lambda source: graphml.dump(source.document),
        ),
        Format(
            "markdown",
            "Markdown outline",
            "md",
            "text/markdown; charset=utf-8",
            export=lambda source: markdown.dump(source.document),
        ),
        Format(
            "csv",
            "CSV (one row per node)",
            "csv",
            "text/csv; charset=utf-8",
            export=lambda source: table.dump(source.document),
        ),
        Format(
            "dot",
            "DOT (Graphviz source)",
            "dot",
            "text/vnd.graphviz; charset=utf-8",
            export=lambda source: source.dot,
        ),
        *(
            Format(
                fmt,
                f"{fmt.upper()} picture (Graphviz)",
                fmt,
                content_type,
                export=lambda source, fmt=fmt: dot.render_cached(source.dot, fmt),
                picture=True,
            )
            for fmt, content_type in dot.FORMATS.items()
        ),
        Format(
            "kialo",
            "Kialo discussion (plain text export)",
            "txt",
            "text/plain; charset=utf-8",
            export=lambda source: kialo.dump(source.document),
            load=lambda text, title: kialo.to_document(text, title=title),
            changes=kialo.changes,
        ),
    )
}

EXPORT_FORMATS = {name: f for name, f in FORMATS.items() if f.export}
IMPORT_FORMATS = {name: f for name, f in FORMATS.items() if f.load}


def detect(text: str) -> str | None:
    """The import format a text is most likely in, or None."""
    stripped = text.lstrip()
    if stripped.startswith("Discussion Title:") or stripped.startswith("1. "):
        return "kialo"
    if not stripped.startswith("{"):
        return None
    try:
        data = _parse_json(text)
    except ValidationError as error:
        if error.code == "unreadable":  # JSON, but not one any format can hold
            raise
        return None
    if not isinstance(data, dict):
        return None
    if data.get("format") == "argmap":
        return "argmap"
    if isinstance(data.get("AIF"), dict) or isinstance(data.get("aif"), dict):
        return "xaif"
    if "nodes" in data and "edges" in data:
        return "aif"
    if "statements" in data:
        return "argdown-json"
    return None
