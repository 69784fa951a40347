"""Pages and partials of the activity area: feed, changed-since poll, trash, node history,
and the merge that resolves an editing conflict."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from argmap.activity import selectors
from argmap.activity.conflicts import conflict_response
from argmap.activity.services import node_version_restore
from argmap.maps.models import Map, Node
from argmap.maps.services import StaleEdit, node_update
from argmap.maps.services_trash import deletion_restore
from argmap.params import parse_id
from argmap.teams.permissions import Action, allowed_actions, require

# Events for the map page: map-changed redraws the picture and the feed; map-reload also
# reloads the tree. (The map page's own writes answer with a fresh tree already.)
CHANGED_EVENTS = "map-changed, map-reload"


def _map(request, pk: int, action: Action) -> Map:
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, action, map_obj.workspace_id)
    return map_obj


def _node(request, pk: int, action: Action) -> Node:
    # Trashed nodes too: their history stays readable.
    node = get_object_or_404(Node.all_objects.select_related("map"), pk=pk)
    require(request.user, action, node.map.workspace_id)
    return node


@login_required
def map_activity(request, pk: int):
    """The map's activity feed; as an htmx partial it refreshes itself on ``map-changed``."""
    map_obj = _map(request, pk, Action.VIEW)
    short = request.GET.get("short") == "1"  # the few newest entries, for beside the map
    if short:
        page = selectors.map_activity(map_obj.pk, 1, per_page=selectors.SHORT_FEED_SIZE)
    else:
        page = selectors.map_activity(map_obj.pk, request.GET.get("page"))
    context = {"map": map_obj, "page": page, "short": short}
    if request.htmx:
        return render(request, "activity/map_activity.html#feed", context)
    context["revision"] = selectors.map_revision(map_obj.pk)[1]
    template = "activity/map_activity.html"
    return render(request, template, context)


@login_required
@require_GET
def map_changes(request, pk: int):
    """The cheap poll: 204 while the map's revision equals ``since``; otherwise the poller
    with the new revision and an ``HX-Trigger: map-changed`` header for listeners."""
    found = selectors.map_revision(pk)
    if found is None:
        raise Http404("No such map.")
    workspace_id, revision = found
    require(request.user, Action.VIEW, workspace_id)
    if request.GET.get("since") == revision:
        return HttpResponse(status=204)
    response = render(request, "activity/poller.html", {"map_id": pk, "revision": revision})
    response["HX-Trigger"] = CHANGED_EVENTS
    response["Cache-Control"] = "no-store"
    return response


@login_required
def map_trash(request, pk: int):
    map_obj = _map(request, pk, Action.VIEW)
    context = {
        "map": map_obj,
        "page": selectors.map_trash(map_obj.pk, request.GET.get("page")),
        "allowed": allowed_actions(request.user, map_obj.workspace_id),
    }
    return render(request, "activity/map_trash.html", context)


@login_required
@require_POST
def trash_restore(request, pk: int, deletion_id):
    map_obj = _map(request, pk, Action.EDIT)
    try:
        restored = deletion_restore(map_obj=map_obj, deletion_id=deletion_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Restored {restored} item{'s' if restored != 1 else ''}.")
    return redirect("map_trash", map_obj.pk)


def _history_page(request, node, *, status=200, error=None):
    context = {
        "node": node,
        "map": node.map,
        "page": selectors.node_versions(node.pk, request.GET.get("page")),
        "allowed": allowed_actions(request.user, node.map.workspace_id),
        "error": error,
    }
    return render(request, "activity/node_history.html", context, status=status)


@login_required
def node_history(request, pk: int):
    return _history_page(request, _node(request, pk, Action.VIEW))


@login_required
@require_POST
def node_version_restore_view(request, pk: int, history_id: int):
    node = _node(request, pk, Action.EDIT)
    expected = parse_id(request.POST.get("expected_version"))
    if expected is None:
        return _history_page(request, node, status=422, error="The form is missing its version.")
    try:
        node_version_restore(node=node, history_id=history_id, expected_version=expected)
    except StaleEdit as stale:
        node = stale.current
        return _history_page(
            request,
            node,
            status=409,
            error="Someone changed this node after you opened this page. "
            "Check its latest version below, then restore again if you still want to.",
        )
    except ValidationError as error:
        return _history_page(request, node, status=422, error=" ".join(error.messages))
    messages.success(request, "The earlier version is back, saved as the newest version.")
    return redirect("node_history", node.pk)


@login_required
@require_POST
def node_merge(request, pk: int):
    """Save the text a user merged after a conflict, against the version they have seen."""
    node = _node(request, pk, Action.EDIT)
    text = request.POST.get("text", "")
    expected = parse_id(request.POST.get("expected_version"))
    if expected is None:
        return conflict_response(
            request, node, text, status=422, error="The form lost its version."
        )
    try:
        node = node_update(node=node, expected_version=expected, text=text)
    except StaleEdit as stale:
        return conflict_response(request, stale.current, text)
    except ValidationError as error:
        return conflict_response(request, node, text, status=422, error=" ".join(error.messages))
    if request.htmx:
        response = render(request, "activity/conflict.html#merged", {"node": node})
        response["HX-Trigger"] = CHANGED_EVENTS
        return response
    messages.success(request, "Your merged text is saved.")
    return redirect(reverse("map_detail", args=[node.map_id]) + f"#node-{node.pk}")
