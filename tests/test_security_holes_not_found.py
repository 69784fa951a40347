"""F1: every "not found" answers the same bytes, in pages and in the API, whether the id
never existed, belongs to another workspace, or names a node in the trash: an outsider
cannot tell which ids exist."""

import re
import uuid

import pytest

from argmap.maps.models import Node
from tests.test_security_urls import (
    _their_values,
    always_logged_in,
    fill,
    object_routes,
)

pytestmark = pytest.mark.django_db

MISSING = {"int": 10**12, "str": "no-such", "slug": "no-such", "path": "no-such"}
# Each page carries a fresh CSRF token; everything else must be the same bytes.
CSRF = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')


def _answer(client, method: str, url: str) -> tuple[int, bytes]:
    response = getattr(client, method)(url)
    return response.status_code, CSRF.sub(rb"\1", response.content)


def test_an_id_of_another_workspace_answers_like_a_missing_one_everywhere(
    client, two_workspaces, settings
):
    settings.RATELIMIT_ENABLE = False
    mine, theirs = two_workspaces
    client = always_logged_in(client, mine.user)
    missing = MISSING | {"uuid": uuid.uuid4()}
    problems = []
    for route in object_routes():
        for values in _their_values(mine, theirs):
            for method in ("get", "post", "delete"):
                theirs_answer = _answer(client, method, fill(route, values))
                missing_answer = _answer(client, method, fill(route, missing))
                if theirs_answer[0] == 404 and theirs_answer != missing_answer:
                    problems.append(f"{method.upper()} {fill(route, values)} ({route})")
    assert problems == []


def test_the_api_says_not_found_alike_for_each_kind_of_object(client, two_workspaces):
    mine, theirs = two_workspaces
    client.force_login(mine.user)
    node = Node.objects.filter(map__workspace=theirs).first()
    trashed = Node.all_objects.filter(map__workspace=theirs).exclude(deletion_id=None).get()
    urls = [
        f"/api/nodes/{node.pk}/",
        f"/api/workspaces/{theirs.pk}/",
        f"/api/maps/{node.map_id}/",
        f"/api/nodes/{trashed.pk}/history/",
    ]
    answers = {client.get(url).content for url in urls}
    answers |= {client.get(f"/api/nodes/{10**12}/").content}
    assert answers == {b'{"message":"Not found."}'}
