"""Background jobs (argmap.jobs): lifecycle, messages, time limit, the job page and the API.
Jobs run in this process (``run_pending_jobs``); tests/test_jobs_worker.py uses real workers."""

import re
import uuid

import pytest
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from argmap.jobs import runner
from argmap.jobs.models import Job, JobStatus
from argmap.jobs.runner import UNEXPECTED
from argmap.jobs.services import job_start
from argmap.jobs.testing import run_pending_jobs
from argmap.teams.models import Membership, Role
from tests import jobs_sample_tasks as tasks
from tests.factories import MembershipFactory, UserFactory

CSRF = re.compile(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*')


@pytest.fixture
def member(workspace):
    return MembershipFactory(workspace=workspace, role=Role.VIEWER).user


def start(task, user, workspace, **kwargs):
    return job_start(
        task=task, owner=user, workspace_id=workspace.pk, label="Test job", kwargs=kwargs
    )


def test_a_job_is_queued_then_runs_to_done_with_its_progress_and_file(member, workspace):
    job = start(tasks.count_to, member, workspace, n=3)
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.READY

    run_pending_jobs()

    job.refresh_from_db()
    assert (job.status, job.message, job.done, job.total) == ("done", "Counted to 3.", 3, 3)
    assert job.attempts == 1 and job.started_at and job.finished_at
    assert bytes(job.file.content) == b"0 1 2"
    assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.SUCCESSFUL


def test_a_refused_job_fails_with_its_message_and_a_crash_with_a_plain_one(member, workspace):
    refused = start(tasks.refuse, member, workspace)
    crashed = start(tasks.crash, member, workspace)

    run_pending_jobs()

    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert (refused.status, refused.message) == ("failed", "The file has no nodes.")
    assert (crashed.status, crashed.message) == ("failed", UNEXPECTED)
    assert "secret" not in crashed.message


def test_a_job_past_its_time_limit_is_stopped_and_fails(member, workspace):
    job = start(tasks.overrun, member, workspace, seconds=20)

    run_pending_jobs()  # would take 20 s without the limit

    job.refresh_from_db()
    assert job.status == "failed"
    assert "time limit (1 s)" in job.message
    assert (job.finished_at - job.started_at).total_seconds() < 5


def test_a_retry_safe_job_that_crashes_runs_again_up_to_its_attempts(
    member, workspace, monkeypatch
):
    calls = []

    def flaky(job, *, n, pause=0.0):
        calls.append(job.job.attempts)
        if len(calls) < 3:
            raise ConnectionError("database restarted")
        return "third time lucky"

    # The runner calls the function the decorator wrapped: make it fail twice.
    original = runner.run_job
    monkeypatch.setattr(
        runner, "run_job", lambda job_id, func, kwargs: original(job_id, flaky, kwargs)
    )
    job = start(tasks.count_to_safely, member, workspace, n=1)

    run_pending_jobs()

    job.refresh_from_db()
    assert calls == [1, 2, 3]
    assert (job.status, job.attempts, job.message) == ("done", 3, "third time lucky")


def test_asking_again_with_the_same_cache_key_reuses_the_job(member, workspace):
    def ask(cache_key):
        return job_start(
            task=tasks.count_to,
            owner=member,
            workspace_id=workspace.pk,
            label="x",
            kwargs={"n": 1},
            cache_key=cache_key,
        )

    first, again, other = ask("map:1:rev:5"), ask("map:1:rev:5"), ask("map:1:rev:6")

    assert again.pk == first.pk
    assert other.pk != first.pk
    assert Job.objects.count() == 2


# The job page ---------------------------------------------------------------------------


def test_the_job_page_polls_while_running_and_offers_the_download_when_done(
    client, member, workspace, django_assert_max_num_queries
):
    job = start(tasks.count_to, member, workspace, n=2)
    client.force_login(member)
    url = reverse("job_detail", args=[job.pk])

    page = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})

    assert page.status_code == fragment.status_code == 200
    assert b"<html" in page.content and b"<html" not in fragment.content
    for response in (page, fragment):
        body = response.content.decode()
        assert 'hx-trigger="every 1s"' in body and f'hx-get="{url}"' in body
        assert f'href="{url}"' in body  # the same without JavaScript
        assert "<progress" in body

    run_pending_jobs()
    with django_assert_max_num_queries(6):
        done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "every 1s" not in done and "Counted to 2." in done
    download = reverse("job_download", args=[job.pk])
    assert f'href="{download}"' in done
    response = client.get(download)
    assert response.content == b"0 1"
    assert response["Content-Disposition"] == 'attachment; filename="counted.txt"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_download_of_an_unfinished_job_is_missing(client, member, workspace):
    job = start(tasks.count_to, member, workspace, n=2)
    client.force_login(member)
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


