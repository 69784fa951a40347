"""The suggestions on the map page: the panel, accept, other places, dismiss and accept
all, each with and without htmx; who may see and use them; a fixed number of queries."""

import pytest
from django.urls import reverse

from argmap.articles.services import article_prepare
from argmap.maps.models import Link, Node
from argmap.maps.selectors import map_graph, map_unplaced_tops
from argmap.maps.services import link_create, map_import_article
from argmap.suggestions.models import DismissedSuggestion, NodeVector
from argmap.suggestions.selectors import map_suggestions
from argmap.teams.models import Role

pytestmark = pytest.mark.django_db

ARTICLE = """Ever Given freed: will the canal recover its trade?

The container ship Ever Given was refloated on Monday after six days stuck in the Suez Canal.

More than 360 vessels were waiting to pass through the canal. \
Because of the blockage, shipping rates rose sharply. \
But the canal authority says traffic will be back to normal within days.

Who will pay for the losses? The insurers will pay most of the costs.
"""
HTMX = {"HTTP_HX_REQUEST": "true"}
QUERIES = 13


@pytest.fixture
def canal_map(workspace):
    return map_import_article(workspace=workspace, draft=article_prepare(text=ARTICLE))


def unplaced(map_obj) -> list[int]:
    return [node.id for node in map_unplaced_tops(map_graph(map_obj))]


def best(map_obj, node_id=None):
    found = map_suggestions(map_obj)
    node_id = node_id or found.unplaced[0].id
    return found.by_node[node_id][0]


def url(name, map_obj, *args):
    return reverse(name, args=[map_obj.pk, *args])


@pytest.mark.parametrize("htmx", [True, False])
def test_the_panel_shows_each_unplaced_node_with_its_best_place_and_a_reason(
    editor_client, canal_map, htmx
):
    response = editor_client.get(url("suggestions_panel", canal_map), **(HTMX if htmx else {}))
    html = response.content.decode()
    assert response.status_code == 200
    assert ("<html" in html) is not htmx
    for node in Node.objects.filter(pk__in=unplaced(canal_map)):
        assert node.text[:40] in html
    top = best(canal_map)
    assert top.reason[1:30] in html.replace("&#x27;", "'").replace("&quot;", '"')
    assert html.count(">Accept</button>") == len(unplaced(canal_map))
    assert "Accept all" in html


@pytest.mark.parametrize("htmx", [True, False])
def test_accept_makes_the_ordinary_link(editor_client, canal_map, htmx):
    top = best(canal_map)
    response = editor_client.post(
        url("suggestions_accept", canal_map, top.node.id),
        {"parent": top.parent.id, "relation": top.relation},
        **(HTMX if htmx else {}),
    )
    link = Link.objects.get(source_id=top.node.id)
    assert (link.target_id, link.relation, link.author) == (
        top.parent.id,
        top.relation,
        editor_client.user,
    )
    assert link.history.count() == 1  # recorded like every link
    assert top.node.id not in unplaced(canal_map)
    if htmx:
        assert response.status_code == 200
        assert response["HX-Trigger"] == "map-reload"  # the tree reloads itself
        html = response.content.decode()
        assert "<html" not in html and "Placed “" in html
    else:
        assert response.status_code == 302
        assert response["Location"] == url("suggestions_panel", canal_map)


@pytest.mark.parametrize("htmx", [True, False])
def test_accepting_a_node_already_in_the_tree_is_refused(editor_client, canal_map, htmx):
    top = best(canal_map)
    link_create(source=Node.objects.get(pk=top.node.id), target=canal_map.root, relation="answers")
    response = editor_client.post(
        url("suggestions_accept", canal_map, top.node.id),
        {"parent": top.parent.id, "relation": top.relation},
        **(HTMX if htmx else {}),
        follow=not htmx,
    )
    assert Link.objects.filter(source_id=top.node.id).count() == 1
    assert response.status_code == (422 if htmx else 200)
    assert "already in the tree" in response.content.decode()


