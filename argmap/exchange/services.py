"""Reading maps out to documents and writing documents in as maps."""

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from argmap.articles.models import Article
from argmap.exchange import argmap_json
from argmap.exchange.argmap_json import MapDocument
from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph
from argmap.teams.models import Workspace


def map_export_argmap(map_obj: Map) -> dict:
    """The map as an argmap JSON document. Three queries: articles, nodes, links."""
    return argmap_json.dump(
        title=map_obj.title, graph=map_graph(map_obj), articles=list(map_obj.articles.all())
    )


@transaction.atomic
def map_import_document(*, workspace: Workspace, document: MapDocument, user=None) -> Map:
    """Write a validated document as a new map of the workspace, all or nothing."""
    articles = {
        item["id"]: Article.objects.create(
            workspace=workspace,
            imported_by=user,
            **{key: value for key, value in item.items() if key != "id"},
        )
        for item in document.articles
    }
    map_obj = Map.objects.create(workspace=workspace, title=document.title, created_by=user)
    map_obj.articles.add(*articles.values())
    nodes = {}
    for item in document.nodes:
        fields = {key: value for key, value in item.items() if key not in ("id", "article")}
        nodes[item["id"]] = Node(
            map=map_obj, author=user, article=articles.get(item.get("article")), **fields
        )
    bulk_create_with_history(list(nodes.values()), Node, default_user=user)
    links = [
        Link(
            map=map_obj,
            source=nodes[item["source"]],
            target=nodes[item["target"]],
            relation=item["relation"],
            rationale=item["rationale"],
            author=user,
        )
        for item in document.links
    ]
    bulk_create_with_history(links, Link, default_user=user)
    if document.root:
        map_obj.root = nodes[document.root]
        map_obj.save(update_fields=["root"])
    return map_obj
