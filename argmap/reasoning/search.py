"""Search across the articles and nodes of the workspaces a user belongs to.

On PostgreSQL: full-text search (``websearch_to_tsquery`` syntax: words, "phrases", -not,
or; plain words also match other forms by their English stem, see ``_query``) against
stored, weighted documents (``ArticleSearch``, ``NodeSearch``: title or text
weighted A, body or source title B; kept current by database triggers, GIN-indexed),
ranked with ``ts_rank`` and cut into highlighted snippets with ``ts_headline``. Elsewhere
(SQLite in development and tests): every word must occur (case-insensitive), ranked by
how often the words occur, with a snippet around the first one.

Two queries whatever the size of the workspaces: one for articles, one for nodes; a third
for comments.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from argmap.articles.models import Article
from argmap.maps.models import Node

CONFIG = "english"
LIMIT = 20
SNIPPET_CHARS = 160
FALLBACK_CANDIDATES = 500
# Markers that user text will not contain; the snippet is escaped, then they become <mark>.
START, STOP = "\x02", "\x03"

DOCUMENT = F("search_document__document")


def node_url(map_id: int, node_id: int) -> str:
    """The node's row on its map page; ``show`` opens the tree down to it, however deep."""
    return reverse("map_detail", args=[map_id]) + f"?show={node_id}#node-{node_id}"


@dataclass(frozen=True)
class Hit:
    kind: str  # "article", "claim", "question" or "evidence"
    title: str
    snippet: SafeString
    url: str
    anchor_url: str | None
    context: str  # the map's or workspace's name
    rank: float


_MARKED_RUN = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def _marked(text: str) -> SafeString:
    """Escape user text, then turn each pair of markers into a <mark> element; a stray
    marker (user text may hold the control character too) is dropped, so the elements
    always nest."""
    html = _MARKED_RUN.sub(r"<mark>\1</mark>", escape(text))
    return mark_safe(html.replace(START, "").replace(STOP, ""))  # noqa: S308 -- escaped above


def _node_hit(node, snippet: SafeString, rank: float) -> Hit:
    return Hit(
        kind=node.kind,
        title=node.text,
        snippet=snippet,
        url=node_url(node.map_id, node.pk),
        anchor_url=(
            reverse("article_reader", args=[node.article_id]) + f"#at-{node.pk}"
            if node.article_id
            else None
        ),
        context=node.map.title,
        rank=rank,
    )


def _article_hit(article, snippet: SafeString, rank: float) -> Hit:
    return Hit(
        kind="article",
        title=article.title,
        snippet=snippet,
        url=reverse("article_reader", args=[article.pk]),
        anchor_url=None,
        context=article.workspace.name,
        rank=rank,
    )


def _scoped(user, workspace_id: int | None):
    articles = Article.objects.filter(workspace__memberships__user=user)
    nodes = Node.objects.filter(map__workspace__memberships__user=user)
    if workspace_id is not None:
        articles = articles.filter(workspace_id=workspace_id)
        nodes = nodes.filter(map__workspace_id=workspace_id)
    return articles, nodes


def search(user, text: str, *, workspace_id: int | None = None, limit: int = LIMIT):
    """(article hits, node hits), best first, from the user's workspaces only."""
    text = (text or "").strip()[:200]
    if not text or not user.is_authenticated:
        return [], []
    articles, nodes = _scoped(user, workspace_id)
    if connection.vendor == "postgresql":
        return _postgres(articles, nodes, text, limit)
    return _fallback(articles, nodes, text, limit)


# websearch syntax the user typed: a "phrase", -not, or.
OPERATORS = re.compile(r'"|(?:^|\s)-\w|\bor\b', re.IGNORECASE)
PREFIX_MIN_LENGTH = 5  # shorter words as typed: "war:*" would find "warsaw" and "warn"


def word_forms_found() -> bool:
    """Whether search finds other forms of a word ("dredging" -> "dredgers"): on
    PostgreSQL only; elsewhere it looks for the words as typed."""
    return connection.vendor == "postgresql"


def _query(text: str) -> SearchQuery:
    """The user's words as a websearch query. Plain words (no operators) also match by
    their English stem as a prefix: "dredging" stems to "dredg", and "dredg:*" finds
    "dredger" (stem "dredger"), which the stems alone never would."""
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    words = re.findall(r"\w+", text)[:10]
    if words and not OPERATORS.search(text):
        raw = " & ".join(f"{w}:*" if len(w) >= PREFIX_MIN_LENGTH else w for w in words)
        query |= SearchQuery(raw, config=CONFIG, search_type="raw")
    return query


