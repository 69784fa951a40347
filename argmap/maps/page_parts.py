"""Extension points of the map page, for the apps built on top of maps.

The map page shows the work of apps that depend on maps (a comment badge and a strength on
every tree row, the teamwork sidebar, the merge form of an edit conflict), but maps must not
import them: the dependencies point one way. So maps declares here what may be added to its
page, and each of those apps registers its part in ``AppConfig.ready()``. The map views ask
this registry, never the apps, and the page still works (without those parts) when an app
is not installed.

Every part costs a fixed number of queries per page, whatever the map's size: a row part
is called once per page and returns a cheap function of the node id.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from argmap.maps.graph import MapGraph
from argmap.maps.models import Map, Node

# (request, map, the whole map's graph or None when only part of it is loaded)
#   -> (node id -> safe HTML for that node's row)
RowPartFactory = Callable[[HttpRequest, Map, MapGraph | None], Callable[[int], str]]
# (request, map) -> safe HTML, rendered by the part's own templates
PagePart = Callable[[HttpRequest, Map], str]
# (request, the node as saved now, the text this user typed) -> the response
StaleEditHandler = Callable[[HttpRequest, Node, str], HttpResponse]

LEAD, END = "lead", "end"  # in a row: before the kind badge; after the text, before the tools


@dataclass(frozen=True)
class RowPart:
    name: str
    slot: str
    factory: RowPartFactory


_row_parts: dict[str, RowPart] = {}
_sidebar_parts: dict[str, PagePart] = {}
_write_parts: dict[str, PagePart] = {}
_stale_edit_handler: list[StaleEditHandler] = []
_anchor_sources: dict[str, Callable] = {}
_import_drafts: dict[str, "ImportDraft"] = {}


@dataclass(frozen=True)
class ImportDraft:
    """A proposed arrangement of an article's sentences, offered in the import preview.

    ``preview(request, draft)`` returns safe HTML placed inside the preview's form (its
    fields come back with the save); ``apply(request, draft, map_obj)`` runs in the same
    transaction right after the map is made and returns how many links it made."""

    preview: Callable[[HttpRequest, object], str]
    apply: Callable[[HttpRequest, object, Map], int]


_view_parts: dict[str, "ViewPart"] = {}

TREE_VIEW = "tree"
VIEW_COOKIE = "argmap_view"  # the view this browser last chose on a map page


@dataclass(frozen=True)
class ViewPart:
    """Another way to show the map in place of the tree (the map view, say): ``part``
    renders it on the page, ``url_name`` (with the map's pk) serves it alone, for a switch
    made in the browser, and ``head_template`` holds its stylesheets and scripts."""

    name: str
    label: str
    part: PagePart
    url_name: str
    head_template: str = ""


def register_row_part(name: str, factory: RowPartFactory, *, slot: str = END) -> None:
    """Add HTML to every tree row. The factory runs once per rendered tree."""
    if slot not in (LEAD, END):
        raise ValueError(f"Unknown row slot {slot!r}.")
    _row_parts[name] = RowPart(name, slot, factory)


def register_sidebar_part(name: str, part: PagePart) -> None:
    """Add a block beside the tree of the full map page."""
    _sidebar_parts[name] = part


def register_write_part(name: str, part: PagePart) -> None:
    """Add HTML (htmx out-of-band swaps) to the answer of each htmx write on the map page."""
    _write_parts[name] = part


def register_stale_edit_handler(handler: StaleEditHandler) -> None:
    """Answer a stale save of a node's text (instead of the plain edit form)."""
    _stale_edit_handler[:] = [handler]


def register_anchor_source(name: str, source: Callable) -> None:
    """More anchors to highlight in the article reader: ``source(article)`` returns
    objects with ``id``, ``map_id``, ``kind``, ``text``, ``anchor_start``, ``anchor_end``
    (for example the further anchors a merge of duplicates gives a node)."""
    _anchor_sources[name] = source


def register_import_draft(name: str, part: ImportDraft) -> None:
    """Offer a draft tree in the article import preview."""
    _import_drafts[name] = part


def import_draft_html(request, draft) -> SafeString:
    return mark_safe("".join(part.preview(request, draft) for part in _import_drafts.values()))  # noqa: S308


def import_draft_apply(request, draft, map_obj: Map) -> int:
    return sum(part.apply(request, draft, map_obj) for part in _import_drafts.values())


def register_view_part(view: ViewPart) -> None:
    """Offer another view of the map beside the tree."""
    _view_parts[view.name] = view


def view_parts() -> list[ViewPart]:
    return list(_view_parts.values())


def chosen_view(request) -> str:
    """``?view=``, else the view this browser chose last (a cookie), else the tree."""
    for value in (request.GET.get("view"), request.COOKIES.get(VIEW_COOKIE)):
        if value == TREE_VIEW or value in _view_parts:
            return value
    return TREE_VIEW


def view_html(request, map_obj: Map, name: str) -> SafeString:
    part = _view_parts.get(name)
    # Rendered (and its user text escaped) by its own app's templates.
    return mark_safe(part.part(request, map_obj)) if part else mark_safe("")  # noqa: S308


def view_head() -> SafeString:
    templates = [view.head_template for view in _view_parts.values() if view.head_template]
    return mark_safe("".join(render_to_string(name) for name in templates))  # noqa: S308


def extra_anchors(article) -> list:
    return [anchor for source in _anchor_sources.values() for anchor in source(article)]


def row_parts(request, map_obj: Map, whole_graph: MapGraph | None) -> dict[str, list]:
    """{slot: [node id -> HTML, ...]} for one rendered tree."""
    slots: dict[str, list] = {LEAD: [], END: []}
    for part in _row_parts.values():
        slots[part.slot].append(part.factory(request, map_obj, whole_graph))
    return slots


def sidebar_html(request, map_obj: Map) -> SafeString:
    # Each part is rendered (and its user text escaped) by its own app's template.
    return mark_safe("".join(part(request, map_obj) for part in _sidebar_parts.values()))  # noqa: S308


def write_html(request, map_obj: Map) -> SafeString:
    return mark_safe("".join(part(request, map_obj) for part in _write_parts.values()))  # noqa: S308


def stale_edit_handler() -> StaleEditHandler | None:
    return _stale_edit_handler[0] if _stale_edit_handler else None
