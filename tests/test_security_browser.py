"""In a real browser, under the Content-Security-Policy: htmx runs, nothing is blocked, and
script written into user text never runs.

One map (``hostile_workspace``) holds the hostile payloads in every text a page shows: the
workspace name, the map title, node text, an evidence source, the article's title and
byline, comments, a scenario name, a node's history, the trash, a merge. Chromium visits
every page that shows them and does the htmx swaps that bring them in (the comment panel,
the picture and its recolouring, live search, the what-if diff), and finds no dialog, no
CSP violation or page error, no element made from user text, every payload shown as text."""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from tests.test_security_bad_input import (  # noqa: F401 (fixtures)
    MORE_PAYLOADS,
    PAYLOAD,
    PAYLOADS,
    hostile_workspace,
    my_workspace,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Elements that only user text turned into markup would make: no template has inline
# script, event handler attributes, frames or javascript: links.
INJECTED = ", ".join(
    [
        "script:not([src])",
        "img[src='x']",
        "iframe",
        "[onload]",
        "[onerror]",
        "[onmouseover]",
        "a[hx-trigger='load']",
        "a[href^='javascript:']",
    ]
)
NOT_FOUND = "<script>alert(7)</script> nowhere"


def _visit(base_url: str, session: str, steps: list[dict]) -> dict:
    """Open each page in Chromium, do its htmx step, and say what was seen. Runs in its
    own thread, so Playwright's event loop never meets another test's (or the ORM's)
    thread; it knows the database only through ``steps``."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    seen = {"pages": [], "dialogs": [], "violations": [], "errors": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
        page = context.new_page()
        page.set_default_timeout(8000)
        page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
        page.on(
            "console",
            lambda message: (
                seen["violations"].append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: seen["errors"].append(str(error)))
        os.makedirs("tests/artifacts", exist_ok=True)
        for index, step in enumerate(steps):
            response = page.goto(base_url + step["path"])
            page.wait_for_load_state("load")
            # What the page loads by itself (side panels, suggestions) lands first: a click
            # must not meet the layout shift of a late swap, as a reader's would not.
            page.wait_for_load_state("networkidle")
            shown = {"main": page.inner_text("main")}
            for selector in step.get("values", ()):  # form fields, as loaded
                shown[selector] = page.locator(selector).input_value()
            failed = []
            for swap in step.get("swaps", ()):
                try:
                    shown[swap["into"]] = _swap(page, swap)
                except (PlaywrightError, AssertionError) as error:  # expect() asserts
                    failed.append(f"swap into {swap['into']}: {str(error).splitlines()[0]}")
            for selector in step.get("contents", ()):
                shown[selector] = page.locator(selector).text_content()
            name = re.sub(r"[\W\d]+", "-", step["path"].split("?")[0]).strip("-") or "home"
            page.screenshot(path=f"tests/artifacts/security-{index:02d}-{name}.png")
            seen["pages"].append(
                {
                    "path": step["path"],
                    "status": response.status,
                    "policy": response.headers.get("content-security-policy", ""),
                    "htmx": page.evaluate("typeof window.htmx"),
                    "injected": page.locator(INJECTED).count(),
                    "shown": shown,
                    "failed": failed,
                }
            )
        browser.close()
    return seen


def _swap(page, swap: dict) -> str:
    """Do what makes htmx swap a part in; the part's text once it shows ``swap["shows"]``."""
    from playwright.sync_api import expect

    element = page.locator(swap["on"]).first
    if swap["do"] == "reveal":  # htmx loads it once in view, perhaps already did
        element.scroll_into_view_if_needed()
    else:
        with page.expect_response(lambda response: swap["request"] in response.url):
            if swap["do"] == "fill":
                element.fill(swap["text"])
            else:
                getattr(element, swap["do"])()
    landed = page.locator(swap["into"]).first
    expect(landed).to_contain_text(swap["shows"])
    return landed.text_content()


def _steps(hostile, workspace) -> list[dict]:
    """Each page with the payloads it must show as text (in ``main`` unless named)."""
    map_url = f"/maps/{hostile.map.pk}/"
    claim, evidence = hostile.claim.pk, hostile.evidence.pk
    everything = list(PAYLOADS)
    return [
        {"path": "/", "expect": {"main": [PAYLOAD]}},
        {
            "path": map_url,
            "expect": {
                "main": everything,
                "#comments-panel": [PAYLOAD, *MORE_PAYLOADS[:2]],
                ".mapview svg": [PAYLOAD],  # node texts in the drawing
            },
            "swaps": [
                {  # the claim's discussion, swapped into the side panel
                    "do": "click",
                    "on": f"#node-{claim} .comment-badge",
                    "request": f"/nodes/{claim}/comments/",
                    "into": "#comments-panel",
                    "shows": MORE_PAYLOADS[0],
                },
                {  # the map view, loaded by the tree / map switch
                    "do": "click",
                    "on": "[data-view-switch=map]",
                    "request": "/picture/",
                    "into": ".mapview svg",
                    "shows": PAYLOAD,
                },
            ],
        },
        {"path": f"/articles/{hostile.article.pk}/", "expect": {"main": [PAYLOAD]}},
        {
            "path": f"/search/?{urlencode({'q': PAYLOAD})}",
            "expect": {"main": [PAYLOAD], "#q": [PAYLOAD], "#results": [MORE_PAYLOADS[1]]},
            # Typing another payload: the results come back through htmx.
            "swaps": [
                {
                    "do": "fill",
                    "on": "#q",
                    "text": MORE_PAYLOADS[1],
                    "request": "/search/?",
                    "into": "#results",
                    "shows": MORE_PAYLOADS[1],
                }
            ],
            "values": ["#q"],
        },
        {
            "path": f"/search/?{urlencode({'q': NOT_FOUND})}",
            "expect": {"main": [f"Nothing found for “{NOT_FOUND}”."]},
        },
        {
            "path": f"{map_url}reasoning/?scenario={hostile.scenario.pk}",
            "expect": {"main": everything, "#what-if-diff": [PAYLOAD]},
            # Switching the claim off: the table of changes comes back through htmx.
            "swaps": [
                {
                    "do": "check",
                    "on": f"input[name=off][value='{claim}']",
                    "request": f"{map_url}reasoning/",
                    "into": "#what-if-diff",
                    "shows": PAYLOAD,
                }
            ],
        },
        {"path": f"{map_url}ratings/", "expect": {"main": everything}},
        {
            "path": f"{map_url}duplicates/?article={hostile.article.pk}",
            "expect": {"main": [PAYLOAD, MORE_PAYLOADS[2]], "#add-article": [MORE_PAYLOADS[0]]},
            "contents": ["#add-article"],
        },
        {
            "path": f"/nodes/{claim}/comments/",
            "expect": {"main": [PAYLOAD, *MORE_PAYLOADS[:2]]},
        },
        {
            "path": f"/nodes/{evidence}/history/",
            "expect": {"main": [PAYLOAD, MORE_PAYLOADS[1]]},
        },
        {
            "path": f"{map_url}nodes/{evidence}/edit/",
            "expect": {"textarea[name=text]": [f"{PAYLOAD} {MORE_PAYLOADS[1]}"]},
            "values": ["textarea[name=text]"],
        },
        {"path": f"{map_url}trash/", "expect": {"main": [PAYLOAD, MORE_PAYLOADS[2]]}},
        {"path": f"{map_url}activity/", "expect": {"main": [PAYLOAD, MORE_PAYLOADS[0]]}},
        {"path": f"/workspaces/{workspace.pk}/", "expect": {"main": [PAYLOAD]}},
        {"path": f"{map_url}export/", "expect": {"main": [PAYLOAD]}},
        {"path": f"/workspaces/{workspace.pk}/import/", "expect": {"main": [PAYLOAD]}},
        {
            "path": f"{map_url}picture/",
            "expect": {"main": [PAYLOAD], ".mapview svg": [PAYLOAD]},
            "swaps": [
                {  # focus on the root: the drawing comes back through htmx
                    "do": "click",
                    "on": ".mapview-modes a:not([aria-current])",
                    "request": "node=",
                    "into": ".mapview svg",
                    "shows": PAYLOAD,
                }
            ],
        },
        {"path": "/no/such/page/", "status": 404, "expect": {}},
    ]


def test_pages_run_htmx_under_the_policy_and_never_run_user_script(live_server, hostile_workspace):  # noqa: F811
    client = Client()
    client.force_login(hostile_workspace.user)
    steps = _steps(hostile_workspace.hostile, hostile_workspace.workspace)
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(
            _visit, live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value, steps
        ).result(timeout=120)
    problems = []
    for step, page in zip(steps, seen["pages"], strict=True):
        where = page["path"]
        problems += [f"{where}: {failure}" for failure in page["failed"]]
        if page["status"] != step.get("status", 200):
            problems.append(f"{where}: status {page['status']}")
        if "script-src 'self'" not in page["policy"]:
            problems.append(f"{where}: no script-src 'self' in {page['policy']!r}")
        if page["htmx"] != "object":
            problems.append(f"{where}: htmx did not load")
        if page["injected"]:
            problems.append(f"{where}: {page['injected']} element(s) made from user text")
        for place, texts in step["expect"].items():
            shown = " ".join(page["shown"].get(place, "").split())
            problems += [
                f"{where} {place}: not shown as text: {text!r}"
                for text in texts
                if " ".join(text.split()) not in shown
            ]
    assert not problems, "\n".join(problems)
    assert seen["dialogs"] == []
    assert seen["violations"] == []
    assert seen["errors"] == []
