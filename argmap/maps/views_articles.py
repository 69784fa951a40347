"""Article pages: import with a preview of the split, and the reader where selected text
becomes claims, questions and evidence."""

from dataclasses import replace
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from argmap.articles.models import Article, ArticleOriginal
from argmap.articles.services import article_draft_read, article_prepare, article_upload_keep
from argmap.articles.sources.fetching import precheck
from argmap.articles.splitting import QUESTION
from argmap.articles.units import CHANGED
from argmap.jobs.services import job_start
from argmap.maps.forms import AnnotateForm, ArticleImportForm
from argmap.maps.highlights import highlight_runs
from argmap.maps.import_preview import (
    UNIT_EDIT_CODES,
    carry_units,
    digest,
    edit_units,
    kept_choices,
)
from argmap.maps.models import Node, NodeKind, Relation
from argmap.maps.page_parts import extra_anchors, import_draft_apply, import_draft_html
from argmap.maps.pending_originals import original_token, pending_original
from argmap.maps.services import Anchor, map_import_article, node_create
from argmap.maps.tasks import article_read
from argmap.teams.models import Workspace
from argmap.teams.permissions import Action, can, require, visible_workspaces

SKIP = "skip"
SENTENCE_CHOICES = [(NodeKind.CLAIM, "claim"), (NodeKind.QUESTION, "question"), (SKIP, "leave out")]


# -- import ----------------------------------------------------------------------------


def _editable_workspaces(user) -> list[tuple[int, str]]:
    return [
        (workspace.pk, workspace.name)
        for workspace in visible_workspaces(user)
        if can(user, Action.EDIT, workspace.pk)
    ]


def _draft_from(form: ArticleImportForm, user):
    """The prepared draft of the form's text, file or URL; ValidationError when unusable.
    A page or PDF (uploaded or fetched) is kept until the import is saved."""
    data = form.cleaned_data
    metadata = {
        "title": data.get("title") or "",
        "author": data.get("author") or "",
        "publication": data.get("publication") or "",
        "published_on": data.get("published_on"),
    }
    original = pending_original(data["original"], user) if data.get("original") else None
    if original is not None and data["text"].strip():
        # Previewed before: the text (perhaps corrected) is in the form.
        source_url = data.get("source_url") or original.source_url
        return article_prepare(
            text=data["text"], source_url=source_url, original=original, **metadata
        )
    workspace = Workspace.objects.get(pk=data["workspace"])
    require(user, Action.EDIT, workspace.pk)
    upload = data.get("file")
    return article_draft_read(
        workspace=workspace,
        user=user,
        text=data["text"],
        data=upload.read() if upload else b"",
        filename=upload.name if upload else "",
        original=original,  # read by a job: its first preview
        source_url=data.get("source_url") or "",
        **metadata,
    )


def _read_in_background(request, form: ArticleImportForm):
    """For a URL, or an uploaded page or PDF: queue the reading as a job and send the
    analyst to its progress page, whose result is the preview. None for a text file (read
    at once). A URL refused before connecting is a form error now."""
    data, user = form.cleaned_data, request.user
    workspace_id, url, upload = data["workspace"], data.get("url"), data.get("file")
    require(user, Action.EDIT, workspace_id)
    kwargs = {"workspace_id": workspace_id, "user_id": user.pk}
    if url:
        precheck(url)
        kwargs["url"], label = url, f"Fetching {url[:150]}"
    else:
        workspace = Workspace.objects.get(pk=workspace_id)
        content = upload.read()
        original = article_upload_keep(
            workspace=workspace, user=user, data=content, filename=upload.name
        )
        if original is None:
            upload.seek(0)  # a text file: read in the request, as it is quick
            return None
        kwargs["original_id"], label = original.pk, f"Reading {original.filename}"
    job = job_start(
        task=article_read, owner=user, workspace_id=workspace_id, label=label, kwargs=kwargs
    )
    return redirect(job)


def _apply_choices(draft, post) -> None:
    """Apply the preview's corrections: each unit's kind, or left out."""
    units = draft.split.units
    choices = [post.get(f"kind-{index}") for index in range(len(units))]
    if None in choices or f"kind-{len(units)}" in post:
        raise ValidationError(CHANGED)
    draft.split = replace(
        draft.split,
        units=[
            replace(unit, kind=choice)
            for unit, choice in zip(units, choices, strict=True)
            if choice != SKIP
        ],
    )


