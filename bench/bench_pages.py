"""The main screen: map page server time (first screen and full tree) and the SVG picture,
through Django's test client, so the whole request path counts (middleware, session,
permission, queries, template)."""

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from argmap.teams.models import Role
from bench.run import timed
from tests.factories import MembershipFactory, big_map


def _client_for(map_obj) -> Client:
    client = Client()
    client.force_login(MembershipFactory(workspace=map_obj.workspace, role=Role.EDITOR).user)
    return client


def _get(client: Client, url: str, **headers) -> None:
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)


def _analyze() -> None:
    """Table statistics, as autovacuum keeps them on a live database: without them the
    planner guesses one row per table and walks the tree through the wrong index."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE maps_node, maps_link")


def run(report) -> None:
    for size in (1_000, 10_000):
        map_obj = big_map(size)
        _analyze()
        client = _client_for(map_obj)
        page = reverse("map_detail", args=[map_obj.pk])
        report(
            f"map page (first screen), {size:,}-node map",
            timed(lambda c=client, u=page: _get(c, u), 15),
            "target < 50 ms",
        )
        report(
            f"map page, full tree (?expand=all), {size:,}-node map",
            timed(lambda c=client, u=page: _get(c, u + "?expand=all"), 7 if size > 1000 else 15),
            "target < 50 ms at 1,000" if size == 1000 else "for comparison",
        )
        if size == 1_000:
            svg = reverse("map_picture_download", args=[map_obj.pk, "svg"])

            def draw(c=client, u=svg):
                cache.clear()  # measure the drawing, not the cache
                _get(c, u)

            report("SVG picture, 1,000-node map (uncached)", timed(draw, 5), "target < 3000 ms")
