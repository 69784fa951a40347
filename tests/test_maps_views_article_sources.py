"""The import page with a URL, an .html or a .pdf file: preview, save with the original
kept, the reader's link to it and the download that never renders it in our origin."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from argmap.articles.models import Article, ArticleOriginal
from argmap.jobs.models import Job
from argmap.jobs.testing import run_pending_jobs
from argmap.maps.models import Map
from argmap.teams.models import Membership, Role
from tests import article_sources
from tests.article_sources import CLUTTER, CLUTTERED_PAGE, NEWS_PAGE, PDF_TITLE, make_pdf

pytestmark = pytest.mark.django_db
server, base = article_sources.server, article_sources.base  # the fixtures
IMPORT = "/import/"


def _preview(client, workspace, **data):
    return client.post(IMPORT, {"workspace": workspace.pk, "step": "preview", **data})


def _fetched(client, workspace, url: str = "", **data) -> Job:
    """Give the URL (or upload the file) on the import page: a job is queued and the page
    is its progress; run it."""
    response = _preview(client, workspace, **({"url": url} if url else data))
    job = Job.objects.latest("created_at")
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == "queued"
    assert ArticleOriginal.objects.filter(extracted__isnull=False).count() == 0
    run_pending_jobs()
    job.refresh_from_db()
    return job


def _preview_of_url(client, workspace, url: str = "", **data):
    """The preview the job leads to."""
    job = _fetched(client, workspace, url, **data)
    assert job.status == "done", job.message
    page = client.get(job.get_absolute_url()).content.decode()
    assert f'href="{escape(job.result_url)}">Open the result' in page
    return client.get(job.result_url)


def _value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{name}"', html)
    return next((group for group in match.groups() if group is not None), "") if match else ""


def _save(client, preview_html: str, workspace, **changes):
    """Post the preview back as the browser would: every field, each sentence's kind."""
    text = re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', preview_html, re.S)
    data = {
        "workspace": workspace.pk,
        "step": "save",
        "text": text.group(1).replace("&#x27;", "'").replace("&quot;", '"'),
    }
    for name in ("title", "author", "publication", "published_on", "source_url", "original"):
        data[name] = _value(preview_html, name)
    for index in range(preview_html.count('name="kind-')):
        data[f"kind-{index}"] = "claim"
    return client.post(IMPORT, {**data, **changes})


def test_the_form_offers_a_url_and_html_or_pdf_files(editor_client):
    html = editor_client.get(IMPORT).content.decode()
    assert 'type="url" name="url"' in html
    assert 'accept=".txt,.md,.markdown,.text,.html,.htm,.xhtml,.pdf"' in html


def test_a_url_is_fetched_by_a_job_previewed_then_saved(editor_client, workspace, base):
    preview = _preview_of_url(editor_client, workspace, f"{base}/moved")
    html = preview.content.decode()
    assert preview.status_code == 200
    assert _value(html, "title") == "Harbour towns vote on a flood barrier"
    assert _value(html, "author") == "Ingrid Halvorsen"
    assert _value(html, "publication") == "The Coastal Courier"
    assert _value(html, "published_on") == "2026-10-14"
    assert _value(html, "source_url") == f"{base}/news"  # where the redirect led
    assert "Extracted from news.html (web page, 2.0\xa0KB)" in html
    assert "Sport results" not in html  # the menu is not the article
    assert (Article.objects.count(), ArticleOriginal.objects.count()) == (0, 1)

    saved = _save(editor_client, html, workspace)
    assert saved.status_code == 302
    article = Map.objects.get().articles.get()
    assert article.title == "Harbour towns vote on a flood barrier"
    assert article.source_url == f"{base}/news"
    original = ArticleOriginal.objects.get()
    assert original.article == article and bytes(original.data) == NEWS_PAGE.encode()
    root = article.maps.get().root
    assert article.body[root.anchor_start : root.anchor_end] == root.text == article.title


def test_the_reader_links_to_the_original_which_is_only_a_download(editor_client, workspace, base):
    html = _preview_of_url(editor_client, workspace, f"{base}/news").content.decode()
    _save(editor_client, html, workspace)
    article = Article.objects.get()
    reader = editor_client.get(reverse("article_reader", args=[article.pk])).content.decode()
    link = reverse("article_original", args=[article.pk])
    assert f'<a href="{link}" download>Download the original page</a>' in reader
    assert f'href="{base}/news" rel="noopener noreferrer nofollow"' in reader
    response = editor_client.get(link)
    assert response.status_code == 200 and response.content == NEWS_PAGE.encode()
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''news.html"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_original_is_for_members_only(client, member_client, workspace, base):
    editor = member_client(Role.EDITOR)
    _save(editor, _preview_of_url(editor, workspace, f"{base}/news").content.decode(), workspace)
    link = reverse("article_original", args=[Article.objects.get().pk])
    viewer = member_client(Role.VIEWER)
    assert viewer.get(link).status_code == 200
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(link).status_code in (403, 404)
    assert editor.get(reverse("article_original", args=[999_999])).status_code == 404


