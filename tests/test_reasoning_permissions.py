"""Every URL of the reasoning app, for each role and an outsider. The URL list comes from
the app's URLconf, so a new URL without an expectation fails here."""

import pytest
from django.urls import reverse

from argmap.maps.services import link_create
from argmap.reasoning import urls as reasoning_urls
from argmap.reasoning.models import Scenario
from argmap.reasoning.services import node_merge
from argmap.teams.models import Role
from tests.factories import ArticleFactory, NodeFactory

pytestmark = pytest.mark.django_db

READ, RATE, EDIT, ANYONE = "read", "rate", "edit", "anyone"
# name -> (method, who may: read = viewer and up, rate = commenter and up, edit = editor and up)
EXPECTED = {
    "reasoning_what_if": ("get", READ),
    "reasoning_ratings": ("get", READ),
    "reasoning_duplicates": ("get", READ),
    "reasoning_scenario_create": ("post", EDIT),
    "reasoning_scenario_delete": ("post", EDIT),
    "reasoning_rate_node": ("post", RATE),
    "reasoning_rate_link": ("post", RATE),
    "reasoning_add_article": ("post", EDIT),
    "reasoning_merge": ("post", EDIT),
    "reasoning_merge_undo": ("post", EDIT),
    "reasoning_search": ("get", ANYONE),
    "node_pros_cons": ("get", READ),
}
ALLOWED = {
    READ: {Role.VIEWER, Role.COMMENTER, Role.EDITOR, Role.OWNER},
    RATE: {Role.COMMENTER, Role.EDITOR, Role.OWNER},
    EDIT: {Role.EDITOR, Role.OWNER},
}


def test_every_url_has_an_expectation():
    assert {pattern.name for pattern in reasoning_urls.urlpatterns} == set(EXPECTED)


def _objects(workspace):
    claim = NodeFactory(map__workspace=workspace, text="Europe will pay.")
    map_obj = claim.map
    map_obj.root = claim
    map_obj.save()
    backing = NodeFactory(map=map_obj, text="Europe pays already.")
    twin = NodeFactory(map=map_obj, text="Europe pays already!")
    link = link_create(source=backing, target=claim, relation="supports")
    scenario = Scenario.objects.create(map=map_obj, name="s", disabled_nodes=[backing.pk])
    merge = node_merge(kept=backing, absorbed=twin)
    article = ArticleFactory(workspace=workspace, body="Title\n\nOne sentence here.")
    args = {
        "reasoning_scenario_delete": [map_obj.pk, scenario.pk],
        "reasoning_rate_node": [map_obj.pk, backing.pk],
        "reasoning_rate_link": [map_obj.pk, link.pk],
        "reasoning_merge_undo": [map_obj.pk, merge.pk],
        "reasoning_search": [],
        "node_pros_cons": [map_obj.pk, claim.pk],
    }
    data = {
        "name": "new",
        "off": [backing.pk],
        "value": "50",
        "article": article.pk,
        "kept": claim.pk,
        "absorbed": backing.pk,
    }
    return map_obj, args, data


@pytest.mark.parametrize("role", [*Role.values, "outsider"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_for_each_role(client, workspace, member_client, outsider_client, role, name):
    map_obj, args, data = _objects(workspace)
    client = outsider_client if role == "outsider" else member_client(role)
    method, who = EXPECTED[name]
    url = reverse(name, args=args.get(name, [map_obj.pk]))
    response = getattr(client, method)(url, data if method == "post" else {"q": "Europe"})
    if who == ANYONE:
        expected = {200}
    elif role == "outsider":
        expected = {404}
    elif role in ALLOWED[who]:
        expected = {200} if method == "get" else {302}
    else:
        expected = {403}
    assert response.status_code in expected, (name, role, response.status_code)


def test_anonymous_users_are_sent_to_log_in(client, workspace):
    map_obj, args, _ = _objects(workspace)
    for name in EXPECTED:
        response = client.get(reverse(name, args=args.get(name, [map_obj.pk])))
        assert response.status_code == 302 and "/accounts/login/" in response.url, name
