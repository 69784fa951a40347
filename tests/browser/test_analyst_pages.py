"""More of what got in a new analyst's way (issue 14), in the browser: no console error after
many htmx swaps, the what-if switches, nested highlights, where things are (history, "Saved.",
a teammate's new node, the first screen, the export menu), @mentions and invitations."""

import re

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Node
from tests.browser.conftest import tree_row

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_many_htmx_swaps_log_no_console_error(login_page, editor, live_server, seed_map):
    """Under the Content-Security-Policy (style-src 'self'), an inline style anywhere (htmx's
    indicator style, a style attribute in a fragment) is logged as a console error."""
    page = login_page(editor)
    console = []
    page.on("console", lambda msg: msg.type == "error" and console.append(msg.text))
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    question = tree_row(page, "Who will pay for their posting?")
    for _ in range(2):
        question.locator("> .node .tools a", has_text="+ Answer").click()
        question.locator("> .node > .slot").get_by_role("link", name="Cancel").click()
    question.locator("> .node .tools a", has_text="+ Answer").click()
    question.locator("> .node > .slot textarea").fill("Europe will pay.")
    question.locator("> .node > .slot").get_by_role("button", name="Add", exact=True).click()
    answer = tree_row(page, "Europe will pay.")
    answer.locator("> .node .tools a", has_text="More…").click()
    answer.get_by_role("button", name="Delete this claim").click()
    page.get_by_role("button", name="Undo").click()
    answer.wait_for()
    answer.locator(".comment-badge").click()
    page.locator("#comments-panel textarea").fill("Which budget?")
    page.locator("#comments-panel").get_by_role("button", name="Comment").click()
    page.locator("#comments-panel").get_by_text("Which budget?").wait_for()
    page.locator(".export-menu > summary").click()
    page.locator(".export-list .export-formats").wait_for()
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/reasoning/")
    page.locator(".rtree .switch input").nth(1).check()
    expect(page.locator("#what-if-diff")).not_to_contain_text("Nothing is switched off")
    page.wait_for_load_state("networkidle")
    assert console == [] and page.errors == []


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_the_what_if_switches_sit_side_by_side(
    login_page, editor, live_server, seed_map, artifacts, size
):
    from argmap.maps.services import link_create

    poles = Node.objects.get(map=seed_map, text="The Poles refused to be sent.")  # unplaced
    americans = Node.objects.get(map=seed_map, text="The Americans seem to accept this.")
    link_create(source=poles, target=seed_map.root, relation="answers")
    link_create(source=americans, target=poles, relation="supports")
    page = login_page(editor, width=size["width"], height=size["height"])
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/reasoning/")
    switches = page.locator(f"#node-{americans.pk} .switch")
    expect(switches).to_have_count(2)
    expect(switches).to_have_text(["node off", "link off"])
    first, second = (switches.nth(i).bounding_box() for i in range(2))
    apart = (
        first["x"] + first["width"] <= second["x"] or first["y"] + first["height"] <= second["y"]
    )
    assert apart, (first, second)
    # No tree-toggle triangle on a switch, and its box is whole on the page.
    marker = switches.first.evaluate("e => getComputedStyle(e, '::before').content")
    assert marker in ("none", "normal")
    for box in (first, second):
        assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    switches.nth(1).scroll_into_view_if_needed()
    page.screenshot(path=artifacts / f"what-if-{size['width']}.png")


def test_nested_highlights_and_the_selection_are_told_apart(
    login_page, editor, live_server, seed_map, artifacts
):
    from argmap.maps.services import Anchor, node_create

    article = seed_map.articles.get()
    sentence = Node.objects.get(map=seed_map, text__startswith="Even after US President")
    words = "Alaskan meeting"
    start = article.body.index(words)
    inner = node_create(
        map_obj=seed_map,
        kind="claim",
        text=words,
        anchor=Anchor(article=article, start=start, end=start + len(words)),
    )
    page = login_page(editor)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    inner_mark = page.locator(f"mark#at-{inner.pk}")
    outer_mark = page.locator(f"mark#at-{sentence.pk}").first
    expect(inner_mark).to_have_text(words)

    def look(mark):
        return mark.evaluate(
            "m => { const s = getComputedStyle(m);"
            " return [s.borderBottomStyle, s.backgroundImage, s.backgroundColor]; }"
        )

    assert look(inner_mark) != look(outer_mark)
    assert look(inner_mark)[0] == "double" and look(outer_mark)[0] == "solid"
    legend = page.locator(".reader .legend")
    expect(legend).to_contain_text("inside another")
    expect(legend).to_contain_text("your selection")
    # Evidence looks unlike a claim, and the reader's selection unlike a question.
    evidence, claim, question = (
        page.locator(f".legend mark.{kind}").first.evaluate(
            "m => [getComputedStyle(m).backgroundColor, getComputedStyle(m).borderBottomStyle]"
        )
        for kind in ("evidence", "claim", "question")
    )
    assert evidence[1] != claim[1] and evidence[0] != claim[0]
    selection = page.locator("#article-body").evaluate(
        "b => getComputedStyle(b.querySelector('span'), '::selection').backgroundColor"
    )
    assert selection not in (question[0], claim[0], evidence[0])
    inner_mark.scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "reader-nested.png")


