"""The API makes articles from a URL or an uploaded .html / .pdf file, keeps the original
and serves it as a download; each refusal is a 400 with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from knox.models import AuthToken
from rest_framework.test import APIClient

from argmap.articles.models import Article, ArticleOriginal
from argmap.jobs.models import Job
from argmap.jobs.testing import run_pending_jobs
from argmap.teams.models import Role
from tests import api_clients, article_sources
from tests.article_sources import NEWS_PAGE, PDF_TITLE, make_pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
server, base = article_sources.server, article_sources.base  # the fixtures
api = api_clients.api


def _articles(workspace) -> str:
    return f"/api/workspaces/{workspace.pk}/articles/"


def _imported(client, workspace, data: dict, encoding: str = "json") -> dict:
    """Post a URL or a page or PDF: 202 with a job; run it; its result is the new article."""
    response = client.post(_articles(workspace), data, format=encoding)
    assert response.status_code == 202, response.json()
    job_url = response["Location"]
    assert response.json()["status"] == "queued" and Article.objects.count() == 0
    run_pending_jobs()
    job = client.get(job_url).json()
    assert job["status"] == "done", job["message"]
    return client.get(job["result"]).json()


def test_an_article_from_a_url(api, workspace, base, django_assert_max_num_queries):
    client = api(Role.EDITOR)
    article = _imported(client, workspace, {"url": f"{base}/moved", "title": "Barrier vote"})
    assert article["title"] == "Barrier vote"  # what the caller gave wins
    assert (article["author"], article["publication"]) == (
        "Ingrid Halvorsen",
        "The Coastal Courier",
    )
    assert (article["published_on"], article["source_url"]) == ("2026-10-14", f"{base}/news")
    original = article["original"]
    url = f"/api/articles/{article['id']}/original/"
    assert original == {
        "filename": "news.html",
        "content_type": "text/html",
        "size": len(NEWS_PAGE.encode()),
        "url": url,
    }
    first = article["split"]["sentences"][0]
    assert article["body"][first["start"] : first["end"]] == first["text"]
    assert first["text"].startswith("Three harbour towns will vote next month")
    with django_assert_max_num_queries(4):  # the token, the article with its original, role
        detail = client.get(f"/api/articles/{article['id']}/")
    assert detail.json() == article
    download = client.get(url)
    assert download.status_code == 200 and download.content == NEWS_PAGE.encode()
    assert download["Content-Disposition"] == "attachment; filename*=UTF-8''news.html"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_an_uploaded_pdf(api, workspace):
    client = api(Role.EDITOR)
    upload = SimpleUploadedFile("rates.pdf", make_pdf(), content_type="application/pdf")
    article = _imported(client, workspace, {"file": upload}, encoding="multipart")
    assert article["title"] == PDF_TITLE
    assert article["original"]["content_type"] == "application/pdf"
    assert [s["kind"] for s in article["split"]["sentences"]].count("question") == 1
    assert ArticleOriginal.objects.get().article_id == article["id"]


def test_an_uploaded_text_file_is_imported_at_once(api, workspace):
    upload = SimpleUploadedFile("a.md", b"# A title\n\nA claim. A question?")
    client = api(Role.EDITOR)
    response = client.post(_articles(workspace), {"file": upload}, format="multipart")
    assert response.status_code == 201
    assert response.json()["article"]["title"] == "A title"
    assert Job.objects.count() == ArticleOriginal.objects.count() == 0


def test_pasted_text_has_no_original(api, workspace):
    client = api(Role.EDITOR)
    response = client.post(_articles(workspace), {"text": "A title\n\nA claim."}, format="json")
    assert response.status_code == 201
    article_id = response.json()["article"]["id"]
    assert response.json()["article"]["original"] is None
    assert client.get(f"/api/articles/{article_id}/original/").status_code == 404


def test_a_refusal_found_by_the_job_is_its_message(api, workspace, base):
    client = api(Role.EDITOR)
    response = client.post(_articles(workspace), {"url": f"{base}/to-private"}, format="json")
    run_pending_jobs()
    job = client.get(response["Location"]).json()
    assert job["status"] == "failed" and job["result"] is None
    assert job["message"].startswith("127.0.0.2 is a loopback address (127.0.0.2)")
    assert Article.objects.count() == ArticleOriginal.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"url": "http://127.0.0.1:9/news"}, "127.0.0.1 is a loopback address"),
        ({"url": "http://[::1]/"}, "::1 is a loopback address"),
        ({"url": "ftp://files.example.org/a.html"}, "Only http and https URLs are fetched"),
        ({"text": "A claim.", "url": "https://example.org/"}, "Give exactly one of"),
        ({}, "Give exactly one of"),
    ],
)
def test_refusals_are_400_with_a_message(api, workspace, settings, data, message):
    settings.ARTICLE_FETCH_ALLOW_HOSTS = []
    response = api(Role.EDITOR).post(_articles(workspace), data, format="json")
    assert response.status_code == 400
    body = response.json()
    assert message in body["message"] + str(body.get("errors"))
    assert Article.objects.count() == ArticleOriginal.objects.count() == Job.objects.count() == 0


def test_the_original_is_for_members_only(api, workspace, base):
    url = _imported(api(Role.EDITOR), workspace, {"url": f"{base}/news"})["original"]["url"]
    assert api(Role.VIEWER).get(url).status_code == 200
    outsider = APIClient()
    _, token = AuthToken.objects.create(user=UserFactory())
    outsider.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert outsider.get(url).status_code in (403, 404)
    assert APIClient().get(url).status_code == 401
