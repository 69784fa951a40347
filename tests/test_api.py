import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from argmap.exchange import argmap_json
from argmap.exchange.services import map_import_document
from argmap.maps.models import Link, Map, Node
from argmap.teams.models import Role
from tests import api_clients
from tests.exchange_samples import KIALO_EXPORT, sample_document
from tests.factories import MembershipFactory, UserFactory, big_map

pytestmark = pytest.mark.django_db
api = api_clients.api  # the fixture: a token-authenticated client per role


@pytest.fixture
def sample_map(workspace):
    return map_import_document(workspace=workspace, document=argmap_json.parse(sample_document()))


def _node(map_obj, text: str) -> Node:
    return Node.objects.get(map=map_obj, text=text)


def test_anonymous_requests_get_401_json():
    response = APIClient().get("/api/workspaces/")
    assert response.status_code == 401
    assert response.json() == {"message": "Authentication credentials were not provided."}


def test_token_from_username_and_password(workspace):
    user = UserFactory(username="ana")
    MembershipFactory(workspace=workspace, user=user, role=Role.VIEWER)
    response = APIClient().post(
        "/api/auth/token/", {"username": "ana", "password": "correct horse battery"}
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    workspaces = client.get("/api/workspaces/").json()
    assert workspaces["count"] == 1
    assert workspaces["results"][0] | {"created_at": None} == {
        "id": workspace.pk,
        "name": workspace.name,
        "slug": workspace.slug,
        "created_at": None,
        "role": "viewer",
    }


def test_session_login_works_too(editor_client, workspace):
    response = editor_client.get(f"/api/workspaces/{workspace.pk}/")
    assert response.status_code == 200 and response.json()["role"] == "editor"


def test_outsiders_get_404_everywhere(sample_map, outsider_client):
    node = sample_map.root
    link = Link.objects.filter(map=sample_map).first()
    for url in (
        f"/api/workspaces/{sample_map.workspace_id}/",
        f"/api/workspaces/{sample_map.workspace_id}/members/",
        f"/api/workspaces/{sample_map.workspace_id}/articles/",
        f"/api/maps/{sample_map.pk}/",
        f"/api/maps/{sample_map.pk}/nodes/",
        f"/api/maps/{sample_map.pk}/links/",
        f"/api/maps/{sample_map.pk}/export/argmap/",
        f"/api/nodes/{node.pk}/",
        f"/api/links/{link.pk}/",
        f"/api/articles/{sample_map.articles.get().pk}/",
    ):
        response = outsider_client.get(url)
        assert response.status_code == 404, url
        assert response.json() == {"message": "Not found."}, url
    assert outsider_client.get("/api/maps/").json()["count"] == 0


def test_members_are_listed_and_only_owners_change_them(api, workspace):
    owner, editor = api(Role.OWNER), api(Role.EDITOR)
    member = MembershipFactory(workspace=workspace, role=Role.VIEWER, user__username="member")
    UserFactory(username="newcomer")
    assert editor.get(f"/api/workspaces/{workspace.pk}/members/").json()["count"] == 3
    body = {"username": "member", "role": "commenter"}
    denied = editor.post(f"/api/workspaces/{workspace.pk}/members/", body, format="json")
    assert denied.status_code == 403
    assert denied.json() == {"message": "Your role (editor) does not allow this."}
    changed = owner.post(f"/api/workspaces/{workspace.pk}/members/", body, format="json")
    assert changed.status_code == 200 and changed.json()["user"] == member.user_id
    member.refresh_from_db()
    assert member.role == Role.COMMENTER
    # Newcomers join through an invitation, never by an owner's say-so alone.
    outsider = owner.post(
        f"/api/workspaces/{workspace.pk}/members/",
        {"username": "newcomer", "role": "viewer"},
        format="json",
    )
    assert outsider.status_code == 400 and "invite them" in outsider.json()["message"] + str(
        outsider.json()["errors"]
    )
    unknown = owner.post(
        f"/api/workspaces/{workspace.pk}/members/",
        {"username": "x", "role": "viewer"},
        format="json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"username": ["No user with this username."]}


def test_article_import_splits_and_makes_a_map(api, workspace):
    client = api(Role.EDITOR)
    text = "Who pays for troops?\n\nEurope will pay. The US will not pay. Will it last?"
    response = client.post(
        f"/api/workspaces/{workspace.pk}/articles/", {"text": text}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    kinds = [sentence["kind"] for sentence in body["article"]["split"]["sentences"]]
    assert kinds == ["claim", "claim", "question"]
    assert body["map"]["title"] == "Who pays for troops?"
    detail = client.get(f"/api/articles/{body['article']['id']}/").json()
    assert detail["split"] == body["article"]["split"] and detail["body"] == text
    listed = client.get(f"/api/workspaces/{workspace.pk}/articles/").json()
    assert [a["id"] for a in listed["results"]] == [body["article"]["id"]]


def test_empty_article_is_a_400_with_a_message(api, workspace):
    response = api(Role.EDITOR).post(
        f"/api/workspaces/{workspace.pk}/articles/", {"text": "   "}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["message"]


def test_viewers_cannot_write(api, sample_map):
    response = api(Role.VIEWER).post(
        f"/api/maps/{sample_map.pk}/nodes/", {"kind": "claim", "text": "x"}, format="json"
    )
    assert response.status_code == 403


def test_maps_are_listed_and_created(api, workspace, sample_map):
    client = api(Role.EDITOR)
    created = client.post(
        "/api/maps/", {"workspace": workspace.pk, "title": "New question?"}, format="json"
    )
    assert created.status_code == 201
    root = client.get(f"/api/nodes/{created.json()['root']}/").json()
    assert root["kind"] == "question" and root["text"] == "New question?"
    listed = client.get(f"/api/maps/?workspace={workspace.pk}").json()
    assert {m["id"] for m in listed["results"]} == {sample_map.pk, created.json()["id"]}
    assert client.get("/api/maps/?workspace=abc").status_code == 400


def test_nodes_filter_by_kind_text_and_author(api, sample_map):
    client = api(Role.EDITOR)
    url = f"/api/maps/{sample_map.pk}/nodes/"
    assert client.get(url).json()["count"] == 7
    questions = client.get(url, {"kind": "question"}).json()["results"]
    assert {n["text"] for n in questions} == {"Who will pay for them?", "Is the poll recent?"}
    assert [n["text"] for n in client.get(url, {"text": "POLL:"}).json()["results"]] == [
        "Poll: 60% of voters agree."
    ]
    mine = client.post(url, {"kind": "claim", "text": "Mine."}, format="json").json()
    by_me = client.get(url, {"author": client.user.pk}).json()["results"]
    assert [n["id"] for n in by_me] == [mine["id"]]


def test_node_list_is_paginated_at_a_fixed_query_count(
    api, workspace, django_assert_max_num_queries
):
    client = api(Role.VIEWER)
    map_obj = big_map(1000, workspace=workspace)
    # token, role, map, count, page, and the whole map's strengths (nodes, links)
    with django_assert_max_num_queries(8):
        page = client.get(f"/api/maps/{map_obj.pk}/nodes/", {"page": 3, "page_size": 200})
    assert page.status_code == 200
    assert page.json()["count"] == 1000 and len(page.json()["results"]) == 200
    strengths = [node["strength"] for node in page.json()["results"]]
    assert all(0 <= strength <= 1 for strength in strengths)  # no question on page 3
    with django_assert_max_num_queries(6):
        client.get(f"/api/maps/{map_obj.pk}/links/", {"page_size": 1000})


def test_create_node_under_a_parent_with_an_anchor(api, sample_map):
    client = api(Role.EDITOR)
    article = sample_map.articles.get()
    parent = _node(sample_map, "Europe will pay.")
    response = client.post(
        f"/api/maps/{sample_map.pk}/nodes/",
        {
            "kind": "evidence",
            "text": "Nobody else will.",
            "parent": parent.pk,
            "relation": "supports",
            "anchor": {"article": article.pk, "start": 59, "end": 76},
            "source_title": "Ministry",
            "source_reliability": "A",
            "information_credibility": 2,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    node = response.json()
    assert node["anchor_exact"] == "Nobody else will." and node["grade"] == "A2"
    assert Link.objects.get(source_id=node["id"]).target == parent


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "claim", "text": "x", "parent": 10**9, "relation": "supports"}, "parent"),
        ({"kind": "claim", "text": "x", "parent": 1}, "relation"),
        ({"kind": "opinion", "text": "x"}, "kind"),
        ({"kind": "claim", "text": "x", "source_reliability": "A"}, "__all__"),
        (
            {"kind": "claim", "text": "x", "anchor": {"article": 10**9, "start": 0, "end": 2}},
            "anchor",
        ),
    ],
)
def test_bad_nodes_get_400_with_field_details(api, sample_map, body, field):
    response = api(Role.EDITOR).post(f"/api/maps/{sample_map.pk}/nodes/", body, format="json")
    assert response.status_code == 400
    assert response.json()["message"]
    assert field in response.json()["errors"], response.json()


def test_a_stale_node_edit_gets_409_with_the_winning_text(api, sample_map):
    first, second = api(Role.EDITOR), api(Role.EDITOR)
    node = _node(sample_map, "Europe will pay.")
    url = f"/api/nodes/{node.pk}/"
    version = first.get(url).json()["version"]
    won = first.patch(url, {"text": "Europe will pay most.", "version": version}, format="json")
    assert won.status_code == 200 and won.json()["version"] == version + 1
    lost = second.patch(url, {"text": "Europe pays.", "version": version}, format="json")
    assert lost.status_code == 409
    assert lost.json()["current"]["text"] == "Europe will pay most."
    assert "changed by someone else" in lost.json()["message"]
    node.refresh_from_db()
    assert node.text == "Europe will pay most."


def test_links_follow_the_graph_rules(api, sample_map):
    client = api(Role.EDITOR)
    url = f"/api/maps/{sample_map.pk}/links/"
    c1, c3 = (
        _node(sample_map, "Europe will pay."),
        _node(sample_map, "-10 is a number, @mention too"),
    )
    question = sample_map.root
    made = client.post(
        url, {"source": c3.pk, "target": c1.pk, "relation": "supports"}, format="json"
    )
    assert made.status_code == 201
    again = client.post(
        url, {"source": c3.pk, "target": c1.pk, "relation": "supports"}, format="json"
    )
    assert again.status_code == 409 and "already linked" in again.json()["message"]
    cycle = client.post(
        url, {"source": question.pk, "target": c3.pk, "relation": "questions"}, format="json"
    )
    assert cycle.status_code == 400 and "cycle" in cycle.json()["message"]
    kinds = client.post(
        url, {"source": c1.pk, "target": c3.pk, "relation": "answers"}, format="json"
    )
    assert kinds.status_code == 400 and kinds.json()["errors"] == {
        "non_field_errors": ["A claim cannot answer a claim."]
    }


def test_link_relation_change_move_and_stale_write(api, sample_map):
    client = api(Role.EDITOR)
    c2 = _node(sample_map, sample_document()["nodes"][2]["text"])
    link = Link.objects.get(source=c2)
    url = f"/api/links/{link.pk}/"
    changed = client.patch(url, {"relation": "supports", "version": link.version}, format="json")
    assert changed.status_code == 200 and changed.json()["relation"] == "supports"
    stale = client.patch(url, {"rationale": "why", "version": link.version}, format="json")
    assert stale.status_code == 409
    moved = client.patch(url, {"target": sample_map.root.pk, "relation": "answers"}, format="json")
    assert moved.status_code == 200 and moved.json()["target"] == sample_map.root.pk


def test_delete_and_restore(api, sample_map):
    client = api(Role.EDITOR)
    c1 = _node(sample_map, "Europe will pay.")
    before = Node.objects.filter(map=sample_map).count()
    deleted = client.delete(f"/api/nodes/{c1.pk}/")
    assert deleted.status_code == 200
    assert Node.objects.filter(map=sample_map).count() < before
    assert client.get(f"/api/nodes/{c1.pk}/").status_code == 404
    restored = client.post(f"/api/maps/{sample_map.pk}/restore/", deleted.json(), format="json")
    assert restored.status_code == 200 and restored.json()["restored"] > 1
    assert Node.objects.filter(map=sample_map).count() == before
    link = Link.objects.filter(map=sample_map).first()
    gone = client.delete(f"/api/links/{link.pk}/").json()
    assert client.post(f"/api/maps/{sample_map.pk}/restore/", gone, format="json").json() == {
        "restored": 1
    }
    again = client.post(f"/api/maps/{sample_map.pk}/restore/", gone, format="json")
    assert again.status_code == 400


@pytest.mark.parametrize("fmt", ["argmap", "aif", "argdown", "graphml", "markdown", "csv", "kialo"])
def test_exports(api, sample_map, fmt):
    response = api(Role.VIEWER).get(f"/api/maps/{sample_map.pk}/export/{fmt}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content


def test_unknown_export_format_is_400(api, sample_map):
    response = api(Role.VIEWER).get(f"/api/maps/{sample_map.pk}/export/pdf/")
    assert response.status_code == 400 and "fmt" in response.json()["errors"]


def test_import_a_file(api, workspace):
    response = api(Role.EDITOR).post(
        f"/api/workspaces/{workspace.pk}/imports/",
        {"file": SimpleUploadedFile("d.txt", KIALO_EXPORT.encode()), "title": "Debate"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["format"] == "kialo" and body["map"]["title"] == "Debate"
    assert "“-> See” references" in body["notes"][0]


def test_import_problems_are_listed_and_nothing_is_written(api, workspace):
    document = sample_document()
    document["links"].append({"source": "c1", "target": "zz", "relation": "supports"})
    response = api(Role.EDITOR).post(
        f"/api/workspaces/{workspace.pk}/imports/",
        {"file": SimpleUploadedFile("m.json", json.dumps(document).encode()), "format": "argmap"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["non_field_errors"] == [
        "links[6]: links unknown node ids “c1” → “zz”."
    ]
    assert not Map.objects.exists()


def test_schema_and_docs_are_served_from_our_own_files(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    assert "/api/maps/{id}/nodes/" in document["paths"]
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs
    assert "<script>" not in docs and "http" not in docs.split("<body>")[0].replace(
        "http-equiv", ""
    )


def test_numbers_too_large_for_the_database_are_400_or_404_never_500(api, sample_map):
    client = api(Role.EDITOR)
    huge = "9" * 25
    assert client.get(f"/api/maps/{huge}/").json() == {"message": "Not found."}
    assert client.get(f"/api/maps/?workspace={huge}").status_code == 400
    assert client.get(f"/api/maps/{sample_map.pk}/nodes/?author={huge}").status_code == 400
    body = {"source": int(huge), "target": sample_map.root_id, "relation": "supports"}
    response = client.post(f"/api/maps/{sample_map.pk}/links/", body, format="json")
    assert response.status_code == 400 and "source" in response.json()["errors"]
    assert client.get("/api/maps/1\n2/").status_code == 404


def test_an_undercut_attacks_a_link_through_the_api(api, sample_map):
    client = api(Role.EDITOR)
    poll = _node(sample_map, "Poll: 60% of voters agree.")
    europe = _node(sample_map, "Europe will pay.")
    attacked = Link.objects.get(source=poll, target=europe)
    unplaced = _node(sample_map, "An unplaced thought\nover two lines.")
    url = f"/api/maps/{sample_map.pk}/links/"
    made = client.post(
        url,
        {"source": unplaced.pk, "relation": "undercuts", "target_link": attacked.pk},
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["relation"], body["target"], body["target_link"]) == (
        "undercuts",
        poll.pk,
        attacked.pk,
    )
    question = client.post(
        url,
        {"source": sample_map.root_id, "relation": "undercuts", "target_link": attacked.pk},
        format="json",
    )
    assert question.status_code == 400 and "question cannot undercut" in question.json()["message"]
    node = client.post(
        f"/api/maps/{sample_map.pk}/nodes/",
        {
            "kind": "claim",
            "text": "Polls before a vote say little.",
            "relation": "undercuts",
            "target_link": attacked.pk,
        },
        format="json",
    )
    assert node.status_code == 201, node.json()
    assert Link.objects.filter(map=sample_map, target_link=attacked).count() == 2
    listed = client.get(url).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert sum(1 for link in rows if link["target_link"] == attacked.pk) == 2
    # Deleting the attacked link takes its undercuts to the trash with it.
    gone = client.delete(f"/api/links/{attacked.pk}/")
    assert gone.status_code == 200
    assert not Link.objects.filter(map=sample_map, target_link=attacked).exists()
