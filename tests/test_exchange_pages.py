import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from argmap.exchange import argmap_json
from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.services import map_import_document
from argmap.maps.models import Map
from argmap.teams.models import Role
from tests.exchange_samples import KIALO_EXPORT, sample_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample_map(workspace):
    return map_import_document(workspace=workspace, document=argmap_json.parse(sample_document()))


def test_export_menu_links_every_format(member_client, sample_map):
    response = member_client(Role.VIEWER).get(reverse("map_export", args=[sample_map.pk]))
    assert response.status_code == 200
    for name in EXPORT_FORMATS:
        assert reverse("map_export_file", args=[sample_map.pk, name]).encode() in response.content


@pytest.mark.parametrize("fmt", list(EXPORT_FORMATS))
def test_viewers_download_every_format(member_client, sample_map, fmt):
    response = member_client(Role.VIEWER).get(reverse("map_export_file", args=[sample_map.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="sample-map-title.')
    assert len(response.content) > 100


def test_outsiders_see_nothing(outsider_client, sample_map):
    for url in (
        reverse("map_export", args=[sample_map.pk]),
        reverse("map_export_file", args=[sample_map.pk, "argmap"]),
        reverse("map_import", args=[sample_map.workspace_id]),
    ):
        assert outsider_client.get(url).status_code == 404


def test_unknown_format_is_404(editor_client, sample_map):
    url = reverse("map_export_file", args=[sample_map.pk, "pdf"])
    assert editor_client.get(url).status_code == 404


def test_viewers_cannot_import(member_client, workspace):
    response = member_client(Role.VIEWER).get(reverse("map_import", args=[workspace.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize("htmx", [False, True])
def test_import_kialo_creates_a_map_and_says_what_happened(editor_client, workspace, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    response = editor_client.post(
        reverse("map_import", args=[workspace.pk]),
        {"file": SimpleUploadedFile("debate.txt", KIALO_EXPORT.encode()), "format": "auto"},
        headers=headers,
    )
    map_obj = Map.objects.get()
    target = reverse("map_detail", args=[map_obj.pk])
    if htmx:
        assert response.status_code == 204 and response["HX-Redirect"] == target
    else:
        assert response.status_code == 302 and response["Location"] == target
    assert map_obj.nodes.count() == 5
    page = editor_client.get(target)
    assert "Imported “Should Europe send troops to Ukraine?” (5 nodes)." in page.content.decode()


@pytest.mark.parametrize("htmx", [False, True])
def test_import_with_problems_lists_them_and_writes_nothing(editor_client, workspace, htmx):
    document = sample_document()
    document["links"].append({"source": "ghost", "target": "q", "relation": "answers"})
    headers = {"HX-Request": "true"} if htmx else {}
    response = editor_client.post(
        reverse("map_import", args=[workspace.pk]),
        {
            "file": SimpleUploadedFile("map.json", json.dumps(document).encode()),
            "format": "argmap",
        },
        headers=headers,
    )
    assert response.status_code == (200 if htmx else 400)  # htmx swaps only 2xx answers
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "links[6]: links unknown node ids “ghost” → “q”." in html
    assert ("<html" in html) is not htmx  # the partial alone for htmx
    assert not Map.objects.exists()


def test_import_page_shows_the_form(editor_client, workspace):
    response = editor_client.get(reverse("map_import", args=[workspace.pk]))
    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b"Recognise it from the file" in response.content


def test_import_refuses_large_files_before_reading(editor_client, workspace, settings):
    settings.MAP_IMPORT_MAX_BYTES = 10
    response = editor_client.post(
        reverse("map_import", args=[workspace.pk]),
        {"file": SimpleUploadedFile("map.json", b"{" + b" " * 20 + b"}"), "format": "argmap"},
    )
    assert response.status_code == 400
    assert "the limit is 10 bytes" in response.content.decode()


def test_unknown_schema_is_404(client):
    assert client.get("/exchange/schemas/nothing.json").status_code == 404
    assert client.get("/exchange/schemas/argmap-1.schema.json").status_code == 200
