"""Two people of one workspace in two browsers: an editor works, a viewer watches.

The viewer's map page picks up the editor's work (a claim added in the tree, a comment
typed in the discussion panel) by polling the map's "changed since" endpoint, without a
reload: the tree and the activity sidebar update in place.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from argmap.maps.models import Node
from argmap.maps.services import map_create, node_create
from argmap.teams.models import Role
from tests.browser.conftest import tree_row
from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def team():
    workspace = WorkspaceFactory(name="Kyiv desk")
    editor = UserFactory(username="erin")
    viewer = UserFactory(username="victor")
    MembershipFactory(workspace=workspace, user=editor, role=Role.EDITOR)
    MembershipFactory(workspace=workspace, user=viewer, role=Role.VIEWER)
    map_obj = map_create(workspace=workspace, title="Who will send troops?", root_kind="question")
    claim = node_create(
        map_obj=map_obj,
        kind="claim",
        text="France and Britain will.",
        parent=map_obj.root,
        relation="answers",
    )
    return {"editor": editor, "viewer": viewer, "map": map_obj, "claim": claim}


def _logged_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + reverse("login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + reverse("home"))
    return context, page


def _csrf(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")


def test_viewer_sees_the_editors_work_appear_and_cannot_forge_a_write(
    browser, live_server, team, artifacts
):
    map_obj, claim = team["map"], team["claim"]
    editor_context, editor = _logged_in(browser, live_server, "erin")
    viewer_context, viewer = _logged_in(browser, live_server, "victor")
    try:
        viewer.goto(live_server.url + reverse("map_detail", args=[map_obj.pk]))
        viewer.evaluate("window.stillTheSamePage = true")  # lost if the page reloads

        # The editor answers the question with a claim on the map page...
        editor.goto(live_server.url + reverse("map_detail", args=[map_obj.pk]))
        tree_row(editor, map_obj.root.text).locator("> .node .tools").get_by_text(
            "+ Answer"
        ).click()
        editor.locator(".slot textarea[name=text]").fill("Poland sends engineers.")
        editor.locator(".slot").get_by_role("button", name="Add", exact=True).click()
        tree_row(editor, "Poland sends engineers.").wait_for()
        # ...and comments on another one in the discussion panel, through htmx.
        editor.goto(live_server.url + reverse("comments_panel", args=[claim.pk]))
        editor.fill("textarea[name=body]", "Which source says so?")
        editor.click("button:has-text('Comment')")
        editor.locator(".comment-body", has_text="Which source says so?").wait_for()
        editor.screenshot(path=artifacts / "teamwork-editor-discussion.png", full_page=True)

        # The viewer's open tree shows the new claim, and the sidebar who did what.
        tree_row(viewer, "Poland sends engineers.").wait_for(timeout=20_000)
        sidebar = viewer.locator(".feed-entry", has_text="commented on")
        expect(sidebar.first).to_contain_text("erin", timeout=20_000)
        assert viewer.evaluate("window.stillTheSamePage") is True
        viewer.screenshot(path=artifacts / "teamwork-viewer-map.png", full_page=True)
        assert Node.objects.get(text="Poland sends engineers.").author == team["editor"]

        # The viewer's pages offer no write controls...
        tools = viewer.locator(".tools")
        for control in ("+ Answer", "+ Support", "+ Oppose", "Edit", "More…"):
            assert tools.get_by_text(control, exact=True).count() == 0, control
        viewer.goto(live_server.url + reverse("comments_panel", args=[claim.pk]))
        assert viewer.get_by_text("Which source says so?").is_visible()
        assert viewer.locator("textarea").count() == 0
        assert viewer.get_by_text("Reply").count() == 0
        viewer.goto(live_server.url + reverse("node_history", args=[claim.pk]))
        assert viewer.get_by_role("button").filter(has_text="Restore").count() == 0

        # ...and a forged POST with a valid CSRF token is refused by the role check.
        for name, form in [
            ("comment_create", {"body": "Forged."}),
            ("node_merge", {"text": "Forged.", "expected_version": "1"}),
        ]:
            url = live_server.url + reverse(name, args=[claim.pk])
            token = _csrf(viewer_context)
            forged = viewer.request.post(
                url, form=form, headers={"X-CSRFToken": token}, max_redirects=0
            )
            assert forged.status == 403, name
            assert "This form has expired" not in forged.text()  # not the CSRF failure page
            # The same request from the editor goes through: the 403 is the role's.
            allowed = editor.request.post(
                url, form=form, headers={"X-CSRFToken": _csrf(editor_context)}, max_redirects=0
            )
            assert allowed.status == 302, name
    finally:
        editor_context.close()
        viewer_context.close()


def test_owner_invites_a_newcomer_who_signs_up_through_the_link(
    browser, live_server, team, artifacts
):
    workspace = team["map"].workspace
    owner = UserFactory(username="olga")
    MembershipFactory(workspace=workspace, user=owner, role=Role.OWNER)
    owner_context, page = _logged_in(browser, live_server, "olga")
    newcomer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page.goto(live_server.url + reverse("workspace_detail", args=[workspace.pk]))
        page.evaluate("window.stillTheSamePage = true")
        page.select_option("#id_role", "commenter")
        page.click("button:has-text('Create invitation')")
        link_box = page.locator("input.link-box")  # swapped in by htmx
        expect(link_box).to_have_value(re.compile("/invitations/"))
        link = link_box.input_value()

        # The last owner's own demotion is refused in place (a 422 partial htmx swaps in).
        mine = page.locator("tr", has_text="olga (you)")
        mine.locator("select").select_option("viewer")
        mine.locator("button:has-text('Change')").click()
        page.get_by_role("alert").filter(has_text="needs an owner").wait_for()
        assert page.evaluate("window.stillTheSamePage") is True
        page.screenshot(path=artifacts / "teamwork-workspace-members.png", full_page=True)

        newcomer = newcomer_context.new_page()
        newcomer.set_default_timeout(10_000)
        newcomer.goto(link)  # not logged in: the invitation itself, which offers sign-up
        newcomer.get_by_text("olga invites you as").wait_for()
        newcomer.click("text=create an account")
        newcomer.fill("#id_username", "nadia")
        newcomer.fill("#id_email", "nadia@example.org")
        newcomer.fill("#id_password1", "a long passphrase 42")
        newcomer.fill("#id_password2", "a long passphrase 42")
        newcomer.click("button:has-text('Sign up')")
        newcomer.wait_for_url("**/signup/sent/**")
        # The account opens from the link mailed to the address, which carries the invitation.
        confirm = re.search(r"https?://\S+/accounts/signup/confirm/\S+", mail.outbox[-1].body)
        newcomer.goto(confirm.group(0))
        newcomer.get_by_text("invites you as").wait_for()
        newcomer.click("button:has-text('Accept and join')")
        newcomer.get_by_text("Welcome to").wait_for()  # on the workspace's maps
        assert newcomer.url.endswith(f"/#workspace-{workspace.pk}")
        newcomer.goto(live_server.url + reverse("workspace_detail", args=[workspace.pk]))
        assert newcomer.locator("tr", has_text="nadia (you)").get_by_text("Commenter").count()
    finally:
        owner_context.close()
        newcomer_context.close()