def _postgres(articles, nodes, text: str, limit: int):
    query = _query(text)
    headline = {"start_sel": START, "stop_sel": STOP, "config": CONFIG}
    article_rows = (
        articles.filter(search_document__document=query)
        .annotate(
            rank=SearchRank(DOCUMENT, query),
            snippet=SearchHeadline("body", query, max_words=30, min_words=12, **headline),
        )
        .select_related("workspace")
        .only("id", "title", "workspace__name")
        .order_by("-rank", "-id")[:limit]
    )
    node_rows = (
        nodes.filter(search_document__document=query)
        .annotate(
            rank=SearchRank(DOCUMENT, query),
            snippet=SearchHeadline("text", query, highlight_all=True, **headline),
        )
        .select_related("map")
        .only("id", "kind", "text", "map_id", "article_id", "map__title")
        .order_by("-rank", "-id")[:limit]
    )
    return (
        [_article_hit(row, _marked(row.snippet), row.rank) for row in article_rows],
        [_node_hit(row, _marked(row.snippet), row.rank) for row in node_rows],
    )


def _terms(text: str) -> list[str]:
    return [term for term in re.findall(r"\w+", text.lower()) if term][:10]


def _highlighted(text: str, terms: list[str]) -> str:
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    return pattern.sub(lambda match: f"{START}{match.group(0)}{STOP}", text)


def _snippet(body: str, terms: list[str]) -> SafeString:
    """A window of the body around the first word found, the words marked."""
    lowered = body.lower()
    first = min((i for i in (lowered.find(t) for t in terms) if i >= 0), default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    end = start + SNIPPET_CHARS
    piece = _highlighted(body[start:end], terms)
    return _marked(("…" if start else "") + piece + ("…" if end < len(body) else ""))


def _fallback(articles, nodes, text: str, limit: int):
    terms = _terms(text)
    if not terms:
        return [], []
    article_filter, node_filter = Q(), Q()
    for term in terms:
        article_filter &= Q(title__icontains=term) | Q(body__icontains=term)
        node_filter &= Q(text__icontains=term)

    def score(*texts):
        joined = " ".join(texts).lower()
        return float(sum(joined.count(term) for term in terms))

    article_rows = (
        articles.filter(article_filter)
        .select_related("workspace")
        .only("id", "title", "body", "workspace__name")[:FALLBACK_CANDIDATES]
    )
    node_rows = (
        nodes.filter(node_filter)
        .select_related("map")
        .only("id", "kind", "text", "map_id", "article_id", "map__title")[:FALLBACK_CANDIDATES]
    )
    article_hits = [
        _article_hit(row, _snippet(row.body, terms), score(row.title, row.body))
        for row in article_rows
    ]
    node_hits = [
        _node_hit(row, _marked(_highlighted(row.text, terms)), score(row.text)) for row in node_rows
    ]
    article_hits.sort(key=lambda hit: -hit.rank)
    node_hits.sort(key=lambda hit: -hit.rank)
    return article_hits[:limit], node_hits[:limit]


def search_comments(user, text: str, *, workspace_id: int | None = None, limit: int = LIMIT):
    """Live comments on live nodes of the user's workspaces, best first. One query.
    Comments are short, so on PostgreSQL their document is computed on the fly rather
    than stored. (The model is looked up by name: discussion sits beside reasoning, not
    below it.)"""
    text = (text or "").strip()[:200]
    if not text or not user.is_authenticated:
        return []
    comments = apps.get_model("discussion", "Comment").objects.filter(
        map__workspace__memberships__user=user,
        deleted_at__isnull=True,
        node__deleted_at__isnull=True,
    )
    if workspace_id is not None:
        comments = comments.filter(map__workspace_id=workspace_id)
    comments = comments.select_related("map", "node").only(
        "id", "body", "node_id", "map_id", "map__title", "node__text"
    )
    if connection.vendor == "postgresql":
        query = _query(text)
        vector = SearchVector("body", config=CONFIG)
        rows = (
            comments.annotate(document=vector)
            .filter(document=query)
            .annotate(
                rank=SearchRank(vector, query),
                snippet=SearchHeadline(
                    "body", query, start_sel=START, stop_sel=STOP, config=CONFIG, max_words=30
                ),
            )
            .order_by("-rank", "-id")[:limit]
        )
        hits = [(row, _marked(row.snippet), row.rank) for row in rows]
    else:
        terms = _terms(text)
        if not terms:
            return []
        for term in terms:
            comments = comments.filter(body__icontains=term)
        rows = list(comments[:FALLBACK_CANDIDATES])
        hits = [
            (row, _snippet(row.body, terms), float(sum(row.body.lower().count(t) for t in terms)))
            for row in rows
        ]
        hits.sort(key=lambda hit: -hit[2])
        hits = hits[:limit]
    return [
        Hit(
            kind="comment",
            title=row.node.text,
            snippet=snippet,
            url=node_url(row.map_id, row.node_id),
            anchor_url=None,
            context=row.map.title,
            rank=rank,
        )
        for row, snippet, rank in hits
    ]
