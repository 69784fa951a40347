import gzip
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from argmap.articles.models import ArticleOriginal
from argmap.maps.models import Link, Map, Node
from argmap.ops import backup
from argmap.teams.models import Membership, Role, Workspace
from tests.article_sources import make_pdf
from tests.factories import (
    ArticleFactory,
    LinkFactory,
    MapFactory,
    MembershipFactory,
    NodeFactory,
    big_map,
)


def _build_workspace():
    """Two members, an article, a map with links, an anchored node, a trashed node, history."""
    owner = MembershipFactory(role=Role.OWNER, user__username="olga")
    workspace = owner.workspace
    MembershipFactory(workspace=workspace, role=Role.VIEWER, user__username="victor")
    article = ArticleFactory(workspace=workspace, imported_by=owner.user)
    pdf = make_pdf()  # the kept original: bytes that are not text travel too
    ArticleOriginal.objects.create(
        workspace=workspace,
        article=article,
        data=pdf,
        content_type="application/pdf",
        filename="a.pdf",
        size=len(pdf),
    )
    map_obj = big_map(12, workspace=workspace)
    map_obj.articles.add(article)
    node = Node.objects.filter(map=map_obj).last()
    node.article, node.anchor_start, node.anchor_end = article, 0, 18
    node.anchor_exact = article.body[0:18]
    node.text = "Edited <script>alert(1)</script>"
    node.save()
    trashed = NodeFactory(map=map_obj, author=owner.user)
    trashed.deleted_at = trashed.created_at  # in the map's trash: backed up all the same
    trashed.save()
    # Another workspace that must stay out of the backup.
    other = MapFactory()
    LinkFactory(source=NodeFactory(map=other), target=NodeFactory(map=other))
    return workspace


def _snapshot(workspace):
    document = backup.backup(workspace)
    document.pop("created_at")
    return json.loads(backup.dumps(document))


@pytest.mark.django_db(transaction=True)
def test_backup_flush_restore_gives_the_same_workspace(tmp_path):
    workspace = _build_workspace()
    before = _snapshot(workspace)
    models = {item["model"] for item in before["objects"]}
    assert {"teams.workspace", "teams.membership", "articles.article", "maps.map"} <= models
    assert "articles.articleoriginal" in models
    assert {"maps.node", "maps.link", "maps.historicalnode", "articles.historicalarticle"} <= models
    assert {user["username"] for user in before["users"]} == {"olga", "victor"}
    assert all(
        item["fields"].get("map") != Map.objects.exclude(workspace=workspace).get().pk
        for item in before["objects"]
        if item["model"] == "maps.node"
    )

    path = tmp_path / "workspace.json.gz"
    call_command("backup_workspace", workspace.slug, "-o", str(path))
    call_command("flush", "--no-input")
    assert not Workspace.objects.exists() and not get_user_model().objects.exists()

    call_command("restore_workspace", str(path))
    restored = Workspace.objects.get()
    assert _snapshot(restored) == before
    assert Membership.objects.get(user__username="victor").role == Role.VIEWER
    assert get_user_model().objects.get(username="olga").check_password("correct horse battery")
    assert Node.all_objects.filter(deleted_at__isnull=False).count() == 1
    # New rows get new ids (sequences moved past the restored ones).
    map_obj = Map.objects.get()
    assert Node.objects.create(map=map_obj, text="new").pk > max(
        item["pk"] for item in before["objects"] if item["model"] == "maps.node"
    )
    assert Link.objects.filter(map=map_obj).count() == 11
    assert bytes(ArticleOriginal.objects.get().data) == make_pdf()


@pytest.mark.django_db
def test_restore_refuses_a_workspace_that_exists_and_writes_nothing(tmp_path):
    workspace = _build_workspace()
    path = tmp_path / "workspace.json"
    call_command("backup_workspace", workspace.slug, "-o", str(path))
    counts = Node.all_objects.count(), get_user_model().objects.count()
    with pytest.raises(CommandError, match="exists already"):
        call_command("restore_workspace", str(path))
    workspace.slug = "renamed"
    workspace.save()
    with pytest.raises(CommandError, match="already holds rows"):
        call_command("restore_workspace", str(path))
    assert (Node.all_objects.count(), get_user_model().objects.count()) == counts


@pytest.mark.django_db
def test_restore_rejects_files_that_are_not_backups(tmp_path):
    path = tmp_path / "not-a-backup.json.gz"
    with gzip.open(path, "wt") as stream:
        json.dump({"format": "argmap", "version": 1}, stream)
    with pytest.raises(CommandError, match="not an argmap workspace backup"):
        call_command("restore_workspace", str(path))
    (tmp_path / "broken.json").write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore_workspace", str(tmp_path / "broken.json"))
    with pytest.raises(ValidationError):
        backup.restore({"format": backup.FORMAT, "version": 99})


@pytest.mark.django_db
def test_backup_of_an_unknown_workspace_is_a_clear_error():
    with pytest.raises(CommandError, match="No workspace"):
        call_command("backup_workspace", "nope", "-o", "/dev/null")


@pytest.mark.django_db(transaction=True)
def test_people_whom_only_the_history_names_come_back_without_a_login():
    workspace = _build_workspace()
    former = get_user_model().objects.create_user("fiona", password="was a member")
    NodeFactory(map=workspace.maps.get(), author=former)
    document = json.loads(backup.dumps(backup.backup(workspace)))
    call_command("flush", interactive=False, verbosity=0)
    backup.restore(document)
    fiona = get_user_model().objects.get(username="fiona")
    assert not fiona.is_active and not fiona.has_usable_password()
    olga = get_user_model().objects.get(username="olga")
    assert olga.is_active and olga.has_usable_password()
