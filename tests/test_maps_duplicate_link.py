import pytest
from django.core.exceptions import ValidationError

from argmap.maps import services
from argmap.maps.models import Link
from tests.factories import LinkFactory

pytestmark = pytest.mark.django_db


def test_a_twin_that_slipped_past_validation_is_a_validation_error(monkeypatch):
    """What a concurrent twin looks like to the loser: its checks passed, then the
    database's partial unique index refused the insert. (The real race runs on
    PostgreSQL in test_concurrency_editing.)"""
    existing = LinkFactory(relation="supports")
    monkeypatch.setattr(services, "link_validate", lambda **kwargs: None)
    with pytest.raises(ValidationError, match="already linked"):
        services.link_create(source=existing.source, target=existing.target, relation="opposes")
    assert Link.objects.filter(source=existing.source, target=existing.target).count() == 1
    # The caller's transaction is still usable after the refusal.
    assert Link.objects.count() == 1
