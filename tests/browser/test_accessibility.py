"""The accessibility floor of every screen, at desktop (1366 px) and phone (390 px) width.

One walk through the screens an analyst uses, on one seeded map, in one browser context
per width: axe-core (npm, installed by `make axe`) finds no serious or critical violation,
nothing scrolls sideways on a phone, the page logs no console error and no request fails.
A screenshot of each screen at each width is written under tests/artifacts/a11y/.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from argmap.discussion.services import comment_create
from argmap.maps.models import Node
from argmap.maps.services_trash import node_trash
from argmap.teams.models import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / ".venv/axe/node_modules/axe-core/axe.min.js"
SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
SERIOUS = ("serious", "critical")
# The rules of WCAG 2.0-2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _screens(seed_map, workspace) -> list[tuple[str, str, object, str | None]]:
    """(name, URL, what to do once it has loaded, the part axe checks: None for the whole
    page) for every screen of the issue. The map page is checked whole once; with a form
    or a menu open, axe looks at that part only (axe takes seconds over the whole tree)."""
    article = seed_map.articles.get()
    claim = Node.objects.filter(map=seed_map, kind="claim").exclude(pk=seed_map.root_id)[0]

    def open_tree_form(page):
        row = page.locator(f'[role="treeitem"][data-node="{claim.pk}"]').first
        row.locator("> .node .tools a").first.click()
        row.locator("> .node > .slot textarea").wait_for()

    def preview(page):
        page.fill('textarea[name="text"]', "Who pays?\n\nEurope pays. Does it?\n")
        page.get_by_role("button", name="Preview the split").click()
        page.get_by_text("Check the split").wait_for()

    def open_export_menu(page):
        page.locator(".export-menu > summary").click()
        page.locator(".export-list .export-formats").wait_for()

    def open_node_panel(page):
        page.locator("a.mapview-node").nth(1).focus()
        page.keyboard.press("Enter")
        page.locator("#mapview-panel").wait_for()

    map_url = reverse("map_detail", args=[seed_map.pk])
    return [
        ("home", reverse("home"), None, None),
        ("workspaces", reverse("workspace_list"), None, None),
        ("workspace", reverse("workspace_detail", args=[workspace.pk]), None, None),
        ("import", reverse("article_import"), None, None),
        ("import-preview", reverse("article_import"), preview, None),
        ("reader", reverse("article_reader", args=[article.pk]), None, None),
        ("map", map_url, None, None),
        ("map-form", map_url, open_tree_form, "#tree-section .slot"),
        ("map-export-menu", map_url, open_export_menu, ".page-head"),
        # The map page with the map view chosen (remembered for the later visits of this
        # context, none of which is the map page), a node's panel open.
        ("map-view", f"{map_url}?view=map", open_node_panel, ".mapview"),
        ("picture", reverse("map_picture", args=[seed_map.pk]), None, None),
        ("pros-cons", reverse("node_pros_cons", args=[seed_map.pk, seed_map.root_id]), None, None),
        ("what-if", reverse("reasoning_what_if", args=[seed_map.pk]), None, None),
        ("ratings", reverse("reasoning_ratings", args=[seed_map.pk]), None, None),
        ("duplicates", reverse("reasoning_duplicates", args=[seed_map.pk]), None, None),
        ("search", reverse("reasoning_search") + "?q=troops", None, None),
        ("activity", reverse("map_activity", args=[seed_map.pk]), None, None),
        ("trash", reverse("map_trash", args=[seed_map.pk]), None, None),
        ("history", reverse("node_history", args=[claim.pk]), None, None),
        ("discussion", reverse("comments_panel", args=[claim.pk]), None, None),
        ("export", reverse("map_export", args=[seed_map.pk]), None, None),
        ("password-change", reverse("password_change"), None, None),
    ]


ANONYMOUS_SCREENS = [
    ("login", "login"),
    ("signup", "signup"),
    ("password-reset", "password_reset"),
]


@pytest.fixture
def owner(transactional_db, workspace):
    return MembershipFactory(workspace=workspace, role=Role.OWNER).user


@pytest.fixture
def walk_map(seed_map, owner):
    """The seeded map with something on each screen: a comment, a deletion in the trash."""
    claims = Node.objects.filter(map=seed_map, kind="claim").exclude(pk=seed_map.root_id)
    comment_create(node=claims[0], author=owner, body="Is this sourced?")
    node_trash(node=Node.objects.get(pk=claims.last().pk))
    return seed_map


def _watch(page, problems: list[str], screen: list[str]):
    """Record console errors, page errors and failed requests against the current screen."""

    def where():
        return screen[0]

    page.on(
        "console",
        lambda msg: msg.type == "error" and problems.append(f"{where()}: console: {msg.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"{where()}: page error: {error}"))
    page.on(
        "requestfailed",
        lambda request: problems.append(f"{where()}: failed {request.url} {request.failure}"),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and problems.append(f"{where()}: {response.status} {response.url}")
        ),
    )


def _check(page, name: str, size: str, problems: list[str], artifacts: Path, scope=None) -> None:
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    if width > viewport:
        problems.append(f"{name} @ {size}: {width} px wide in a {viewport} px window")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        "([scope, tags]) => axe.run("
        " {include: scope ? [scope] : [['html']]},"
        " {runOnly: {type: 'tag', values: tags}})",
        [scope, AXE_TAGS],
    )
    for violation in result["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(
                f"{name} @ {size}: axe {violation['impact']} {violation['id']}: "
                f"{violation['help']} ({len(violation['nodes'])}x, e.g. {targets})"
            )
    page.screenshot(path=artifacts / f"{name}-{size}.png", full_page=True)


def test_every_screen_keeps_the_accessibility_floor(
    browser, live_server, client, walk_map, workspace, owner, artifacts
):
    assert AXE.exists(), "axe-core is not installed: run `make axe`."
    client.force_login(owner)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    shots = artifacts / "a11y"
    shots.mkdir(exist_ok=True)
    problems: list[str] = []
    screen = [""]
    for size, (width, height) in SIZES.items():
        for logged_in in (True, False):
            context = browser.new_context(viewport={"width": width, "height": height})
            if logged_in:
                cookie = {"name": django_settings.SESSION_COOKIE_NAME, "value": session}
                context.add_cookies([cookie | {"url": live_server.url}])
                screens = _screens(walk_map, workspace)
            else:
                screens = [(name, reverse(url), None, None) for name, url in ANONYMOUS_SCREENS]
            page = context.new_page()
            page.set_default_timeout(10_000)
            _watch(page, problems, screen)
            for name, url, action, scope in screens:
                screen[0] = f"{name} @ {size}"
                page.goto(live_server.url + url)
                if action:
                    action(page)
                _check(page, name, size, problems, shots, scope)
            context.close()
    assert not problems, "\n".join(problems)
