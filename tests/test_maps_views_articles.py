"""Import from the browser with a preview, and turning selected reader text into nodes."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from argmap.articles.models import Article
from argmap.maps.models import Link, Map, Node
from argmap.teams.models import Role
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = pytest.mark.django_db

SEED = "seeds/who-will-send-troops-to-ukraine.txt"
HX = {"HTTP_HX_REQUEST": "true"}


def _counts():
    return Article.objects.count(), Map.objects.count(), Node.objects.count()


def test_import_preview_shows_the_split_and_saves_nothing(editor_client, workspace):
    with open(SEED, "rb") as seed:
        upload = SimpleUploadedFile("troops.txt", seed.read(), content_type="text/plain")
    response = editor_client.post(
        reverse("article_import"), {"workspace": workspace.pk, "file": upload, "step": "preview"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "30 units: 26 claims, 4 questions (3 cut inside a sentence)" in html
    assert 'value="Who will eventually send troops to Ukraine?"' in html
    assert 'value="Miloš Balabán"' in html and 'value="2025-08-25"' in html
    assert html.count('name="kind-') == 30
    assert '<option value="question" selected>a question</option>' in html  # the root's kind
    assert _counts() == (0, 0, 0)


def test_import_save_applies_the_corrections(editor_client, workspace):
    text = Path(SEED).read_text(encoding="utf-8")
    data = {
        "workspace": workspace.pk,
        "text": text,
        "step": "save",
        "title": "Troops?",
        "author": "",
        "publication": "Právo",
        "published_on": "2025-08-26",
    }
    data |= {f"kind-{index}": "claim" for index in range(30)}
    data["kind-0"] = "skip"
    data["kind-1"] = "question"
    response = editor_client.post(reverse("article_import"), data)
    map_obj = Map.objects.get()
    assert response.status_code == 302 and response.url == reverse("map_detail", args=[map_obj.pk])
    article = map_obj.articles.get()
    assert (article.title, article.author, article.publication) == ("Troops?", "", "Právo")
    assert str(article.published_on) == "2025-08-26"
    nodes = Node.objects.filter(map=map_obj).exclude(pk=map_obj.root_id)
    assert nodes.count() == 29
    assert list(nodes.filter(kind="question").values_list("anchor_start", flat=True)) == [
        text.index("A quick meeting")
    ]
    assert Link.objects.filter(map=map_obj, relation="questions").count() == 1


def test_import_root_kind_and_anchor_follow_the_preview(editor_client, workspace):
    text = Path(SEED).read_text(encoding="utf-8")
    data = {"workspace": workspace.pk, "text": text, "step": "save", "root_kind": "question"}
    data |= {f"kind-{index}": "claim" for index in range(30)}
    kept = editor_client.post(reverse("article_import"), {**data, "title": ""})
    assert kept.status_code == 302
    root = Map.objects.get().root
    assert root.kind == "question" and root.anchor_exact == root.text  # quotes the title
    Map.objects.all().delete()
    rewritten = {**data, "title": "Europe's troops: a claim", "root_kind": "claim"}
    assert editor_client.post(reverse("article_import"), rewritten).status_code == 302
    root = Map.objects.get().root
    assert (root.kind, root.text) == ("claim", "Europe's troops: a claim")
    assert not root.has_anchor  # its words are the analyst's, not the article's
    bad = editor_client.post(reverse("article_import"), {**data, "root_kind": "evidence"})
    assert bad.status_code == 422 and Map.objects.count() == 1


def test_import_refuses_a_changed_text_at_save(editor_client, workspace):
    data = {"workspace": workspace.pk, "text": "One. Two.\n\nThree.", "step": "save"}
    data |= {"kind-0": "claim"}
    response = editor_client.post(reverse("article_import"), data)
    assert response.status_code == 422
    assert "The text changed since the preview" in response.content.decode()
    assert _counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Paste the article&#x27;s text, choose a file or give a URL."),
        ({"text": "...\n\n!!!"}, "No sentences were found"),
        ({"file": SimpleUploadedFile("a.txt", b"\x89PNG\x00\x00")}, "binary file"),
        ({"file": SimpleUploadedFile("a.txt", "Žluť.".encode("cp1250"))}, "not UTF-8"),
        ({"file": SimpleUploadedFile("a.docx", b"PK\x03\x04")}, "Upload a text (.txt)"),
    ],
)
def test_bad_imports_show_a_clear_error_and_save_nothing(editor_client, workspace, data, message):
    response = editor_client.post(
        reverse("article_import"), {"workspace": workspace.pk, "step": "preview", **data}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _counts() == (0, 0, 0)


def test_import_only_into_workspaces_the_user_may_edit(member_client, workspace):
    client = member_client(Role.VIEWER)
    assert client.get(reverse("article_import")).status_code == 403
    own = WorkspaceFactory()
    MembershipFactory(workspace=own, user=client.user, role=Role.EDITOR)
    page = client.get(reverse("article_import")).content.decode()
    assert own.name in page and workspace.name not in page
    response = client.post(
        reverse("article_import"),
        {"workspace": workspace.pk, "text": "A claim here.", "step": "save", "kind-0": "claim"},
    )
    assert response.status_code == 422 and _counts() == (0, 0, 0)


@pytest.fixture
def seed_map(workspace):
    call_command("import_article", SEED, workspace=workspace.name)
    return Map.objects.get(workspace=workspace)


@pytest.mark.parametrize("htmx", [False, True])
def test_selected_text_becomes_an_anchored_claim(editor_client, seed_map, htmx):
    article = seed_map.articles.get()
    exact = "the prospect of ending the war in Ukraine"
    start = article.body.index(exact)
    response = editor_client.post(
        reverse("article_annotate", args=[article.pk]),
        {
            "exact": exact + " ",
            "start": start,
            "end": start + len(exact) + 1,
            "kind": "claim",
            "map": seed_map.pk,
            "parent": seed_map.root_id,
        },
        **(HX if htmx else {}),
    )
    node = Node.objects.get(map=seed_map, text=exact)
    assert (node.anchor_start, node.anchor_end) == (start, start + len(exact))  # space trimmed
    assert node.anchor_exact == exact and node.article_id == article.pk
    assert Link.objects.get(source=node).relation == "answers"  # a claim under a question
    if htmx:
        assert response.status_code == 200 and response["HX-Retarget"] == "#reader"
        assert f'id="at-{node.pk}"' in response.content.decode()
    else:
        assert response.status_code == 302 and response.url.endswith(f"#at-{node.pk}")


def test_offsets_that_do_not_match_the_body_are_refused(editor_client, seed_map):
    article = seed_map.articles.get()
    before = Node.objects.count()
    response = editor_client.post(
        reverse("article_annotate", args=[article.pk]),
        {"exact": "Ukraine", "start": 0, "end": 7, "kind": "claim", "map": seed_map.pk},
        **HX,
    )
    assert response.status_code == 422
    assert "does not match the article" in response.content.decode()
    assert Node.objects.count() == before


def test_without_a_script_the_quote_is_looked_up(editor_client, seed_map):
    article = seed_map.articles.get()
    claim = Node.objects.filter(map=seed_map, kind="claim").first()
    response = editor_client.post(
        reverse("article_annotate", args=[article.pk]),
        {
            "exact": "The Poles refused",
            "kind": "evidence",
            "map": seed_map.pk,
            "parent": claim.pk,
            "relation": "opposes",
            "source_reliability": "C",
            "information_credibility": "3",
        },
    )
    assert response.status_code == 302
    evidence = Node.objects.get(map=seed_map, text="The Poles refused")
    assert evidence.anchor_start == article.body.index("The Poles refused")
    assert (evidence.kind, evidence.grade, evidence.source_title) == (
        "evidence",
        "C3",
        article.title,
    )
    assert Link.objects.get(source=evidence).relation == "opposes"
    missing = editor_client.post(
        reverse("article_annotate", args=[article.pk]),
        {"exact": "Words that are not there", "kind": "claim", "map": seed_map.pk},
    )
    assert missing.status_code == 422 and "not in the article" in missing.content.decode()


def test_reader_permissions(member_client, seed_map):
    article = seed_map.articles.get()
    viewer = member_client(Role.VIEWER)
    page = viewer.get(reverse("article_reader", args=[article.pk])).content.decode()
    assert 'id="annotate-form"' not in page
    annotate = reverse("article_annotate", args=[article.pk])
    assert viewer.post(annotate, {"exact": "The Poles", "kind": "claim"}).status_code == 403
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.get(annotate).status_code == 404
    assert outsider.get(reverse("article_reader", args=[article.pk])).status_code == 404


def test_reader_form_page_and_partial(editor_client, seed_map):
    article = seed_map.articles.get()
    annotate = reverse("article_annotate", args=[article.pk])
    full = editor_client.get(annotate).content.decode()
    partial = editor_client.get(annotate, **HX).content.decode()
    assert "<html" in full and 'id="annotate-form"' in full
    assert "<html" not in partial and partial.lstrip().startswith('<form id="annotate-form"')


def test_reader_escapes_article_text(editor_client, workspace, tmp_path):
    path = tmp_path / "hostile.md"
    path.write_text("Title <script>alert(1)</script>\n\nA claim <img src=x onerror=alert(1)>.\n")
    call_command("import_article", str(path), workspace=workspace.name)
    article = Article.objects.get()
    html = editor_client.get(reverse("article_reader", args=[article.pk])).content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
