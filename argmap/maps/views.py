"""The map pages: home and the argument tree (its inline edits are in ``views_edit``, the
article pages in ``views_articles``).

Each view parses input, checks permission once through ``teams.permissions``, calls one
service or selector and renders. htmx requests get the named partial of the page; the
same URLs answer plain GETs and POSTs (a full page, or a redirect after a write), so
every action also works without JavaScript.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from argmap.maps.graph import LinkData, NodeData
from argmap.maps.models import Link, Map, Node
from argmap.maps.page_parts import (
    TREE_VIEW,
    VIEW_COOKIE,
    chosen_view,
    row_parts,
    sidebar_html,
    view_head,
    view_html,
    view_parts,
    write_html,
)
from argmap.maps.selectors import (
    NODE_COLUMNS,
    SHAPE_COLUMNS,
    deletion_in_trash,
    map_graph,
    map_nodes,
    map_unplaced,
    map_unplaced_tops,
    path_links,
    tree_shape,
    tree_top_links,
)
from argmap.maps.tree import expansion, tree_rows, visible_nodes
from argmap.maps.tree_html import TreeContext, rows_html
from argmap.params import parse_count, parse_id
from argmap.teams.permissions import Action, can, require, visible_workspaces

# Rows on the first screen of a map; larger maps show their upper levels and load the rest
# when a node is opened.
FIRST_SCREEN_ROWS = 300
SUBTREE_ROWS = 200
# A subtree opened deep down names its depth; deeper than any real map is capped.
MAX_LEVEL = 1000
UNDO_SESSION_KEY = "argmap_undo"
VIEW_COOKIE_AGE = 365 * 24 * 3600
ACTION_PAGE = "maps/node_action.html"


@login_required
def home(request):
    workspaces = list(visible_workspaces(request.user).prefetch_related("maps", "articles"))
    editable = {ws.pk for ws in workspaces if can(request.user, Action.EDIT, ws.pk)}
    context = {"workspaces": workspaces, "can_import": bool(editable), "editable": editable}
    return render(request, "maps/home.html", context)


# -- helpers ---------------------------------------------------------------------------


def _map(request, pk: int, action: Action) -> Map:
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, action, map_obj.workspace_id)
    return map_obj


def _node(map_obj: Map, node_id: int) -> Node:
    return get_object_or_404(Node.objects.select_related("map"), pk=node_id, map=map_obj)


def _link(map_obj: Map, link_id: int) -> Link:
    return get_object_or_404(
        Link.objects.select_related("source", "target", "source__map"), pk=link_id, map=map_obj
    )


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _undo_for(request, map_obj: Map) -> dict | None:
    """The user's last deletion on this map, while it can still be undone: a deletion
    restored meanwhile (from the Trash, by anyone) offers no Undo."""
    undo = request.session.get(UNDO_SESSION_KEY)
    if not undo or undo.get("map") != map_obj.pk:
        return None
    if not deletion_in_trash(map_obj, undo["deletion"]):
        _forget_undo(request)
        return None
    return undo


def _tree_context(request, map_obj: Map, can_edit: bool, whole_graph=None) -> TreeContext:
    """The row context, with the parts other apps add to each row (comments, strength)."""
    parts = row_parts(request, map_obj, whole_graph)
    return TreeContext(
        map_obj.pk, map_obj.root_id, can_edit, lead_parts=parts["lead"], end_parts=parts["end"]
    )


def _open_path(shape, node_id: int, expanded: set[int]) -> None:
    """Open every node above ``node_id`` so that it is on the page (reader links, focus)."""
    stack, seen = [node_id], {node_id}
    while stack:
        for link in shape.parents.get(stack.pop(), ()):
            expanded.add(link.target_id)
            if link.target_id not in seen:
                seen.add(link.target_id)
                stack.append(link.target_id)


def _tree_section(
    request, map_obj: Map, *, expand_all=False, status="", focus="", show: int | None = None
) -> dict:
    """Everything the tree section of the map page needs, in a fixed number of queries.

    A small map is read whole. Of a large one only the top of the tree is read (a
    breadth-first walk the database stops early), so its first screen costs the same
    whatever its size; the nodes not yet in the tree then load on their own request.
    """
    can_edit = can(request.user, Action.EDIT, map_obj.workspace_id)
    root_id = map_obj.root_id
    limit = 2 * FIRST_SCREEN_ROWS
    top_links = [] if expand_all or root_id is None else tree_top_links(root_id, limit=limit)
    large = len(top_links) >= limit
    if not large:
        graph, expanded, complete = map_graph(map_obj), None, True
        unplaced_graph = graph
        complete_graph = True
    else:
        if show is not None:
            top_links += path_links(map_obj, show)
        shape = tree_shape(map_obj, root_id, top_links)
        expanded = expansion(shape, root_id, max_rows=FIRST_SCREEN_ROWS)
        if show is not None:
            _open_path(shape, show, expanded)
        visible = visible_nodes(shape, root_id, expanded)
        graph = map_nodes(map_obj, shape, visible)
        unplaced_graph = None  # loaded by its own request
        complete_graph = False
        # Everything is shown when every shown node with children is open.
        complete = all(node_id in expanded for node_id in visible if shape.child_total(node_id))
    ctx = _tree_context(request, map_obj, can_edit, graph if complete_graph else None)
    rows = tree_rows(graph, root_id, expand=expanded) if root_id in graph.nodes else []
    context = {
        "map": map_obj,
        "can_edit": can_edit,
        "tree_html": rows_html(rows, ctx),
        "all_shown": complete,
        "unplaced_later": unplaced_graph is None,
        "undo": _undo_for(request, map_obj) if can_edit else None,
        "status": status,
        "focus": focus,
    }
    if unplaced_graph is not None:
        context |= _unplaced(unplaced_graph, ctx)
    return context


def _unplaced(graph, ctx: TreeContext) -> dict:
    tops = map_unplaced_tops(graph)
    rows = [row for node in tops for row in tree_rows(graph, node.id, depth_limit=0)]
    return {"unplaced_html": rows_html(rows, ctx), "unplaced_count": len(tops)}


@login_required
@require_GET
def map_unplaced_section(request, pk: int):
    """The nodes not yet in the tree of a large map, loaded after its first screen."""
    map_obj = _map(request, pk, Action.VIEW)
    if not request.htmx:
        return redirect(reverse("map_detail", args=[pk]) + "?expand=all#unplaced-title")
    can_edit = can(request.user, Action.EDIT, map_obj.workspace_id)
    context = {"map": map_obj, "can_edit": can_edit}
    context |= _unplaced(map_unplaced(map_obj), _tree_context(request, map_obj, can_edit))
    return render(request, "maps/map_detail.html#unplaced", context)


def _done(
    request, map_obj: Map, message: str, *, focus_node: int | None = None, failed: bool = False
):
    """After a write: the fresh tree section for htmx, else a redirect to the map page.
    ``failed`` (htmx only): the write was refused and ``message`` says why."""
    if request.htmx:
        focus = f"node-{focus_node}" if focus_node else ""
        context = _tree_section(request, map_obj, status=message, focus=focus, show=focus_node)
        context["status_failed"] = failed
        response = render(request, "maps/map_detail.html#tree-section", context)
        response["HX-Retarget"] = "#tree-section"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Trigger"] = "map-changed"  # the map view redraws itself
        # Out-of-band parts (the changed-since poller moves to the new revision, so this
        # user's own write does not come back as someone else's change).
        response.content += write_html(request, map_obj).encode()
        return response
    messages.success(request, message)
    url = reverse("map_detail", args=[map_obj.pk])
    return redirect(f"{url}?show={focus_node}#node-{focus_node}" if focus_node else url)


def _form(request, partial: str, context: dict, status: int = 200):
    """A form: its partial for htmx (into the row's slot), else a page around it."""
    if request.htmx:
        return render(request, f"{ACTION_PAGE}#{partial}", context, status=status)
    return render(request, ACTION_PAGE, context | {"panel": partial}, status=status)


def _remember_undo(request, map_obj: Map, deletion_id: uuid.UUID, what: str) -> None:
    request.session[UNDO_SESSION_KEY] = {
        "map": map_obj.pk,
        "deletion": str(deletion_id),
        "what": what,
    }


def _forget_undo(request) -> None:
    request.session.pop(UNDO_SESSION_KEY, None)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# -- the map page ----------------------------------------------------------------------


@login_required
@require_GET
def map_detail(request, pk: int):
    map_obj = _map(request, pk, Action.VIEW)
    context = _tree_section(
        request,
        map_obj,
        expand_all=request.GET.get("expand") == "all",
        show=parse_id(request.GET.get("show")),
    )
    if request.htmx:
        return render(request, "maps/map_detail.html#tree-section", context)
    context["articles"] = map_obj.articles.all()
    context["sidebar"] = sidebar_html(request, map_obj)
    context |= _views(request, map_obj)
    response = render(request, "maps/map_detail.html", context)
    if request.GET.get("view") == context["view"]:
        # Chosen with a plain link (no JavaScript): remember it as the switch would.
        response.set_cookie(VIEW_COOKIE, context["view"], max_age=VIEW_COOKIE_AGE, samesite="Lax")
    return response


def _views(request, map_obj: Map) -> dict:
    """The views offered beside the tree (page parts), the chosen one rendered."""
    view = chosen_view(request)
    parts = view_parts()
    others = [
        {"name": part.name, "label": part.label, "url": reverse(part.url_name, args=[map_obj.pk])}
        for part in parts
    ]
    return {
        "view": view,
        "views": [{"name": TREE_VIEW, "label": "Tree", "url": ""}, *others] if parts else [],
        "other_views": others,
        "view_html": view_html(request, map_obj, view) if view != TREE_VIEW else "",
        "view_head": view_head(),
    }


@login_required
@require_GET
def node_subtree(request, pk: int, node_id: int):
    """A node opened: its item with the children (htmx), or a page showing that subtree."""
    map_obj = _map(request, pk, Action.VIEW)
    node = get_object_or_404(Node.objects.values_list(*NODE_COLUMNS), pk=node_id, map=map_obj)
    via_id = parse_id(request.GET.get("via"))
    via = None
    if via_id is not None:
        via_row = Link.objects.filter(pk=via_id, source_id=node_id, map=map_obj).values_list(
            *SHAPE_COLUMNS
        )
        via = next((LinkData(*row) for row in via_row), None)
    shape = tree_shape(map_obj, node_id, tree_top_links(node_id, limit=2 * SUBTREE_ROWS))
    expanded = expansion(shape, node_id, max_rows=SUBTREE_ROWS)
    graph = map_nodes(map_obj, shape, visible_nodes(shape, node_id, expanded) - {node_id})
    graph.nodes[node_id] = NodeData(*node)
    can_edit = can(request.user, Action.EDIT, map_obj.workspace_id)
    ctx = _tree_context(request, map_obj, can_edit)
    level = parse_count(request.GET.get("level"), default=1, maximum=MAX_LEVEL)
    rows = tree_rows(graph, node_id, expand=expanded | {node_id}, via=via, level=level)
    if request.htmx:
        return HttpResponse(rows_html(rows, ctx))
    context = {
        "map": map_obj,
        "can_edit": can_edit,
        "focus_node": graph.nodes[node_id],
        "parents": Node.objects.filter(
            incoming_links__source_id=node_id, incoming_links__deleted_at__isnull=True
        ),
        "tree_html": rows_html(tree_rows(graph, node_id, expand=expanded | {node_id}), ctx),
        "all_shown": True,
        "sidebar": sidebar_html(request, map_obj),
    }
    return render(request, "maps/map_detail.html", context)
