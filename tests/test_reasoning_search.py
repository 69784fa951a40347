"""Search: only the user's workspaces, ranked, highlighted and escaped, fixed queries."""

import pytest
from django.db import connection
from django.urls import reverse

from argmap.reasoning.search import search
from argmap.teams.models import Role
from tests.factories import ArticleFactory, MembershipFactory, NodeFactory, UserFactory

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
    assert hit.url == f"/maps/{node.map_id}/#node-{node.pk}"
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
def test_postgres_documents_follow_edits_and_bulk_inserts(searcher, workspace):
    from argmap.maps.services import node_update
    from tests.factories import big_map

    node = NodeFactory(map__workspace=workspace, text="Soldiers stay home.")
    node_update(node=node, text="Sailors stay home.")
    assert [hit.title for hit in search(searcher, "sailors")[1]] == ["Sailors stay home."]
    assert search(searcher, "soldiers")[1] == []
    big_map(50, workspace=workspace)  # bulk inserts
    assert len(search(searcher, "bold", limit=100)[1]) == 49


def test_comments_are_not_searched_without_the_discussion_app(searcher, settings):
    from django.apps import apps

    from argmap.reasoning.search import search_comments

    if apps.is_installed("argmap.discussion"):
        pytest.skip("the discussion app is installed; see the test below")
    assert search_comments(searcher, "troops") == []


def test_comments_are_found_in_the_users_workspaces(searcher, workspace):
    from django.apps import apps

    from argmap.reasoning.search import search_comments

    if not apps.is_installed("argmap.discussion"):
        pytest.skip("the discussion app (argmap.discussion) is not installed on this branch")
    comment_model = apps.get_model("discussion", "Comment")
    node = NodeFactory(map__workspace=workspace, text="Europe will pay.")
    other = NodeFactory(text="Elsewhere.")
    comment_model.objects.create(node=node, map=node.map, body="Which troops, <b>exactly</b>?")
    comment_model.objects.create(node=other, map=other.map, body="Secret troops.")
    hits = search_comments(searcher, "troops")
    assert [hit.url for hit in hits] == [f"/maps/{node.map_id}/#node-{node.pk}"]
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
