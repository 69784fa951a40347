import os
import subprocess
import sys

import pytest

from argmap import settings as project_settings

CHECK = [sys.executable, "-c", "import django; django.setup(); print('started')"]


def _start(**env):
    environment = {key: value for key, value in os.environ.items() if key not in env}
    environment.update({key: value for key, value in env.items() if value is not None})
    environment["DJANGO_SETTINGS_MODULE"] = "argmap.settings"
    return subprocess.run(CHECK, capture_output=True, text=True, env=environment, timeout=60)


def test_production_refuses_the_development_secret_key():
    result = _start(DEBUG="0", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_its_own_secret_key():
    result = _start(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="argmap.example")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(("value", "expected"), [("0", False), ("false", False), ("1", True)])
def test_debug_flag_parsing(monkeypatch, value, expected):
    monkeypatch.setenv("ARGMAP_TEST_FLAG", value)
    assert project_settings.env_bool("ARGMAP_TEST_FLAG", not expected) is expected


def test_demo_login_is_development_only():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DEMO_USERNAME)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(
            os.environ, DEBUG="0", SECRET_KEY="y" * 60, DJANGO_SETTINGS_MODULE="argmap.settings"
        ),
    )
    assert result.stdout.strip() == "None", result.stderr
