"""The discussion side panel of a node: read, comment, reply, edit, delete."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from argmap.discussion import selectors, services
from argmap.discussion.forms import CommentForm
from argmap.discussion.models import Comment
from argmap.maps.models import Node
from argmap.teams.permissions import Action, allowed_actions, require, require_author

PANEL = "discussion/panel.html"


def _node(request, pk: int, action: Action) -> Node:
    node = get_object_or_404(Node.objects.select_related("map"), pk=pk)
    require(request.user, action, node.map.workspace_id)
    return node


def _comment(request, pk: int, *, moderators: bool) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("map", "node"), pk=pk)
    require_author(
        request.user,
        Action.COMMENT,
        comment.map.workspace_id,
        comment.author_id,
        or_=Action.MANAGE if moderators else None,
    )
    return comment


def _discussion_link(request, node) -> str:
    """The discussion's full address, for the e-mail of a member it mentions."""
    return request.build_absolute_uri(reverse("comments_panel", args=[node.pk]))


def _panel(request, node, *, form=None, status=200, editing=None, edit_form=None):
    rows = selectors.node_thread(node.pk)
    context = {
        "node": node,
        "map": node.map,
        "rows": rows,
        # The members the thread @mentions, whose names become links (one query, if any).
        "mentioned": selectors.thread_mentions(node.map.workspace_id, rows),
        "allowed": allowed_actions(request.user, node.map.workspace_id),
        "form": form or CommentForm(),
        "editing": editing,
        "edit_form": edit_form,
    }
    template = f"{PANEL}#panel" if request.htmx else PANEL
    return render(request, template, context, status=status)


@login_required
def comments_panel(request, node_pk: int):
    return _panel(request, _node(request, node_pk, Action.VIEW))


@login_required
@require_POST
def comment_create(request, node_pk: int):
    node = _node(request, node_pk, Action.COMMENT)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], node=node).first()
            if parent is None:
                form.add_error(None, "The comment you reply to is gone.")
        if not form.errors:
            try:
                services.comment_create(
                    node=node,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    parent=parent,
                    link=_discussion_link(request, node),
                )
            except ValidationError as error:
                form.add_error(None, error)
    if form.errors:
        return _panel(request, node, form=form, status=422)
    if request.htmx:
        return _panel(request, node)
    return redirect("comments_panel", node.pk)


@login_required
def comment_edit(request, pk: int):
    """GET: the panel with this comment's text in a form; POST: save it."""
    comment = _comment(request, pk, moderators=False)
    node = comment.node
    node.map = comment.map
    if request.method != "POST":
        return _panel(
            request, node, editing=comment.pk, edit_form=CommentForm({"body": comment.body})
        )
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            link = _discussion_link(request, node)
            services.comment_update(comment=comment, body=form.cleaned_data["body"], link=link)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _panel(request, node, editing=comment.pk, edit_form=form, status=422)
    if request.htmx:
        return _panel(request, node)
    return redirect("comments_panel", node.pk)


@login_required
@require_POST
def comment_delete(request, pk: int):
    comment = _comment(request, pk, moderators=True)
    services.comment_delete(comment=comment)
    node = comment.node
    node.map = comment.map
    if request.htmx:
        return _panel(request, node)
    return redirect("comments_panel", node.pk)
