import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from argmap.teams.models import Role
from tests.factories import MapFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-secret-for-the-deploy-check-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "argmap.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
}


def _production_env() -> dict[str, str]:
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by browser tests in this process
    return env


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_pages_carry_a_strict_content_security_policy(member_client, workspace):
    client = member_client(Role.VIEWER)
    map_obj = MapFactory(workspace=workspace)
    response = client.get(reverse("map_detail", args=[map_obj.pk]))
    policy = _csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    # htmx would otherwise insert an inline <style>, which the policy blocks.
    assert '"includeIndicatorStyles": false' in response.content.decode()


def test_error_and_json_responses_carry_the_headers_too(client):
    for response in (client.get("/no/such/page/"), client.get("/healthz")):
        assert "Content-Security-Policy" in response
        assert response["X-Frame-Options"] == "DENY"


def test_hsts_and_secure_cookies_when_https_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"]


def test_production_settings_pass_the_deploy_check():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on...= handler"),
    (re.compile(r"\shx-on", re.I), "hx-on attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _template_files():
    folders = [Path(folder) for folder in django_settings.TEMPLATES[0]["DIRS"]]
    folders += list((ROOT / "argmap").glob("*/templates"))
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->", re.S)


def test_no_template_has_inline_code_the_policy_would_block():
    problems = [
        f"{path.relative_to(ROOT)}: {label}"
        for path in _template_files()
        for pattern, label in INLINE_CODE
        if pattern.search(COMMENTS.sub("", path.read_text()))
    ]
    assert _template_files()
    assert problems == []
