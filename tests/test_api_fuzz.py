"""Schema-driven fuzzing of the whole API with schemathesis against the running app:
no 500s, and every response (status, headers, body) matches the OpenAPI schema."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from argmap.discussion.services import comment_create
from argmap.exchange import argmap_json
from argmap.exchange.services import map_import_document
from argmap.maps.models import Node
from argmap.maps.services import node_update
from argmap.maps.services_trash import node_trash
from argmap.reasoning.selectors import Basis
from argmap.reasoning.services import node_rate, scenario_save
from argmap.teams.models import Role
from tests.exchange_samples import sample_document
from tests.factories import MembershipFactory

# What the issue asks: no 500s, and every response matches the schema. (Whether the
# schema describes every rule of a request, such as "no NUL characters in text", is
# not checked: the services refuse such requests with a documented 400.)
RESPONSE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Bounded so that CI stays short; raise it locally to dig deeper.
EXAMPLES_PER_OPERATION = 10


def _openapi() -> dict:
    """The schema exactly as /api/schema/ serves it (drf-spectacular's generator)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def owner_token(transactional_db):
    """An owner of a workspace whose map has a comment, a rating, a scenario, history and
    something in its trash, so that the fuzzed ids also reach real objects."""
    membership = MembershipFactory(role=Role.OWNER)
    map_obj = map_import_document(
        workspace=membership.workspace, document=argmap_json.parse(sample_document())
    )
    claim = Node.objects.filter(map=map_obj, kind="claim").order_by("id").first()
    node_update(node=claim, expected_version=claim.version, text="Changed once.")
    comment_create(node=claim, author=membership.user, body="A comment.")
    node_rate(node=claim, user=membership.user, plausibility=0.7)
    scenario_save(
        map_obj=map_obj,
        name="Without it",
        disabled_nodes=[claim.pk],
        disabled_links=[],
        basis=Basis(),
        user=membership.user,
    )
    node_trash(node=Node.objects.filter(map=map_obj).order_by("-id").first())
    return AuthToken.objects.create(user=membership.user)[1]


schema = schemathesis.openapi.from_dict(_openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, live_server, owner_token):
    case.call_and_validate(
        base_url=live_server.url,
        headers={"Authorization": f"Token {owner_token}"},
        checks=RESPONSE_CHECKS,
    )
