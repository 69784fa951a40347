"""The map view: a map drawn by Graphviz on the server, zoomable and clickable in the page.

One view serves the map view on a page of its own, as the fragment the map page and its
own links swap in (htmx), and the download of exactly the drawn view as SVG or PNG. A
request draws at most ``MAX_DRAWN`` nodes whatever the map's size: a small map whole, a
large one as the neighbourhood of a node (the root first).
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from argmap.activity.selectors import map_revision
from argmap.discussion.models import Comment
from argmap.exchange.dot import FORMATS, RenderError, render_cached
from argmap.exchange.mapview import decorate, first_line, view_to_dot
from argmap.maps.graph import GROUP_ORDER, MapGraph
from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph, map_neighbourhood, map_unplaced_first
from argmap.params import parse_count, parse_id
from argmap.reasoning.map_parts import strengths_for
from argmap.teams.permissions import Action, can, require

# A map of up to this many nodes may be drawn whole; a larger one only around a node.
WHOLE_MAP_LIMIT = 200
MAX_DRAWN = 200  # nodes in any one drawing
MAX_LEVELS = 5  # levels up or down around a focus
DEFAULT_LEVELS = 2
TRAY_LIMIT = 30
# Strengths depend on everything below a node, so they need the whole map: up to this
# size it is read when missing (~0.2 s at 10,000 nodes); above, only what the tree or
# the strengths page already computed is used, so a drawing never waits seconds for it.
STRENGTHS_LIMIT = 20_000
DRAWING_CACHE_SECONDS = 600
PAGE = "maps/map_picture.html"


@dataclass(frozen=True)
class ViewSpec:
    """What to draw: the whole map, or ``up`` and ``down`` levels around ``node``."""

    whole: bool
    node: int | None
    up: int = DEFAULT_LEVELS
    down: int = DEFAULT_LEVELS

    def query(self, **changes) -> dict:
        spec = {"whole": self.whole, "node": self.node, "up": self.up, "down": self.down}
        spec |= changes
        if spec["whole"]:
            return {"whole": 1}
        node = {} if spec["node"] is None else {"node": spec["node"]}
        return node | {"up": spec["up"], "down": spec["down"]}


def _level(value: str | None) -> int:
    return parse_count(value, default=DEFAULT_LEVELS, maximum=MAX_LEVELS)


def node_count(map_obj: Map) -> int:
    """The number of nodes, counted up to ``STRENGTHS_LIMIT + 1``: a bounded query."""
    return Node.objects.filter(map=map_obj)[: STRENGTHS_LIMIT + 1].count()


def view_spec(params, map_obj: Map, size: int) -> ViewSpec:
    """The view asked for, within the limits: the whole map only up to
    ``WHOLE_MAP_LIMIT`` nodes; by default a small map whole, a large one around its root."""
    node = parse_id(params.get("node"))
    wants_whole = params.get("whole") == "1" or (node is None and size <= WHOLE_MAP_LIMIT)
    if wants_whole and size <= WHOLE_MAP_LIMIT:
        return ViewSpec(whole=True, node=None)
    focus = node if node is not None else map_obj.root_id
    return ViewSpec(
        whole=False, node=focus, up=_level(params.get("up")), down=_level(params.get("down"))
    )


def _texts(nodes) -> list[dict]:
    return [{"id": node.id, "kind": node.kind, "text": node.text} for node in nodes]


def _whole(map_obj: Map):
    """The tree under the root drawn whole; the other nodes wait in the tray."""
    graph = map_graph(map_obj)
    placed = graph.reachable_from_root()
    drawn = MapGraph(
        root_id=graph.root_id,
        nodes={node_id: graph.nodes[node_id] for node_id in graph.nodes if node_id in placed},
        links=[link for link in graph.links if link.source_id in placed],
    )
    tops = [node for node in graph.unplaced() if not graph.parents.get(node.id)]
    return graph, drawn, [], tops[:TRAY_LIMIT], len(tops) > TRAY_LIMIT, True


def _focus(map_obj: Map, spec: ViewSpec):
    tray, more = map_unplaced_first(map_obj, limit=TRAY_LIMIT)
    if spec.node is None:  # a large map without a root: only the tray
        return None, MapGraph(root_id=None, nodes={}, links=[]), [], tray, more, True
    hood = map_neighbourhood(map_obj, spec.node, up=spec.up, down=spec.down, limit=MAX_DRAWN)
    if hood is None:
        raise Http404("No such node in this map.")
    return None, hood.graph, hood.path, tray, more, hood.complete


def drawing(
    map_obj: Map, spec: ViewSpec, revision: str, size: int, *, cached_only: bool = False
) -> dict | None:
    """The decorated SVG of the view, its DOT source, breadcrumbs and tray: drawn once per
    map revision and view, then taken from the cache (shared by every app server). With
    ``cached_only``, None instead of drawing."""
    strengths = None
    if size > STRENGTHS_LIMIT:
        strengths = strengths_for(map_obj, compute=False)
    key = f"argmap:mapview:{map_obj.pk}:{map_obj.created_at.timestamp()}:{revision}:"
    key += urlencode(spec.query()) + ("" if strengths is None else ":s")
    found = cache.get(key)
    if found is not None or cached_only:
        return found
    whole_graph, graph, path, tray, more, complete = (
        _whole(map_obj) if spec.whole else _focus(map_obj, spec)
    )
    if size <= STRENGTHS_LIMIT:
        strengths = strengths_for(map_obj, whole_graph)
    found_strengths = strengths is not None
    strengths = strengths or {}
    base = reverse("map_picture", args=[map_obj.pk])
    # A click opens the node's panel; in a focus view it also re-centres on the node.
    if spec.whole:
        node_url = f"{base}?whole=1&sel={{id}}"
    else:
        node_url = f"{base}?up={spec.up}&down={spec.down}&node={{id}}&sel={{id}}"
    source = view_to_dot(graph, focus_id=spec.node, strengths=strengths, node_url=node_url)
    found = {
        "dot": source,
        "svg": "",
        "error": "",
        "path": _texts(path),
        "tray": _texts(tray),
        "tray_more": more,
        "drawn": len(graph.nodes),
        "complete": complete,
        "strengths": {node_id: strengths.get(node_id) for node_id in graph.nodes},
        "has_strengths": found_strengths,
    }
    if graph.nodes:
        try:
            found["svg"] = decorate(
                render_cached(source, "svg"),
                graph,
                strengths=strengths,
                panel_url=node_url,
                target="closest .mapview",
                label=f"Map view of “{map_obj.title}”",
            )
        except RenderError as error:
            found["error"] = str(error)
    cache.set(key, found, DRAWING_CACHE_SECONDS)
    return found


def _revision(map_obj: Map) -> str:
    found = map_revision(map_obj.pk)
    return found[1] if found else ""


def _selected(map_obj: Map, params, drawn: dict) -> dict | None:
    """The panel of the selected node: the node, its children by relation, the link it
    hangs by, its comment count and strength. Four queries, whatever its number of
    children."""
    sel = parse_id(params.get("sel"))
    node = Node.objects.filter(map=map_obj, pk=sel).first() if sel is not None else None
    if node is None:
        return None
    counts = dict(
        Link.objects.filter(target=node)
        .values_list("relation")
        .annotate(count=Count("id"))
        .order_by()
    )
    strength = drawn["strengths"].get(node.pk)
    if node.pk not in drawn["strengths"] and drawn["has_strengths"]:
        strength = (strengths_for(map_obj, compute=False) or {}).get(node.pk)
    return {
        "node": node,
        "counts": [(relation, counts[relation]) for relation in GROUP_ORDER if relation in counts],
        "via": Link.objects.filter(source=node).order_by("id").first(),
        "comments": Comment.objects.filter(node=node, deleted_at__isnull=True).count(),
        "strength": strength,
    }


def view_context(
    request, map_obj: Map, params, *, on_map_page: bool, cached_only: bool = False
) -> dict:
    """Everything the map view's template needs, in a fixed number of queries. On the map
    page the panel's actions open their forms in place (the tree's own partials); on a
    page of its own they lead to the forms' pages. With ``cached_only`` and no drawing in
    the cache, only ``here`` (where to load it from) and ``drawing`` None."""
    size = node_count(map_obj)
    spec = view_spec(params, map_obj, size)
    drawn = drawing(map_obj, spec, _revision(map_obj), size, cached_only=cached_only)
    base = reverse("map_picture", args=[map_obj.pk])
    sel = parse_id(params.get("sel"))
    here = spec.query() | ({"sel": sel} if sel is not None else {})
    if drawn is None:
        return {"map": map_obj, "drawing": None, "here": f"{base}?{urlencode(here)}"}

    def url(**changes) -> str:
        return f"{base}?{urlencode(spec.query(**changes))}"

    return {
        "map": map_obj,
        "spec": spec,
        "svg": mark_safe(drawn["svg"]),  # noqa: S308 -- lxml escaped every value
        "drawing": drawn,
        "here": f"{base}?{urlencode(here)}",
        "here_base": base,
        "on_map_page": on_map_page,
        "whole_allowed": size <= WHOLE_MAP_LIMIT,
        "size_limit": WHOLE_MAP_LIMIT,
        "whole_url": f"{base}?whole=1",
        "focus_url": url(whole=False, node=spec.node or map_obj.root_id),
        "levels": {
            "up_less": url(up=max(spec.up - 1, 0)),
            "up_more": url(up=min(spec.up + 1, MAX_LEVELS)),
            "down_less": url(down=max(spec.down - 1, 0)),
            "down_more": url(down=min(spec.down + 1, MAX_LEVELS)),
        },
        "crumbs": [
            dict(item, url=url(whole=False, node=item["id"]), short=first_line(item["text"]))
            for item in drawn["path"]
        ],
        "download": urlencode(spec.query()),
        "selected": _selected(map_obj, params, drawn),
        "can_edit": can(request.user, Action.EDIT, map_obj.workspace_id),
    }


def _swapped_into(request, page_path: str) -> bool:
    """Whether htmx swaps the view into the page at ``page_path`` (htmx names the page
    it swaps into)."""
    if not request.htmx or request.htmx.current_url is None:
        return False
    return urlsplit(request.htmx.current_url).path == page_path


def map_view_part(request, map_obj: Map) -> str:
    """The map view as the map page shows it (registered as a page part): from the cache,
    else a placeholder that loads it at once, so the page never waits for Graphviz."""
    context = view_context(request, map_obj, request.GET, on_map_page=True, cached_only=True)
    partial = "mapview" if context["drawing"] is not None else "mapview-loading"
    return render_to_string(f"{PAGE}#{partial}", context, request=request)


@login_required
@require_GET
def map_picture(request, pk: int):
    """The map view on a page of its own, or (htmx) the view swapped in place."""
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, Action.VIEW, map_obj.workspace_id)
    map_url = reverse("map_detail", args=[map_obj.pk])
    context = view_context(
        request, map_obj, request.GET, on_map_page=_swapped_into(request, map_url)
    )
    template = f"{PAGE}#mapview" if request.htmx else PAGE
    return render(request, template, context, status=503 if context["drawing"]["error"] else 200)


@login_required
@require_GET
def map_picture_download(request, pk: int, fmt: str):
    """Exactly the drawn view (same parameters, same layout) as an SVG or PNG file."""
    if fmt not in FORMATS:
        raise Http404("No such picture format.")
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, Action.VIEW, map_obj.workspace_id)
    size = node_count(map_obj)
    spec = view_spec(request.GET, map_obj, size)
    drawn = drawing(map_obj, spec, _revision(map_obj), size)
    try:
        picture = render_cached(drawn["dot"], fmt)
    except RenderError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(picture, content_type=FORMATS[fmt])
    name = slugify(map_obj.title)[:80] or f"map-{map_obj.pk}"
    if not spec.whole:
        name += f"-around-{spec.node}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    if fmt == "svg":
        # Opened on its own, an SVG is a document: let it run nothing.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
