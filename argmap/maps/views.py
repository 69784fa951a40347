from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from argmap.articles.models import Article
from argmap.maps.highlights import highlight_runs
from argmap.maps.models import Map, Node
from argmap.maps.selectors import map_graph
from argmap.maps.tree import tree_rows
from argmap.teams.permissions import Action, require, visible_workspaces


@login_required
def home(request):
    workspaces = visible_workspaces(request.user).prefetch_related("maps", "articles")
    return render(request, "maps/home.html", {"workspaces": workspaces})


@login_required
def map_detail(request, pk: int):
    map_obj = get_object_or_404(Map.objects.select_related("workspace"), pk=pk)
    require(request.user, Action.VIEW, map_obj.workspace_id)
    graph = map_graph(map_obj)
    context = {
        "map": map_obj,
        "rows": tree_rows(graph, graph.root_id) if graph.root_id else [],
        "unplaced": [node for node in graph.unplaced() if node.id != graph.root_id],
        "articles": map_obj.articles.all(),
    }
    return render(request, "maps/map_detail.html", context)


@login_required
def article_reader(request, pk: int):
    article = get_object_or_404(Article.objects.select_related("workspace"), pk=pk)
    require(request.user, Action.VIEW, article.workspace_id)
    anchored = Node.objects.filter(article=article, map__workspace=article.workspace_id).only(
        "id", "map_id", "kind", "text", "anchor_start", "anchor_end"
    )
    context = {
        "article": article,
        "runs": highlight_runs(article.body, anchored),
        "maps": article.maps.all(),
    }
    return render(request, "maps/article_reader.html", context)
