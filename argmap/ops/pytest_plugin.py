"""Loaded by pytest (``-p argmap.ops.pytest_plugin`` in pyproject.toml): every test starts
with empty rate-limit counters, so limits counted by earlier tests (all from 127.0.0.1)
never leak into later ones."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters():
    yield
    from django.conf import settings
    from django.core.cache import caches

    if settings.configured:
        caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")].clear()
