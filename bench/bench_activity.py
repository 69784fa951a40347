"""Teamwork reads: the "changed since" poll every open map page makes every few seconds,
and the activity, history and trash pages, on a 10,000-node map with a long history."""

from django.test import Client
from django.urls import reverse

from argmap.discussion.services import comment_create
from argmap.maps.models import Node
from argmap.maps.services import node_update
from argmap.maps.services_trash import node_trash
from argmap.teams.models import Role
from bench.run import timed
from tests.factories import MembershipFactory, big_map


def run(report) -> None:
    map_obj = big_map(10_000)
    user = MembershipFactory(workspace=map_obj.workspace, role=Role.EDITOR).user
    nodes = list(Node.objects.filter(map=map_obj).exclude(pk=map_obj.root_id)[:200])
    for index, node in enumerate(nodes[:100]):
        node_update(node=node, text=f"{node.text} (revised {index})")
        comment_create(node=node, author=user, body=f"Comment {index}")
    busy = nodes[0]
    for index in range(200):
        node_update(node=busy, text=f"Version {index} of a busy node.")
    for node in nodes[150:200]:
        node_trash(node=Node.objects.get(pk=node.pk))

    client = Client()
    client.force_login(user)
    changes = reverse("map_changes", args=[map_obj.pk])
    revision = client.get(changes).content.decode().split("since=")[1].split('"')[0]
    assert client.get(changes, {"since": revision}).status_code == 204
    note = "10,000 nodes, ~20,500 history rows"
    report(
        "changed-since poll, nothing new (204)",
        timed(lambda: client.get(changes, {"since": revision}), 50),
        f"{note}; target < 5 ms",
    )
    for name, args, params in [
        ("map_activity", [map_obj.pk], {}),
        ("map_activity", [map_obj.pk], {"page": 400}),
        ("node_history", [busy.pk], {}),
        ("map_trash", [map_obj.pk], {}),
    ]:
        url = reverse(name, args=args)
        label = f"{name} page {params.get('page', 1)}"
        report(
            label, timed(lambda u=url, p=params: client.get(u, p), 15), f"{note}; target < 50 ms"
        )
