import uuid

import pytest

from argmap.teams.models import Role
from tests.factories import (
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NodeFactory,
    UserFactory,
    WorkspaceFactory,
)


def pytest_configure(config):
    """Browser tests: on in-memory SQLite the live server answers one request at a time
    (tests/live_server.py says why; on PostgreSQL nothing changes), and a web-first check
    (``expect``) waits as long as the pages' own actions do (8 s, Playwright's default is 5)
    on a busy machine."""
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import expect

    expect.set_options(timeout=8_000)

    from tests.live_server import OneRequestAtATimeOnASharedConnection

    LiveServerThread.server_class = OneRequestAtATimeOnASharedConnection


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a flag left by another test (a pending
    @mention of a user with the same id, a rate-limit count) would change its queries."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def workspace(db):
    return WorkspaceFactory()


@pytest.fixture
def member_client(client, workspace):
    """A logged-in client whose role in ``workspace`` is chosen by the test."""

    def login_as(role: str = Role.EDITOR):
        membership = MembershipFactory(workspace=workspace, role=role)
        client.force_login(membership.user)
        client.user = membership.user
        return client

    return login_as


@pytest.fixture
def editor_client(member_client):
    return member_client(Role.EDITOR)


@pytest.fixture
def outsider_client(client, db):
    client.force_login(UserFactory())
    return client


@pytest.fixture
def two_workspaces(db):
    """``theirs`` holds one of everything; ``mine`` holds nothing but my membership, so no
    id of theirs can name anything I may see."""
    theirs = MembershipFactory(role=Role.OWNER).workspace
    article = ArticleFactory(workspace=theirs)
    link = LinkFactory(source=NodeFactory(map__workspace=theirs, article=article))
    link.source.map.articles.add(article)
    trashed = NodeFactory(map=link.map, deletion_id=uuid.uuid4())
    trashed.deleted_at = trashed.created_at
    trashed.save()
    mine = MembershipFactory(role=Role.OWNER, user__username="me")
    return mine, theirs
