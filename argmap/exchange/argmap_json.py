"""argmap JSON: the project's own lossless format (version 1).

``dump`` turns a loaded map into a plain dict; ``parse`` validates a dict and
returns a ``MapDocument`` (or raises ValidationError listing every problem).
Neither touches the database: exchange.services does the reading and writing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from argmap.maps.graph import UNDERCUTTABLE, MapGraph, relation_error

FORMAT = "argmap"
VERSION = 1
KINDS = {"claim", "question", "evidence"}
MUTUAL = {"", "contrary", "contradictory"}
GRADE_SOURCES = set("ABCDEF")
ANCHOR_KEYS = ("article", "start", "end", "exact", "prefix", "suffix")
STRENGTH_DIGITS = 4


def _date(value) -> str | None:
    return value.isoformat() if value else None


def dump(*, title: str, graph: MapGraph, articles, more_anchors=None, strengths=None) -> dict:
    """The map as an argmap JSON document (a dict ready for json.dumps).

    ``strengths`` maps a node id to its computed strength (``argmap.reasoning``); it is
    written as each node's export-only ``strength`` and ignored on import, where it is
    computed again from the base scores and links.

    ``more_anchors`` maps a node id to its further anchors (rows of NodeAnchor as
    tuples: article id, start, end, exact, prefix, suffix), kept when duplicate nodes
    from several articles were merged into one.
    """
    article_ids = {article.pk: f"a{article.pk}" for article in articles}
    ends = {link.id: (link.source_id, link.target_id) for link in graph.links}
    more_anchors = more_anchors or {}
    strengths = strengths or {}
    nodes = []
    for node in graph.nodes.values():
        item = {"id": f"n{node.id}", "kind": node.kind, "text": node.text}
        if node.article_id in article_ids and node.anchor_start is not None:
            item["anchor"] = {
                "article": article_ids[node.article_id],
                "start": node.anchor_start,
                "end": node.anchor_end,
                "exact": node.anchor_exact,
                "prefix": node.anchor_prefix,
                "suffix": node.anchor_suffix,
            }
        extra = [
            dict(zip(ANCHOR_KEYS, (article_ids[row[0]], *row[1:]), strict=True))
            for row in more_anchors.get(node.id, ())
            if row[0] in article_ids
        ]
        if extra:
            item["more_anchors"] = extra
        if node.kind == "evidence" or node.source_title or node.source_url or node.source_date:
            item["source"] = {
                "title": node.source_title,
                "url": node.source_url,
                "date": _date(node.source_date),
            }
        if node.kind == "evidence":
            item["grade"] = node.grade
        if node.base_score is not None:
            item["base_score"] = node.base_score
        strength = strengths.get(node.id)
        if strength is not None:
            item["strength"] = round(strength, STRENGTH_DIGITS)
        nodes.append(item)
    return {
        "format": FORMAT,
        "version": VERSION,
        "map": {"title": title, "root": f"n{graph.root_id}" if graph.root_id else None},
        "articles": [
            {
                "id": article_ids[article.pk],
                "title": article.title,
                "author": article.author,
                "publication": article.publication,
                "published_on": _date(article.published_on),
                "source_url": article.source_url,
                "body": article.body,
            }
            for article in articles
        ],
        "nodes": nodes,
        "links": [_dump_link(link, ends) for link in graph.links],
    }


def _dump_link(link, ends: dict) -> dict:
    item = {
        "source": f"n{link.source_id}",
        "target": f"n{link.target_id}",
        "relation": link.relation,
        "rationale": link.rationale,
    }
    if link.target_link_id in ends:  # an undercut names the link it attacks by its ends
        source_id, target_id = ends[link.target_link_id]
        item["link"] = {"source": f"n{source_id}", "target": f"n{target_id}"}
    if link.argument:
        item["argument"] = link.argument
    if link.mutual:
        item["mutual"] = link.mutual
    return item


@dataclass
class MapDocument:
    """A validated argmap JSON document, ids still the document's own strings."""

    title: str
    root: str | None
    articles: list[dict] = field(default_factory=list)
    nodes: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)


