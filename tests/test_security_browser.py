"""In a real browser, under the Content-Security-Policy: htmx runs, nothing is blocked, and
script written into user text never runs."""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.test import Client

from tests.test_security_bad_input import PAYLOAD, my_workspace  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _visit(base_url: str, session: str, paths: list[str]) -> dict:
    """Open each page in Chromium; what was seen. Runs in its own thread, so Playwright's
    event loop never meets another test's (or the ORM's) thread."""
    from playwright.sync_api import sync_playwright

    seen = {"pages": [], "dialogs": [], "violations": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
        page = context.new_page()
        page.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
        page.on(
            "console",
            lambda message: (
                seen["violations"].append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        os.makedirs("tests/artifacts", exist_ok=True)
        for path in paths:
            response = page.goto(base_url + path)
            page.wait_for_load_state("load")
            name = path.strip("/").replace("/", "-") or "home"
            page.screenshot(path=f"tests/artifacts/security-{name}.png")
            seen["pages"].append(
                {
                    "path": path,
                    "status": response.status,
                    "policy": response.headers.get("content-security-policy", ""),
                    "htmx": page.evaluate("typeof window.htmx"),
                    "text": page.inner_text("main"),
                }
            )
        browser.close()
    return seen


def test_pages_run_htmx_under_the_policy_and_never_run_user_script(live_server, my_workspace):  # noqa: F811
    pytest.importorskip("playwright.sync_api")
    client = Client()
    client.force_login(my_workspace.user)
    map_obj = my_workspace.workspace.maps.get()
    article = my_workspace.workspace.articles.get()
    paths = ["/", f"/maps/{map_obj.pk}/", f"/articles/{article.pk}/", "/no/such/page/"]
    with ThreadPoolExecutor(max_workers=1) as pool:
        seen = pool.submit(
            _visit, live_server.url, client.cookies[settings.SESSION_COOKIE_NAME].value, paths
        ).result(timeout=120)
    for page in seen["pages"][:3]:
        assert page["status"] == 200, page["path"]
        assert "script-src 'self'" in page["policy"]
        assert page["htmx"] == "object", page["path"]
        assert PAYLOAD.split("<img")[0] in page["text"]  # shown as text
    assert seen["pages"][3]["status"] == 404
    assert seen["dialogs"] == []
    assert seen["violations"] == []
