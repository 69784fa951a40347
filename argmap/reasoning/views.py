"""Pages and htmx partials of the reasoning area: what-if, scenarios, ratings,
duplicates and search. Each view parses input, checks permission once, calls one
service or selector, and renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from argmap.articles.models import Article
from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph
from argmap.maps.tree import tree_rows
from argmap.params import parse_id, parse_ids
from argmap.reasoning import duplicates, selectors, services
from argmap.reasoning.models import NodeMerge, Scenario
from argmap.reasoning.proscons import pros_and_cons
from argmap.reasoning.rendering import what_if_tree
from argmap.reasoning.search import search, search_comments, word_forms_found
from argmap.reasoning.selectors import Basis
from argmap.reasoning.semantics import HAS_STRENGTH, TAKES_PART
from argmap.teams.permissions import Action, can, require, visible_workspaces


def _map_for(request, pk: int, action: Action) -> Map:
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, action, map_obj.workspace_id)
    return map_obj


def _chosen(queryset, request, field: str):
    """The object whose id the form sent in ``field``, if the queryset holds it: a form
    error rather than a 404, for a choice the page itself offered."""
    pk = parse_id(request.POST.get(field))
    return queryset.filter(pk=pk).first() if pk is not None else None


def _percent(value) -> float | None | str:
    """A 0..100 form value as 0..1; "" clears; anything else is passed on to be refused."""
    value = (value or "").strip()
    if value == "":
        return None
    try:
        return float(value) / 100
    except ValueError:
        return value


# What-if and scenarios


@login_required
def what_if_page(request, pk: int):
    map_obj = _map_for(request, pk, Action.VIEW)
    scenario = None
    if (scenario_id := parse_id(request.GET.get("scenario"))) is not None:
        scenario = get_object_or_404(Scenario, map=map_obj, pk=scenario_id)
        off_nodes, off_links = set(scenario.disabled_nodes), set(scenario.disabled_links)
        basis = Basis.parse(scenario.basis)
    else:
        off_nodes = parse_ids(request.GET.getlist("off"))
        off_links = parse_ids(request.GET.getlist("off_link"))
        basis = Basis.parse(request.GET.get("basis"))
    result = selectors.what_if(
        map_obj, basis=basis, disabled_nodes=off_nodes, disabled_links=off_links
    )
    context = {"map": map_obj, "result": result, "scenario": scenario}
    if request.htmx:
        return render(request, "reasoning/what_if.html#diff", context)
    graph = result.graph
    rows = tree_rows(graph, graph.root_id) if graph.root_id else []
    tree = what_if_tree(
        selectors.annotate_rows(rows, result.before),
        root_id=map_obj.root_id,
        disabled_nodes=result.disabled_nodes,
        disabled_links=result.disabled_links,
    )
    context |= {
        "tree": tree,
        "unplaced": [
            {"node": node, "strength": result.before.get(node.id)}
            for node in graph.unplaced()
            if node.id != graph.root_id
        ],
        "scenarios": selectors.scenarios_of(map_obj),
        "members": selectors.members_of(map_obj),
        "can_edit": can(request.user, Action.EDIT, map_obj.workspace_id),
    }
    return render(request, "reasoning/what_if.html", context)


@login_required
@require_POST
def scenario_create(request, pk: int):
    map_obj = _map_for(request, pk, Action.EDIT)
    try:
        scenario = services.scenario_save(
            map_obj=map_obj,
            name=request.POST.get("name", ""),
            disabled_nodes=parse_ids(request.POST.getlist("off")),
            disabled_links=parse_ids(request.POST.getlist("off_link")),
            basis=Basis.parse(request.POST.get("basis")),
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        state = {key: request.POST.getlist(key) for key in ("off", "off_link", "basis")}
        query = urlencode(state, doseq=True)
        return HttpResponseRedirect(reverse("reasoning_what_if", args=[pk]) + "?" + query)
    messages.success(request, f"Scenario “{scenario.name}” saved.")
    url = reverse("reasoning_what_if", args=[pk]) + f"?scenario={scenario.pk}"
    return HttpResponseRedirect(url)


@login_required
@require_POST
def scenario_remove(request, pk: int, scenario_id: int):
    map_obj = _map_for(request, pk, Action.EDIT)
    scenario = get_object_or_404(Scenario, map=map_obj, pk=scenario_id)
    services.scenario_delete(scenario=scenario)
    messages.success(request, f"Scenario “{scenario.name}” deleted.")
    return HttpResponseRedirect(reverse("reasoning_what_if", args=[pk]))


# Team ratings

RATINGS_PER_PAGE = 100


def _ratings_context(request, map_obj: Map) -> dict:
    node_spreads, link_spreads = selectors.ratings_spread(map_obj, request.user)
    return {
        "map": map_obj,
        "node_spreads": node_spreads,
        "link_spreads": link_spreads,
        "can_rate": can(request.user, Action.COMMENT, map_obj.workspace_id),
        "choices": range(0, 101, 10),
    }


@login_required
def ratings_page(request, pk: int):
    map_obj = _map_for(request, pk, Action.VIEW)
    graph = map_graph(map_obj)
    context = _ratings_context(request, map_obj)
    nodes = [node for node in graph.nodes.values() if node.kind in HAS_STRENGTH]
    links = [link for link in graph.links if link.relation in TAKES_PART]
    # Pages of the in-memory lists: a big map costs no more queries, only less HTML.
    node_page = Paginator(nodes, RATINGS_PER_PAGE).get_page(request.GET.get("page"))
    link_page = Paginator(links, RATINGS_PER_PAGE).get_page(request.GET.get("links_page"))
    context |= {
        "node_page": node_page,
        "link_page": link_page,
        "nodes": [
            {"node": node, "spread": context["node_spreads"].get(node.id, selectors.Spread())}
            for node in node_page
        ],
        "links": [
            {
                "link": link,
                "source": graph.nodes[link.source_id],
                "target": graph.nodes[link.target_id],
                "spread": context["link_spreads"].get(link.id, selectors.Spread()),
            }
            for link in link_page
        ],
    }
    return render(request, "reasoning/ratings.html", context)


def _rated(request, map_obj, partial: str, item: dict, anchor: str):
    if request.htmx:
        return render(
            request,
            f"reasoning/ratings.html#{partial}",
            {**item, "map": map_obj, "can_rate": True, "choices": range(0, 101, 10)},
        )
    return HttpResponseRedirect(reverse("reasoning_ratings", args=[map_obj.pk]) + anchor)


@login_required
@require_POST
def rate_node(request, pk: int, node_id: int):
    map_obj = _map_for(request, pk, Action.COMMENT)
    node = get_object_or_404(Node, map=map_obj, pk=node_id)
    error = None
    try:
        services.node_rate(
            node=node, user=request.user, plausibility=_percent(request.POST.get("value"))
        )
    except ValidationError as problem:
        error = " ".join(problem.messages)
        if not request.htmx:
            messages.error(request, error)
    spreads, _ = selectors.ratings_spread(map_obj, request.user)
    item = {"node": node, "spread": spreads.get(node.pk, selectors.Spread()), "error": error}
    return _rated(request, map_obj, "node_row", item, f"#rating-node-{node.pk}")


@login_required
@require_POST
def rate_link(request, pk: int, link_id: int):
    map_obj = _map_for(request, pk, Action.COMMENT)
    link = get_object_or_404(
        Link.objects.select_related("source", "target"), map=map_obj, pk=link_id
    )
    error = None
    try:
        services.link_rate(link=link, user=request.user, weight=_percent(request.POST.get("value")))
    except ValidationError as problem:
        error = " ".join(problem.messages)
        if not request.htmx:
            messages.error(request, error)
    _, spreads = selectors.ratings_spread(map_obj, request.user)
    item = {
        "link": link,
        "source": link.source,
        "target": link.target,
        "spread": spreads.get(link.pk, selectors.Spread()),
        "error": error,
    }
    return _rated(request, map_obj, "link_row", item, f"#rating-link-{link.pk}")


# Duplicates across articles


@login_required
def duplicates_page(request, pk: int):
    map_obj = _map_for(request, pk, Action.VIEW)
    map_articles = list(map_obj.articles.all())
    article = None
    if (article_id := parse_id(request.GET.get("article"))) is not None:
        article = next((a for a in map_articles if a.pk == article_id), None)
    elif map_articles:
        # The latest added by default; a map of one article is compared with other maps.
        article = max(map_articles, key=lambda a: a.pk)
    context = {
        "map": map_obj,
        "map_articles": map_articles,
        "article": article,
        "proposals": duplicates.duplicate_proposals(map_obj, article, user=request.user)
        if article
        else [],
        "other_articles": Article.objects.filter(workspace=map_obj.workspace_id)
        .exclude(pk__in=[a.pk for a in map_articles])
        .only("id", "title"),
        "merges": NodeMerge.objects.filter(map=map_obj)
        .select_related("kept", "absorbed", "merged_by")
        .order_by("-merged_at", "-id")[:20],
        "can_edit": can(request.user, Action.EDIT, map_obj.workspace_id),
    }
    return render(request, "reasoning/duplicates.html", context)


@login_required
@require_POST
def add_article(request, pk: int):
    map_obj = _map_for(request, pk, Action.EDIT)
    url = reverse("reasoning_duplicates", args=[pk])
    article = _chosen(Article.objects.filter(workspace=map_obj.workspace_id), request, "article")
    if article is None:
        messages.error(request, "Choose an article of this workspace.")
        return HttpResponseRedirect(url)
    try:
        nodes = services.map_add_article(map_obj=map_obj, article=article, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(url)
    messages.success(request, f"Added {len(nodes)} sentences of “{article.title}” to the map.")
    return HttpResponseRedirect(f"{url}?article={article.pk}")


@login_required
@require_POST
def merge_create(request, pk: int):
    map_obj = _map_for(request, pk, Action.EDIT)
    kept = _chosen(Node.objects.filter(map=map_obj), request, "kept")
    absorbed = _chosen(Node.objects.filter(map=map_obj), request, "absorbed")
    try:
        if kept is None or absorbed is None:
            raise ValidationError("Choose two nodes of this map to merge.")
        merge = services.node_merge(kept=kept, absorbed=absorbed, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        dropped = f" {len(merge.dropped)} link(s) could not be kept." if merge.dropped else ""
        messages.success(request, f"Merged node {absorbed.pk} into {kept.pk}.{dropped}")
    url = reverse("reasoning_duplicates", args=[pk])
    article = parse_id(request.POST.get("article"))
    return HttpResponseRedirect(f"{url}?article={article}" if article is not None else url)


@login_required
@require_POST
def merge_undo_view(request, pk: int, merge_id: int):
    map_obj = _map_for(request, pk, Action.EDIT)
    merge = get_object_or_404(NodeMerge, map=map_obj, pk=merge_id)
    try:
        services.merge_undo(merge=merge)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Merge undone: node {merge.absorbed_id} is back.")
    return HttpResponseRedirect(reverse("reasoning_duplicates", args=[pk]))


# Search


@login_required
def search_page(request):
    text = request.GET.get("q", "")
    workspace_id = parse_id(request.GET.get("workspace"))
    articles, nodes = search(request.user, text, workspace_id=workspace_id)
    comments = search_comments(request.user, text, workspace_id=workspace_id)
    context = {
        "q": text,
        "workspace_id": workspace_id,
        "workspaces": visible_workspaces(request.user).only("id", "name"),
        "article_hits": articles,
        "node_hits": nodes,
        "comment_hits": comments,
        "word_forms": word_forms_found(),
    }
    if request.htmx:
        return render(request, "reasoning/search.html#results", context)
    return render(request, "reasoning/search.html", context)


# Pros and cons


@login_required
def pros_cons_page(request, pk: int, node_id: int):
    """A node with its supporters and opposers side by side; a card goes down a level,
    a breadcrumb up."""
    map_obj = _map_for(request, pk, Action.VIEW)
    found = pros_and_cons(map_obj, node_id)
    if found is None:
        raise Http404("No such node in this map.")
    return render(request, "reasoning/pros_cons.html", {"map": map_obj, "found": found})
