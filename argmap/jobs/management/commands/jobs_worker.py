"""``manage.py jobs_worker``: django-tasks-db's ``db_worker`` plus what a job needs to end
well: each job's heartbeat, and a reaper that fails (or re-queues) the jobs of workers that
died. Start any number, on any machines, against the same database."""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from argmap.jobs.runner import Worker
from argmap.jobs.services import jobs_prune, jobs_reap

logger = logging.getLogger(__name__)


PRUNE_EVERY_SECONDS = 3600


def reap_forever(stop: threading.Event) -> None:
    """Every heartbeat: fail or re-queue the jobs of dead workers; every hour: delete old
    finished jobs."""
    pruned_at = 0.0
    while not stop.wait(settings.JOBS_HEARTBEAT_SECONDS):
        try:
            jobs_reap(own_worker_id=Worker.id)
            if time.monotonic() - pruned_at > PRUNE_EVERY_SECONDS:
                jobs_prune()
                pruned_at = time.monotonic()
        except DatabaseError:
            logger.warning("Could not reap or prune jobs", exc_info=True)
        finally:
            connections.close_all()


class Command(db_worker.Command):
    help = "Run background jobs (a django-tasks database worker with heartbeats and a reaper)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The reloader runs jobs outside the main thread, where time limits cannot interrupt.
        parser.set_defaults(reload=False, worker_id=Worker.id[:64])

    def handle(self, *args, **options):
        Worker.id = options["worker_id"]
        Worker.heartbeat = True
        stop = threading.Event()
        threading.Thread(target=reap_forever, args=(stop,), name="reaper", daemon=True).start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
