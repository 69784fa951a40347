"""A2: what a viewer's request for the picture or an export of a 100,000-node map costs now
that large exports run as jobs (issue 13: no request may run more than 5 s), and how long
the job itself takes.

Targets: every request below < 5 s whatever the map's size (the picture is refused at once,
exports answer 202 with a job).
"""

import time

from django.test import Client
from django.urls import reverse

from argmap.jobs.models import Job
from argmap.jobs.testing import run_pending_jobs
from argmap.teams.models import Role
from argmap.teams.services import membership_set
from bench.run import timed
from tests.factories import UserFactory, big_map

SIZE = 100_000
RUNS = 5


def run(report) -> None:
    started = time.perf_counter()
    map_obj = big_map(SIZE)
    built = time.perf_counter() - started
    viewer = UserFactory()
    membership_set(workspace=map_obj.workspace, user=viewer, role=Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    note = f"{SIZE:,} nodes (built in {built:.0f} s)"

    def get(url, status):
        def call():
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)

        return call

    picture = reverse("map_export_file", args=[map_obj.pk, "svg"])
    report("export svg page: refused at once (302 + message)", timed(get(picture, 302), RUNS), note)
    api_svg = reverse("api_export", args=[map_obj.pk, "svg"])
    report("API export svg: refused at once (400)", timed(get(api_svg, 400), RUNS), note)

    api_json = reverse("api_export", args=[map_obj.pk, "argmap"])

    def start_new_job():
        Job.objects.all().delete()
        get(api_json, 202)()

    report("API export argmap: 202 with a new job", timed(start_new_job, RUNS), note)
    report("API export argmap: 202, the same job again", timed(get(api_json, 202), RUNS), note)

    started = time.perf_counter()
    run_pending_jobs()
    job = Job.objects.get()
    assert job.status == "done", job.message
    report(
        "job: argmap JSON export of the map, stored",
        [time.perf_counter() - started],
        f"{note}; {job.file.size / 2**20:.1f} MiB",
    )
