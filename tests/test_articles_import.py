import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from argmap.articles.models import Article
from argmap.articles.services import article_decode, article_prepare
from argmap.maps.models import Link, Map, Node
from argmap.teams.models import Workspace

pytestmark = pytest.mark.django_db

SEED = "seeds/who-will-send-troops-to-ukraine.txt"


def _counts():
    models = (Workspace, Article, Map, Node, Link)
    return tuple(model.objects.count() for model in models)


def test_import_command_prints_what_it_found_and_builds_the_map(capsys):
    call_command("import_article", SEED, workspace="Newsroom")
    out = capsys.readouterr().out
    assert "published: 2025-08-25" in out
    assert "byline:    Miloš Balabán, Právo Daily" in out
    assert "questions: 4" in out and "claims:    26" in out
    map_obj = Map.objects.get()
    assert map_obj.workspace.name == "Newsroom"
    assert map_obj.root.text == "Who will eventually send troops to Ukraine?"
    assert map_obj.root.kind == "question"
    article = map_obj.articles.get()
    assert (article.author, article.publication) == ("Miloš Balabán", "Právo Daily")
    questions = Node.objects.filter(map=map_obj, kind="question").exclude(pk=map_obj.root_id)
    assert questions.count() == 4
    assert set(Link.objects.filter(target=map_obj.root).values_list("relation", flat=True)) == {
        "questions"
    }
    for node in Node.objects.filter(map=map_obj):
        assert article.body[node.anchor_start : node.anchor_end] == node.anchor_exact == node.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Příliš žluťoučký kůň.".encode("cp1250"), "not UTF-8"),
        (b"...\n\n!!!", "No sentences"),
    ],
)
def test_bad_files_are_refused_with_a_clear_error_and_nothing_written(tmp_path, content, message):
    path = tmp_path / "article.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path), workspace="Newsroom")
    assert _counts() == (0, 0, 0, 0, 0)


def test_oversized_file_is_refused(tmp_path, settings):
    settings.ARTICLE_MAX_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_text("A sentence. " * 200)
    with pytest.raises(CommandError, match="limit is 1,000 bytes"):
        call_command("import_article", str(path), workspace="Newsroom")
    assert _counts() == (0, 0, 0, 0, 0)


def test_import_is_one_transaction(monkeypatch, tmp_path):
    """A failure after the article row is written leaves nothing behind."""
    from argmap.maps import services

    def broken(*args, **kwargs):
        raise ValidationError("simulated failure while creating the map")

    monkeypatch.setattr(services, "map_create", broken)
    with pytest.raises(CommandError, match="simulated failure"):
        call_command("import_article", SEED, workspace="Newsroom")
    assert _counts() == (0, 0, 0, 0, 0)


def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_article", "no/such/file.txt", workspace="Newsroom")


def test_windows_newlines_are_normalised_before_anchoring():
    draft = article_prepare(text=article_decode(b"Title\r\n\r\nOne claim. Two?\r\n"))
    assert "\r" not in draft.body
    assert [s.text for s in draft.split.sentences] == ["One claim.", "Two?"]


def test_article_body_cannot_change_after_import():
    call_command("import_article", SEED, workspace="Newsroom")
    article = Article.objects.get()
    article.body += " More."
    with pytest.raises(ValidationError, match="cannot change"):
        article.save()


def test_a_refused_source_url_leaves_no_new_workspace():
    with pytest.raises(CommandError, match="valid URL"):
        call_command("import_article", SEED, workspace="Newsroom", source_url="not a url")
    assert _counts() == (0, 0, 0, 0, 0)
