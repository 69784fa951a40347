"""Checking the links of an argmap JSON document (``argmap_json.parse``): ends that are
nodes, relations that fit the kinds, argument names, mutual oppositions, undercuts that
name a link of the document, and no cycles."""

from argmap.exchange.argmap_json_nodes import Problems, document_key, list_field
from argmap.maps.graph import UNDERCUTTABLE, relation_error

MUTUAL = {"", "contrary", "contradictory"}


def _argument(item: dict, where: str, problems: Problems) -> str:
    value = item.get("argument") or ""
    if not isinstance(value, str) or len(value) > 200:
        problems.add(where, "“argument” must be a name of at most 200 characters.")
        return ""
    return value


def _mutual(item: dict, relation, where: str, problems: Problems) -> str:
    value = item.get("mutual") or ""
    if value not in MUTUAL:
        problems.add(where, f"“mutual” is one of {', '.join(sorted(MUTUAL - {''}))}.")
        return ""
    if value and relation != "opposes":
        problems.add(where, "only an opposition is mutual.")
        return ""
    return value


def find_cycle(node_ids, links: list[dict]) -> list[str] | None:
    """A cycle among the links (as a list of node ids), or None (Kahn's algorithm)."""
    parents: dict[str, list[str]] = {node_id: [] for node_id in node_ids}
    pending = dict.fromkeys(node_ids, 0)
    for link in links:
        parents[link["target"]].append(link["source"])
        pending[link["source"]] += 1  # out-degree: links still to resolve upwards
    ready = [node_id for node_id, count in pending.items() if count == 0]
    while ready:
        node_id = ready.pop()
        for child in parents[node_id]:
            pending[child] -= 1
            if pending[child] == 0:
                ready.append(child)
    stuck = [node_id for node_id, count in pending.items() if count]
    return stuck or None


def _kinds_refuse(relation, source: dict, target: dict, where: str, problems) -> bool:
    """Whether the relation does not fit the kinds of its ends (reported), or a kind is
    already reported as wrong."""
    if source["kind"] is None or target["kind"] is None:
        return True
    if message := relation_error(str(relation), source["kind"], target["kind"]):
        problems.add(where, message)
        return True
    return False


def _link_item(item: dict, source: str, target: str, relation: str, **extra) -> dict:
    link = {"source": source, "target": target, "relation": relation}
    return link | {"rationale": str(item.get("rationale") or "")} | extra


def parse_links(data: dict, nodes: dict, problems: Problems) -> list[dict]:
    """The document's links, checked; the undercuts after the links they attack."""
    links, pairs, undercuts = [], set(), []
    for index, item in enumerate(list_field(data, "links", problems)):
        where = f"links[{index}]"
        if not isinstance(item, dict):
            problems.add(where, "must be an object.")
            continue
        source, target = document_key(item.get("source")), document_key(item.get("target"))
        if source not in nodes or target not in nodes:
            problems.add(where, f"links unknown node ids “{source}” → “{target}”.")
            continue
        relation = item.get("relation")
        if relation == "undercuts":
            undercuts.append((where, item, source, target))
            continue
        if item.get("link") is not None:
            problems.add(where, "only an undercut names a “link”.")
            continue
        if source == target or (source, target) in pairs:
            problems.add(where, "is a self-link or a duplicate link.")
            continue
        if _kinds_refuse(relation, nodes[source], nodes[target], where, problems):
            continue
        pairs.add((source, target))
        argument = _argument(item, where, problems)
        mutual = _mutual(item, relation, where, problems)
        links.append(_link_item(item, source, target, relation, argument=argument, mutual=mutual))
    relations = {(link["source"], link["target"]): link["relation"] for link in links}
    attacked_pairs = set()
    for where, item, source, target in undercuts:
        attacked = item.get("link") if isinstance(item.get("link"), dict) else {}
        ends = (document_key(attacked.get("source")), document_key(attacked.get("target")))
        if relations.get(ends) not in UNDERCUTTABLE:
            problems.add(where, "an undercut names no supports or opposes link of the document.")
            continue
        if ends[0] != target or source in (target, ends[1]) or (source, ends) in attacked_pairs:
            problems.add(
                where,
                "an undercut's target is the source of the link it attacks, once per link,"
                " and not the undercut's own source or the link's conclusion.",
            )
            continue
        if _kinds_refuse("undercuts", nodes[source], nodes[target], where, problems):
            continue
        attacked_pairs.add((source, ends))
        links.append(_link_item(item, source, target, "undercuts", argument="", link=ends))
    return links
