"""The ``api`` fixture of the API tests: a token-authenticated client per role."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from argmap.teams.models import Role
from tests.factories import MembershipFactory


@pytest.fixture
def api(workspace):
    """An API client logged in (by token) with the role the test chooses."""

    def as_role(role: str = Role.EDITOR) -> APIClient:
        membership = MembershipFactory(workspace=workspace, role=role)
        _, token = AuthToken.objects.create(user=membership.user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        client.user = membership.user
        return client

    return as_role
