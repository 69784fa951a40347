import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import LinkFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_MODELS = [
    model
    for model in admin.site._registry
    if model._meta.app_label in {"teams", "articles", "maps"}
]


def test_every_project_model_is_in_the_admin():
    names = {model._meta.model_name for model in PROJECT_MODELS}
    assert {"workspace", "membership", "article", "map", "node", "link"} <= names


@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda m: m._meta.label)
def test_admin_lists_and_edits_each_model(client, model):
    link = LinkFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
    assert client.get(reverse(f"{prefix}_add")).status_code == 200
    instance = {"map": link.map, "node": link.source, "link": link}.get(model._meta.model_name)
    if instance is not None:
        change_url = reverse(f"{prefix}_change", args=[instance.pk])
        assert client.get(change_url).status_code == 200


def _post_link(client, link_url, **fields):
    return client.post(link_url, {"rationale": "", "version": 1, **fields})


def test_admin_refuses_a_link_that_breaks_a_graph_rule(client):
    from argmap.maps.models import Link

    below = LinkFactory(relation="supports")  # below.source supports below.target
    claim, parent = below.source, below.target
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    add_url = reverse("admin:maps_link_add")
    base = {"map": claim.map_id, "source": parent.pk, "target": claim.pk}
    cycle = _post_link(client, add_url, **base, relation="supports")
    assert cycle.status_code == 200 and "would make a cycle" in cycle.content.decode()
    other = LinkFactory()
    elsewhere = _post_link(
        client,
        add_url,
        map=claim.map_id,
        source=claim.pk,
        target=other.target_id,
        relation="supports",
    )
    assert "same map" in elsewhere.content.decode()
    assert Link.objects.count() == 2
    change_url = reverse("admin:maps_link_change", args=[below.pk])
    fine = _post_link(
        client,
        change_url,
        map=claim.map_id,
        source=claim.pk,
        target=parent.pk,
        relation="opposes",
    )
    assert fine.status_code == 302
    assert Link.objects.get(pk=below.pk).relation == "opposes"
