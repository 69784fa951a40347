"""Suggestions in real headless Chromium: an article imported with its suggested tree
accepted leaves nothing outside the tree; on the map page a suggestion is accepted with one
click and the tree shows the node in its place."""

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Link, Map, Node
from argmap.maps.selectors import map_graph, map_unplaced_tops
from tests.browser.conftest import tree_row
from tests.test_suggestions_views import ARTICLE

pytestmark = pytest.mark.browser


def test_import_accept_the_suggested_tree_and_nothing_is_left_out(
    login_page, editor, live_server, artifacts
):
    page = login_page(editor)
    page.goto(f"{live_server.url}/import/")
    page.fill('textarea[name="text"]', ARTICLE)
    page.get_by_role("button", name="Preview the split").click()
    page.get_by_role("heading", name="Suggested tree").wait_for()
    assert page.get_by_label("Place the units as below when saving").is_checked()
    page.screenshot(path=artifacts / "import-suggested-tree.png", full_page=True)
    page.get_by_role("button", name="Save as a new map").click()
    page.wait_for_url(re.compile(r"/maps/\d+/$"))
    assert page.get_by_text("5 placed in the tree as drafted").is_visible()
    map_obj = Map.objects.get()
    assert map_unplaced_tops(map_graph(map_obj)) == []
    assert page.locator("#unplaced").count() == 0
    page.get_by_text("Every sentence of this map is in the tree.").wait_for()
    but = "But the canal authority says traffic will be back to normal within days."
    assert tree_row(page, but).get_attribute("aria-level") != "1"
    page.screenshot(path=artifacts / "import-accepted-map.png", full_page=True)


def test_accept_a_suggestion_on_the_map_page(login_page, editor, live_server, seed_map, artifacts):
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    panel = page.locator("#suggestions")
    first = panel.locator(".suggestion").first
    first.get_by_role("button", name="Accept").wait_for()
    page.screenshot(path=artifacts / "map-suggestions.png")
    node_id = int(first.get_attribute("id").removeprefix("suggestion-"))
    node = Node.objects.get(pk=node_id)
    before = panel.locator(".suggestion").count()
    first.get_by_role("link", name="Other places…").click()
    first.locator(".suggestion-other").wait_for()
    first.locator(".suggestion-choice").first.get_by_role("button", name="Accept").click()
    page.get_by_text("Placed “").wait_for()
    link = Link.objects.get(source=node)
    assert link.author == editor
    # The tree reloads itself (its own request, after the panel's answer): the node leaves
    # "Not yet in the tree" for a row in the tree.
    unplaced = page.locator('ul[aria-label="Not yet in the tree"]')
    placed = page.locator(f'ul.tree[aria-label="{seed_map.title}"]')
    expect(placed.get_by_text(node.text, exact=True)).to_have_count(1)
    expect(unplaced.get_by_text(node.text, exact=True)).to_have_count(0)
    expect(panel.locator(".suggestion")).to_have_count(before - 1)
    assert page.errors == []