@login_required
@require_http_methods(["GET", "POST"])
def article_import(request):
    workspaces = _editable_workspaces(request.user)
    if not workspaces:
        raise PermissionDenied("You may not add articles to any workspace.")
    data = request.POST or None
    if request.method == "GET" and "original" in request.GET:
        data = request.GET  # the reading job's result: the preview of what it kept
    form = ArticleImportForm(data, request.FILES or None, workspaces=workspaces)
    context = {"form": form, "draft": None, "choices": SENTENCE_CHOICES}
    if request.method == "GET" and not form.is_bound:
        return render(request, "maps/article_import.html", context)
    if not form.is_valid():
        return render(request, "maps/article_import.html", context, status=422)
    edited, draft = False, None
    try:
        if form.cleaned_data.get("url") or form.cleaned_data.get("file"):
            queued = _read_in_background(request, form)
            if queued is not None:
                return queued
        draft = _draft_from(form, request.user)
        carry_units(draft, request.POST)
        edited = edit_units(draft, request.POST)
        if request.POST.get("step") == "save" and not edited:
            _apply_choices(draft, request.POST)
            data = form.cleaned_data
            # What the analyst typed in the preview wins, even when left empty.
            draft.title = data.get("title") or draft.title
            draft.root_kind = data.get("root_kind", "")
            draft.author, draft.publication = data.get("author", ""), data.get("publication", "")
            draft.published_on = data.get("published_on")
            workspace = Workspace.objects.get(pk=data["workspace"])
            require(request.user, Action.EDIT, workspace.pk)
            with transaction.atomic():
                map_obj = map_import_article(workspace=workspace, draft=draft, user=request.user)
                placed = import_draft_apply(request, draft, map_obj)
            messages.success(
                request,
                f"Imported “{draft.title}”: {len(draft.split.units)} units"
                + (f", {placed} placed in the tree as drafted. " if placed else ". ")
                + "Place the rest in the tree, or select more text in the reader.",
            )
            return redirect("map_detail", pk=map_obj.pk)
    except ValidationError as error:
        form.add_error(None, error)
        if draft is None or error.code not in UNIT_EDIT_CODES:
            return render(request, "maps/article_import.html", context, status=422)
    # The preview: the form again, filled with what was found, plus each sentence's kind.
    data = form.data.copy()
    data.update(
        {
            "text": draft.body,
            "title": draft.title,
            "root_kind": draft.split.title.kind if draft.split.title else NodeKind.CLAIM,
            "author": draft.author,
            "publication": draft.publication,
            "published_on": draft.published_on.isoformat() if draft.published_on else "",
            "source_url": draft.source_url,
            "url": "",  # fetched once; the preview carries its text and the kept original
            "original": original_token(draft.original) if draft.original else "",
        }
    )
    errors = form.non_field_errors()
    context["form"] = ArticleImportForm(data, workspaces=workspaces)
    for error in errors:
        context["form"].add_error(None, error)
    context["draft"] = draft
    chosen = kept_choices(draft, request.POST, edited, SENTENCE_CHOICES)
    context["sentences"] = [
        (index, unit, chosen.get(index, unit.kind)) for index, unit in enumerate(draft.split.units)
    ]
    context["units_of"] = digest(draft.body)
    context["question_count"] = sum(s.kind == QUESTION for s in draft.split.units)
    context["claim_count"] = len(draft.split.units) - context["question_count"]
    context["inside_count"] = sum(s.inside for s in draft.split.units)
    context["import_draft"] = import_draft_html(request, draft)  # e.g. a suggested tree
    return render(request, "maps/article_import.html", context, status=422 if errors else 200)


# -- the kept original ----------------------------------------------------------------