def _key(value) -> str | None:
    """A document id as a string; ids of other JSON types (lists, objects) match nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


class _Problems(list):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def _text(item: dict, key: str, where: str, problems: _Problems, *, required=False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(where, f"“{key}” must be a string.")
        return ""
    if required and not value.strip():
        problems.add(where, f"“{key}” is missing.")
    return value


def _list(data: dict, key: str, problems: _Problems) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(key, "must be a list.")
        return []
    return value


def _url(item: dict, key: str, where: str, problems: _Problems) -> str:
    value = _text(item, key, where, problems)
    if value:
        try:
            URLValidator()(value)
        except ValidationError:
            problems.add(where, f"“{key}” is not a web address: {value[:80]}")
            return ""
    return value[:2000]


def _parse_date(value, where: str, problems: _Problems) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.add(where, f"“{value}” is not a date (YYYY-MM-DD).")
        return None


def _parse_articles(data: dict, problems: _Problems) -> dict[str, dict]:
    articles = {}
    for index, item in enumerate(_list(data, "articles", problems)):
        where = f"articles[{index}]"
        if not isinstance(item, dict):
            problems.add(where, "must be an object.")
            continue
        article_id = str(item.get("id", ""))
        if not article_id or article_id in articles:
            problems.add(where, f"missing or repeated id “{article_id}”.")
            continue
        articles[article_id] = {
            "title": _text(item, "title", where, problems, required=True)[:500],
            "author": _text(item, "author", where, problems)[:300],
            "publication": _text(item, "publication", where, problems)[:300],
            "published_on": _parse_date(item.get("published_on"), where, problems),
            "source_url": _url(item, "source_url", where, problems),
            "body": _text(item, "body", where, problems, required=True),
        }
    return articles


def _parse_anchor(anchor, articles: dict, where: str, problems: _Problems) -> dict:
    article = _key(anchor.get("article")) if isinstance(anchor, dict) else None
    if article not in articles:
        problems.add(where, "anchor names an article that is not in the document.")
        return {}
    body = articles[article]["body"]
    start, end, exact = anchor.get("start"), anchor.get("end"), anchor.get("exact", "")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body)):
        problems.add(where, f"anchor offsets {start}..{end} are outside the article.")
        return {}
    if exact and body[start:end] != exact:
        problems.add(where, "anchor quote does not match the article text at its offsets.")
        return {}
    return {
        "article": article,
        "anchor_start": start,
        "anchor_end": end,
        "anchor_exact": body[start:end],
        "anchor_prefix": str(anchor.get("prefix", ""))[:64],
        "anchor_suffix": str(anchor.get("suffix", ""))[:64],
    }


def _parse_grade(grade, where: str, problems: _Problems) -> dict:
    if not grade:
        return {"source_reliability": "", "information_credibility": None}
    if (
        not isinstance(grade, str)
        or len(grade) != 2
        or grade[0] not in GRADE_SOURCES
        or grade[1] not in "123456"
    ):
        problems.add(where, f"grade “{grade}” is not an Admiralty code such as B2.")
        return {}
    return {"source_reliability": grade[0], "information_credibility": int(grade[1])}


def _parse_node(item, index: int, articles: dict, problems: _Problems) -> dict | None:
    where = f"nodes[{index}]"
    if not isinstance(item, dict):
        problems.add(where, "must be an object.")
        return None
    node = {"id": str(item.get("id", "")), "kind": item.get("kind")}
    if not isinstance(node["kind"], str) or node["kind"] not in KINDS:
        problems.add(where, f"kind “{node['kind']}” is not one of claim, question, evidence.")
        node["kind"] = None
    node["text"] = _text(item, "text", where, problems, required=True)
    if item.get("anchor") is not None:
        node |= _parse_anchor(item["anchor"], articles, where, problems)
    more = item.get("more_anchors")
    if more is not None:
        if not isinstance(more, list):
            problems.add(where, "“more_anchors” must be a list.")
        else:
            node["more_anchors"] = [
                parsed
                for index, anchor in enumerate(more)
                if (
                    parsed := _parse_anchor(
                        anchor, articles, f"{where}.more_anchors[{index}]", problems
                    )
                )
            ]
    source = item.get("source") or {}
    if not isinstance(source, dict):
        problems.add(where, "“source” must be an object.")
        source = {}
    node["source_title"] = _text(source, "title", where, problems)[:500]
    node["source_url"] = _url(source, "url", where, problems)
    node["source_date"] = _parse_date(source.get("date"), where, problems)
    if node["kind"] == "evidence":
        node |= _parse_grade(item.get("grade"), where, problems)
    elif item.get("grade"):
        problems.add(where, "only evidence carries a grade.")
    score = item.get("base_score")
    if score is not None:
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            problems.add(where, f"base_score {score!r} is not a number from 0 to 1.")
        else:
            node["base_score"] = float(score)
    return node


def _argument(item: dict, where: str, problems: _Problems) -> str:
    value = item.get("argument") or ""
    if not isinstance(value, str) or len(value) > 200:
        problems.add(where, "“argument” must be a name of at most 200 characters.")
        return ""
    return value


def _mutual(item: dict, relation, where: str, problems: _Problems) -> str:
    value = item.get("mutual") or ""
    if value not in MUTUAL:
        problems.add(where, f"“mutual” is one of {', '.join(sorted(MUTUAL - {''}))}.")
        return ""
    if value and relation != "opposes":
        problems.add(where, "only an opposition is mutual.")
        return ""
    return value


def _find_cycle(node_ids, links: list[dict]) -> list[str] | None:
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


def _nul_paths(data) -> list[str]:
    """Where the document holds a NUL character (no database text column takes one).
    A loop, not recursion: the document may nest as deep as the JSON parser allows."""
    found, stack = [], [("", data)]
    while stack and len(found) < 10:
        where, value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                found.append(where or "the document")
        elif isinstance(value, dict):
            for key, child in value.items():
                name = str(key).replace("\x00", "\\u0000")
                if name != str(key):
                    found.append(where or "the document")
                stack.append((f"{where}.{name}" if where else name, child))
        elif isinstance(value, list):
            stack.extend((f"{where}[{index}]", child) for index, child in enumerate(value))
    return found


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


def _parse_links(data: dict, nodes: dict, problems: _Problems) -> list[dict]:
    """The document's links, checked; the undercuts after the links they attack."""
    links, pairs, undercuts = [], set(), []
    for index, item in enumerate(_list(data, "links", problems)):
        where = f"links[{index}]"
        if not isinstance(item, dict):
            problems.add(where, "must be an object.")
            continue
        source, target = _key(item.get("source")), _key(item.get("target"))
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
        ends = (_key(attacked.get("source")), _key(attacked.get("target")))
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


