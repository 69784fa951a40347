"""The activity's parts of the map page, registered with ``argmap.maps.page_parts`` in
``ActivityConfig.ready``: the teamwork sidebar (changed-since poller, discussion panel,
short feed), the poller brought up to date by the page's own writes, the merge form
answering a stale edit, and a "History" link on every tree row."""

from django.template.loader import render_to_string
from django.urls import reverse

from argmap.activity.conflicts import conflict_response
from argmap.activity.selectors import map_revision


def _revision(map_obj) -> str:
    found = map_revision(map_obj.pk)
    return found[1] if found else ""


def sidebar(request, map_obj) -> str:
    context = {"map": map_obj, "revision": _revision(map_obj)}
    return render_to_string("activity/map_sidebar.html", context, request=request)


def poller_update(request, map_obj) -> str:
    context = {"map_id": map_obj.pk, "revision": _revision(map_obj), "oob": True}
    return render_to_string("activity/poller.html", context, request=request)


def stale_edit(request, current, mine: str):
    return conflict_response(request, current, mine)


_PLACEHOLDER = 2147483647  # reversed once per tree, then filled in per row (reverse is slow)


def history_links(request, map_obj, whole_graph):
    """A link to each row's version history (no query: the URL is all it needs)."""
    url = reverse("node_history", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")

    def link(node_id: int) -> str:
        return f' <a class="history-link" href="{url.format(node_id)}">History</a>'

    return link
