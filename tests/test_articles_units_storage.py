"""Units are stored with the article on every import path and read back, never split
again on a request; the split_article command prints what an import would create."""

import importlib
import json
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from argmap.articles.models import Article
from argmap.exchange.services import map_import
from argmap.teams.models import Role
from tests.api_clients import api  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SEED = "seeds/who-will-send-troops-to-ukraine.txt"
TEXT = (
    "Who pays for the troops?\n\nEurope will pay, but the US will not pay for them. Will it last?"
)
NO_SPLIT = "argmap.articles.splitting.split_article"


def _never_split(*args, **kwargs):
    raise AssertionError("a read split the article again")


def test_api_import_stores_the_units_and_the_detail_reads_them(api, workspace):  # noqa: F811
    client = api(Role.EDITOR)
    created = client.post(
        f"/api/workspaces/{workspace.pk}/articles/", {"text": TEXT}, format="json"
    )
    assert created.status_code == 201
    article = Article.objects.get()
    assert [row[:2] for row in article.split["units"]] == [[26, 42], [43, 76], [77, 90]]
    with mock.patch("argmap.articles.models.split_article", _never_split):
        detail = client.get(f"/api/articles/{article.pk}/").json()
    units = detail["split"]["units"]
    assert [(u["text"], u["kind"], u["inside"]) for u in units] == [
        ("Europe will pay,", "claim", False),
        ("but the US will not pay for them.", "claim", True),
        ("Will it last?", "question", False),
    ]
    assert detail["split"]["title"]["text"] == "Who pays for the troops?"
    assert detail["split"]["clause_units"] is True


def test_the_detail_of_a_large_article_takes_a_fixed_number_of_queries(
    api,  # noqa: F811
    workspace,
    django_assert_max_num_queries,
):
    client = api(Role.EDITOR)
    body = "Who pays?\n\n" + "He said no, but she said yes. " * 2000
    created = client.post(
        f"/api/workspaces/{workspace.pk}/articles/", {"text": body}, format="json"
    )
    article_id = created.json()["article"]["id"]
    with (
        mock.patch("argmap.articles.models.split_article", _never_split),
        django_assert_max_num_queries(6),
    ):
        response = client.get(f"/api/articles/{article_id}/")
    assert len(response.json()["split"]["units"]) == 4000


def test_argmap_json_import_stores_the_units_at_write(workspace):
    document = {
        "format": "argmap",
        "version": 1,
        "map": {"title": "Imported"},
        "articles": [{"id": "a1", "title": "Troops", "body": TEXT}],
        "nodes": [{"id": "n1", "kind": "claim", "text": "Europe will pay"}],
        "links": [],
    }
    map_import(workspace=workspace, data=json.dumps(document).encode(), fmt="argmap")
    article = Article.objects.get()
    split = article.stored_split
    assert [unit.text for unit in split.units][:2] == [
        "Europe will pay,",
        "but the US will not pay for them.",
    ]


def test_rows_stored_without_units_get_them_once_from_the_data_migration(workspace):
    Article.objects.bulk_create([Article(workspace=workspace, title="Old", body=TEXT)])
    assert Article.objects.get().split is None  # as rows from before the migration
    fill = importlib.import_module("argmap.articles.migrations.0004_article_split_fill")
    fill.fill_splits(django_apps, None)
    assert len(Article.objects.get().stored_split.units) == 3


def test_an_article_without_stored_units_is_not_split_on_read(api, workspace):  # noqa: F811
    Article.objects.bulk_create([Article(workspace=workspace, title="Old", body=TEXT)])
    article = Article.objects.get()
    with mock.patch("argmap.articles.models.split_article", _never_split):
        detail = api(Role.VIEWER).get(f"/api/articles/{article.pk}/")
    assert detail.status_code == 200 and detail.json()["split"]["units"] == []


def test_split_article_command_prints_the_import_as_json(capsys):
    call_command("split_article", SEED, "--json")
    document = json.loads(capsys.readouterr().out)
    body = Path(SEED).read_text(encoding="utf-8")
    assert document["title"] == "Who will eventually send troops to Ukraine?"
    assert (document["author"], document["publication"]) == ("Miloš Balabán", "Právo Daily")
    assert document["published_on"] == "2025-08-25"
    assert [u["kind"] for u in document["units"]].count("question") == 4
    assert all(body[u["start"] : u["end"]] == u["text"] for u in document["units"])
    assert [u["start"] for u in document["units"]] == sorted(u["start"] for u in document["units"])
    assert Article.objects.count() == 0  # nothing written


def test_split_article_command_plain_output(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    call_command("split_article", str(path))
    out = capsys.readouterr().out
    assert "title:       Who pays for the troops?" in out
    assert "units:       3" in out
    assert "+ [43:76] but the US will not pay for them." in out


def test_an_article_of_too_many_units_is_refused_with_a_message(api, workspace, settings):  # noqa: F811
    settings.ARTICLE_MAX_UNITS = 100
    body = "Who pays?\n\n" + "He said no. " * 101
    response = api(Role.EDITOR).post(
        f"/api/workspaces/{workspace.pk}/articles/", {"text": body}, format="json"
    )
    assert response.status_code == 400
    assert (
        "101 units" in response.json()["message"]
        and "the limit is 100" in response.json()["message"]
    )
    assert Article.objects.count() == 0


def test_a_150_kb_article_of_short_sentences_is_answered_not_stalled(api, workspace):  # noqa: F811
    # Issue 13, A1: this body ran 30 s in pysbd and killed the worker. Splitting is linear
    # now, and its 12,500 units (a node each) are over the limit: a clear 400, nothing written.
    body = "Who pays?\n\n" + "He said no. " * 12_500
    response = api(Role.EDITOR).post(
        f"/api/workspaces/{workspace.pk}/articles/", {"text": body}, format="json"
    )
    assert response.status_code == 400
    assert "12,500 units" in response.json()["message"]
    assert Article.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_backup_from_before_stored_units_gets_them_when_restored():
    from argmap.ops import backup
    from tests.factories import ArticleFactory

    article = ArticleFactory(body=TEXT)
    document = json.loads(backup.dumps(backup.backup(article.workspace)))
    for item in document["objects"]:
        if item["model"] == "articles.article":
            del item["fields"]["split"]  # as written before units were stored
    call_command("flush", interactive=False, verbosity=0)
    backup.restore(document)
    assert [unit.text for unit in Article.objects.get().stored_split.units][:2] == [
        "Europe will pay,",
        "but the US will not pay for them.",
    ]
