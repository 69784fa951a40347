"""Pages and htmx parts of the suggestions: the panel beside the map's tree (also a page
of its own), other places for one node, and accept / dismiss / accept all. Only editors
see or use them: the permission layer answers 404 to outsiders, 403 to other members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from argmap.maps.models import Link, Map, Node
from argmap.params import parse_count, parse_id
from argmap.suggestions import selectors, services
from argmap.suggestions.vectors import map_vectors
from argmap.teams.permissions import Action, require

THRESHOLDS = (30, 50, 70, 90)
FOUND_LIMIT = 10


def _map(request, pk: int) -> Map:
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, Action.EDIT, map_obj.workspace_id)
    return map_obj


def _panel(request, map_obj: Map, *, status: str = "", error: str = "", code: int = 200, undo=None):
    suggestions = selectors.map_suggestions(map_obj, user=request.user)
    rows = [(node, suggestions.by_node.get(node.id, [])) for node in suggestions.unplaced]
    same = []
    if suggestions.unplaced:
        nodes = list(Node.objects.filter(pk__in=[n.id for n in suggestions.unplaced]))
        vectors, _ = map_vectors(
            map_obj.pk, suggestions.unplaced, workspace_id=map_obj.workspace_id, budget=0
        )
        same = selectors.same_as(nodes, vectors, workspace_id=map_obj.workspace_id, per_node=1)
    context = {
        "map": map_obj,
        "suggestions": suggestions,
        "rows": rows,
        "same": same,
        "thresholds": THRESHOLDS,
        "status": status,
        "error": error,
        "undo": undo,
    }
    template = "suggestions/panel.html#panel" if request.htmx else "suggestions/panel.html"
    response = render(request, template, context, status=code)
    if request.htmx and status:
        response["HX-Trigger"] = "map-reload"  # the tree section reloads itself
    return response


def _after_write(request, map_obj: Map, *, status: str = "", error: str = "", undo=None):
    """The fresh panel for htmx (with the tree told to reload); else back to the page."""
    if request.htmx:
        code = 422 if error else 200
        return _panel(request, map_obj, status=status, error=error, code=code, undo=undo)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, status)
    return redirect(reverse("suggestions_panel", args=[map_obj.pk]))


def _pair(request, map_obj: Map, node_id: int) -> tuple[Node, Node, str]:
    node = get_object_or_404(Node, pk=node_id, map=map_obj)
    parent_id = parse_id(request.POST.get("parent", ""))
    parent = Node.objects.filter(pk=parent_id, map=map_obj).first() if parent_id else None
    if parent is None:
        raise ValidationError("Choose a node of this map to hang it under.")
    return node, parent, request.POST.get("relation", "")


@login_required
@require_GET
def suggestions_panel(request, pk: int):
    return _panel(request, _map(request, pk))


def _on_pair(request, pk: int, node_id: int, service, done: str):
    """Run ``service`` on the posted (node, parent, relation) and answer with the panel;
    ``done`` is the status, formatted with the node, parent and relation."""
    map_obj = _map(request, pk)
    try:
        node, parent, relation = _pair(request, map_obj, node_id)
        made = service(node=node, parent=parent, relation=relation, user=request.user)
    except ValidationError as error:
        return _after_write(request, map_obj, error=" ".join(error.messages))
    status = done.format(node=node.text[:60], parent=parent.text[:60], relation=relation)
    undo = made if isinstance(made, Link) else None
    return _after_write(request, map_obj, status=status, undo=undo)


@login_required
@require_POST
def suggestion_accept(request, pk: int, node_id: int):
    return _on_pair(
        request, pk, node_id, services.suggestion_accept, "Placed “{node}”: {relation} “{parent}”."
    )


@login_required
@require_POST
def suggestion_dismiss(request, pk: int, node_id: int):
    return _on_pair(
        request,
        pk,
        node_id,
        services.suggestion_dismiss,
        "That place will not be suggested again.",
    )


@login_required
@require_POST
def suggestion_undo(request, pk: int, link_id: int):
    """Take back an accepted suggestion (the link, if it still exists)."""
    map_obj = _map(request, pk)
    link = get_object_or_404(Link, pk=link_id, map=map_obj)
    services.suggestion_undo(link=link)
    return _after_write(request, map_obj, status="Taken back: the node is outside the tree again.")


@login_required
@require_POST
def suggestions_accept_all(request, pk: int):
    map_obj = _map(request, pk)
    value = parse_count(request.POST.get("threshold", ""), default=-1, maximum=101)
    try:
        if not 0 <= value <= 100:
            raise ValidationError("Choose a confidence from 0 to 100.")
        placed = services.suggestions_accept_all(
            map_obj=map_obj, threshold=value / 100, user=request.user
        )
    except ValidationError as error:
        return _after_write(request, map_obj, error=" ".join(error.messages))
    status = f"Placed {placed} node{'s' if placed != 1 else ''}." if placed else "Nothing placed."
    return _after_write(request, map_obj, status=status)


@login_required
@require_GET
def suggestions_other(request, pk: int, node_id: int):
    """The next suggestions for one node, and nodes of the map found by their words."""
    map_obj = _map(request, pk)
    node = get_object_or_404(Node, pk=node_id, map=map_obj)
    suggestions = selectors.map_suggestions(map_obj, node_id=node.pk, per_node=3)
    others = suggestions.by_node.get(node.pk, [])[1:]
    query = request.GET.get("q", "").strip()[:200]
    found = selectors.nodes_found(map_obj, node, query, limit=FOUND_LIMIT) if query else []
    context = {"map": map_obj, "node": node, "others": others, "found": found, "query": query}
    template = "suggestions/other.html#other" if request.htmx else "suggestions/other.html"
    return render(request, template, context)
