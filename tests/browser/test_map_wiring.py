"""The map page in a real browser, with what the other areas add to it: a node's
discussion in the side panel, each row's strength, the export menu; at desktop and phone
width (screenshots in tests/artifacts/)."""

import re

import pytest
from playwright.sync_api import expect

from argmap.discussion.models import Comment
from argmap.maps.models import Node
from argmap.maps.services import node_create
from argmap.teams.models import Role
from tests.browser.conftest import tree_row as _row
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser


def test_discuss_a_node_see_strengths_and_open_the_export_menu(
    login_page, editor, live_server, seed_map, artifacts
):
    claim = Node.objects.filter(map=seed_map, kind="claim").order_by("id").first()
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")

    # Every claim shows its strength, a bar and a number.
    row = _row(page, claim.text).first
    strength = row.locator("> .node .strength-value")
    assert re.fullmatch(r"[01]\.\d\d", strength.inner_text())
    assert row.locator("> .node meter").count() == 1

    # "Discuss" opens the node's thread beside the tree, without leaving the page.
    page.evaluate("window.stillTheSamePage = true")
    row.locator("> .node .comment-badge").click()
    panel = page.locator("#comments-panel .discussion")
    expect(panel).to_contain_text(claim.text)
    panel.locator("textarea[name=body]").fill("Which poll says so?")
    panel.get_by_role("button", name="Comment").click()
    page.locator("#comments-panel .comment-body", has_text="Which poll says so?").wait_for()
    assert Comment.objects.filter(node=claim, body="Which poll says so?").exists()
    # The changed-since poller notices the new comment and the tree reloads its badges.
    _row(page, claim.text).first.locator("> .node .comment-badge", has_text="(1)").wait_for(
        timeout=20_000
    )
    page.screenshot(path=artifacts / "map-wiring-1280.png", full_page=False)

    # The export menu lists every format of the export page.
    page.locator(".export-menu > summary").click()
    menu = page.locator(".export-menu .export-list")
    menu.get_by_role("link", name=re.compile("argmap JSON")).wait_for()
    assert menu.get_by_role("link").count() >= 6
    page.screenshot(path=artifacts / "map-wiring-export-menu.png", full_page=False)
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.errors == []


def test_phone_width_viewer_reads_strengths_and_comments_without_edit_controls(
    login_page, live_server, workspace, seed_map, artifacts
):
    viewer = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    page = login_page(viewer, width=390, height=844)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    assert page.locator(".node .strength-value").first.is_visible()
    assert page.locator(".tools").count() == 0
    # The main nav and the account menu fit the phone's width.
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Workspaces", "Search", "Import"):
        assert nav.get_by_role("link", name=name).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "map-wiring-390.png", full_page=False)
    page.locator(".comment-badge").first.click()
    page.locator("#comments-panel .discussion").wait_for()
    assert page.locator("#comments-panel textarea").count() == 0  # viewers read only
    page.screenshot(path=artifacts / "map-wiring-390-discussion.png", full_page=False)


def test_a_teammates_new_claim_appears_in_the_open_tree(login_page, editor, live_server, seed_map):
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    page.evaluate("window.stillTheSamePage = true")
    # Someone else adds a claim (through the same service as the page's form)...
    node_create(
        map_obj=seed_map,
        kind="claim",
        text="Poland sends engineers.",
        parent=seed_map.root,
        relation="answers",
    )
    # ...and the poller reloads the tree within seconds, without reloading the page.
    _row(page, "Poland sends engineers.").wait_for(timeout=20_000)
    assert page.evaluate("window.stillTheSamePage") is True
