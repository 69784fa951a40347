"""In a real browser, under the Content-Security-Policy: htmx runs, nothing is blocked, and
script written into user text never runs."""

import os

import pytest
from django.conf import settings
from django.test import Client

from tests.test_security_bad_input import PAYLOAD, my_workspace  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def test_pages_run_htmx_under_the_policy_and_never_run_user_script(browser, live_server, request):
    membership = request.getfixturevalue("my_workspace")  # the fixture imported above
    client = Client()
    client.force_login(membership.user)
    context = browser.new_context()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    map_obj = membership.workspace.maps.get()
    article = membership.workspace.articles.get()
    for path in ("/", f"/maps/{map_obj.pk}/", f"/articles/{article.pk}/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.htmx") == "object", path
        assert PAYLOAD.split("<img")[0] in page.inner_text("main")  # shown as text
        os.makedirs("tests/artifacts", exist_ok=True)
        page.screenshot(
            path=f"tests/artifacts/security-{path.strip('/').replace('/', '-') or 'home'}.png"
        )
    page.goto(live_server.url + "/no/such/page/")
    page.screenshot(path="tests/artifacts/security-404.png")
    assert dialogs == []
    assert violations == []
    context.close()
