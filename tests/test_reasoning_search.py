"""Search: only the user's workspaces, ranked, highlighted and escaped, fixed queries."""

import pytest
from django.db import connection
from django.urls import reverse

from argmap.maps.models import Node
from argmap.reasoning.search import search
from argmap.teams.models import Role
from tests.factories import (
    ArticleFactory,
    MembershipFactory,
    NodeFactory,
    UserFactory,
    big_map,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def searcher(workspace):
    user = UserFactory()
    MembershipFactory(workspace=workspace, user=user, role=Role.VIEWER)
    return user


def test_finds_articles_and_nodes_with_links_and_highlights(searcher, workspace):
    article = ArticleFactory(
        workspace=workspace,
        title="Guarantees",
        body="Security guarantees for Ukraine are unclear. Nobody agrees on them.",
    )
    node = NodeFactory(
        map__workspace=workspace,
        text="Security guarantees are unclear.",
        article=article,
        anchor_start=0,
        anchor_end=44,
    )
    NodeFactory(map__workspace=workspace, text="Troops are expensive.")
    articles, nodes = search(searcher, "guarantees")
    assert [hit.title for hit in articles] == ["Guarantees"]
    assert [hit.title for hit in nodes] == [node.text]
    hit = nodes[0]
    assert hit.url == f"/maps/{node.map_id}/?show={node.pk}#node-{node.pk}"
    assert hit.anchor_url == f"/articles/{article.pk}/#at-{node.pk}"
    assert "<mark>guarantees</mark>" in hit.snippet.lower()
    assert "<mark>guarantees</mark>" in articles[0].snippet.lower()


def test_ranks_the_more_relevant_first(searcher, workspace):
    NodeFactory(map__workspace=workspace, text="Troops may come, one day, from somewhere.")
    NodeFactory(map__workspace=workspace, text="Troops, troops and more troops.")
    _, nodes = search(searcher, "troops")
    assert nodes[0].title == "Troops, troops and more troops."


def test_every_word_must_match(searcher, workspace):
    NodeFactory(map__workspace=workspace, text="Poland refused troops.")
    NodeFactory(map__workspace=workspace, text="Poland agreed.")
    assert [hit.title for hit in search(searcher, "Poland troops")[1]] == ["Poland refused troops."]


def test_other_workspaces_stay_invisible(searcher, workspace):
    NodeFactory(text="Secret troops plan.")
    ArticleFactory(body="Secret troops plan.")
    assert search(searcher, "secret") == ([], [])


def test_user_text_in_snippets_is_escaped(searcher, workspace):
    NodeFactory(map__workspace=workspace, text="<script>alert(1)</script> troops")
    _, nodes = search(searcher, "troops")
    assert "<script>" not in nodes[0].snippet
    assert "&lt;script&gt;" in nodes[0].snippet


def test_search_page_with_and_without_htmx(client, searcher, workspace):
    NodeFactory(map__workspace=workspace, text="Troops are expensive.")
    client.force_login(searcher)
    url = reverse("reasoning_search") + "?q=troops"
    page = client.get(url).content.decode()
    assert "<h1>Search</h1>" in page and "<mark>Troops</mark> are expensive" in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<h1>" not in partial and "are expensive" in partial
    # What search can find is said on the page: simpler without PostgreSQL.
    simpler = "Search is simpler on this installation (SQLite)"
    assert (simpler in page) is (connection.vendor != "postgresql")


def test_search_takes_a_fixed_number_of_queries(searcher, workspace, django_assert_max_num_queries):
    for index in range(60):
        ArticleFactory(workspace=workspace, body=f"Troops number {index}.")
        NodeFactory(map__workspace=workspace, text=f"Troops claim {index}.")
    with django_assert_max_num_queries(2):
        articles, nodes = search(searcher, "troops")
    assert len(articles) == len(nodes) == 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgres_uses_stemming_and_websearch_syntax(searcher, workspace):
    NodeFactory(map__workspace=workspace, text="The soldiers were deployed.")
    NodeFactory(map__workspace=workspace, text="The soldiers stayed home.")
    assert [hit.title for hit in search(searcher, "deploying soldier")[1]] == [
        "The soldiers were deployed."
    ]
    assert [hit.title for hit in search(searcher, "soldiers -deployed")[1]] == [
        "The soldiers stayed home."
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgres_finds_other_forms_of_a_word(searcher, workspace):
    from argmap.discussion.models import Comment
    from argmap.reasoning.search import search_comments

    node = NodeFactory(map__workspace=workspace, text="The dredgers left the port.")
    NodeFactory(map__workspace=workspace, text="The port stayed closed.")
    ArticleFactory(workspace=workspace, title="Rivers", body="Dredgers deepen the channel.")
    Comment.objects.create(node=node, map=node.map, body="Which dredgers?")
    articles, nodes = search(searcher, "dredging")
    assert [hit.title for hit in nodes] == ["The dredgers left the port."]
    assert "<mark>dredgers</mark>" in nodes[0].snippet
    assert [hit.title for hit in articles] == ["Rivers"]
    assert len(search_comments(searcher, "dredging")) == 1
    # With an operator the query is the user's own, as typed.
    assert search(searcher, "dredging -port") == ([], [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgres_documents_follow_edits_and_bulk_inserts(searcher, workspace):
    from argmap.maps.services import node_update
    from tests.factories import big_map

    node = NodeFactory(map__workspace=workspace, text="Soldiers stay home.")
    node_update(node=node, text="Sailors stay home.")
    assert [hit.title for hit in search(searcher, "sailors")[1]] == ["Sailors stay home."]
    assert search(searcher, "soldiers")[1] == []
    big_map(50, workspace=workspace)  # bulk inserts
    assert len(search(searcher, "bold", limit=100)[1]) == 49


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgres_documents_of_nodes_copied_in_by_an_import(searcher, workspace):
    from argmap.exchange.services import map_export, map_import
    from argmap.reasoning.models import NodeSearch

    source = big_map(60, workspace=workspace)
    imported = map_import(workspace=workspace, data=map_export(source, "aif").content).map
    # COPY inserts every row in one statement: each node still gets its document.
    assert NodeSearch.objects.filter(node__map=imported).count() == 60
    assert len(search(searcher, "bold", limit=200)[1]) == 2 * 59


def test_comments_are_found_in_the_users_workspaces(searcher, workspace):
    from argmap.discussion.models import Comment
    from argmap.reasoning.search import search_comments

    node = NodeFactory(map__workspace=workspace, text="Europe will pay.")
    other = NodeFactory(text="Elsewhere.")
    Comment.objects.create(node=node, map=node.map, body="Which troops, <b>exactly</b>?")
    Comment.objects.create(node=other, map=other.map, body="Secret troops.")
    hits = search_comments(searcher, "troops")
    assert [hit.url for hit in hits] == [f"/maps/{node.map_id}/?show={node.pk}#node-{node.pk}"]
    assert "<mark>troops</mark>" in hits[0].snippet.lower()
    # Escaped by us (SQLite), or dropped as markup by ts_headline (PostgreSQL): never live.
    assert "<b>" not in hits[0].snippet


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text only")
def test_postgres_article_documents_follow_a_new_title(searcher, workspace):
    article = ArticleFactory(workspace=workspace, title="Old name", body="Plain words here.")
    article.title = "Reassurance force"
    article.save()
    assert [hit.title for hit in search(searcher, "reassurance")[0]] == ["Reassurance force"]
    assert search(searcher, "old name")[0] == []


def test_comment_search_and_the_search_page_take_a_fixed_number_of_queries(
    searcher, workspace, client, django_assert_max_num_queries
):
    from argmap.discussion.models import Comment
    from argmap.reasoning.search import search_comments

    map_obj = big_map(200, workspace=workspace)
    nodes = list(Node.objects.filter(map=map_obj)[:100])
    Comment.objects.bulk_create(
        Comment(node=node, map=map_obj, body=f"Troops {index}?") for index, node in enumerate(nodes)
    )
    with django_assert_max_num_queries(1):
        assert len(search_comments(searcher, "troops", limit=100)) == 100
    client.force_login(searcher)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("reasoning_search"), {"q": "troops"})
    assert page.status_code == 200 and page.content.decode().count("?show=") >= 20


def test_marker_characters_in_user_text_never_unbalance_the_snippet():
    from argmap.reasoning.search import START, STOP, _marked

    assert _marked(f"a {START}b{STOP} {STOP}c{START}") == "a <mark>b</mark> c"
    assert _marked(f"{START}<b>{STOP}") == "<mark>&lt;b&gt;</mark>"
