"""In headless Chromium: switch a node off on the what-if page and watch the diff arrive
through htmx, save a scenario, rate a claim, and search. Screenshots in tests/artifacts/."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from argmap.maps.models import Map, Node
from argmap.teams.models import Role
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = {
    "executable_path": "/usr/bin/chromium",
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ],
}


@pytest.fixture
def page(live_server, settings):
    assert Path(CHROMIUM["executable_path"]).exists(), "Chromium is not installed"
    settings.DEBUG, settings.DEMO_USERNAME, settings.DEMO_PASSWORD = True, "demo", "x"
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    map_obj = Map.objects.get()
    user = UserFactory(username="analyst")
    MembershipFactory(workspace=map_obj.workspace, user=user, role=Role.EDITOR)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(**CHROMIUM)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies([_session_cookie(live_server, user)])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
        page.map_obj, page.base = map_obj, live_server.url
        yield page
        browser.close()
        assert errors == []


def _session_cookie(live_server, user) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}


def test_what_if_scenario_ratings_and_search(page):
    map_obj = page.map_obj
    impossible = Node.objects.get(map=map_obj, text__startswith="The mandatory delivery")
    page.goto(f"{page.base}/maps/{map_obj.pk}/reasoning/")
    assert page.locator("meter").count() > 10
    page.locator(f'input[type=checkbox][name="off"][value="{impossible.pk}"]').first.check()
    diff = page.locator("#what-if-diff table.changes")
    expect(diff.locator("tbody tr")).to_have_count(4)
    expect(diff).to_contain_text("0.88")
    expect(diff).to_contain_text("0.75")
    # The state is in the address (htmx pushes it after the swap), no save.
    expect(page).to_have_url(re.compile(re.escape(f"off={impossible.pk}")))
    page.screenshot(path=ARTIFACTS / "reasoning-what-if.png", full_page=True)

    page.fill("#scenario-name", "Without the impossibility claim")
    page.click("#scenario-form button[type=submit]")
    page.wait_for_selector("text=Scenario “Without the impossibility claim” saved.")
    boxes = page.locator(f'input[type=checkbox][name="off"][value="{impossible.pk}"]')
    expect(boxes).to_have_count(2)
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).to_be_checked()

    page.goto(f"{page.base}/maps/{map_obj.pk}/ratings/")
    page.select_option(f"#rate-node-{impossible.pk}", "30")
    page.wait_for_selector(f"#rating-node-{impossible.pk} >> text=n=1")
    page.screenshot(path=ARTIFACTS / "reasoning-ratings.png")

    page.goto(f"{page.base}/search/")
    page.fill("#q", "security guarantees")
    page.wait_for_selector("#results mark")
    assert page.locator("#results li").count() >= 2
    page.screenshot(path=ARTIFACTS / "reasoning-search.png", full_page=True)
