"""Reads of maps. Each selector takes a fixed number of queries whatever the map's size."""

import unicodedata
from dataclasses import dataclass, fields

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from argmap.maps.graph import LinkData, MapGraph, NodeData
from argmap.maps.models import Link, Map, Node
from argmap.maps.tree import expansion, expansion_order, visible_nodes

NODE_COLUMNS = tuple(f.name for f in fields(NodeData))
LINK_COLUMNS = tuple(f.name for f in fields(LinkData))
# What the tree's shape needs of a link: its ends, relation and, for an undercut, the link
# it attacks (it is shown under that link only).
SHAPE_COLUMNS = ("id", "source_id", "target_id", "relation", "target_link_id")


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
    links = [LinkData(*row) for row in rows.values_list(*SHAPE_COLUMNS)]
    return MapGraph(root_id=map_obj.root_id, nodes={}, links=links)


def map_unplaced_tops(graph: MapGraph) -> list[NodeData]:
    """Nodes other than the root that hang under nothing, in the order they were made."""
    return [
        node
        for node_id, node in graph.nodes.items()
        if node_id != graph.root_id and not graph.parents.get(node_id)
    ]


def _walk(start_id: int, *, downwards: bool, limit: int) -> list[LinkData]:
    """Live links reached from ``start_id`` going down to children (or up to parents),
    breadth first, at most ``limit``. UNION (not UNION ALL) drops links met twice
    through a node of two parents; the database walks level by level and stops at LIMIT.
    """
    table = Link._meta.db_table
    near, far = ("target_id", "source_id") if downwards else ("source_id", "target_id")
    sql = f"""
        WITH RECURSIVE walk(id, source_id, target_id, relation, target_link_id) AS (
            SELECT id, source_id, target_id, relation, target_link_id FROM {table}
            WHERE {near} = %s AND deleted_at IS NULL
            UNION
            SELECT l.id, l.source_id, l.target_id, l.relation, l.target_link_id
            FROM {table} l JOIN walk w ON l.{near} = w.{far}
            WHERE l.deleted_at IS NULL
        )
        SELECT id, source_id, target_id, relation, target_link_id FROM walk LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [start_id, limit])
        return [LinkData(*row) for row in cursor.fetchall()]


def tree_top_links(top_id: int, *, limit: int) -> list[LinkData]:
    """Up to ``limit`` live links of the tree under ``top_id``, breadth first: the shape
    of a first screen, read in a time that does not grow with the map. One query."""
    return _walk(top_id, downwards=True, limit=limit)


def path_links(map_obj: Map, node_id: int) -> list[LinkData]:
    """The links of every node above ``node_id`` to its children, so that the tree can be
    opened down to it; nothing for a node of another map. Two queries."""
    above = _walk(node_id, downwards=False, limit=1000)
    rows = Link.objects.filter(map=map_obj, target_id__in={link.target_id for link in above})
    return [LinkData(*row) for row in rows.values_list(*SHAPE_COLUMNS)]


def _child_totals(node_ids) -> dict[int, dict[str, int]]:
    totals: dict[int, dict[str, int]] = {node_id: {} for node_id in node_ids}
    counted = (
        Link.objects.filter(target_id__in=list(totals))
        .values_list("target_id", "relation")
        .annotate(count=Count("id"))
        .order_by()
    )
    for target_id, relation, count in counted:
        totals[target_id][relation] = count
    return totals


def tree_shape(map_obj: Map, top_id: int, links: list[LinkData]) -> MapGraph:
    """A partial graph of these links (no nodes yet) with each loaded node's child
    totals, so that nodes whose children are not loaded still show their counts."""
    unique = list({link.id: link for link in links}.values())
    graph = MapGraph(root_id=map_obj.root_id, nodes={}, links=unique)
    graph.child_totals = _child_totals({top_id} | {link.source_id for link in unique})
    return graph


def map_nodes(map_obj: Map, shape: MapGraph, node_ids: set[int]) -> MapGraph:
    """``shape`` filled with the given nodes only: one query."""
    rows = Node.objects.filter(map=map_obj, pk__in=node_ids).values_list(*NODE_COLUMNS)
    graph = MapGraph(
        root_id=map_obj.root_id, nodes={row[0]: NodeData(*row) for row in rows}, links=[]
    )
    graph.links, graph.children, graph.parents = shape.links, shape.children, shape.parents
    graph.child_totals = shape.child_totals
    return graph


def map_unplaced(map_obj: Map) -> MapGraph:
    """The nodes other than the root that hang under no other, with their child totals."""
    without_parent = ~Q(pk__in=Link.objects.filter(map=map_obj).values("source_id"))
    rows = (
        Node.objects.filter(map=map_obj)
        .filter(without_parent)
        .exclude(pk=map_obj.root_id)
        .order_by("id")
        .values_list(*NODE_COLUMNS)
    )
    nodes = {row[0]: NodeData(*row) for row in rows}
    return MapGraph(
        root_id=map_obj.root_id, nodes=nodes, links=[], child_totals=_child_totals(nodes)
    )


# -- a node's neighbourhood: what the map view draws around a focus ---------------------


@dataclass
class Neighbourhood:
    """A node with the levels above and below it that fit a drawing.

    ``graph`` holds the drawn nodes and the links between them, with every drawn node's
    child totals (so a node whose children are not drawn can say how many there are);
    ``path`` runs from the top of the tree (the root, or the top of an unplaced branch)
    down to the focus, for breadcrumbs."""

    focus_id: int
    graph: MapGraph
    path: list[NodeData]
    complete: bool  # every node below the focus within ``down`` levels is drawn


def _walk_levels(start_id: int, *, depth: int, limit: int) -> list[LinkData]:
    """Live links down from ``start_id`` at most ``depth`` levels deep, at most ``limit``,
    shallow levels first (the database walks level by level and stops at LIMIT)."""
    if depth < 1:
        return []
    table = Link._meta.db_table
    sql = f"""
        WITH RECURSIVE walk(id, source_id, target_id, relation, target_link_id, depth) AS (
            SELECT id, source_id, target_id, relation, target_link_id, 1 FROM {table}
            WHERE target_id = %s AND deleted_at IS NULL
            UNION
            SELECT l.id, l.source_id, l.target_id, l.relation, l.target_link_id, w.depth + 1
            FROM {table} l JOIN walk w ON l.target_id = w.source_id
            WHERE l.deleted_at IS NULL AND w.depth < %s
        )
        SELECT id, source_id, target_id, relation, target_link_id FROM walk LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [start_id, depth, limit])
        return [LinkData(*row) for row in cursor.fetchall()]


