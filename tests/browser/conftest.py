import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from argmap.maps.models import Map
from argmap.teams.models import Role
from tests.factories import MembershipFactory

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# One browser for this package's tests; closed when they are done, because Playwright's
# sync API cannot run while another sync_playwright() (another test module's) is open.
@pytest.fixture(scope="package")
def browser():
    # A missing browser fails the run: a skip would let CI pass without browser tests.
    assert Path(CHROMIUM).exists(), "Chromium is not installed: run `make system-deps`."
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def editor(transactional_db, workspace):
    return MembershipFactory(workspace=workspace, role=Role.EDITOR).user


@pytest.fixture
def login_page(browser, live_server, client):
    """A fresh browser page logged in as ``user`` (through a real session cookie)."""
    contexts = []

    def open_as(user, *, width=1280, height=900, javascript=True):
        client.force_login(user)
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        context.add_cookies(
            [
                {
                    "name": django_settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(8000)
        page.dialogs = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_as
    for context in contexts:
        # Let requests the page still has in flight (a panel loading after the page, which
        # may write) finish, so the database flush after the test never meets them.
        for page in context.pages:
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=5000)
        context.close()


SEED = Path("seeds/who-will-send-troops-to-ukraine.txt").resolve()


@pytest.fixture
def seed_map(workspace, transactional_db):
    """The demo article's map, imported from the seed article as ``load_demo`` does."""
    call_command("import_article", str(SEED), workspace=workspace.name)
    return Map.objects.get(workspace=workspace)


def tree_row(page, text):
    """The tree item whose own node text is ``text``."""
    own_text = page.locator("> .node .text").get_by_text(text, exact=True)
    return page.locator('[role="treeitem"]', has=own_text)
