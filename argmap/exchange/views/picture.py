"""The map as a picture: Graphviz lays out the whole graph on the server."""

import re
from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from argmap.exchange.dot import RenderError, map_to_dot, render_cached
from argmap.maps.models import Map
from argmap.maps.selectors import map_graph
from argmap.reasoning.selectors import graph_strengths
from argmap.teams.permissions import Action, require

# What ?colour= may ask for, with the label of its switch; the first is the default.
COLOUR_CHOICES = {"kind": "kind", "strength": "strength"}
# Graphviz's own prologue: an XML declaration, a DOCTYPE and comments that carry the
# graph's title. None of it belongs inside an HTML page.
_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_COMMENTS = re.compile(r"<!--.*?-->", re.DOTALL)


def _colour_scheme(request) -> str:
    """``?colour=strength`` fills nodes by their strength; anything else, by kind."""
    colour = request.GET.get("colour", "")
    return colour if colour in COLOUR_CHOICES else next(iter(COLOUR_CHOICES))


def _picture(map_obj: Map, fmt: str, colour: str) -> bytes:
    """The drawing in ``fmt``; the same DOT source is drawn once and then cached."""
    graph = map_graph(map_obj)
    strengths = graph_strengths(graph) if colour == "strength" else None
    return render_cached(map_to_dot(map_obj.title, graph, strengths=strengths), fmt)


def inline_svg(svg: bytes) -> str:
    """Graphviz's SVG made fit for inlining: no prologue and no comments (whose text is
    user text that Graphviz does not escape for comment context)."""
    text = _PROLOGUE.sub("", svg.decode("utf-8"), count=1)
    return _COMMENTS.sub("", text)


def _swapped_into(request, page_path: str) -> bool:
    """Whether htmx swaps the picture into the page at ``page_path`` (htmx names the page
    it swaps into; without that name, the map page is the one that loads the picture)."""
    if not request.htmx:
        return False
    return request.htmx.current_url is None or urlsplit(request.htmx.current_url).path == page_path


@login_required
@require_GET
def map_picture(request, pk: int):
    """The SVG drawing inside the map page (htmx) or on a page of its own."""
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, Action.VIEW, map_obj.workspace_id)
    colour = _colour_scheme(request)
    context = {
        "map": map_obj,
        "svg": None,
        "error": "",
        "colour": colour,
        "colour_choices": COLOUR_CHOICES.items(),
    }
    try:
        # Graphviz writes label text as escaped character data and we strip its comments,
        # so the markup is Graphviz's own.
        context["svg"] = mark_safe(inline_svg(_picture(map_obj, "svg", colour)))  # noqa: S308
    except RenderError as error:
        context["error"] = str(error)
    map_url = reverse("map_detail", args=[map_obj.pk])
    if context["svg"] and not _swapped_into(request, map_url):
        # On a page of its own the nodes link to their rows on the map page.
        context["svg"] = mark_safe(  # noqa: S308
            context["svg"].replace('xlink:href="#node-', f'xlink:href="{map_url}#node-')
        )
    template = "maps/map_picture.html#picture" if request.htmx else "maps/map_picture.html"
    return render(request, template, context, status=503 if context["error"] else 200)
