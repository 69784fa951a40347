"""Drafting and semantic duplicates: the draft map of a 2,000-word article, "Same as ..."
proposals for one new node against 10,000 stored nodes, the map page's suggestions of a
10,000-node map, ``draft_map`` as a whole process, and the peak memory of a worker that
has the model loaded.

The 10,000 stored vectors are random unit vectors (real ones would take the model about
a minute and a half to make, and the lookup costs the same whatever the numbers)."""

import subprocess
import sys
import time

import numpy as np

from argmap.analysis import embeddings
from argmap.maps.models import Link, Node
from argmap.suggestions.drafting import draft_article
from argmap.suggestions.selectors import map_suggestions, same_as
from argmap.suggestions.vectors import map_vectors, node_vectors_store
from bench.run import ROOT, timed
from tests.factories import big_map

SEED = ROOT / "seeds" / "who-will-send-troops-to-ukraine.txt"


def store_standin_vectors(nodes, workspace_id: int, seed: int = 5) -> None:
    """Random unit vectors for ``nodes``, stored as current ones."""
    rng = np.random.default_rng(seed)
    matrix = rng.standard_normal((len(nodes), embeddings.DIMENSION)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    node_vectors_store(nodes, workspace_id=workspace_id, vectors=matrix)


def _article_of(words: int) -> str:
    """The seed article's paragraphs repeated (with a number, so no two are equal) up to
    about ``words`` words, under its title."""
    title, _, body = SEED.read_text(encoding="utf-8").partition("\n\n")
    paragraphs = [p for p in body.split("\n\n") if len(p.split()) > 8]
    out, count, index = [], 0, 0
    while count < words:
        paragraph = paragraphs[index % len(paragraphs)]
        out.append(f"{paragraph} (Part {index + 1}.)")
        count += len(paragraph.split()) + 2
        index += 1
    return title + "\n\n" + "\n\n".join(out)


def _bench_draft(report) -> None:
    article = _article_of(2_000)
    embeddings.embed(["warm up: the model loads once per process"])
    units = len(draft_article(article)["units"])
    report(
        "draft map of a 2,000-word article (split, vectors, ranking)",
        timed(lambda: draft_article(article), 5),
        f"{len(article.split())} words, {units} units; target < 1.5 s",
    )


def _bench_duplicates(report) -> None:
    map_obj = big_map(10_001)
    nodes = list(Node.objects.filter(map=map_obj))
    store_standin_vectors(nodes, map_obj.workspace_id)
    new = Node.objects.create(
        map=map_obj, kind="claim", text="More than 360 ships were waiting to pass."
    )
    vectors, _ = map_vectors(map_obj.pk, [new], workspace_id=map_obj.workspace_id)
    report(
        "“Same as …” for one new node against 10,000 stored nodes",
        timed(lambda: same_as([new], vectors, workspace_id=map_obj.workspace_id), 20),
        "one matrix product over the workspace's vectors; target < 50 ms",
    )
    # The map page's suggestions: 100 nodes not yet in the tree of a 10,000-node map.
    Link.objects.filter(source_id__in=[n.pk for n in nodes[-100:]]).delete()
    report(
        "suggestions for 100 unplaced nodes of a 10,000-node map",
        timed(lambda: map_suggestions(map_obj), 3),
        "graph, vectors, ranking; the panel's own request",
    )


def _bench_process(report) -> None:
    command = [sys.executable, "manage.py", "draft_map", str(SEED), "--json"]
    seconds = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        seconds.append(time.perf_counter() - start)
    report("draft_map SEED --json, the whole process", seconds, "target < 4 s")
    code = (
        "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'argmap.settings'); django.setup(); import argmap.urls; "
        "from argmap.suggestions.drafting import draft_article; "
        f"draft_article(open({str(SEED)!r}).read() * 3); "
        # VmHWM, not ru_maxrss: the latter keeps the forking bench's own peak across exec.
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])"
    )
    start = time.perf_counter()
    peak = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    megabytes = int(peak.stdout.split()[-1]) / 1024
    report(
        "a web worker's start with the model loaded (peak memory in the note)",
        [time.perf_counter() - start],
        f"{megabytes:.0f} MB peak RSS (Django, URLs, model, a draft); target < 400 MB",
    )


def run(report) -> None:
    _bench_draft(report)
    _bench_duplicates(report)
    _bench_process(report)
