"""The job page in a browser: htmx polls it every second until the job is done, then the
download appears without a reload."""

import pytest
from playwright.sync_api import expect

from argmap.jobs.testing import run_pending_jobs
from tests.factories import big_map

pytestmark = pytest.mark.browser


def test_the_job_page_turns_into_the_download_by_itself(
    login_page, live_server, editor, workspace, settings
):
    settings.PICTURE_DIRECT_MAX_NODES = 10
    map_obj = big_map(15, workspace=workspace)
    page = login_page(editor)

    page.goto(f"{live_server.url}/maps/{map_obj.pk}/export/svg/")
    page.get_by_text("Queued", exact=True).wait_for()
    job_url = page.url
    assert "/jobs/" in job_url
    expect(page.locator("progress")).to_be_visible()

    run_pending_jobs()  # the worker's part, in this process

    download_link = page.get_by_role("link", name="Download")
    download_link.wait_for(timeout=5000)  # brought by the htmx poll: no reload
    assert page.url == job_url
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".svg")
    assert page.errors == []
