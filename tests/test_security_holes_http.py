"""Production settings, run in a fresh process: the redirect to https carries the security
headers, and a proxy's client-address header that is missing or not an address is never a
server error (F9, small ones)."""

import json
import os
import subprocess
import sys

import pytest

SCRIPT = """
import json, sys, django
django.setup()
from django.test import Client
path, headers = sys.argv[1], json.loads(sys.argv[2])
response = Client().get(path, headers=headers)
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


def _get(path: str, headers: dict | None = None, **env) -> dict:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "argmap.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, path, json.dumps(headers or {})],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        cwd=os.getcwd(),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_redirect_to_https_carries_the_security_headers():
    answer = _get("/accounts/login/", HTTPS_ONLY="1")
    assert answer["status"] == 301
    headers = answer["headers"]
    assert headers["Location"] == "https://testserver/accounts/login/"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("header", [None, "not an address", "1.2.3.4, 5.6.7.8"])
def test_a_bad_or_missing_client_address_header_is_not_a_server_error(header):
    headers = {} if header is None else {"X-Real-IP": header}
    answer = _get("/api/maps/", headers, HTTPS_ONLY="0", RATELIMIT_IP_META_KEY="HTTP_X_REAL_IP")
    assert answer["status"] == 401