# The API --------------------------------------------------------------------------------


def test_the_api_tells_a_jobs_progress_and_then_its_result(client, member, workspace):
    job = start(tasks.count_to, member, workspace, n=2)
    client.force_login(member)
    url = reverse("api_job", args=[job.pk])

    queued = client.get(url).json()
    run_pending_jobs()
    done = client.get(url).json()

    assert queued["status"] == "queued" and queued["result"] is None
    assert queued["url"] == f"http://testserver{url}"
    assert done["status"] == "done" and done["percent"] == 100
    assert done["result"] == f"http://testserver{reverse('api_job_file', args=[job.pk])}"
    assert client.get(done["result"]).content == b"0 1"


@pytest.mark.parametrize("who", ["outsider", "other member", "former member"])
def test_nobody_else_sees_a_job_not_even_whether_it_exists(client, member, workspace, who):
    job = start(tasks.count_to, member, workspace, n=1)
    run_pending_jobs()
    if who == "outsider":
        client.force_login(UserFactory())
    elif who == "other member":
        client.force_login(MembershipFactory(workspace=workspace, role=Role.OWNER).user)
    else:
        Membership.objects.filter(user=member).delete()
        client.force_login(member)
    missing = uuid.uuid4()

    for name in ("api_job", "api_job_file", "job_detail", "job_download"):
        theirs = client.get(reverse(name, args=[job.pk]))
        nothing = client.get(reverse(name, args=[missing]))
        assert theirs.status_code == nothing.status_code == 404, name
        # Pages carry a fresh CSRF token each time; everything else must be the same.
        assert CSRF.sub(b"", theirs.content) == CSRF.sub(b"", nothing.content), name


def test_a_new_progress_message_is_written_at_once_and_counts_at_most_twice_a_second(
    member, workspace
):
    from argmap.jobs.runner import JobContext
    from argmap.jobs.services import job_claim

    job = start(tasks.count_to, member, workspace, n=1)
    context = JobContext(job_claim(job_id=job.pk, worker_id="test"))

    context.progress(0, 10, "Reading.")
    context.progress(1, 10)  # the same second: not written
    context.progress(2, 10, "Drawing.")  # a new message: written

    job.refresh_from_db()
    assert (job.done, job.message) == (2, "Drawing.")
    context.progress(3, 10)
    job.refresh_from_db()
    assert job.done == 2


def test_finished_jobs_are_pruned_after_the_keep_days_and_running_ones_never(
    member, workspace, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from argmap.jobs.services import jobs_prune

    settings.JOBS_KEEP_DAYS = 7
    old = start(tasks.count_to, member, workspace, n=1)
    run_pending_jobs()
    recent = start(tasks.count_to, member, workspace, n=1)
    run_pending_jobs()
    waiting = start(tasks.count_to, member, workspace, n=1)
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - timedelta(days=8))
    Job.objects.filter(pk=waiting.pk).update(created_at=timezone.now() - timedelta(days=30))

    assert jobs_prune() == 1

    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


def test_a_worker_does_not_take_its_own_slow_job_for_dead_until_past_its_limit(
    member, workspace, settings
):
    from datetime import timedelta

    from django.utils import timezone

    from argmap.jobs.services import job_claim, jobs_reap

    settings.JOBS_LEASE_SECONDS, settings.JOBS_GRACE_SECONDS = 30, 10
    job = job_claim(job_id=start(tasks.count_to, member, workspace, n=1).pk, worker_id="me")
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(heartbeat_at=now - timedelta(seconds=60))

    assert jobs_reap(own_worker_id="me") == 0  # its heartbeat is late, but "me" is alive
    Job.objects.filter(pk=job.pk).update(deadline_at=now - timedelta(seconds=11))
    assert jobs_reap(own_worker_id="me") == 1  # past its limit and the grace: stopped

    job.refresh_from_db()
    assert job.status == "failed" and "time limit (30 s)" in job.message


def test_a_job_whose_worker_is_stopped_in_the_middle_ends_failed_at_once(member, workspace):
    from argmap.jobs.services import WORKER_LOST

    job = start(tasks.interrupted, member, workspace)

    run_pending_jobs()

    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", WORKER_LOST)