def test_an_uploaded_page_keeps_only_the_article(editor_client, workspace):
    upload = SimpleUploadedFile("strike.html", CLUTTERED_PAGE.encode(), content_type="text/html")
    html = _preview_of_url(editor_client, workspace, file=upload).content.decode()
    assert _value(html, "title") == "Rail strike ends after talks"
    assert _value(html, "publication") == "Metro Evening Post"
    assert [word for word in CLUTTER if word in html] == []
    assert _save(editor_client, html, workspace).status_code == 302
    assert ArticleOriginal.objects.get().article.title == "Rail strike ends after talks"


def test_an_uploaded_pdf_imports_with_its_text(editor_client, workspace):
    upload = SimpleUploadedFile("rates.pdf", make_pdf(), content_type="application/pdf")
    html = _preview_of_url(editor_client, workspace, file=upload).content.decode()
    assert _value(html, "title") == PDF_TITLE
    assert _value(html, "author") == "Tomasz Wielicki"
    assert "Should the board not repair the pipes before it builds a reservoir?" in html
    assert "1 question" in html
    assert _save(editor_client, html, workspace).status_code == 302
    original = ArticleOriginal.objects.get()
    assert (original.filename, original.content_type) == ("rates.pdf", "application/pdf")
    response = editor_client.get(reverse("article_original", args=[original.article_id]))
    assert response["Content-Type"] == "application/pdf"


def test_a_refused_url_is_a_form_error_before_any_job(editor_client, workspace, settings, server):
    settings.ARTICLE_FETCH_ALLOW_HOSTS = []
    port = server.server_address[1]
    server.seen.clear()
    response = _preview(editor_client, workspace, url=f"http://127.0.0.1:{port}/news")
    assert response.status_code == 422
    assert "127.0.0.1 is a loopback address" in response.content.decode()
    assert (Job.objects.count(), ArticleOriginal.objects.count()) == (0, 0)
    assert server.seen == []


def test_a_refusal_found_by_the_job_is_its_message(editor_client, workspace, base, server):
    job = _fetched(editor_client, workspace, f"{base}/to-localhost")
    assert job.status == "failed"
    assert job.message.startswith("localhost is a loopback address")
    assert (
        "localhost is a loopback address"
        in editor_client.get(job.get_absolute_url()).content.decode()
    )
    assert ArticleOriginal.objects.count() == 0


def test_the_job_checks_the_role_again(member_client, workspace, base):
    client = member_client(Role.EDITOR)
    _preview(client, workspace, url=f"{base}/news")
    Membership.objects.filter(user=client.user).update(role=Role.VIEWER)
    run_pending_jobs()
    job = Job.objects.get()
    assert (job.status, job.message) == (
        "failed",
        "You may not add articles to this workspace any more.",
    )
    assert ArticleOriginal.objects.count() == 0


def test_an_original_cannot_be_taken_from_another_preview(member_client, workspace, base):
    first = member_client(Role.EDITOR)
    html = _preview_of_url(first, workspace, f"{base}/news").content.decode()
    second = member_client(Role.EDITOR)
    stolen = _save(second, html, workspace)
    assert stolen.status_code == 422
    assert "The kept page or PDF has expired: import it again." in stolen.content.decode()
    forged = _save(first, html, workspace, original="1:forged")
    assert forged.status_code == 422 and Article.objects.count() == 0


def test_an_upload_that_is_no_pdf_fails_its_job_with_the_reason(editor_client, workspace):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 but nothing else", content_type="text/plain")
    job = _fetched(editor_client, workspace, file=upload)
    assert (job.status, job.message) == ("failed", "This file is not a readable PDF.")
    assert Article.objects.count() == 0


def test_a_text_file_is_read_at_once(editor_client, workspace):
    upload = SimpleUploadedFile("a.txt", b"A title\n\nA claim. Another one?")
    response = _preview(editor_client, workspace, file=upload)
    assert response.status_code == 200 and "2 units: 1 claim, 1 question" in (
        response.content.decode()
    )
    assert Job.objects.count() == ArticleOriginal.objects.count() == 0


def test_one_source_at_a_time(editor_client, workspace, base):
    response = _preview(editor_client, workspace, url=f"{base}/news", text="Pasted text.")
    assert response.status_code == 422
    assert "Give one of text, file or URL" in response.content.decode()
