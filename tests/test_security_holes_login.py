"""F4, F5 and the lockout's Retry-After: login throttling knows a client by the address the
rate limits use, every login entry point shares one per-address limit, and the page lockout
says how long to wait."""

import pytest
from django.conf import settings as django_settings
from django.test import Client, RequestFactory
from django.urls import reverse

from argmap.ops.ratelimit import UNKNOWN_ADDRESS, client_address
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # the factories' password
PROXY = "10.0.0.1"  # REMOTE_ADDR of every request that comes through the proxy


def _via_proxy(address: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=address)


def _login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_behind_the_proxy_a_lockout_holds_only_for_the_attackers_address(settings):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    settings.RATELIMIT_ENABLE = False  # the per-address request limit is tested below
    victim = UserFactory()
    attacker = _via_proxy("203.0.113.7")
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        _login(attacker, victim.username, "wrong")
    assert _login(attacker, victim.username, PASSWORD).status_code == 429
    assert _login(_via_proxy("198.51.100.2"), victim.username, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": " 2001:db8::1 "}, "2001:db8::1"),
        ({"REMOTE_ADDR": PROXY}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "not an address"}, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_REAL_IP": "1.2.3.4, 5.6.7.8"}, PROXY),
        ({"REMOTE_ADDR": "", "HTTP_X_REAL_IP": ""}, UNKNOWN_ADDRESS),
    ],
)
def test_the_client_address_is_read_from_the_proxys_header(settings, meta, expected):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/")
    request.META.update(meta)
    assert client_address(request) == expected


@pytest.mark.parametrize("header", [None, "", "not an address", "999.1.1.1", "\x00"])
def test_a_missing_or_bad_address_header_is_never_a_server_error(client, settings, header):
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"
    headers = {} if header is None else {"X-Real-IP": header}
    response = client.post(reverse("login"), {"username": "a", "password": "b"}, headers=headers)
    assert response.status_code == 200
    assert client.get("/api/maps/", headers=headers).status_code == 401


def _spray(url: str, data_for) -> list[int]:
    return [Client().post(url, data_for(n)).status_code for n in range(12)]


@pytest.mark.parametrize(
    ("url", "data_for"),
    [
        ("/accounts/login/", lambda n: {"username": f"user{n}", "password": "Summer2025"}),
        ("/admin/login/", lambda n: {"username": f"user{n}", "password": "Summer2025"}),
        ("/api/auth/token/", lambda n: {"username": f"user{n}", "password": "Summer2025"}),
    ],
)
def test_password_spraying_is_limited_at_every_login_entry_point(settings, url, data_for):
    settings.RATE_LIMITS = [
        rule | {"rate": "10/m"} if rule["group"] == "login" else rule
        for rule in settings.RATE_LIMITS
    ]
    statuses = _spray(url, data_for)
    assert 429 not in statuses[:10]
    assert statuses[10:] == [429, 429]


def test_the_login_entry_points_share_one_counter(settings):
    settings.RATE_LIMITS = [
        rule | {"rate": "3/m"} if rule["group"] == "login" else rule
        for rule in settings.RATE_LIMITS
    ]
    client = Client()
    client.post("/accounts/login/", {"username": "a", "password": "b"})
    client.post("/admin/login/", {"username": "b", "password": "b"})
    client.post("/api/auth/token/", {"username": "c", "password": "b"})
    assert client.post("/accounts/login/", {"username": "d", "password": "b"}).status_code == 429


def test_the_page_lockout_says_when_to_come_back(client):
    user = UserFactory()
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        response = _login(client, user.username, "wrong")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == django_settings.AXES_COOLOFF_TIME.total_seconds()
    assert "Too many failed logins" in response.content.decode()