def parse(data) -> MapDocument:
    """Validate an argmap JSON document; ValidationError lists every problem found."""
    problems = _Problems()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError("This is not an argmap JSON document (“format” is not “argmap”).")
    if nul := _nul_paths(data):
        raise ValidationError(
            [f"{where}: the text holds a NUL character (\\u0000)." for where in sorted(nul)]
        )
    if data.get("version") != VERSION:
        raise ValidationError(f"Unsupported argmap JSON version {data.get('version')!r}.")
    meta = data.get("map") if isinstance(data.get("map"), dict) else {}
    title = _text(meta, "title", "map", problems, required=True)
    articles = _parse_articles(data, problems)
    nodes: dict[str, dict] = {}
    for index, item in enumerate(_list(data, "nodes", problems)):
        node = _parse_node(item, index, articles, problems)
        if node is None:
            continue
        if not node["id"] or node["id"] in nodes:
            problems.add(f"nodes[{index}]", f"missing or repeated id “{node['id']}”.")
        nodes[node["id"]] = node
    if not nodes:
        problems.add("nodes", "the map has no nodes.")
    links = _parse_links(data, nodes, problems)
    root = _key(meta.get("root"))
    if meta.get("root") is not None and root not in nodes:
        problems.add("map", f"root “{root}” is not a node of the document.")
    if not problems and (cycle := _find_cycle(nodes, links)):
        problems.add("links", f"the links make a cycle through {', '.join(cycle[:10])}.")
    if problems:
        raise ValidationError(problems)
    return MapDocument(
        title=title,
        root=root,
        articles=[{"id": key} | value for key, value in articles.items()],
        nodes=list(nodes.values()),
        links=links,
    )