def _levels_up(up_links: list[LinkData], focus_id: int, levels: int) -> set[int]:
    """Ancestors of ``focus_id`` at most ``levels`` links above it."""
    parents: dict[int, list[int]] = {}
    for link in up_links:
        parents.setdefault(link.source_id, []).append(link.target_id)
    found, frontier = set(), {focus_id}
    for _ in range(levels):
        frontier = {parent for node in frontier for parent in parents.get(node, ())} - found
        found |= frontier
    return found - {focus_id}


def _path_up(up_links: list[LinkData], focus_id: int, root_id: int | None) -> list[int]:
    """Node ids from the top down to ``focus_id``: the shortest way up to the root, or,
    for a node outside the tree, to the first node that hangs under nothing."""
    parents: dict[int, list[int]] = {}
    for link in up_links:
        parents.setdefault(link.source_id, []).append(link.target_id)
    came_from: dict[int, int | None] = {focus_id: None}
    queue, top = [focus_id], focus_id
    for node_id in queue:  # breadth first: the first way found is a shortest one
        if node_id == root_id:
            top = node_id
            break
        if not parents.get(node_id) and top == focus_id:
            top = node_id  # a top outside the tree; the root may still be found
        for parent in parents.get(node_id, ()):
            if parent not in came_from:
                came_from[parent] = node_id
                queue.append(parent)
    path = [top]
    while came_from.get(path[-1]) is not None:
        path.append(came_from[path[-1]])
    return path


