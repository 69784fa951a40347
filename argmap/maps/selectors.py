"""Reads of maps. Each selector takes a fixed number of queries whatever the map's size."""

from dataclasses import fields

from django.db.models import Q, QuerySet

from argmap.maps.graph import LinkData, MapGraph, NodeData
from argmap.maps.models import Link, Map, Node

NODE_COLUMNS = tuple(f.name for f in fields(NodeData))
LINK_COLUMNS = tuple(f.name for f in fields(LinkData))


def maps_visible_to(user) -> QuerySet[Map]:
    """Maps of the workspaces the user belongs to, newest change first."""
    if not user.is_authenticated:
        return Map.objects.none()
    return Map.objects.filter(workspace__memberships__user=user).select_related("workspace")


def map_graph(map_obj: Map) -> MapGraph:
    """The whole live graph of a map: two queries (nodes, links), assembled in Python."""
    nodes = {
        row[0]: NodeData(*row)
        for row in Node.objects.filter(map=map_obj).order_by("id").values_list(*NODE_COLUMNS)
    }
    links = [
        LinkData(*row)
        for row in Link.objects.filter(map=map_obj).order_by("id").values_list(*LINK_COLUMNS)
    ]
    return MapGraph(root_id=map_obj.root_id, nodes=nodes, links=links)


def map_links(map_obj: Map) -> MapGraph:
    """Every live link of a map but no node: the shape of the tree, in one query. Links
    carry what the tree shows (ends and relation), not their rationale or version."""
    rows = Link.objects.filter(map=map_obj).order_by("id")
    links = [LinkData(*row) for row in rows.values_list("id", "source_id", "target_id", "relation")]
    return MapGraph(root_id=map_obj.root_id, nodes={}, links=links)


def map_graph_part(map_obj: Map, shape: MapGraph, node_ids: set[int]) -> MapGraph:
    """``shape`` (from ``map_links``) filled with the given nodes and with every node that
    hangs under no other (the root and the unplaced ones): one more query."""
    # NOT IN (hashed once by PostgreSQL) measured 2-3x faster here than NOT EXISTS per row.
    without_parent = ~Q(pk__in=Link.objects.filter(map=map_obj).values("source_id"))
    rows = (
        Node.objects.filter(map=map_obj)
        .filter(Q(pk__in=node_ids) | without_parent)
        .order_by("id")
        .values_list(*NODE_COLUMNS)
    )
    graph = MapGraph(
        root_id=map_obj.root_id, nodes={row[0]: NodeData(*row) for row in rows}, links=[]
    )
    # The shape's indexes are already built: share them rather than walk the links again.
    graph.links, graph.children, graph.parents = shape.links, shape.children, shape.parents
    return graph


def map_unplaced_tops(graph: MapGraph) -> list[NodeData]:
    """Nodes other than the root that hang under nothing, in the order they were made."""
    return [
        node
        for node_id, node in graph.nodes.items()
        if node_id != graph.root_id and not graph.parents.get(node_id)
    ]
