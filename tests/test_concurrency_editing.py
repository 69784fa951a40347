"""Two people editing at once, each on a real database connection of its own.

Runs on PostgreSQL only: SQLite serialises every writer on one file lock, so it cannot
show two transactions overlapping. CI runs the suite on PostgreSQL too.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from argmap.maps.models import Link, Node
from argmap.maps.services import StaleEdit, link_create, map_create, node_create, node_update
from argmap.teams.models import Role
from tests.factories import MembershipFactory, WorkspaceFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite cannot run two write transactions at once",
    ),
]


def run_together(*jobs):
    """Run each job on its own thread (so its own connection); return result or exception."""
    results = [None] * len(jobs)

    def worker(index, job):
        try:
            results[index] = job()
        except Exception as error:  # the test inspects what each side got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


@pytest.fixture
def claim():
    workspace = WorkspaceFactory()
    map_obj = map_create(workspace=workspace, title="Who pays?", root_kind="question")
    return node_create(
        map_obj=map_obj, kind="claim", text="Europe pays.", parent=map_obj.root, relation="answers"
    )


def _edit(node_id: int, version: int, text: str, start: threading.Barrier):
    def job():
        node = Node.objects.get(pk=node_id)
        start.wait()
        return node_update(node=node, expected_version=version, text=text)

    return job


def test_two_edits_from_the_same_version_one_wins(claim):
    start = threading.Barrier(2)
    results = run_together(
        _edit(claim.pk, claim.version, "Europe pays half.", start),
        _edit(claim.pk, claim.version, "The US pays.", start),
    )
    winners = [result for result in results if isinstance(result, Node)]
    losers = [result for result in results if isinstance(result, StaleEdit)]
    assert len(winners) == 1 and len(losers) == 1, results
    claim.refresh_from_db()
    assert claim.text == winners[0].text and claim.version == 2
    assert losers[0].current.text == winners[0].text  # what the conflict page shows
    history = list(claim.history.order_by("history_id").values_list("text", flat=True))
    assert history == ["Europe pays.", winners[0].text]


def test_an_edit_waits_for_an_open_transaction_and_then_is_refused(claim):
    """The lost update of READ COMMITTED: B reads version 1 while A's change to it is not
    committed yet. A's row lock makes B's conditional UPDATE wait, then match nothing."""
    claimed, seen = threading.Event(), claim.version

    def first():
        with transaction.atomic():
            node = node_update(node=Node.objects.get(pk=claim.pk), expected_version=seen, text="A")
            claimed.set()
            time.sleep(0.5)  # B is now blocked on this row
        return node

    def second():
        node = Node.objects.get(pk=claim.pk)  # still reads version 1: A has not committed
        claimed.wait(5)
        assert node.version == seen
        return node_update(node=node, expected_version=seen, text="B")

    a, b = run_together(first, second)
    assert isinstance(a, Node) and isinstance(b, StaleEdit)
    claim.refresh_from_db()
    assert claim.text == "A"


def test_two_saves_over_http_one_gets_409(claim):
    workspace = claim.map.workspace
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(MembershipFactory(workspace=workspace, role=Role.EDITOR).user)
        clients.append(client)
    url = reverse("node_merge", args=[claim.pk])
    start = threading.Barrier(2)

    def save(client, text):
        def job():
            start.wait()
            return client.post(url, {"text": text, "expected_version": claim.version})

        return job

    responses = run_together(
        save(clients[0], "Europe pays half."), save(clients[1], "The US pays.")
    )
    assert sorted(response.status_code for response in responses) == [302, 409]
    loser = next(response for response in responses if response.status_code == 409)
    claim.refresh_from_db()
    assert claim.text in loser.content.decode()  # the winner's text, beside the loser's own
    history = set(claim.history.values_list("text", flat=True))
    assert claim.text in history
    assert {"Europe pays half.", "The US pays."} - history != set()  # the loser's was not saved
    assert claim.history.filter(history_user__isnull=False).count() == 1


def test_two_links_of_the_same_pair_at_once_make_one_link(claim):
    target = claim.map.root
    source = node_create(map_obj=claim.map, kind="claim", text="Germany pays.")
    linked = threading.Event()

    def first():
        with transaction.atomic():
            link = link_create(
                source=Node.objects.get(pk=source.pk),
                target=Node.objects.get(pk=target.pk),
                relation="answers",
            )
            linked.set()
            time.sleep(0.5)  # the second insert now waits on the unique index
        return link

    def second():
        linked.wait(5)
        # Both checks pass: the first link is not committed, so link_validate cannot see it.
        return link_create(
            source=Node.objects.get(pk=source.pk),
            target=Node.objects.get(pk=target.pk),
            relation="answers",
        )

    made, refused = run_together(first, second)
    assert isinstance(made, Link)
    assert isinstance(refused, ValidationError), refused
    assert refused.messages == ["These two nodes are already linked."]
    assert Link.objects.filter(source=source, target=target).count() == 1


def test_racing_link_creations_never_duplicate(claim):
    target = claim.map.root
    source = node_create(map_obj=claim.map, kind="claim", text="Poland pays.")
    start = threading.Barrier(4)

    def attempt():
        start.wait()
        return link_create(
            source=Node.objects.get(pk=source.pk),
            target=Node.objects.get(pk=target.pk),
            relation="answers",
        )

    results = run_together(attempt, attempt, attempt, attempt)
    assert sum(isinstance(result, Link) for result in results) == 1
    assert all(isinstance(r, (Link, ValidationError)) for r in results), results
    assert Link.objects.filter(source=source, target=target).count() == 1


def test_two_links_of_the_same_pair_over_the_api_one_gets_409(claim):
    target = claim.map.root
    source = node_create(map_obj=claim.map, kind="claim", text="Italy pays.")
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(MembershipFactory(workspace=claim.map.workspace, role=Role.EDITOR).user)
        clients.append(client)
    url = f"/api/maps/{claim.map_id}/links/"
    body = {"source": source.pk, "target": target.pk, "relation": "answers"}
    start = threading.Barrier(2)

    def link(client):
        def job():
            start.wait()
            return client.post(url, body, content_type="application/json")

        return job

    responses = run_together(link(clients[0]), link(clients[1]))
    assert sorted(response.status_code for response in responses) == [201, 409], responses
    loser = next(response for response in responses if response.status_code == 409)
    assert loser.json()["message"] == "These two nodes are already linked."
    assert Link.objects.filter(source=source, target=target).count() == 1
