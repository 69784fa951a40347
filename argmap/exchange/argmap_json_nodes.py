"""Checking the articles and nodes of an argmap JSON document (``argmap_json.parse``).

Each check adds what is wrong to a ``Problems`` list, named by position
(``nodes[3]: ...``), and returns what it could keep, so one pass reports every problem.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

KINDS = {"claim", "question", "evidence"}
GRADE_SOURCES = set("ABCDEF")


def document_key(value) -> str | None:
    """A document id as a string; ids of other JSON types (lists, objects) match nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


class Problems(list):
    """What is wrong with a document, one "where: what" line each."""

    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")


def text_field(item: dict, key: str, where: str, problems: Problems, *, required=False) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.add(where, f"“{key}” must be a string.")
        return ""
    if required and not value.strip():
        problems.add(where, f"“{key}” is missing.")
    return value


def list_field(data: dict, key: str, problems: Problems) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(key, "must be a list.")
        return []
    return value


def _url(item: dict, key: str, where: str, problems: Problems) -> str:
    value = text_field(item, key, where, problems)
    if value:
        try:
            URLValidator()(value)
        except ValidationError:
            problems.add(where, f"“{key}” is not a web address: {value[:80]}")
            return ""
    return value[:2000]


def _parse_date(value, where: str, problems: Problems) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.add(where, f"“{value}” is not a date (YYYY-MM-DD).")
        return None


def parse_articles(data: dict, problems: Problems) -> dict[str, dict]:
    articles = {}
    for index, item in enumerate(list_field(data, "articles", problems)):
        where = f"articles[{index}]"
        if not isinstance(item, dict):
            problems.add(where, "must be an object.")
            continue
        article_id = str(item.get("id", ""))
        if not article_id or article_id in articles:
            problems.add(where, f"missing or repeated id “{article_id}”.")
            continue
        articles[article_id] = {
            "title": text_field(item, "title", where, problems, required=True)[:500],
            "author": text_field(item, "author", where, problems)[:300],
            "publication": text_field(item, "publication", where, problems)[:300],
            "published_on": _parse_date(item.get("published_on"), where, problems),
            "source_url": _url(item, "source_url", where, problems),
            "body": text_field(item, "body", where, problems, required=True),
        }
    return articles


def _parse_anchor(anchor, articles: dict, where: str, problems: Problems) -> dict:
    article = document_key(anchor.get("article")) if isinstance(anchor, dict) else None
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


def _parse_grade(grade, where: str, problems: Problems) -> dict:
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


def parse_node(item, index: int, articles: dict, problems: Problems) -> dict | None:
    where = f"nodes[{index}]"
    if not isinstance(item, dict):
        problems.add(where, "must be an object.")
        return None
    node = {"id": str(item.get("id", "")), "kind": item.get("kind")}
    if not isinstance(node["kind"], str) or node["kind"] not in KINDS:
        problems.add(where, f"kind “{node['kind']}” is not one of claim, question, evidence.")
        node["kind"] = None
    node["text"] = text_field(item, "text", where, problems, required=True)
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
    node["source_title"] = text_field(source, "title", where, problems)[:500]
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
