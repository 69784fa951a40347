"""The Django side of the load test: ``seed`` builds the data and writes the plan the
locust users follow; ``verify`` compares the database with the log of acknowledged edits.

    python -m bench.load.app seed PLAN.json
    python -m bench.load.app verify PLAN.json EDITS.jsonl RESULT.json

Both run with the load test's environment (production settings, its PostgreSQL database).
"""

import json
import os
import sys
from collections import defaultdict

import django

PASSWORD = "load-test-password-4711"
USERS = 20
EDIT_NODES_PER_USER = 5
BIG_MAP_NODES = 1000
# A map large enough that its picture is drawn by a job (PICTURE_DIRECT_MAX_NODES: 1,000).
PICTURE_MAP_NODES = int(os.environ.get("LOAD_PICTURE_NODES", "3000"))
PLACEHOLDER_MAP, PLACEHOLDER_NODE = 918273645, 546372819


def _url(name: str, *args) -> str | None:
    """A URL template with {map} and {node} placeholders, or None if the project has no
    such view (yet)."""
    from django.urls import NoReverseMatch, reverse

    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return url.replace(str(PLACEHOLDER_MAP), "{map}").replace(str(PLACEHOLDER_NODE), "{node}")


def _export_urls() -> list[str]:
    try:
        from argmap.exchange.formats import EXPORT_FORMATS
    except ImportError:
        return []
    # LOAD_EXPORT_FORMATS=argmap,aif,... narrows the mix (default: every export format).
    wanted = [name for name in os.environ.get("LOAD_EXPORT_FORMATS", "").split(",") if name]
    names = [name for name in EXPORT_FORMATS if not wanted or name in wanted]
    urls = [_url("map_export_file", PLACEHOLDER_MAP, name) for name in names]
    return [url for url in urls if url]


def seed(plan_path: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from argmap.maps.models import Node
    from argmap.teams.models import Membership, Role, Workspace
    from tests.factories import big_map

    call_command("flush", interactive=False, verbosity=0)
    workspace = Workspace.objects.create(name="Load test", slug="load-test")
    big = big_map(BIG_MAP_NODES, workspace=workspace)
    picture_map = big_map(PICTURE_MAP_NODES, workspace=workspace) if PICTURE_MAP_NODES else None
    claims = list(
        Node.objects.filter(map=big, kind="claim").order_by("id").values_list("id", flat=True)
    )
    with_children = sorted(set(big.links.values_list("target_id", flat=True)) - {big.root_id})[:200]
    users = []
    for index in range(USERS):
        user = get_user_model().objects.create_user(f"load{index}", password=PASSWORD)
        Membership.objects.create(workspace=workspace, user=user, role=Role.EDITOR)
        first = index * EDIT_NODES_PER_USER
        users.append(
            {
                "username": user.username,
                "password": PASSWORD,
                "edit_nodes": claims[first : first + EDIT_NODES_PER_USER],
            }
        )
    plan = {
        "map": big.pk,
        "picture_map": picture_map.pk if picture_map else None,
        "root": big.root_id,
        "subtree_nodes": with_children,
        "users": users,
        "urls": {
            "login": _url("login"),
            "map": _url("map_detail", PLACEHOLDER_MAP),
            "subtree": _url("node_subtree", PLACEHOLDER_MAP, PLACEHOLDER_NODE),
            "edit": _url("node_edit", PLACEHOLDER_MAP, PLACEHOLDER_NODE),
            "exports": _export_urls(),
            "picture": _url("map_export_file", PLACEHOLDER_MAP, "svg"),
        },
    }
    with open(plan_path, "w") as stream:
        json.dump(plan, stream, indent=1)


def _allowed_texts(attempts: list[dict]) -> tuple[str | None, set[str]]:
    """The text the node must hold: the last acknowledged edit's, or that of a later edit
    whose outcome is unknown (its response was lost, so it may have committed)."""
    attempts = sorted(attempts, key=lambda attempt: attempt["seq"])
    acknowledged = [index for index, attempt in enumerate(attempts) if attempt["ack"]]
    if not acknowledged:
        return None, set()
    last = acknowledged[-1]
    unknown = {
        attempt["text"]
        for attempt in attempts[last + 1 :]
        if attempt["status"] == 0 or attempt["status"] >= 500
    }
    return attempts[last]["text"], {attempts[last]["text"]} | unknown


def verify(plan_path: str, edits_path: str, result_path: str) -> None:
    from argmap.maps.models import Node

    with open(plan_path) as stream:
        plan = json.load(stream)
    attempts_by_node = defaultdict(list)
    with open(edits_path) as stream:
        for line in stream:
            if line.strip():
                attempt = json.loads(line)
                attempts_by_node[attempt["node"]].append(attempt)
    lost, unknown_committed, half_written = [], 0, []
    acknowledged = sum(attempt["ack"] for items in attempts_by_node.values() for attempt in items)
    nodes = Node.all_objects.filter(map_id=plan["map"])
    history = Node.history.model.objects.filter(map_id=plan["map"]).order_by("history_id")
    latest_history, changes = {}, defaultdict(int)
    for row in history.values("id", "text", "history_type"):
        latest_history[row["id"]] = row["text"]
        changes[row["id"]] += row["history_type"] == "~"
    for node in nodes.only("id", "text", "version"):
        # The row and its history are written in one transaction: they must agree.
        if latest_history.get(node.id) != node.text or changes[node.id] != node.version - 1:
            half_written.append(node.id)
        last_acked, allowed = _allowed_texts(attempts_by_node.get(node.id, []))
        if last_acked is None:
            continue
        if node.text not in allowed:
            lost.append({"node": node.id, "expected": last_acked, "found": node.text})
        elif node.text != last_acked:
            unknown_committed += 1
    result = {
        "edit_attempts": sum(len(items) for items in attempts_by_node.values()),
        "acknowledged_edits": acknowledged,
        "nodes_edited": len(attempts_by_node),
        "acknowledged_edits_lost": len(lost),
        "lost": lost[:20],
        "unacknowledged_edits_found_committed": unknown_committed,
        "half_written_nodes": half_written[:20],
        "half_written_count": len(half_written),
    }
    with open(result_path, "w") as stream:
        json.dump(result, stream, indent=1)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    django.setup()
    command, *arguments = sys.argv[1:]
    {"seed": seed, "verify": verify}[command](*arguments)
