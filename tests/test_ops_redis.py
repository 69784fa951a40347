"""With REDIS_URL set, the cache, the sessions and the rate-limit counters live in Redis,
so every app server shares them. Runs against a real redis-server when one is installed."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REDIS = shutil.which("redis-server")

pytestmark = pytest.mark.skipif(REDIS is None, reason="redis-server is not installed")

PROBE = """
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.test import RequestFactory
from argmap.ops.ratelimit import Rule, exceeded

print(settings.CACHES["default"]["BACKEND"], settings.SESSION_ENGINE)
cache.set("shared", "from one app server")
request = RequestFactory().post("/accounts/login/")
rule = Rule(group="probe", rate="2/m", key="ip", methods=("POST",), path="")
print(cache.get("shared"), [bool(exceeded(request, rule)) for _ in range(3)])
"""


@pytest.fixture
def redis_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _probe(redis_url: str) -> list[str]:
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "argmap.settings"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_cache_sessions_and_rate_limits_are_shared_through_redis(redis_url):
    first = _probe(redis_url)
    assert first[0] == (
        "django.core.cache.backends.redis.RedisCache django.contrib.sessions.backends.cached_db"
    )
    assert first[1] == "from one app server [False, False, True]"
    # A second app server (another process) sees the same cache and the same counters.
    second = _probe(redis_url)
    assert second[1] == "from one app server [True, True, True]"
