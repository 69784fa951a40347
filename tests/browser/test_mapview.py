"""The map view in real headless Chromium: the tree / map switch, zoom by keyboard, a node
clicked and a supporter added from its panel, focus and breadcrumbs, pros and cons, a
viewer's panel, keyboard reach and names of the nodes, a phone's width."""

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Link, Node
from argmap.maps.services import node_create
from argmap.teams.models import Role
from tests.factories import MembershipFactory, big_map

pytestmark = pytest.mark.browser


def _scale(page) -> float:
    return page.evaluate("document.querySelector('.mapview').mapview.panzoom.getScale()")


def _wait_drawn(page) -> None:
    """Wait until the map view's drawing is there and set up: the script fits and wires
    it (zoom, keys) only once htmx's swap has settled, a moment after the <svg> shows.
    (A function, not an expression: polling an expression is an eval, which the page's
    Content-Security-Policy refuses.)"""
    page.locator(".mapview svg").wait_for()
    page.wait_for_function(
        """() => { const s = document.querySelector('.mapview');
          return Boolean(s && s.querySelector('svg') && s.mapview); }"""
    )


def _settled_on_screen(page, node_id: int) -> tuple[float, float]:
    """Where the node is once the drawing stops moving: a pan, or the placement of a new
    drawing, may land a frame or two after the event that caused it."""
    seen = _on_screen(page, node_id)
    for _ in range(30):
        page.wait_for_timeout(100)
        now = _on_screen(page, node_id)
        if now == seen:
            break
        seen = now
    return seen


def _on_screen(page, node_id: int) -> tuple[float, float]:
    """Where the node's centre is inside the drawing's canvas, in screen pixels."""
    return page.evaluate(
        """(id) => { const canvas = document.querySelector('.mapview-canvas');
          const c = canvas.getBoundingClientRect();
          const r = document.querySelector(`a.mapview-node[data-node="${id}"]`)
            .getBoundingClientRect();
          return [r.left + r.width / 2 - c.left, r.top + r.height / 2 - c.top]; }""",
        node_id,
    )


def test_switch_zoom_click_and_add_a_supporter(
    login_page, editor, live_server, seed_map, artifacts
):
    claim = node_create(
        map_obj=seed_map,
        kind="claim",
        text="A drawn claim.",
        parent=seed_map.root,
        relation="answers",
    )
    page = login_page(editor, width=1366, height=900)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    assert page.locator(".mapview").count() == 0  # the tree by default
    page.locator("[data-view-switch=map]").click()
    _wait_drawn(page)
    expect(page.locator("#tree-section")).to_be_hidden()
    # At "fit" every line drawn in a node is still readable (no line under 10 px).
    lines = page.locator(".mapview svg a.mapview-node text")
    heights = lines.evaluate_all("ts => ts.map((t) => t.getBoundingClientRect().height)")
    assert min(heights) >= 10, min(heights)
    # A long text is cut with an ellipsis; its whole text is its <title> (hover).
    cut = page.locator("a.mapview-node", has_text="…").first
    whole = " ".join(Node.objects.get(pk=cut.get_attribute("data-node")).text.split())
    assert cut.locator("title").text_content() == whole
    # Zoom with the keyboard: + zooms in, − out, 0 fits again; the arrows move.
    page.locator(".mapview-canvas").focus()
    fitted = _scale(page)
    page.keyboard.press("+")
    assert _scale(page) > fitted
    page.keyboard.press("-")
    assert _scale(page) == pytest.approx(fitted)
    page.keyboard.press("+")
    page.keyboard.press("0")
    assert _scale(page) == pytest.approx(fitted)
    pan = "document.querySelector('.mapview').mapview.panzoom.getPan()"
    start = page.evaluate(pan)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    moved = page.evaluate(pan)
    assert moved["x"] < start["x"] and moved["y"] > start["y"]
    # Every node is a link with a name, and Tab reaches each of them in turn.
    nodes = page.locator("a.mapview-node")
    names = nodes.evaluate_all("ns => ns.map((n) => n.getAttribute('aria-label') || '')")
    assert len(names) >= 2 and all(len(name) > 10 for name in names)
    reached = set()
    for _ in names:
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('data-node')"))
    assert reached == set(nodes.evaluate_all("ns => ns.map((n) => n.dataset.node)"))
    # Focus shows the whole text beside the drawing.
    cut.focus()
    expect(page.locator(".mapview-focused")).to_have_text(whole)
    # Open a claim's panel from the keyboard and add a supporter from it.
    page.locator(f'a.mapview-node[data-node="{claim.pk}"]').focus()
    page.keyboard.press("Enter")
    panel = page.locator("#mapview-panel")
    panel.get_by_text(claim.text, exact=True).wait_for()
    panel.get_by_role("link", name="+ Support").click()
    panel.locator("textarea[name=text]").fill("Supported from the map view.")
    page.locator(".mapview-canvas").focus()
    page.keyboard.press("ArrowLeft")  # moved away from where "fit" puts it
    before = _settled_on_screen(page, claim.pk)
    panel.get_by_role("button", name="Add", exact=True).click()
    new = page.locator('a.mapview-node[aria-label*="Supported from the map view."]')
    new.wait_for()
    # The new drawing is set up again (its own section, not an old one).
    # (A function, not an expression: polling an expression is an eval, which the page's
    # Content-Security-Policy refuses.)
    page.wait_for_function(
        """() => { const n = document.querySelector(
            'a.mapview-node[aria-label*="Supported from the map view."]');
          return Boolean(n && n.closest('.mapview').mapview); }"""
    )
    # Redrawn around the same node: it is where it was on the screen.
    assert _settled_on_screen(page, claim.pk) == pytest.approx(before, abs=0.5)
    added = Node.objects.get(map=seed_map, text="Supported from the map view.")
    assert Link.objects.get(source=added).target_id == claim.pk
    assert page.locator(".mapview").get_attribute("data-sel") == str(claim.pk)  # same node
    expect(page.locator(f'a.mapview-node[data-node="{claim.pk}"]')).to_be_focused()
    expect(page.locator(".mapview-status")).to_contain_text("Added claim")  # said aloud too
    page.screenshot(path=artifacts / "mapview-after-add.png")
    # The choice is remembered.
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    page.locator(".mapview svg").wait_for()
    expect(page.locator("[data-view-switch=map]")).to_have_attribute("aria-current", "true")
    assert page.errors == []


