"""``manage.py jobs_worker``: django-tasks-db's ``db_worker`` plus what a job needs to end
well: each job's heartbeat, and a reaper that fails (or re-queues) the jobs of workers that
died. Start any number, on any machines, against the same database."""

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connections
from django_tasks_db.management.commands import db_worker

from argmap.jobs.runner import Worker
from argmap.jobs.services import jobs_reap

logger = logging.getLogger(__name__)


def reap_forever(stop: threading.Event) -> None:
    while not stop.wait(settings.JOBS_HEARTBEAT_SECONDS):
        try:
            jobs_reap()
        except DatabaseError:
            logger.warning("Could not look for jobs of dead workers", exc_info=True)
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
