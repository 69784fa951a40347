"""Background work of the suggestions: reading the meaning of many nodes at once (a large
import, a workspace whose maps nobody has opened since the vectors came in)."""

from argmap.jobs.registry import job_task

BATCH = 200


@job_task(time_limit=1800, retry_safe=True)
def embed_workspace(job, *, workspace_id: int) -> str:
    """Store a vector for every node of the workspace that has none, a batch at a time
    (each batch is committed, so a retry goes on where the last attempt stopped)."""
    from argmap.suggestions.vectors import missing_count, workspace_vectors_fill

    total = missing_count(workspace_id)
    done = 0
    job.progress(0, total, "Reading the sentences")
    while True:
        left = workspace_vectors_fill(workspace_id, budget=BATCH, background=True)
        done = total - left
        job.progress(done, total, f"Read {done} of {total} sentences")
        if not left:
            return f"Read {total} sentence{'s' if total != 1 else ''}: suggestions are ready."
