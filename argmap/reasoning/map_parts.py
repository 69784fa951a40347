"""The reasoning's part of the map page: each tree row's strength (a bar and a number).
Registered with ``argmap.maps.page_parts`` in ``ReasoningConfig.ready``."""

from argmap.reasoning.rendering import strength_html
from argmap.reasoning.selectors import map_strengths


def strength_bars(request, map_obj, whole_graph):
    """No query when the page loaded the whole map, else 2 lean ones (the whole map's
    strengths, since a node's strength depends on everything below it)."""
    strengths = map_strengths(map_obj, graph=whole_graph)
    labels = {
        node_id: "" if strength is None else f"{strength:.2f}"
        for node_id, strength in strengths.items()
    }

    def bar(node_id: int) -> str:
        return strength_html(labels.get(node_id, ""))

    return bar
