"""For tests: run the queued jobs in this process, as a worker would (no worker needed)."""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker as LibraryWorker
from django_tasks_db.models import DBTaskResult


def run_pending_jobs() -> int:
    """Run every queued task now, in this process and database connection (so inside a
    test's transaction too, where the library's own loop would drop the connection);
    return how many ran."""
    worker = LibraryWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        with transaction.atomic():
            task_result = DBTaskResult.objects.ready().get_locked()
            if task_result is None:
                return ran
            task_result.claim(worker.worker_id)
        worker.run_task(task_result)
        ran += 1
