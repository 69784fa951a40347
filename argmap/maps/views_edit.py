"""The map pages' writes: adding, editing, placing, moving and deleting nodes and links,
and undoing a deletion.

Each view parses input, checks permission once through ``teams.permissions``, calls one
service and answers with ``views._done``: the fresh tree section for htmx, else a
redirect to the map page. A refused write keeps what the user typed and says why.
"""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from argmap.maps.forms import (
    ADD_CHOICES,
    LinkRelationForm,
    NodeAddForm,
    NodeEditForm,
    ParentForm,
)
from argmap.maps.graph import relation_error
from argmap.maps.models import Map, NodeKind, Relation
from argmap.maps.page_parts import stale_edit_handler
from argmap.maps.selectors import parent_choices
from argmap.maps.services import (
    StaleEdit,
    link_create,
    link_update,
    node_create,
    node_move,
    node_update,
)
from argmap.maps.services_trash import deletion_restore, link_trash, node_trash
from argmap.maps.views import (
    ACTION_PAGE,
    _done,
    _errors,
    _forget_undo,
    _form,
    _link,
    _map,
    _node,
    _remember_undo,
    _short,
)
from argmap.params import parse_id
from argmap.teams.permissions import Action

PARENT_CHOICES = 200  # options in the "move under" list; a search finds the others

