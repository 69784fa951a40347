"""F9: bad input answers a clear 4xx and writes nothing: NUL in any text of an import file,
huge integers, an anchor naming an article the file does not hold, Unicode digits in every
numeric parameter, an impossible relation, a 10 MB JSON body."""

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from argmap.maps.models import Map, Node
from argmap.params import parse_count, parse_id
from argmap.reasoning.models import Scenario
from argmap.teams.models import Role
from tests import api_clients
from tests.exchange_samples import sample_document
from tests.factories import ArticleFactory, LinkFactory, NodeFactory

pytestmark = pytest.mark.django_db

api = api_clients.api  # the fixture: a token-authenticated client per role

# "²" and "٣" pass str.isdigit(); int() refuses "²"; neither is an id.
ODD_NUMBERS = ["²", "٣", "１", "1" * 5000, "9" * 20, "-1", "0", "1.5", "1e3", " 1", "\x00"]


@pytest.mark.parametrize(
    "value", ["²", "٣", "１", "1" * 5000, "9" * 20, "-1", "0", "", None, 7, " 1"]
)
def test_only_ascii_ids_a_database_holds_are_ids(value):
    assert parse_id(value) is None


def test_ids_and_counts_that_are_fine():
    assert parse_id("42") == 42
    assert parse_count("3", default=1, maximum=10) == 3
    assert parse_count("²", default=1, maximum=10) == 1
    assert parse_count("99999", default=1, maximum=10) == 10


@pytest.fixture
def small_map(workspace):
    article = ArticleFactory(workspace=workspace)
    link = LinkFactory(source=NodeFactory(map__workspace=workspace, article=article))
    link.map.articles.add(article)
    return link


def _numeric_urls(link, workspace) -> list[str]:
    map_id, node_id, article_id = link.map_id, link.source_id, link.source.article_id
    pages = [
        f"/maps/{map_id}/?show={{}}",
        f"/maps/{map_id}/nodes/{node_id}/?via={{}}",
        f"/maps/{map_id}/nodes/{node_id}/?level={{}}",
        f"/maps/{map_id}/nodes/{node_id}/more/?via={{}}",
        f"/maps/{map_id}/reasoning/?scenario={{}}",
        f"/maps/{map_id}/reasoning/?off={{}}&off_link={{}}",
        f"/maps/{map_id}/reasoning/?basis=member:{{}}",
        f"/maps/{map_id}/duplicates/?article={{}}",
        f"/maps/{map_id}/ratings/?page={{}}&links_page={{}}",
        f"/maps/{map_id}/activity/?page={{}}",
        f"/maps/{map_id}/trash/?page={{}}",
        f"/nodes/{node_id}/history/?page={{}}",
        "/search/?q=x&workspace={}",
        f"/articles/{article_id}/?page={{}}",
    ]
    api_urls = [
        "/api/maps/?page_size={}",
        "/api/maps/?page={}",
        "/api/maps/?workspace={}",
        f"/api/maps/{map_id}/nodes/?author={{}}",
        f"/api/maps/{map_id}/strengths/?basis=member:{{}}",
        "/api/search/?q=x&workspace={}",
        f"/api/nodes/{node_id}/history/?page={{}}",
    ]
    return pages + api_urls


def test_odd_numbers_in_every_numeric_parameter_are_never_a_server_error(
    member_client, workspace, small_map, settings
):
    settings.RATELIMIT_ENABLE = False
    client = member_client(Role.OWNER)
    problems = []
    for template in _numeric_urls(small_map, workspace):
        for value in ODD_NUMBERS:
            url = template.replace("{}", value)
            status = client.get(url).status_code
            if status >= 500:
                problems.append(f"{url[:80]}: {status}")
    assert problems == []


