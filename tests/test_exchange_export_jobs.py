"""A2: exports of large maps (pictures above all) run as jobs instead of stalling a request.
The size limits are lowered here so that small maps stand for large ones; bench/load and
bench/bench_export_jobs.py measure a real large map."""

import uuid

import pytest
from django.urls import reverse

from argmap.exchange import tasks as exchange_tasks
from argmap.jobs.models import Job
from argmap.jobs.testing import run_pending_jobs
from argmap.maps.services import node_create
from argmap.teams.models import Role
from tests.factories import big_map


@pytest.fixture
def limits(settings):
    settings.PICTURE_DIRECT_MAX_NODES = 10
    settings.EXPORT_DIRECT_MAX_NODES = 20
    settings.PICTURE_MAX_NODES = 50
    return settings


@pytest.fixture
def viewer(member_client):
    return member_client(Role.VIEWER)


def test_the_api_answers_202_with_a_job_for_a_large_maps_picture(viewer, workspace, limits):
    map_obj = big_map(15, workspace=workspace)
    url = reverse("api_export", args=[map_obj.pk, "svg"])

    response = viewer.get(url)

    assert response.status_code == 202
    job = response.json()
    assert response["Location"] == job["url"]
    assert (job["status"], job["result"]) == ("queued", None)
    assert viewer.get(job["url"]).json()["status"] == "queued"

    run_pending_jobs()

    done = viewer.get(job["url"]).json()
    assert done["status"] == "done", done["message"]
    picture = viewer.get(done["result"])
    assert picture["Content-Type"] == "image/svg+xml"
    assert picture["Content-Disposition"].endswith('.svg"')
    assert b"<svg" in picture.content and picture.content.count(b'class="node"') == 15


def test_small_maps_keep_their_direct_answer(viewer, workspace, limits):
    map_obj = big_map(8, workspace=workspace)
    response = viewer.get(reverse("api_export", args=[map_obj.pk, "svg"]))
    assert response.status_code == 200 and b"<svg" in response.content
    assert not Job.objects.exists()


def test_other_formats_of_a_large_map_run_as_jobs_too(viewer, workspace, limits):
    map_obj = big_map(25, workspace=workspace)
    small = viewer.get(reverse("api_export", args=[big_map(15, workspace=workspace).pk, "argmap"]))
    response = viewer.get(reverse("api_export", args=[map_obj.pk, "argmap"]))
    assert small.status_code == 200  # 15 nodes: a picture would be a job, JSON is not
    assert response.status_code == 202
    run_pending_jobs()
    result = viewer.get(viewer.get(response["Location"]).json()["result"])
    assert len(result.json()["nodes"]) == 25


def test_the_picture_link_of_a_large_map_leads_to_a_progress_page_then_the_download(
    viewer, workspace, limits
):
    map_obj = big_map(15, workspace=workspace)

    response = viewer.get(reverse("map_export_file", args=[map_obj.pk, "png"]))

    job = Job.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    page = viewer.get(response.url).content.decode()
    assert "<progress" in page and 'hx-trigger="every 1s"' in page
    run_pending_jobs()
    page = viewer.get(response.url).content.decode()
    assert "every 1s" not in page and reverse("job_download", args=[job.pk]) in page
    picture = viewer.get(reverse("job_download", args=[job.pk]))
    assert picture["Content-Type"] == "image/png" and picture.content.startswith(b"\x89PNG")


def test_the_same_revision_reuses_its_job_and_a_change_starts_a_new_one(viewer, workspace, limits):
    map_obj = big_map(15, workspace=workspace)
    url = reverse("api_export", args=[map_obj.pk, "svg"])

    first = viewer.get(url).json()["id"]
    again = viewer.get(url).json()["id"]
    node_create(map_obj=map_obj, kind="claim", text="New.", parent=map_obj.root, relation="answers")
    changed = viewer.get(url).json()["id"]

    assert again == first and changed != first
    assert Job.objects.count() == 2


def test_a_picture_that_takes_too_long_inside_a_request_moves_to_a_job(viewer, workspace, limits):
    limits.PICTURE_REQUEST_SECONDS = 0.001
    map_obj = big_map(5, workspace=workspace)
    map_obj.title = f"Never drawn before {uuid.uuid4()}"  # not in the picture cache
    map_obj.save()

    response = viewer.get(reverse("api_export", args=[map_obj.pk, "svg"]))

    assert response.status_code == 202
    run_pending_jobs()  # a job has minutes, not milliseconds
    assert Job.objects.get().status == "done"


def test_graphviz_stops_before_the_job_does_and_the_job_says_why(
    viewer, workspace, limits, monkeypatch
):
    assert exchange_tasks.JOB_RENDER_SECONDS < exchange_tasks.EXPORT_JOB_SECONDS
    monkeypatch.setattr(exchange_tasks, "JOB_RENDER_SECONDS", 0.001)
    map_obj = big_map(15, workspace=workspace)
    map_obj.title = f"Never drawn before {uuid.uuid4()}"
    map_obj.save()
    viewer.get(reverse("api_export", args=[map_obj.pk, "png"]))

    run_pending_jobs()

    job = Job.objects.get()
    assert (job.status, job.message) == ("failed", "The map is too large to draw in time.")


def test_a_picture_too_large_to_draw_is_refused_at_once(viewer, workspace, limits):
    map_obj = big_map(60, workspace=workspace)

    api = viewer.get(reverse("api_export", args=[map_obj.pk, "svg"]))
    page = viewer.get(reverse("map_export_file", args=[map_obj.pk, "svg"]), follow=True)

    assert api.status_code == 400
    assert "60 nodes, too many to draw" in api.json()["message"]
    assert "GraphML" in api.json()["message"]
    assert page.redirect_chain[-1][0] == reverse("map_export", args=[map_obj.pk])
    assert "60 nodes, too many to draw" in page.content.decode()
    assert not Job.objects.exists()


def test_the_export_page_says_which_formats_are_prepared_in_the_background(
    viewer, workspace, limits
):
    map_obj = big_map(15, workspace=workspace)
    html = viewer.get(reverse("map_export", args=[map_obj.pk])).content.decode()
    assert html.count("prepared in the background") == 2  # SVG and PNG, not JSON
    assert " download>" not in html  # a job's page must open, not be saved as a file
    huge = big_map(60, workspace=workspace)
    html = viewer.get(reverse("map_export", args=[huge.pk])).content.decode()
    assert html.count("too many nodes to draw") == 2
    assert html.count("prepared in the background") == 8  # every other format (> 20 nodes)
