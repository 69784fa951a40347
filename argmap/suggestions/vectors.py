"""Each node's vector of meaning, computed once per text and stored (``NodeVector``).

Reading a map's vectors is one query; the nodes that have none yet (or whose text
changed) are embedded and stored in one bulk write. At most ``SYNC_BUDGET`` texts are
embedded within one request, so no page waits long: the rest is left for the
background (``embed_later``) and those nodes are counted as still being read.
"""

import hashlib

import numpy as np
from django.db.models import Count, Max

from argmap.analysis import embeddings
from argmap.maps.graph import NodeData
from argmap.suggestions.models import NodeVector

SYNC_BUDGET = 200  # texts: about a second and a half on one core


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def node_vectors_store(
    nodes: list[NodeData], *, workspace_id: int, vectors: np.ndarray | None = None
) -> dict[int, np.ndarray]:
    """Embed the given nodes' texts (unless ``vectors`` are given, one row per node) and
    store or replace them: one model run and one bulk write. Returns them by node id."""
    if not nodes:
        return {}
    if vectors is None:
        vectors = embeddings.embed([node.text for node in nodes])
    NodeVector.objects.bulk_create(
        [
            NodeVector(
                node_id=node.id,
                workspace_id=workspace_id,
                model=embeddings.MODEL_ID,
                text_digest=digest(node.text),
                vector=embeddings.to_bytes(vector),
            )
            for node, vector in zip(nodes, vectors, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["node"],
        update_fields=["workspace", "model", "text_digest", "vector", "updated_at"],
        batch_size=2_000,
    )
    return {node.id: vector for node, vector in zip(nodes, vectors, strict=True)}


def embed_later(workspace_id: int, count: int, user) -> object | None:
    """Leave the vectors beyond a request's budget to a background job (one per workspace
    and number of waiting nodes, whoever asks); returns the job, or None without a user
    to own it (then each later read embeds the next batch)."""
    if user is None or not user.is_authenticated:
        return None
    from argmap.jobs.services import job_start
    from argmap.suggestions.tasks import embed_workspace

    return job_start(
        task=embed_workspace,
        owner=user,
        workspace_id=workspace_id,
        label=f"Reading {count} sentences for suggestions",
        kwargs={"workspace_id": workspace_id},
        cache_key=f"suggestions-vectors:{workspace_id}:{count}",
    )


def map_vectors(
    map_id: int,
    nodes: list[NodeData],
    *,
    workspace_id: int,
    budget: int | None = None,
    user=None,
) -> tuple[dict[int, np.ndarray], int]:
    """(vector by node id, how many nodes still wait for theirs). One query to read;
    when some are missing or stale, one model run and one write for at most ``budget``,
    and the rest left to a background job started for ``user``."""
    stored = {
        node_id: (text_digest, model, vector)
        for node_id, text_digest, model, vector in NodeVector.objects.filter(
            node__map_id=map_id
        ).values_list("node_id", "text_digest", "model", "vector")
    }
    budget = SYNC_BUDGET if budget is None else budget
    vectors, missing = {}, []
    for node in nodes:
        row = stored.get(node.id)
        if row and row[1] == embeddings.MODEL_ID and row[0] == digest(node.text):
            vectors[node.id] = np.frombuffer(bytes(row[2]), dtype="<f4")
        else:
            missing.append(node)
    vectors |= node_vectors_store(missing[:budget], workspace_id=workspace_id)
    if len(missing) > budget and budget:
        embed_later(workspace_id, len(missing) - budget, user)
    return vectors, max(0, len(missing) - budget)


# -- the workspace's vectors, for "Same as ..." across all its maps ----------------------

_workspace_cache: dict[int, tuple[tuple, list, np.ndarray]] = {}


def workspace_matrix(workspace_id: int) -> tuple[list[tuple[int, int, str]], np.ndarray]:
    """([(node id, map id, kind), ...], one (n, 384) matrix) of the workspace's nodes that
    have a vector (nodes in the trash too: callers keep only the live ones they read). One
    index-only query checks whether the process's copy is current; only a changed workspace
    is read again (one query)."""
    stored = NodeVector.objects.filter(workspace_id=workspace_id)
    revision = tuple(stored.aggregate(n=Count("node_id"), last=Max("updated_at")).values())
    cached = _workspace_cache.get(workspace_id)
    if cached and cached[0] == revision:
        return cached[1], cached[2]
    rows = list(stored.values_list("node_id", "node__map_id", "node__kind", "vector"))
    keys = [(node_id, map_id, kind) for node_id, map_id, kind, _ in rows]
    matrix = embeddings.from_bytes([bytes(row[3]) for row in rows])
    _workspace_cache[workspace_id] = (revision, keys, matrix)
    return keys, matrix


def _missing(workspace_id: int):
    from argmap.maps.models import Node

    return Node.objects.filter(
        map__workspace_id=workspace_id, suggestion_vector__isnull=True
    ).order_by("id")


def missing_count(workspace_id: int) -> int:
    return _missing(workspace_id).count()


def workspace_vectors_fill(
    workspace_id: int, *, budget: int | None = None, user=None, background: bool = False
) -> int:
    """Embed and store up to ``budget`` live nodes of the workspace that have no vector
    yet (maps nobody opened since they were made); the rest goes to a background job
    started for ``user`` (unless this runs in it). Returns how many still wait."""
    budget = SYNC_BUDGET if budget is None else budget
    missing = _missing(workspace_id)
    rows = list(missing.values_list("id", "kind", "text")[:budget])
    node_vectors_store([NodeData(*row) for row in rows], workspace_id=workspace_id)
    left = missing.count() if len(rows) == budget else 0
    if left and not background:
        embed_later(workspace_id, left, user)
    return left