def test_where_things_are(login_page, editor, live_server, seed_map):
    """A new user's first screen offers a workspace; a row leads to its history; "Saved."
    shows by the node; a teammate's new node is marked new; the export menu closes after
    a download."""
    from argmap.maps.services import node_create
    from tests.factories import UserFactory

    newcomer = login_page(UserFactory(username="newcomer"))
    newcomer.goto(live_server.url + "/")
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Your maps")
    newcomer.get_by_label("Name").fill("Kyiv desk")
    newcomer.get_by_role("button", name="Create a workspace").click()
    expect(newcomer.get_by_role("heading", level=1)).to_contain_text("Kyiv desk")

    question = Node.objects.get(map=seed_map, text="Who will pay for their posting?")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    row = tree_row(page, question.text)
    expect(row.locator("> .node .history-link")).to_have_attribute(
        "href", f"/nodes/{question.pk}/history/"
    )
    row.locator("> .node .tools a", has_text="Edit").click()
    row.locator("> .node > .slot textarea[name=text]").fill("Who pays for the posting?")
    row.locator("> .node > .slot").get_by_role("button", name="Save").click()
    saved = tree_row(page, "Who pays for the posting?").locator("> .node > .row-status")
    expect(saved).to_have_attribute("data-status", "Saved.")
    expect(saved).to_be_in_viewport()

    node_create(  # a teammate's work, picked up by the page's poll
        map_obj=seed_map, kind="claim", text="Brussels pays.", parent=question, relation="answers"
    )
    fresh = tree_row(page, "Brussels pays.")
    expect(fresh.locator("> .node .new-badge")).to_have_text("new", timeout=20_000)
    edited = tree_row(page, "Who pays for the posting?")
    expect(edited.locator("> .node .new-badge")).to_have_count(0)

    page.locator(".export-menu > summary").click()
    # The menu's list of formats arrives by htmx on opening; until then its one link, to the
    # export page, also says "CSV". Click the CSV download once the list is there.
    csv = page.locator(".export-list .export-formats a", has_text=re.compile(r"^CSV"))
    expect(csv).to_be_visible()
    with page.expect_download(timeout=20_000):
        csv.click()
    expect(page.locator(".export-menu")).not_to_have_attribute("open", "")


def test_a_mention_links_to_the_person_who_sees_a_notice_next_time(
    login_page, editor, live_server, seed_map, workspace
):
    from tests.factories import MembershipFactory, UserFactory

    ana = MembershipFactory(workspace=workspace, user=UserFactory(username="ana")).user
    question = Node.objects.get(map=seed_map, text="Who will pay for their posting?")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    tree_row(page, question.text).locator("> .node .comment-badge").click()
    panel = page.locator("#comments-panel")
    panel.locator("textarea").fill("@ana can you source this?")
    panel.get_by_role("button", name="Comment").click()
    mention = panel.locator("a.mention")
    expect(mention).to_have_text("@ana")
    expect(mention).to_have_attribute(
        "href", re.compile("^" + re.escape(f"/workspaces/{workspace.pk}/#member-"))
    )

    other = login_page(ana)
    other.goto(f"{live_server.url}/")
    notice = other.locator(".messages").get_by_text(f"{editor.username} mentioned you on")
    expect(notice).to_be_visible()
    notice.get_by_role("link").click()
    expect(other.get_by_text("@ana can you source this?")).to_be_visible()


def test_an_invitation_shows_who_invites_before_sign_up_then_lands_on_the_maps(
    browser, login_page, live_server, workspace, editor
):
    from argmap.teams.models import Role
    from argmap.teams.services import invitation_create
    from tests.factories import UserFactory

    _, token = invitation_create(workspace=workspace, role=Role.COMMENTER, created_by=editor)
    url = f"/invitations/{token}/"
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + url)  # not signed up yet: the invitation itself
    card = page.locator("main")
    expect(card).to_contain_text(f"Join {workspace.name}")
    expect(card).to_contain_text(f"{editor.username} invites you as")
    expect(card).to_contain_text("Commenter")
    expect(card.get_by_role("link", name="create an account")).to_have_attribute(
        "href", f"/accounts/signup/?next={url}"
    )
    context.close()
    newcomer = login_page(UserFactory(username="newcomer"), **PHONE)
    newcomer.goto(live_server.url + url)
    newcomer.get_by_role("button", name="Accept and join").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Your maps")
    expect(newcomer.locator(f"#workspace-{workspace.pk}")).to_be_visible()
    expect(newcomer).to_have_url(re.compile(re.escape(f"/#workspace-{workspace.pk}") + "$"))
