"""The import preview's unit corrections in real Chromium: merge a cut back with one
click, and cut a unit by clicking the word that starts the new one."""

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Map, Node
from tests.browser.conftest import SEED

pytestmark = pytest.mark.browser


def test_merge_a_cut_and_split_a_unit_by_clicking_a_word(login_page, editor, live_server):
    page = login_page(editor)
    page.goto(f"{live_server.url}/import/")
    page.set_input_files('input[name="file"]', str(SEED))
    page.get_by_role("button", name="Preview the split").click()
    # Each correction posts the form and loads a new preview page: wait for that page.
    units = page.locator("[data-units] > li")
    expect(units).to_have_count(30)
    expect(page.locator("li.inside")).to_have_count(3)
    page.locator("button.merge").first.click()
    page.wait_for_selector("text=29 units")
    expect(page.locator("li.inside")).to_have_count(2)
    # A click on the word "refused" starts a new unit there.
    unit = page.locator(".sentence-text", has_text="The Poles refused to be sent.")
    box = unit.bounding_box()
    width = page.evaluate(
        "(el) => { const r = document.createRange(); r.setStart(el.firstChild, 0);"
        " r.setEnd(el.firstChild, 10); return r.getBoundingClientRect().width; }",
        unit.element_handle(),
    )
    unit.click(position={"x": width + 8, "y": box["height"] / 2})
    page.wait_for_selector("text=30 units")
    expect(page.locator(".sentence-text")).to_contain_text(
        [re.compile(r"^The Poles$"), re.compile(r"^refused to be sent\.$")]
    )
    page.get_by_role("button", name="Save as a new map").click()
    page.wait_for_url("**/maps/*/")
    map_obj = Map.objects.get()
    assert Node.objects.filter(map=map_obj, text="refused to be sent.").exists()
