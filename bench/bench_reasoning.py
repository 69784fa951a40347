"""Reasoning: DF-QuAD strengths of a 10,000-node map, search over a workspace of 1,000
articles, duplicate proposals for a 100-sentence article against a 10,000-node map."""

import random

from django.db import connection
from django.test import Client
from django.urls import reverse

from argmap.articles.models import Article
from argmap.articles.splitting import split_article
from argmap.maps.models import Node
from argmap.maps.selectors import map_graph
from argmap.reasoning import duplicates, selectors, services
from argmap.reasoning.search import search
from argmap.teams.models import Membership, Role
from bench.bench_drafting import store_standin_vectors
from bench.run import ROOT, timed
from tests.factories import UserFactory, WorkspaceFactory, big_map

SEED = (ROOT / "seeds" / "who-will-send-troops-to-ukraine.txt").read_text(encoding="utf-8")
WORDS = sorted(set(SEED.replace("\n", " ").split()))


def _sentences() -> list[str]:
    return [sentence.text for sentence in split_article(SEED).sentences]


def _variant(rng: random.Random, sentence: str) -> str:
    """A sentence with a few words swapped for others, so that texts differ."""
    words = sentence.split()
    for _ in range(rng.randint(1, 4)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def _bench_strengths(report) -> None:
    map_obj = big_map(10_000)
    graph = map_graph(map_obj)
    report(
        "DF-QuAD strengths, 10,000-node map (after loading)",
        timed(lambda: selectors.graph_strengths(graph), 15),
        "target < 200 ms",
    )
    report(
        "map_strengths incl. loading the graph, 10,000 nodes",
        timed(lambda: selectors.map_strengths(map_obj), 10),
    )
    off = list(graph.nodes)[1:200:7]
    client = Client()
    member = UserFactory(username="what-if-bench")
    Membership.objects.create(workspace=map_obj.workspace, user=member, role=Role.VIEWER)
    client.force_login(member)
    url = reverse("reasoning_what_if", args=[map_obj.pk]) + "?" + "&".join(f"off={n}" for n in off)
    report(
        "what-if page (full HTML), 10,000 nodes",
        timed(lambda: client.get(url), 5),
    )
    report(
        "what-if diff partial (htmx), 10,000 nodes",
        timed(lambda: client.get(url, headers={"HX-Request": "true"}), 10),
    )
    report(
        "what-if (load, ratings, two runs, diff), 10,000 nodes",
        timed(
            lambda: selectors.what_if(
                map_obj, basis=selectors.Basis.parse("team"), disabled_nodes=off
            ),
            10,
        ),
    )


def _bench_search(report) -> None:
    rng = random.Random(7)
    workspace = WorkspaceFactory(name="Search bench")
    user = UserFactory(username="search-bench")
    Membership.objects.create(workspace=workspace, user=user, role=Role.VIEWER)
    sentences = _sentences()
    articles = [
        Article(
            workspace=workspace,
            title=f"Article {index}: {rng.choice(sentences)[:80]}",
            body="\n\n".join(_variant(rng, rng.choice(sentences)) for _ in range(40)),
        )
        for index in range(1_000)
    ]
    Article.objects.bulk_create(articles, batch_size=500)
    big_map(10_000, workspace=workspace)  # nodes to search as well
    with connection.cursor() as cursor:  # what autovacuum does soon after in production
        cursor.execute("ANALYZE")
    size = sum(len(article.body) for article in articles)
    for text in ("Lithuania", "security guarantees", "Ukraine", "nonexistentword"):
        report(
            f"search “{text}”, 1,000 articles + 10,000 nodes",
            timed(lambda t=text: search(user, t, workspace_id=workspace.pk), 15),
            f"{size / 1e6:.1f} MB of article text; target < 100 ms on PostgreSQL",
        )


def _bench_duplicates(report) -> None:
    rng = random.Random(11)
    sentences = _sentences()
    map_obj = big_map(10_000)
    nodes = list(Node.objects.filter(map=map_obj).exclude(pk=map_obj.root_id))
    for node in nodes:
        node.text = _variant(rng, rng.choice(sentences))
    Node.objects.bulk_update(nodes, ["text"], batch_size=2_000)
    # Stand-in vectors for the existing nodes (real ones would take the model a minute and
    # a half); the new article's sentences get real ones in the warm-up call.
    store_standin_vectors(nodes, map_obj.workspace_id)
    body = "A second article\n\n" + "\n\n".join(
        " ".join(_variant(rng, rng.choice(sentences)) for _ in range(4)) for _ in range(25)
    )
    article = Article.objects.create(workspace=map_obj.workspace, title="Second", body=body)
    added = services.map_add_article(map_obj=map_obj, article=article)
    proposals = duplicates.duplicate_proposals(map_obj, article)
    report(
        "duplicate proposals, 100-sentence article vs 10,000-node map",
        timed(lambda: duplicates.duplicate_proposals(map_obj, article), 5),
        f"{len(added)} sentences, {len(proposals)} proposals; target < 1000 ms",
    )


def run(report) -> None:
    _bench_strengths(report)
    _bench_search(report)
    _bench_duplicates(report)