def test_focus_breadcrumbs_and_pros_and_cons(login_page, editor, live_server, workspace, artifacts):
    map_obj = big_map(400, workspace=workspace)
    deep = Node.objects.filter(map=map_obj).order_by("id")[25]  # three levels down
    page = login_page(editor, width=1366, height=900)
    page.goto(f"{live_server.url}/maps/{map_obj.pk}/picture/")
    page.locator(".mapview svg").wait_for()
    assert page.locator(".mapview").get_attribute("data-focus-node") == str(map_obj.root_id)
    assert page.get_by_role("link", name="Whole map").count() == 0  # too large
    page.goto(f"{live_server.url}/maps/{map_obj.pk}/picture/?node={deep.pk}&sel={deep.pk}")
    crumbs = page.locator(".mapview-crumbs li")
    expect(crumbs).to_have_count(4)
    crumbs.nth(1).get_by_role("link").click()  # up to the root's child
    expect(page.locator(".mapview-crumbs li")).to_have_count(2)
    page.screenshot(path=artifacts / "mapview-focus.png")
    # Pros and cons of a claim; a card goes down a level.
    claim = Node.objects.filter(map=map_obj).order_by("id")[1]
    page.goto(f"{live_server.url}/maps/{map_obj.pk}/nodes/{claim.pk}/pros-cons/")
    assert (
        page.locator(".proscons-column.pros .reason").count()
        + page.locator(".proscons-column.cons .reason").count()
        == Link.objects.filter(target=claim).count()
    )
    expect(page.locator(".reason-counts").first).to_be_visible()  # each one's own counts
    page.screenshot(path=artifacts / "pros-cons.png")
    first = page.locator(".reason").first
    text = first.locator(".reason-text").inner_text()
    first.click()
    # A new page: its heading, not the one of the page before the click.
    expect(page.locator("h1")).to_have_text(text)
    assert page.errors == []


def test_a_viewer_on_a_phone(login_page, live_server, workspace, seed_map, artifacts):
    viewer = MembershipFactory(workspace=workspace, role=Role.VIEWER).user
    page = login_page(viewer, width=390, height=844)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/?view=map")
    _wait_drawn(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("a.mapview-node").first.focus()
    page.keyboard.press("Enter")
    page.locator("#mapview-panel").wait_for()
    expect(page.locator("#mapview-panel .mapview-tools")).to_have_count(0)  # no edit actions
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=artifacts / "mapview-phone.png")
    assert page.errors == []


def test_a_suggestion_accepted_beside_the_map_view_is_drawn(
    login_page, editor, live_server, seed_map, artifacts
):
    page = login_page(editor, width=1366, height=900)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/?view=map")
    _wait_drawn(page)
    first = page.locator("#suggestions .suggestion").first
    first.get_by_role("button", name="Accept").wait_for()
    node_id = int(first.get_attribute("id").removeprefix("suggestion-"))
    drawn = page.locator(f'a.mapview-node[data-node="{node_id}"]')
    tray = page.locator(".mapview-tray a", has_text=Node.objects.get(pk=node_id).text[:40])
    expect(drawn).to_have_count(0)  # waiting in the tray
    expect(tray).to_have_count(1)
    # The redraw must come from the accept's own answer, not the poller's next tick.
    page.evaluate("document.querySelectorAll('.map-poller').forEach((p) => p.remove())")
    first.get_by_role("button", name="Accept").click()
    page.get_by_text("Placed “").wait_for()
    drawn.wait_for()  # the map view was drawn again: the node is in the layout
    expect(tray).to_have_count(0)
    assert Link.objects.filter(source_id=node_id).exists()
    page.screenshot(path=artifacts / "mapview-suggestion-accepted.png")
    assert page.errors == []
