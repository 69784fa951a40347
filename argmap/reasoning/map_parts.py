"""The reasoning's part of the map page: each tree row's strength (a bar and a number).
Registered with ``argmap.maps.page_parts`` in ``ReasoningConfig.ready``."""

from django.core.cache import cache
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from argmap.maps.models import Link, Map, Node
from argmap.reasoning.rendering import strength_html
from argmap.reasoning.selectors import map_strengths

CACHE_SECONDS = 600


def _newest(history_model):
    return Subquery(
        history_model.objects.filter(map_id=OuterRef("pk"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )


def _state_key(map_obj: Map) -> str:
    """A cache key that moves with every recorded change of the map's nodes and links
    (each write leaves a history row; the changed-since poller relies on the same), in one
    indexed query. The map's creation time guards against a reused primary key."""
    node_rev, link_rev = (
        Map.objects.filter(pk=map_obj.pk)
        .annotate(node_rev=_newest(Node.history.model), link_rev=_newest(Link.history.model))
        .values_list("node_rev", "link_rev")
        .get()
    )
    created = map_obj.created_at.timestamp()
    return f"argmap:strengths:{map_obj.pk}:{created}:{node_rev}:{link_rev}"


def strengths_for(map_obj: Map, whole_graph=None, *, compute: bool = True) -> dict | None:
    """Node id -> strength of the whole map: computed from ``whole_graph`` when the caller
    has it, else read and kept in the cache until the map changes (one query on a hit).
    With ``compute=False``, None rather than computing on a miss (a request that must
    answer quickly on a very large map)."""
    if whole_graph is not None:  # already loaded: computing is cheaper than a cache trip
        return map_strengths(map_obj, graph=whole_graph)
    # Only part of a large map is on the page, but every strength depends on all that is
    # below it: reading the whole map costs ~40 ms at 10,000 nodes, so keep the result
    # until the map changes.
    key = _state_key(map_obj)
    strengths = cache.get(key)
    if strengths is None and compute:
        strengths = map_strengths(map_obj)
        cache.set(key, strengths, CACHE_SECONDS)
    return strengths


def strength_bars(request, map_obj, whole_graph):
    """No query when the page loaded the whole map; else 1, plus 2 lean ones when the
    map changed since its strengths were last computed."""
    bars: dict[str, str] = {}  # at most 102 distinct labels: build each bar once
    html = {}
    for node_id, strength in strengths_for(map_obj, whole_graph).items():
        label = "" if strength is None else f"{strength:.2f}"
        if label not in bars:
            bars[label] = strength_html(label)
        html[node_id] = bars[label]
    none = strength_html("")

    def bar(node_id: int) -> str:
        return html.get(node_id, none)

    return bar


_PLACEHOLDER = 2147483647  # reversed once per tree, then filled in per row


def pros_cons_links(request, map_obj, whole_graph):
    """A link on every tree row to the node's pros and cons side by side. No query."""
    url = reverse("node_pros_cons", args=[map_obj.pk, _PLACEHOLDER])
    url = url.replace(str(_PLACEHOLDER), "{}")

    def link(node_id: int) -> str:
        return (
            f' <a class="proscons-link" href="{url.format(node_id)}" '
            'title="Pros and cons side by side">pros &amp; cons</a>'
        )

    return link