def map_neighbourhood(
    map_obj: Map, focus_id: int, *, up: int = 2, down: int = 2, limit: int = 200
) -> Neighbourhood | None:
    """The focus node, ``up`` levels above it, ``down`` levels below it and the path to
    the top, at most about ``limit`` nodes: a node's children are drawn all together or
    not at all, shallow levels first. None when the node is not a live node of the map.
    Four queries whatever the size of the map."""
    below = _walk_levels(focus_id, depth=down, limit=2 * limit)
    above = _walk(focus_id, downwards=False, limit=1000)
    path_ids = _path_up(above, focus_id, map_obj.root_id)
    ancestors = _levels_up(above, focus_id, up)
    shape = MapGraph(
        root_id=map_obj.root_id, nodes={}, links=list({link.id: link for link in below}.values())
    )
    # Child totals of every node that may be drawn: it says how many children are hidden.
    shape.child_totals = _child_totals(
        {focus_id} | {link.source_id for link in below} | {link.target_id for link in above}
    )
    drawn_below = visible_nodes(shape, focus_id, expansion(shape, focus_id, max_rows=limit))
    wanted = drawn_below | ancestors | set(path_ids)
    rows = Node.objects.filter(map=map_obj, pk__in=wanted).values_list(*NODE_COLUMNS)
    nodes = {row[0]: NodeData(*row) for row in rows}
    if focus_id not in nodes:
        return None
    drawn = (drawn_below | ancestors | {focus_id}) & set(nodes)
    links = [link for link in shape.links if link.source_id in drawn and link.target_id in drawn]
    links += [link for link in above if link.source_id in drawn and link.target_id in drawn]
    graph = MapGraph(
        root_id=map_obj.root_id, nodes={i: nodes[i] for i in sorted(drawn)}, links=links
    )
    graph.child_totals = shape.child_totals
    complete = drawn_below >= {link.source_id for link in shape.links} and len(below) < 2 * limit
    return Neighbourhood(
        focus_id=focus_id,
        graph=graph,
        path=[nodes[i] for i in path_ids if i in nodes],
        complete=complete,
    )


def map_unplaced_first(map_obj: Map, *, limit: int) -> tuple[list[NodeData], bool]:
    """The first ``limit`` nodes other than the root that hang under no other, oldest
    first, and whether there are more: one query however many there are."""
    # NOT EXISTS, not NOT IN: the database stops at the limit instead of hashing every
    # link of the map first (100 ms rather than 200 at 100,000 nodes). The map's own
    # links only: without it PostgreSQL hashes every link of every map, and a small map
    # pays for the large ones (130 ms rather than 6 for 1,000 nodes beside 100,000).
    without_parent = ~Exists(Link.objects.filter(map=map_obj, source=OuterRef("pk")))
    rows = (
        Node.objects.filter(map=map_obj)
        .filter(without_parent)
        .exclude(pk=map_obj.root_id)
        .order_by("id")
        .values_list(*NODE_COLUMNS)[: limit + 1]
    )
    nodes = [NodeData(*row) for row in rows]
    return nodes[:limit], len(nodes) > limit


def deletion_in_trash(map_obj: Map, deletion_id: str) -> bool:
    """Whether what one delete removed is still in the map's trash (not restored since,
    here or from the Trash page): one query."""
    nodes = Node.all_objects.filter(map=map_obj, deletion_id=deletion_id).values("id")
    links = Link.all_objects.filter(map=map_obj, deletion_id=deletion_id).values("id")
    return nodes.union(links).exists()


def folded(text: str) -> str:
    """``text`` without case or accents ("Kritici Křehcí" -> "kritici krehci"), for
    matching words the way a person types them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def parent_choices(
    map_obj: Map, node_id: int, *, query: str = "", keep: int | None = None, limit: int = 200
) -> list[tuple[int, str]]:
    """(id, "kind: text") of the nodes ``node_id`` may hang under: not itself and nothing
    below it (that would close a cycle).

    With a ``query``, the nodes whose text holds every one of its words, in any order,
    ignoring case and accents; without one, the upper levels of the tree (all of a small
    map). ``keep``, the parent already chosen, always stays first so that a new search
    never changes the choice behind the user's back. Two queries whatever the map's size.
    """
    shape = map_links(map_obj)
    below = shape.descendants(node_id) | {node_id}
    nodes = Node.objects.filter(map=map_obj).order_by("id")
    words = folded(query).split()
    if not words and map_obj.root_id and len(shape.links) >= limit:
        order = expansion_order(shape, map_obj.root_id, limit=limit + len(below))
        nodes = nodes.filter(pk__in=[*order, *([keep] if keep else [])])
    # Accents are folded in Python, the same on PostgreSQL and SQLite; the map's texts are
    # read once (no "unaccent" extension, no extra column to keep in step).
    rows = [
        (id_, kind, text)
        for id_, kind, text in nodes.values_list("id", "kind", "text").iterator(chunk_size=2000)
        if id_ not in below and (id_ == keep or all(word in folded(text) for word in words))
    ]
    rows.sort(key=lambda row: row[0] != keep)  # stable: the kept one first, then by id
    return [(id_, f"{kind}: {_short(text, 90)}") for id_, kind, text in rows[:limit]]


def _short(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
