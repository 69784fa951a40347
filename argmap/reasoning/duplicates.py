"""Proposals of duplicate nodes: sentences that say the same thing, in other words too,
from every map of the workspace.

Meaning is compared with the sentence vectors the suggestions store for every node
(``argmap.suggestions``): a new article's sentences against all the workspace's nodes is
one matrix product, not a model run per pair."""

from argmap.articles.models import Article
from argmap.maps.models import Map, Node
from argmap.suggestions.selectors import SameAs, same_as
from argmap.suggestions.vectors import map_vectors, workspace_vectors_fill

PER_NODE = 3


def duplicate_proposals(map_obj: Map, article: Article, *, user=None) -> list[SameAs]:
    """Nodes of the map anchored in ``article`` (``node``) that say nearly what a node of
    the same kind (``other``) already says elsewhere in the workspace: from another article
    (or typed in) in this map, or in any other map. Best first; dismissed pairs left out.

    A fixed number of queries whatever the sizes (the article's nodes, their vectors, the
    workspace's vectors when they changed, the matches), plus one write when vectors were
    missing."""
    workspace_vectors_fill(map_obj.workspace_id, user=user)  # the rest in the background
    nodes = list(Node.objects.filter(map=map_obj, article=article).order_by("anchor_start"))
    vectors, _ = map_vectors(map_obj.pk, nodes, workspace_id=map_obj.workspace_id, user=user)
    return [
        item
        for item in same_as(nodes, vectors, workspace_id=map_obj.workspace_id, per_node=PER_NODE)
        # Two sentences of this one article in this map are not a duplicate across articles.
        if not (item.other.map_id == map_obj.pk and item.other.article_id == article.pk)
    ]