def test_a_post_with_an_odd_version_number_is_refused(member_client, workspace, small_map):
    client = member_client(Role.EDITOR)
    node = small_map.source
    for value in ["²", "9" * 30]:
        response = client.post(
            f"/nodes/{node.pk}/merge/", {"text": "Merged.", "expected_version": value}
        )
        assert response.status_code == 422
    node.refresh_from_db()
    assert node.text != "Merged."


def test_an_impossible_relation_in_the_add_link_is_a_clear_refusal(member_client, small_map):
    client = member_client(Role.EDITOR)
    claim = small_map.source
    response = client.get(f"/maps/{claim.map_id}/nodes/{claim.pk}/add/?relation=answers")
    assert response.status_code == 422
    assert "A claim cannot answer a claim." in response.content.decode()


def _with(document: dict, path: tuple, value) -> dict:
    document = copy.deepcopy(document)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


NUL_PLACES = {
    "node text": ("nodes", 2, "text"),
    "link rationale": ("links", 0, "rationale"),
    "map title": ("map", "title"),
    "anchor prefix": ("nodes", 0, "anchor", "prefix"),
    "article body": ("articles", 0, "body"),
    "article author": ("articles", 0, "author"),
}


def _bad_documents() -> dict[str, bytes]:
    document = sample_document()
    files = {
        f"NUL in the {name}": json.dumps(_with(document, path, "bad\x00text")).encode()
        for name, path in NUL_PLACES.items()
    }
    files["a 5,000-digit integer"] = (
        json.dumps(document).replace('"base_score": 0.75', '"base_score": ' + "7" * 5000).encode()
    )
    files["an anchor naming a missing article"] = json.dumps(
        _with(document, ("nodes", 0, "anchor", "article"), 12345)
    ).encode()
    return files


def _numbered_article_document() -> dict:
    """The sample with its article's id a JSON number, named so by every anchor."""
    document = sample_document()
    document["articles"][0]["id"] = 7
    for node in document["nodes"]:
        for anchor in [node.get("anchor"), *node.get("more_anchors", [])]:
            if anchor:
                anchor["article"] = 7
    return document


@pytest.mark.parametrize("name", sorted(_bad_documents()))
def test_a_bad_import_file_is_a_clear_400_and_writes_nothing(api, workspace, name):
    data = _bad_documents()[name]
    client = api(Role.EDITOR)
    upload = SimpleUploadedFile("map.argmap.json", data, content_type="application/json")
    response = client.post(
        f"/api/workspaces/{workspace.pk}/imports/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400, response.content
    assert response.json()["message"]
    assert not Map.objects.exists() and not Node.objects.exists()


def test_an_article_id_that_is_a_json_number_is_read_like_a_text_id(api, workspace):
    data = json.dumps(_numbered_article_document()).encode()
    upload = SimpleUploadedFile("map.argmap.json", data, content_type="application/json")
    response = api(Role.EDITOR).post(
        f"/api/workspaces/{workspace.pk}/imports/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert Node.objects.exclude(article=None).exists()


def test_a_10_mb_json_body_gets_a_json_answer(api, workspace):
    client = api(Role.EDITOR)
    body = json.dumps({"title": "x", "workspace": workspace.pk, "pad": "x" * 10_000_000})
    response = client.post("/api/maps/", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/json"
    assert "larger than the limit" in response.json()["message"]
    assert not Map.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/search/", {"q": "a\x00b"}),
        ("get", "/maps/{map}/nodes/{node}/more/", {"q": "\x00"}),
        ("post", "/maps/{map}/scenarios/", {"name": "nul\x00name"}),
    ],
)
def test_a_nul_in_a_query_or_form_is_a_clear_400(member_client, small_map, method, path, data):
    client = member_client(Role.EDITOR)
    url = path.format(map=small_map.map_id, node=small_map.source_id)
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Scenario.objects.exists()


def test_a_username_longer_than_any_account_is_refused_before_it_is_recorded(client):
    response = client.post("/api/auth/token/", {"username": "u" * 5000, "password": "x"})
    assert response.status_code == 400
    assert "username" in response.json()["errors"]