def original_response(original: ArticleOriginal) -> HttpResponse:
    """The kept page or PDF as a download, never as a page of ours: a fetched page could
    carry scripts, so it comes as an attachment, with no sniffing and a CSP sandbox should
    a browser open it anyway. The page and the API answer the same way."""
    response = HttpResponse(bytes(original.data), content_type=original.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(original.filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@login_required
@require_GET
def article_original(request, pk: int):
    """The page or PDF an article was extracted from."""
    original = get_object_or_404(ArticleOriginal, article_id=pk)
    require(request.user, Action.VIEW, original.workspace_id)
    return original_response(original)


# -- the reader ------------------------------------------------------------------------


def _articles():
    """Articles with their workspace and the description of their kept original (not its
    bytes), for the reader's header."""
    return Article.objects.with_original().select_related("workspace")


def _reader_context(request, article: Article, form=None, status_node=None) -> dict:
    """Highlights, the article's maps and the selection form: a fixed number of queries."""
    maps = list(article.maps.filter(workspace=article.workspace_id).order_by("id"))
    map_titles = {map_obj.pk: map_obj.title for map_obj in maps}
    nodes = list(
        Node.objects.filter(map__in=maps).only(
            "id", "map_id", "kind", "text", "anchor_start", "anchor_end", "article_id"
        )
    )
    anchored = [node for node in nodes if node.article_id == article.pk]
    anchored += extra_anchors(article)  # e.g. nodes merged from other articles
    can_edit = can(request.user, Action.EDIT, article.workspace_id)
    if can_edit and form is None:
        form = _annotate_form(None, maps, nodes)
    # Units as stored at import: a unit that starts inside a sentence is marked, so a
    # claim cut out of a sentence shows as its own piece even before it is a node.
    cuts = {unit.start for unit in article.stored_split.units if unit.inside}
    return {
        "article": article,
        "runs": highlight_runs(article.body, anchored, cuts),
        "cut_count": len(cuts),
        "maps": maps,
        "map_titles": map_titles,
        "can_edit": can_edit,
        "form": form,
        "status_node": status_node,
        "counts": {kind: sum(node.kind == kind for node in anchored) for kind in NodeKind.values},
    }


def _annotate_form(data, maps, nodes) -> AnnotateForm:
    by_map = {map_obj.pk: [] for map_obj in maps}
    for node in nodes:
        text = node.text if len(node.text) <= 80 else node.text[:79] + "…"
        by_map[node.map_id].append((node.pk, f"{node.kind}: {text}"))
    parents = [(map_obj.title, by_map[map_obj.pk]) for map_obj in maps]
    initial = {"kind": NodeKind.CLAIM, "map": maps[0].pk if maps else None}
    return AnnotateForm(
        data,
        initial=initial,
        maps=[(map_obj.pk, map_obj.title) for map_obj in maps],
        parents=parents if len(maps) > 1 else (parents[0][1] if parents else []),
    )


@login_required
def article_reader(request, pk: int):
    article = get_object_or_404(_articles(), pk=pk)
    require(request.user, Action.VIEW, article.workspace_id)
    return render(request, "maps/article_reader.html", _reader_context(request, article))


def _span_of(body: str, form: AnnotateForm) -> tuple[int, int]:
    """Where the selected text is in the body: the script's offsets, checked against the
    quote, or without a script the quote's first occurrence. Whitespace at the edges of a
    selection is not part of the anchor."""
    exact = form.cleaned_data["exact"]
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    if start is not None and end is not None:
        if body[start:end] != exact:
            raise ValidationError(
                "The selection does not match the article's text. Select it again."
            )
    else:
        start = body.find(exact)
        if not exact.strip() or start < 0:
            raise ValidationError("This text is not in the article. Copy it exactly.")
        end = start + len(exact)
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ValidationError("Select some words of the article first.")
    return start, end


def _relation_for(kind: str, parent: Node | None, chosen: str) -> str | None:
    if parent is None:
        return None
    if chosen:
        return chosen
    if kind == NodeKind.QUESTION:
        return Relation.QUESTIONS
    return Relation.ANSWERS if parent.kind == NodeKind.QUESTION else Relation.SUPPORTS


@login_required
@require_http_methods(["GET", "POST"])
def article_annotate(request, pk: int):
    """Selected text of the article made into a claim, a question or evidence."""
    article = get_object_or_404(_articles(), pk=pk)
    require(request.user, Action.EDIT, article.workspace_id)
    maps = list(article.maps.filter(workspace=article.workspace_id).order_by("id"))
    nodes = list(Node.objects.filter(map__in=maps).only("id", "map_id", "kind", "text"))
    form = _annotate_form(request.POST or None, maps, nodes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            start, end = _span_of(article.body, form)
            map_obj = next((m for m in maps if m.pk == data["map"]), None)
            parent = None
            if data.get("parent"):
                parent = Node.objects.filter(pk=data["parent"], map=map_obj).first()
                if parent is None:
                    raise ValidationError("The chosen node is not in that map.")
            evidence = {}
            if data["kind"] == NodeKind.EVIDENCE:
                evidence = {
                    "source_title": data.get("source_title") or article.title,
                    "source_url": data.get("source_url") or article.source_url,
                    "source_date": data.get("source_date") or article.published_on,
                    "source_reliability": data.get("source_reliability") or "",
                    "information_credibility": data.get("information_credibility"),
                }
            node = node_create(
                map_obj=map_obj,
                kind=data["kind"],
                text=article.body[start:end],
                author=request.user,
                anchor=Anchor(article, start, end),
                parent=parent,
                relation=_relation_for(data["kind"], parent, data.get("relation") or ""),
                **evidence,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                context = _reader_context(request, article, status_node=node)
                response = render(request, "maps/article_reader.html#reader", context)
                response["HX-Retarget"] = "#reader"
                response["HX-Reswap"] = "outerHTML"
                return response
            messages.success(request, f"Added {node.kind} “{node.text[:60]}”.")
            return redirect(f"{reverse('article_reader', args=[article.pk])}#at-{node.pk}")
    status = 422 if request.method == "POST" else 200
    context = {"article": article, "form": form, "maps": maps, "can_edit": True}
    if request.htmx:
        return render(request, "maps/article_reader.html#annotate-form", context, status=status)
    return render(request, "maps/annotate_page.html", context, status=status)
