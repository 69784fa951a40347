"""Large map files are imported by a job: the page goes to the job's progress page, the API
answers 202; the job writes the map (all or nothing) or fails with the problems."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from argmap.exchange.services import map_export
from argmap.jobs.models import Job
from argmap.jobs.testing import run_pending_jobs
from argmap.maps.models import Map
from argmap.teams.models import Membership
from tests.factories import big_map


@pytest.fixture
def large_file(workspace, settings):
    """An argmap JSON file of 40 nodes, "large" for a direct limit of 1,000 bytes."""
    settings.IMPORT_DIRECT_MAX_BYTES = 1000
    source = big_map(40, workspace=workspace)
    content = map_export(source, "argmap").content
    source.delete()
    assert len(content) > 1000
    return content


def post_page(client, workspace, content: bytes, **headers):
    upload = SimpleUploadedFile("big.argmap.json", content)
    url = reverse("map_import", args=[workspace.pk])
    return client.post(url, {"file": upload, "format": "auto"}, headers=headers)


def test_the_api_answers_202_and_the_job_writes_the_map(editor_client, workspace, large_file):
    upload = SimpleUploadedFile("big.argmap.json", large_file)
    response = editor_client.post(
        reverse("api_import", args=[workspace.pk]), {"file": upload, "format": "auto"}
    )

    assert response.status_code == 202 and not Map.objects.exists()
    run_pending_jobs()

    job = editor_client.get(response["Location"]).json()
    assert job["status"] == "done", job["message"]
    new_map = Map.objects.get()
    assert job["result"] == f"http://testserver{reverse('map_detail', args=[new_map.pk])}"
    assert new_map.nodes.count() == 40 and new_map.created_by == editor_client.user


@pytest.mark.parametrize("htmx", [False, True])
def test_the_page_goes_to_the_jobs_progress_then_offers_the_new_map(
    editor_client, workspace, large_file, htmx
):
    response = post_page(
        editor_client, workspace, large_file, **({"HX-Request": "true"} if htmx else {})
    )

    job = Job.objects.get()
    target = response["HX-Redirect"] if htmx else response["Location"]
    assert target == job.get_absolute_url()
    run_pending_jobs()
    page = editor_client.get(target).content.decode()
    assert f'href="{reverse("map_detail", args=[Map.objects.get().pk])}"' in page


def test_a_large_file_with_problems_fails_its_job_and_writes_nothing(
    editor_client, workspace, large_file
):
    document = json.loads(large_file)
    document["links"].append({"source": "ghost", "target": "ghost2", "relation": "answers"})
    post_page(editor_client, workspace, json.dumps(document).encode())

    run_pending_jobs()

    job = Job.objects.get()
    assert job.status == "failed" and job.message.startswith("Nothing was imported: ")
    assert "ghost" in job.message
    assert not Map.objects.exists()


def test_an_editor_demoted_before_the_job_ran_imports_nothing(editor_client, workspace, large_file):
    post_page(editor_client, workspace, large_file)
    Membership.objects.filter(user=editor_client.user).update(role="viewer")

    run_pending_jobs()

    job = Job.objects.get()
    assert (job.status, job.message) == ("failed", "You may no longer add maps to this workspace.")
    assert not Map.objects.exists()
