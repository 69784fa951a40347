"""The reasoning pages: roles, htmx partials and plain forms, fixed query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from argmap.maps.models import Node
from argmap.maps.services import link_create
from argmap.reasoning.models import LinkRating, NodeMerge, NodeRating, Scenario
from argmap.teams.models import Role
from tests.factories import ArticleFactory, NodeFactory, big_map

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def small_map(workspace):
    claim = NodeFactory(map__workspace=workspace, text="Europe will pay.")
    map_obj = claim.map
    map_obj.root = claim
    map_obj.save()
    backing = NodeFactory(map=map_obj, text="Europe already pays for weapons.")
    doubt = NodeFactory(map=map_obj, text="Budgets are tight.")
    link_create(source=backing, target=claim, relation="supports")
    link_create(source=doubt, target=claim, relation="opposes")
    return map_obj, claim, backing, doubt


def test_what_if_page_shows_strengths_and_toggles(member_client, small_map):
    map_obj, claim, backing, _ = small_map
    client = member_client(Role.VIEWER)
    html = client.get(reverse("reasoning_what_if", args=[map_obj.pk])).content.decode()
    assert '<meter min="0" max="1"' in html
    assert f'name="off" value="{backing.pk}"' in html
    assert "Nothing is switched off." in html
    assert 'id="scenario-form"' not in html  # viewers cannot save scenarios


def test_what_if_diff_with_and_without_htmx(member_client, small_map):
    map_obj, claim, backing, _ = small_map
    client = member_client(Role.VIEWER)
    url = reverse("reasoning_what_if", args=[map_obj.pk]) + f"?off={backing.pk}"
    full = client.get(url).content.decode()
    partial = client.get(url, headers=HTMX).content.decode()
    for html in (full, partial):
        assert "What changes" in html
        # Before: 0.5 + 0.5 * (0.5 - 0.5) = 0.5; without the supporter: 0.5 - 0.25 = 0.25.
        assert "0.50" in html and "0.25" in html and "(-0.25)" in html
    assert "<html" not in partial and "<html" in full


def test_saving_loading_and_deleting_a_scenario(member_client, small_map):
    map_obj, claim, backing, doubt = small_map
    client = member_client(Role.EDITOR)
    response = client.post(
        reverse("reasoning_scenario_create", args=[map_obj.pk]),
        {"name": "No backing", "off": [backing.pk], "basis": "team"},
    )
    scenario = Scenario.objects.get(map=map_obj)
    assert (scenario.name, scenario.disabled_nodes, scenario.basis) == (
        "No backing",
        [backing.pk],
        "team",
    )
    assert response.status_code == 302 and f"scenario={scenario.pk}" in response.url
    html = client.get(response.url).content.decode()
    assert f'name="off" value="{backing.pk}" checked' in html
    again = client.post(
        reverse("reasoning_scenario_create", args=[map_obj.pk]),
        {"name": "No backing", "off": [doubt.pk]},
        follow=True,
    )
    assert "already has a scenario named" in again.content.decode()
    client.post(reverse("reasoning_scenario_delete", args=[map_obj.pk, scenario.pk]))
    assert not Scenario.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.VIEWER, 403), (Role.COMMENTER, 302), (Role.EDITOR, 302)],
)
def test_rating_is_like_commenting(member_client, small_map, role, status):
    map_obj, claim, backing, _ = small_map
    client = member_client(role)
    url = reverse("reasoning_rate_node", args=[map_obj.pk, backing.pk])
    assert client.post(url, {"value": "70"}).status_code == status
    assert NodeRating.objects.filter(node=backing).exists() == (status == 302)


def test_rating_rows_with_htmx_show_the_spread(member_client, small_map):
    map_obj, claim, backing, _ = small_map
    link = backing.outgoing_links.get()
    client = member_client(Role.COMMENTER)
    row = client.post(
        reverse("reasoning_rate_link", args=[map_obj.pk, link.pk]), {"value": "40"}, headers=HTMX
    ).content.decode()
    assert row.lstrip().startswith(f'<tr id="rating-link-{link.pk}">')
    assert "mean <strong>0.40</strong> · n=1" in row
    assert '<option value="40" selected>' in row
    assert LinkRating.objects.get(link=link).weight == pytest.approx(0.4)
    bad = client.post(
        reverse("reasoning_rate_node", args=[map_obj.pk, backing.pk]),
        {"value": "250"},
        headers=HTMX,
    ).content.decode()
    assert "must be from 0 to 1" in bad
    page = client.get(reverse("reasoning_ratings", args=[map_obj.pk])).content.decode()
    assert f'id="rating-node-{backing.pk}"' in page and "not rated yet" in page


def test_outsiders_get_404_everywhere(outsider_client, small_map):
    map_obj, claim, backing, doubt = small_map
    gets = ["reasoning_what_if", "reasoning_ratings", "reasoning_duplicates"]
    for name in gets:
        assert outsider_client.get(reverse(name, args=[map_obj.pk])).status_code == 404
    posts = [
        reverse("reasoning_scenario_create", args=[map_obj.pk]),
        reverse("reasoning_rate_node", args=[map_obj.pk, backing.pk]),
        reverse("reasoning_merge", args=[map_obj.pk]),
        reverse("reasoning_add_article", args=[map_obj.pk]),
    ]
    for url in posts:
        assert outsider_client.post(url, {"name": "x", "value": "50"}).status_code == 404


def test_duplicates_page_add_merge_and_undo(member_client, small_map, workspace):
    map_obj, claim, backing, _ = small_map
    article = ArticleFactory(
        workspace=workspace, body="Money\n\nEurope already pays for the weapons. It rained."
    )
    client = member_client(Role.EDITOR)
    page = client.get(reverse("reasoning_duplicates", args=[map_obj.pk])).content.decode()
    assert f'<option value="{article.pk}">' in page
    response = client.post(
        reverse("reasoning_add_article", args=[map_obj.pk]), {"article": article.pk}
    )
    html = client.get(response.url).content.decode()
    new = Node.objects.get(map=map_obj, text="Europe already pays for the weapons.")
    assert f'name="absorbed" value="{new.pk}"' in html
    assert f'name="kept" value="{backing.pk}"' in html
    client.post(
        reverse("reasoning_merge", args=[map_obj.pk]),
        {"kept": backing.pk, "absorbed": new.pk, "article": article.pk},
    )
    merge = NodeMerge.objects.get()
    assert Node.all_objects.get(pk=new.pk).is_deleted
    client.post(reverse("reasoning_merge_undo", args=[map_obj.pk, merge.pk]))
    assert not Node.all_objects.get(pk=new.pk).is_deleted


def test_commenters_cannot_merge(member_client, small_map):
    map_obj, claim, backing, doubt = small_map
    client = member_client(Role.COMMENTER)
    response = client.post(
        reverse("reasoning_merge", args=[map_obj.pk]), {"kept": backing.pk, "absorbed": doubt.pk}
    )
    assert response.status_code == 403
    assert not NodeMerge.objects.exists()


def test_page_query_counts_do_not_grow_with_the_map(
    member_client, workspace, django_assert_max_num_queries
):
    client = member_client(Role.EDITOR)
    small, big = big_map(20, workspace=workspace), big_map(1000, workspace=workspace)
    off = Node.objects.filter(map=big).values_list("pk", flat=True)[5]
    for name, query in [
        ("reasoning_what_if", ""),
        ("reasoning_what_if", f"?off={off}&basis=team"),
        ("reasoning_ratings", ""),
        ("reasoning_duplicates", ""),
    ]:
        counts = []
        for map_obj in (small, big):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse(name, args=[map_obj.pk]) + query).status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1], (name, counts)
    with django_assert_max_num_queries(12):
        client.get(reverse("reasoning_what_if", args=[big.pk]) + f"?off={off}&basis=team")


def test_what_if_tree_escapes_user_text(member_client, small_map):
    map_obj, claim, backing, _ = small_map
    Node.objects.filter(pk=backing.pk).update(
        text="<script>alert(1)</script><img src=x onerror=alert(1)>"
    )
    html = member_client(Role.VIEWER).get(reverse("reasoning_what_if", args=[map_obj.pk])).content
    assert b"<script>alert(1)" not in html and b"<img src=x" not in html
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count(b'<li class="ritem">') == 3
    assert len(re.findall(rb"<li[ >]", html)) == html.count(b"</li>") == 5


def test_ratings_page_is_paged(member_client, workspace):
    map_obj = big_map(250, workspace=workspace)
    client = member_client(Role.VIEWER)
    url = reverse("reasoning_ratings", args=[map_obj.pk])
    first = client.get(url).content.decode()
    assert first.count('id="rating-node-') == 100
    assert "page 1 of 3" in first and "?page=2&amp;links_page=1" in first
    last = client.get(url + "?page=3").content.decode()
    assert last.count('id="rating-node-') == 249 - 200


def test_form_posts_without_a_choice_explain_instead_of_404(member_client, small_map):
    map_obj, claim, backing, _ = small_map
    client = member_client(Role.EDITOR)
    for name, data in [
        ("reasoning_merge", {}),
        ("reasoning_merge", {"kept": backing.pk, "absorbed": NodeFactory().pk}),
        ("reasoning_add_article", {"article": ArticleFactory().pk}),
        ("reasoning_scenario_create", {"name": "x"}),
    ]:
        response = client.post(reverse(name, args=[map_obj.pk]), data, follow=True)
        assert response.redirect_chain[0][1] == 302, name
        assert 'class="error"' in response.content.decode(), name
    assert not NodeMerge.objects.exists()