# -- writes on nodes -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def node_add(request, pk: int, node_id: int):
    map_obj = _map(request, pk, Action.EDIT)
    parent = _node(map_obj, node_id)
    relation = request.GET.get("relation") or (
        Relation.ANSWERS if parent.kind == NodeKind.QUESTION else Relation.SUPPORTS
    )
    kind = request.GET.get("kind") or ADD_CHOICES.get(relation, NodeKind.CLAIM)
    initial = {"relation": relation, "kind": kind}
    form = NodeAddForm(request.POST or None, initial=initial, parent_kind=parent.kind)
    # An undercut attacks the link the node was shown through ("this does not follow").
    via = parse_id(request.GET.get("via"))
    attacked = _link(map_obj, via) if relation == Relation.UNDERCUTS and via else None
    context = {"map": map_obj, "node": parent, "form": form, "relation": relation, "kind": kind}
    context["attacked"] = attacked
    if request.method == "POST" and form.is_valid():
        values = form.node_values()
        try:
            child = node_create(
                map_obj=map_obj,
                author=request.user,
                parent=parent,
                relation=form.cleaned_data["relation"],
                target_link=attacked,
                **values,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _forget_undo(request)
            return _done(
                request, map_obj, f"Added {child.kind} “{_short(child.text)}”.", focus_node=child.pk
            )
    elif request.method == "GET" and (message := relation_error(relation, kind, parent.kind)):
        # A link asking for a relation this node cannot take (an answer under a claim):
        # there is no form to show it on yet, so the refusal panel says why.
        return _refused(request, map_obj, message, node=parent)
    status = 422 if request.method == "POST" else 200
    return _form(request, "add-form", context, status)


@login_required
@require_http_methods(["GET", "POST"])
def node_edit(request, pk: int, node_id: int):
    map_obj = _map(request, pk, Action.EDIT)
    node = _node(map_obj, node_id)
    initial = {
        "text": node.text,
        "version": node.version,
        "source_title": node.source_title,
        "source_url": node.source_url,
        "source_date": node.source_date,
        "source_reliability": node.source_reliability,
        "information_credibility": node.information_credibility,
        "base_score": node.base_score,
    }
    form = NodeEditForm(request.POST or None, initial=initial, kind=node.kind)
    context = {"map": map_obj, "node": node, "form": form}
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                node_update(
                    node=node, expected_version=form.cleaned_data["version"], **form.changes()
                )
            except StaleEdit as stale:
                handler = stale_edit_handler()
                if handler is not None and node.kind != NodeKind.EVIDENCE:
                    # Their text beside this user's, a word diff and a merge form. (It
                    # merges text only: evidence keeps the form below, with its sources.)
                    return handler(request, stale.current, form.cleaned_data["text"])
                # Keep what this user typed, show the other text, and let a second save win.
                data = request.POST.copy()
                data["version"] = stale.current.version
                context["form"] = NodeEditForm(data, kind=node.kind)
                context["conflict"] = stale.current
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                _forget_undo(request)
                return _done(request, map_obj, "Saved.", focus_node=node.pk)
    return _form(request, "edit-form", context, status)


@login_required
@require_GET
def node_more(request, pk: int, node_id: int):
    """The rarer actions on a node shown through one link: relation, move, delete."""
    map_obj = _map(request, pk, Action.EDIT)
    node = _node(map_obj, node_id)
    via_id = parse_id(request.GET.get("via"))
    link = _link(map_obj, via_id) if via_id is not None else None
    if link is not None and link.source_id != node.pk:
        link = None
    query = request.GET.get("q", "").strip()[:200]
    chosen = _chosen_parent(request.GET)
    parents = parent_choices(map_obj, node.pk, query=query, keep=chosen, limit=PARENT_CHOICES)
    if request.htmx and request.GET.get("options"):
        # The search box asks for new options only, so its own focus is kept.
        context = {"parents": parents, "chosen": chosen, "query": query}
        return render(request, f"{ACTION_PAGE}#parent-options", context)
    context = {
        "map": map_obj,
        "node": node,
        "link": link,
        "query": query,
        "parents": parents,
        "chosen": chosen,
        "relation_form": LinkRelationForm(
            initial={"relation": link.relation, "version": link.version}
        )
        if link
        else None,
        "parent_form": ParentForm(
            parents=parents,
            keep_relation=link is not None,
            initial={"relation": "" if link else _default_relation(node.kind)},
        ),
        "is_root": node.pk == map_obj.root_id,
    }
    return _form(request, "more-panel", context)


def _default_relation(kind: str) -> str:
    return Relation.QUESTIONS if kind == NodeKind.QUESTION else Relation.SUPPORTS


def _chosen_parent(data) -> int | None:
    """The parent id the user picked (posted, or sent along with a new search)."""
    return parse_id(data.get("parent"))


def _parents_for(request, map_obj: Map, node_id: int) -> tuple[list, int | None, str]:
    """After a refused placement or move: the options the user was looking at (same
    search), with the parent they chose still chosen."""
    query = request.POST.get("q", "").strip()[:200]
    chosen = _chosen_parent(request.POST)
    parents = parent_choices(map_obj, node_id, query=query, keep=chosen, limit=PARENT_CHOICES)
    return parents, chosen, query


@login_required
@require_POST
def node_place(request, pk: int, node_id: int):
    """Hang a node (typically an imported, unplaced claim) under a parent."""
    map_obj = _map(request, pk, Action.EDIT)
    node = _node(map_obj, node_id)
    return _under_parent(
        request,
        map_obj,
        node=node,
        link=None,
        write=lambda parent, relation: link_create(
            source=node, target=parent, relation=relation, author=request.user
        ),
        status=lambda parent: "Placed in the tree.",
    )


def _under_parent(request, map_obj: Map, *, node, link, write, status):
    """The answer to the "hang under" form of ``node`` (placing it, or moving ``link``):
    ``write(parent, relation)`` makes the change through a service and ``status(parent)``
    says what was done. A form error or a refusal of the graph rules answers 422 with the
    form again, nothing written."""
    parents, chosen, query = _parents_for(request, map_obj, node.pk)
    form = ParentForm(request.POST, parents=parents, keep_relation=link is not None)
    if form.is_valid():
        parent = _node(map_obj, form.cleaned_data["parent"])
        try:
            write(parent, form.cleaned_data["relation"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _forget_undo(request)
            return _done(request, map_obj, status(parent), focus_node=node.pk)
    context = {"map": map_obj, "node": node, "link": link, "parent_form": form}
    context |= {"parents": parents, "chosen": chosen, "query": query}
    if link is None:
        context["is_root"] = False
    else:
        initial = {"relation": link.relation, "version": link.version}
        context["relation_form"] = LinkRelationForm(initial=initial)
    return _form(request, "more-panel", context, 422)


@login_required
@require_POST
def node_delete(request, pk: int, node_id: int):
    map_obj = _map(request, pk, Action.EDIT)
    node = _node(map_obj, node_id)
    try:
        deletion_id = node_trash(node=node)
    except ValidationError as error:
        return _refused(request, map_obj, _errors(error), node=node)
    what = f"{node.get_kind_display()} “{_short(node.text)}”"
    _remember_undo(request, map_obj, deletion_id, what)
    return _done(request, map_obj, f"Deleted {what}.")


def _refused(request, map_obj: Map, message: str, *, node=None, link=None):
    """A write the graph rules refuse, outside any form: say why."""
    context = {"map": map_obj, "node": node or (link.source if link else None), "error": message}
    return _form(request, "refused", context, 422)


# -- writes on links -------------------------------------------------------------------


@login_required
@require_POST
def link_relation(request, pk: int, link_id: int):
    map_obj = _map(request, pk, Action.EDIT)
    link = _link(map_obj, link_id)
    form = LinkRelationForm(request.POST)
    if not form.is_valid():
        return _refused(request, map_obj, "Choose a relation.", link=link)
    try:
        link_update(
            link=link,
            expected_version=form.cleaned_data["version"],
            relation=form.cleaned_data["relation"],
        )
    except StaleEdit:
        return _refused(
            request,
            map_obj,
            "Someone changed this link meanwhile; reload the map and try again.",
            link=link,
        )
    except ValidationError as error:
        return _refused(request, map_obj, _errors(error), link=link)
    _forget_undo(request)
    return _done(
        request,
        map_obj,
        f"Now it {link.get_relation_display()} its parent.",
        focus_node=link.source_id,
    )


@login_required
@require_POST
def link_move(request, pk: int, link_id: int):
    map_obj = _map(request, pk, Action.EDIT)
    link = _link(map_obj, link_id)
    return _under_parent(
        request,
        map_obj,
        node=link.source,
        link=link,
        write=lambda parent, relation: node_move(link=link, new_parent=parent, relation=relation),
        status=lambda parent: f"Moved under “{_short(parent.text)}”.",
    )


@login_required
@require_POST
def link_delete(request, pk: int, link_id: int):
    map_obj = _map(request, pk, Action.EDIT)
    link = _link(map_obj, link_id)
    deletion_id = link_trash(link=link)
    what = f"the link of “{_short(link.source.text)}” to “{_short(link.target.text)}”"
    _remember_undo(request, map_obj, deletion_id, what)
    return _done(request, map_obj, f"Removed {what}.", focus_node=link.source_id)


@login_required
@require_POST
def deletion_undo(request, pk: int):
    map_obj = _map(request, pk, Action.EDIT)
    try:
        deletion_id = uuid.UUID(request.POST.get("deletion", ""))
        restored = deletion_restore(map_obj=map_obj, deletion_id=deletion_id)
    except (ValueError, ValidationError) as error:
        _forget_undo(request)
        message = _errors(error) if isinstance(error, ValidationError) else "Nothing to undo."
        if not request.htmx:
            return _refused(request, map_obj, message)
        # Said in the status line above the tree, which stays (the banner targets it).
        response = _done(request, map_obj, message, failed=True)
        response.status_code = 422
        return response
    _forget_undo(request)
    return _done(request, map_obj, f"Undone: {restored} item{'s' if restored != 1 else ''} back.")
