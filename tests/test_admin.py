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