@pytest.mark.parametrize("htmx", [True, False])
def test_a_dismissed_suggestion_does_not_come_back(editor_client, canal_map, htmx):
    top = best(canal_map)
    response = editor_client.post(
        url("suggestions_dismiss", canal_map, top.node.id),
        {"parent": top.parent.id, "relation": top.relation},
        **(HTMX if htmx else {}),
    )
    assert response.status_code == (200 if htmx else 302)
    assert DismissedSuggestion.objects.filter(node_id=top.node.id, parent_id=top.parent.id)
    again = map_suggestions(canal_map).by_node[top.node.id]
    assert top.parent.id not in {s.parent.id for s in again}
    assert not Link.objects.filter(source_id=top.node.id).exists()


@pytest.mark.parametrize("htmx", [True, False])
def test_other_places_and_search(editor_client, canal_map, htmx):
    node_id = unplaced(canal_map)[0]
    ranked = map_suggestions(canal_map).by_node[node_id]
    response = editor_client.get(
        url("suggestions_other", canal_map, node_id), **(HTMX if htmx else {})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert ("<html" in html) is not htmx
    assert html.count(">Accept</button>") == len(ranked) - 1  # the next ones, not the best
    found = editor_client.get(
        url("suggestions_other", canal_map, node_id), {"q": "insurers"}, **(HTMX if htmx else {})
    ).content.decode()
    assert "The insurers will pay most of the costs." in found
    assert "as the words you looked for" in found


@pytest.mark.parametrize("htmx", [True, False])
def test_accept_all_places_every_node_above_the_confidence(editor_client, canal_map, htmx):
    before = len(unplaced(canal_map))
    response = editor_client.post(
        url("suggestions_accept_all", canal_map), {"threshold": "0"}, **(HTMX if htmx else {})
    )
    assert response.status_code == (200 if htmx else 302)
    assert unplaced(canal_map) == []
    placed = Link.objects.filter(map=canal_map).exclude(relation="questions").count()
    assert placed == before
    bad = editor_client.post(
        url("suggestions_accept_all", canal_map), {"threshold": "lots"}, **HTMX
    )
    assert bad.status_code == 422 and "confidence" in bad.content.decode()


@pytest.mark.parametrize(("role", "status"), [(Role.VIEWER, 403), (Role.COMMENTER, 403)])
def test_viewers_see_no_suggestion_and_cannot_accept(member_client, canal_map, role, status):
    client = member_client(role)
    top = best(canal_map)
    page = client.get(reverse("map_detail", args=[canal_map.pk])).content.decode()
    assert "Suggested places" not in page
    assert client.get(url("suggestions_panel", canal_map)).status_code == status
    pair = {"parent": top.parent.id, "relation": top.relation}
    for name in ("suggestions_accept", "suggestions_dismiss"):
        assert client.post(url(name, canal_map, top.node.id), pair).status_code == status
    assert (
        client.post(url("suggestions_accept_all", canal_map), {"threshold": 0}).status_code
        == status
    )
    assert not Link.objects.filter(source_id=top.node.id).exists()
    assert not DismissedSuggestion.objects.exists()


def test_outsiders_get_not_found(outsider_client, canal_map):
    node_id = unplaced(canal_map)[0]
    assert outsider_client.get(url("suggestions_panel", canal_map)).status_code == 404
    assert outsider_client.get(url("suggestions_other", canal_map, node_id)).status_code == 404
    response = outsider_client.post(
        url("suggestions_accept", canal_map, node_id),
        {"parent": canal_map.root_id, "relation": "supports"},
    )
    assert response.status_code == 404


def test_editors_see_the_panel_load_on_the_map_page(editor_client, canal_map):
    page = editor_client.get(reverse("map_detail", args=[canal_map.pk])).content.decode()
    assert f'hx-get="{url("suggestions_panel", canal_map)}"' in page
    assert f'href="{url("suggestions_panel", canal_map)}"' in page


def test_the_panel_takes_a_fixed_number_of_queries(
    editor_client, canal_map, django_assert_max_num_queries
):
    editor_client.get(url("suggestions_panel", canal_map), **HTMX)  # vectors stored once
    # Session and user, the map, the graph (2), vectors, dismissals, the unplaced nodes and
    # their "same as" lookups (workspace check, matches, dismissals), savepoints.
    with django_assert_max_num_queries(QUERIES):
        editor_client.get(url("suggestions_panel", canal_map), **HTMX)
    article = canal_map.articles.get()
    for index in range(60):
        Node.objects.create(
            map=canal_map,
            kind="claim",
            text=f"Ship number {index} waited at the canal.",
            article=article,
        )
    editor_client.get(url("suggestions_panel", canal_map), **HTMX)
    with django_assert_max_num_queries(QUERIES):
        editor_client.get(url("suggestions_panel", canal_map), **HTMX)
    assert (
        NodeVector.objects.filter(node__map=canal_map).count()
        == Node.objects.filter(map=canal_map).count()
    )


def test_a_second_article_joins_the_existing_nodes(workspace, canal_map):
    from argmap.articles.models import Article
    from argmap.reasoning.services import map_add_article

    second = Article.objects.create(
        workspace=workspace,
        title="Canal traffic",
        body="Canal traffic\n\n"
        "The canal authority denies that traffic will be back to normal within days.",
    )
    map_add_article(map_obj=canal_map, article=second)
    new = Node.objects.get(map=canal_map, article=second)
    top = map_suggestions(canal_map).by_node[new.pk][0]
    assert (
        top.parent.text
        == "But the canal authority says traffic will be back to normal within days."
    )
    assert top.relation == "opposes"
    assert top.reason.startswith("says the opposite of")


def test_many_new_sentences_are_read_in_the_background(editor_client, canal_map, monkeypatch):
    from argmap.jobs.models import Job
    from argmap.jobs.testing import run_pending_jobs
    from argmap.suggestions import vectors

    monkeypatch.setattr(vectors, "SYNC_BUDGET", 2)
    monkeypatch.setattr("argmap.suggestions.tasks.BATCH", 3)
    html = editor_client.get(url("suggestions_panel", canal_map), **HTMX).content.decode()
    total = Node.objects.filter(map=canal_map).count()
    assert NodeVector.objects.count() == 2
    assert f"Still reading {total - 2} sentences" in html
    job = Job.objects.get()
    assert (job.owner, job.workspace_id) == (editor_client.user, canal_map.workspace_id)
    assert run_pending_jobs() == 1
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == total - 2
    assert NodeVector.objects.count() == total
    html = editor_client.get(url("suggestions_panel", canal_map), **HTMX).content.decode()
    assert "Still reading" not in html


def test_an_accepted_suggestion_can_be_taken_back(editor_client, canal_map):
    top = best(canal_map)
    pair = {"parent": top.parent.id, "relation": top.relation}
    html = editor_client.post(
        url("suggestions_accept", canal_map, top.node.id), pair, **HTMX
    ).content.decode()
    link = Link.objects.get(source_id=top.node.id)
    assert url("suggestions_undo", canal_map, link.pk) in html
    response = editor_client.post(url("suggestions_undo", canal_map, link.pk), **HTMX)
    assert response.status_code == 200 and "Taken back" in response.content.decode()
    assert top.node.id in unplaced(canal_map)
    assert Link.all_objects.get(pk=link.pk).deleted_at is not None  # in the trash, restorable


def test_a_second_article_that_agrees_supports_and_the_same_claim_is_proposed(
    workspace, canal_map, editor_client
):
    from argmap.articles.models import Article
    from argmap.reasoning.services import map_add_article

    second = Article.objects.create(
        workspace=workspace,
        title="Costs",
        body="Costs\n\nThe cost of shipping climbed steeply because of the blockage.",
    )
    map_add_article(map_obj=canal_map, article=second)
    new = Node.objects.get(map=canal_map, article=second)
    top = map_suggestions(canal_map).by_node[new.pk][0]
    assert top.parent.text == "Because of the blockage, shipping rates rose sharply."
    assert top.relation == "supports"
    html = editor_client.get(url("suggestions_panel", canal_map), **HTMX).content.decode()
    assert "Said elsewhere too" in html
