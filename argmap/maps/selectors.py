"""Reads of maps. Each selector takes a fixed number of queries whatever the map's size."""

from dataclasses import fields

from django.db.models import QuerySet

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
