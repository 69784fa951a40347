import json
import logging

import pytest
from django.urls import reverse

from argmap.ops.logs import JsonFormatter
from argmap.teams.models import Role
from tests.factories import MapFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_lines(caplog):
    def lines():
        return [
            json.loads(JsonFormatter().format(record))
            for record in caplog.records
            if record.name == "argmap.requests"
        ]

    caplog.set_level(logging.INFO, logger="argmap.requests")
    return lines


def test_one_json_line_per_request_with_user_workspace_status_and_duration(
    member_client, workspace, request_lines
):
    client = member_client(Role.VIEWER)
    map_obj = MapFactory(workspace=workspace)
    client.get(reverse("map_detail", args=[map_obj.pk]))
    [line] = request_lines()
    assert line["method"] == "GET"
    assert line["path"] == f"/maps/{map_obj.pk}/"
    assert line["status"] == 200
    assert line["user"] == client.user.pk
    assert line["username"] == client.user.username
    assert line["workspace"] == workspace.pk
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"


def test_outsiders_and_anonymous_requests_are_logged_too(
    client, outsider_client, workspace, request_lines
):
    map_obj = MapFactory(workspace=workspace)
    outsider_client.get(reverse("map_detail", args=[map_obj.pk]))
    outsider_client.logout()
    client.get("/healthz")
    first, second = request_lines()
    assert first["status"] == 404
    assert first["workspace"] == workspace.pk
    assert second == second | {"status": 200, "user": None, "workspace": None}


def test_server_errors_are_logged_as_errors(client, request_lines, settings, monkeypatch):
    from argmap.ops import views

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.connection, "cursor", broken)
    client.raise_request_exception = False
    response = client.get("/healthz")
    assert response.status_code == 500
    [line] = request_lines()
    assert line["status"] == 500
    assert line["level"] == "ERROR"
