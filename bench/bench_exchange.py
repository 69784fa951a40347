"""Exchange: export of a 10,000-node map in every format and import of it back, beside
the floor (the same rows fetched with a raw cursor and dumped as JSON), peak memory of
each, and the API's node list at a fixed query count.

Targets (issue 6): argmap JSON and AIF export < 200 ms; Argdown, GraphML, Markdown and
CSV < 500 ms; import of each < 2 s; peak memory < 200 MB.
"""

import json
import os
import statistics
import time
import tracemalloc

from django.db import connection
from django.test import Client

from argmap.exchange.formats import EXPORT_FORMATS, IMPORT_FORMATS
from argmap.exchange.services import map_export, map_import
from argmap.teams.models import Role
from argmap.teams.services import membership_set
from bench.bench_core import raw_rows
from bench.run import timed
from tests.factories import UserFactory, big_map

SIZE = 10_000
EXPORT_TARGET_MS = {"argmap": 200, "aif": 200}
IMPORT_TARGET_MS = 2000
MEMORY_TARGET_MB = 200


def _floor(map_id: int) -> str:
    """The rows any export must read, fetched with a raw cursor and dumped as JSON."""
    nodes, links = raw_rows(map_id)
    return json.dumps({"nodes": nodes, "links": links}, default=str)


def _peak_mb(function) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _backend_cpu() -> float | None:
    """CPU seconds the database server process of this connection has used so far, read
    from /proc (None if the server is not on this machine or not readable)."""
    connection.ensure_connection()
    pid = getattr(getattr(connection.connection, "info", None), "backend_pid", None)
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _import_timings(workspace, data: bytes, fmt: str, runs: int) -> tuple[list[float], str]:
    """Seconds of committed imports (foreign keys are checked at commit, so a rolled
    back import would not pay for them), and the median CPU time they took in this
    process and in the database server: on a shared machine the wall time follows the
    load, the CPU time much less. Each new map is deleted again, untimed."""
    seconds, here, server = [], [], []
    for run in range(runs + 1):  # the first is a warm-up
        backend, cpu, start = _backend_cpu(), time.process_time(), time.perf_counter()
        result = map_import(workspace=workspace, data=data, fmt=fmt)
        if run:
            seconds.append(time.perf_counter() - start)
            here.append(time.process_time() - cpu)
            after = _backend_cpu()
            if backend is not None and after is not None:
                server.append(after - backend)
        _delete(result.map)
    cpu = f"cpu {statistics.median(here) * 1000:.0f} ms here"
    if server:
        cpu += f" + {statistics.median(server) * 1000:.0f} ms in PostgreSQL"
    return seconds, cpu


def _delete(map_obj) -> None:
    """Remove an imported map and its history with plain SQL: the ORM's delete would
    write a history row per deleted row, one query each."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE maps_map SET root_id = NULL WHERE id = %s", [map_obj.pk])
        # Rows other apps keep per node or link (search documents, anchors, ratings...).
        cursor.execute(
            """
            SELECT src.relname, att.attname, dst.relname
            FROM pg_constraint con
            JOIN pg_class src ON src.oid = con.conrelid
            JOIN pg_class dst ON dst.oid = con.confrelid
            JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
            WHERE con.contype = 'f' AND dst.relname IN ('maps_node', 'maps_link')
              AND src.relname NOT IN ('maps_node', 'maps_link', 'maps_map')
            """
        )
        for table, column, target in cursor.fetchall():
            cursor.execute(
                f'DELETE FROM "{table}" WHERE "{column}" IN '
                f"(SELECT id FROM {target} WHERE map_id = %s)",
                [map_obj.pk],
            )
        for table in ("maps_link", "maps_historicallink", "maps_node", "maps_historicalnode"):
            cursor.execute(f"DELETE FROM {table} WHERE map_id = %s", [map_obj.pk])
        cursor.execute("DELETE FROM maps_map_articles WHERE map_id = %s", [map_obj.pk])
        cursor.execute("DELETE FROM maps_historicalmap WHERE id = %s", [map_obj.pk])
        cursor.execute("DELETE FROM maps_map WHERE id = %s", [map_obj.pk])


def _import_peak_mb(workspace, data: bytes, fmt: str) -> float:
    imported = []
    peak = _peak_mb(lambda: imported.append(map_import(workspace=workspace, data=data, fmt=fmt)))
    _delete(imported[0].map)
    return peak


def run(report) -> None:
    map_obj = big_map(SIZE)
    workspace = map_obj.workspace
    floor = report(
        f"exchange floor: raw cursor + json.dumps, {SIZE:,} nodes",
        timed(lambda: _floor(map_obj.pk), 10),
    )
    files = {}
    for fmt, spec in EXPORT_FORMATS.items():
        if spec.picture:
            continue  # Graphviz lays out 10,000 nodes in minutes; pictures are for people
        seconds = timed(lambda f=fmt: map_export(map_obj, f), 5)
        files[fmt] = map_export(map_obj, fmt).content
        peak = _peak_mb(lambda f=fmt: map_export(map_obj, f))
        target = EXPORT_TARGET_MS.get(fmt, 500)
        median = report(
            f"export {fmt}, {SIZE:,} nodes",
            seconds,
            f"{len(files[fmt]) / 2**20:.1f} MB file, peak {peak:.0f} MB; target < {target} ms",
        )
        print(f"{'':<58} ratio to floor {median / floor:.1f}x")
    # Importable formats: our own exports, and Argdown JSON as `argdown json` writes it
    # (built here from the statements and relations of the Argdown export).
    files["argdown-json"] = json.dumps(_argdown_json(json.loads(files["argmap"]))).encode()
    for fmt in IMPORT_FORMATS:
        if fmt not in files:
            continue  # xAIF is AIF inside an envelope: the AIF row covers it
        seconds, cpu = _import_timings(workspace, files[fmt], fmt, 5)
        peak = _import_peak_mb(workspace, files[fmt], fmt)
        report(
            f"import {fmt}, {SIZE:,} nodes",
            seconds,
            f"{cpu}, peak {peak:.0f} MB, load {os.getloadavg()[0]:.1f};"
            f" target < {IMPORT_TARGET_MS} ms, < {MEMORY_TARGET_MB} MB",
        )
    _api_node_list(report, map_obj)


def _argdown_json(document: dict) -> dict:
    """The shape `argdown json` gives a map: statements by title, relations between them."""
    kinds = {node["id"]: node["kind"] for node in document["nodes"]}
    return {
        "statements": {
            node["id"]: {
                "members": [{"text": node["text"]}],
                "tags": [node["kind"]] if node["kind"] != "claim" else [],
            }
            for node in document["nodes"]
        },
        "relations": [
            {
                "from": link["source"],
                "to": link["target"],
                "relationType": "attack" if link["relation"] == "opposes" else "support",
            }
            for link in document["links"]
            if kinds[link["source"]]
        ],
    }


def _api_node_list(report, map_obj) -> None:
    user = UserFactory()
    membership_set(workspace=map_obj.workspace, user=user, role=Role.VIEWER)
    client = Client()
    client.force_login(user)
    url = f"/api/maps/{map_obj.pk}/nodes/?page=20&page_size=100"
    queries = []
    # A wrapper, not CaptureQueriesContext: each request resets the connection's log.
    with connection.execute_wrapper(lambda run, sql, *args: queries.append(sql) or run(sql, *args)):
        assert client.get(url).status_code == 200
    report(
        f"API node list, page 20 of a {SIZE:,}-node map",
        timed(lambda: client.get(url), 15),
        f"{len(queries)} queries (the same at any size)",
    )
