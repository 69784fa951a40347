import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import include, path, reverse

from argmap.ops.ratelimit import rate_limit, rules

pytestmark = pytest.mark.django_db

urlpatterns = [
    path("api/ping/", lambda request: HttpResponse("pong")),
    path("", include("argmap.urls")),
]


def test_logins_are_limited_per_address_with_a_clear_429(client, settings):
    settings.RATE_LIMITS = [
        rule | {"rate": "3/m"} if rule["group"] == "login" else rule
        for rule in settings.RATE_LIMITS
    ]
    url = reverse("login")
    for _ in range(3):
        assert client.post(url, {"username": "a", "password": "wrong"}).status_code == 200
    response = client.post(url, {"username": "a", "password": "wrong"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert "Too many requests" in response.content.decode()
    assert client.get(url).status_code == 200  # reading the form is not counted
    other = type(client)(REMOTE_ADDR="10.1.2.3")
    assert other.post(url, {"username": "a", "password": "wrong"}).status_code == 200


@pytest.mark.urls("tests.test_ops_ratelimit")
def test_api_paths_answer_429_as_json(client, settings):
    settings.RATE_LIMITS = [
        {"group": "api", "path": r"^/api/", "methods": ["GET"], "rate": "2/m", "key": "ip"}
    ]
    statuses = [client.get("/api/ping/").status_code for _ in range(2)]
    assert 429 not in statuses
    response = client.get("/api/ping/")
    assert response.status_code == 429
    assert "Too many requests" in json.loads(response.content)["message"]


def test_limits_can_be_switched_off(client, settings):
    settings.RATELIMIT_ENABLE = False
    settings.RATE_LIMITS = [
        {"group": "login", "path": r"^/accounts/login/", "methods": ["POST"], "rate": "1/m"}
    ]
    for _ in range(3):
        assert client.post(reverse("login"), {"username": "a"}).status_code == 200


def test_the_decorator_limits_one_view(rf: RequestFactory):
    @rate_limit("test-invite", "2/h", key="ip", methods=["POST"])
    def invite(request):
        return HttpResponse("sent")

    assert [invite(rf.post("/x")).status_code for _ in range(2)] == [200, 200]
    assert invite(rf.get("/x")).status_code == 200
    assert invite(rf.post("/x")).status_code == 429


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/accounts/login/", "login"),
        ("/accounts/signup/", "signup"),
        ("/accounts/password_reset/", "password-reset"),
        ("/workspaces/team/invitations/", "invitation"),
        ("/invitations/abc/accept/", "invitation"),
        ("/api/maps/1/nodes/", "api"),
    ],
)
def test_the_default_rules_cover_login_signup_invitations_and_the_api(rf, path, group):
    matching = [rule.group for rule in rules() if rule.applies_to(rf.post(path))]
    assert matching == [group]


def test_the_login_url_of_the_urlconf_is_covered(rf):
    assert any(rule.applies_to(rf.post(reverse("login"))) for rule in rules())


def test_counters_used_up_by_one_test(client, settings):
    settings.RATE_LIMITS = [
        {"group": "login", "path": r"^/accounts/login/", "methods": ["POST"], "rate": "1/m"}
    ]
    client.post(reverse("login"), {"username": "a"})
    assert client.post(reverse("login"), {"username": "a"}).status_code == 429


def test_do_not_leak_into_the_next_one(client, settings):
    """Runs after the test above: the pytest plugin in argmap.ops empties the counters."""
    settings.RATE_LIMITS = [
        {"group": "login", "path": r"^/accounts/login/", "methods": ["POST"], "rate": "1/m"}
    ]
    assert client.post(reverse("login"), {"username": "a"}).status_code == 200
