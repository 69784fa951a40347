"""What got in a new analyst's way (issue 14), each checked in the browser: the Annotate
panel in view, placing a claim by words, the undo banner, readable actions, the what-if
switches, the keyboard, and pages that log no error after many htmx swaps."""

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Link, Node
from tests.browser.conftest import tree_row
from tests.browser.test_ui_flows import _drag_across

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """selector => {
            const r = document.querySelector(selector).getBoundingClientRect();
            return r.top >= 0 && r.top < innerHeight && r.bottom > 0;
        }""",
        selector,
    )


@pytest.mark.parametrize("size", [{"width": 1366, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_the_annotate_panel_is_in_view_where_words_are_selected(
    login_page, editor, live_server, seed_map, artifacts, size
):
    words = "Europe does not know how to deal"  # near the end of the article
    page = login_page(editor, width=size["width"], height=size["height"])
    page.goto(f"{live_server.url}/articles/{seed_map.articles.get().pk}/")
    _drag_across(page, "#article-body span, #article-body mark", words)
    exact = page.locator('#annotate-form [name="exact"]')
    expect(exact).to_have_value(words)
    # The selected words and the button that files them are on the screen, by the text.
    assert _in_view(page, '#annotate-form [name="exact"]')
    assert _in_view(page, "#annotate-form button.primary")
    assert page.locator("#annotate-form button.primary").is_visible()
    # The default relation is named, not "the usual one".
    expect(page.locator("#annotate-form [name=relation] option").first).to_have_text(
        "supports, or answers a question"
    )
    # ...and the selected words are not hidden under it.
    words_bottom, panel_top = page.evaluate(
        """() => [getSelection().getRangeAt(0).getBoundingClientRect().bottom,
                  document.querySelector(".side-inner").getBoundingClientRect().top]"""
    )
    assert size["width"] > 900 or words_bottom <= panel_top
    page.screenshot(path=artifacts / f"annotate-{size['width']}.png")


def test_place_finds_a_parent_by_its_words_and_says_why_it_was_refused(
    login_page, editor, live_server, seed_map, artifacts
):
    claim = Node.objects.get(map=seed_map, text="The Poles refused to be sent.")
    question = Node.objects.get(map=seed_map, text="Who will pay for their posting?")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    row = tree_row(page, claim.text)
    row.locator("> .node .tools").get_by_text("Place…").click()
    panel = row.locator("> .node > .slot")
    parent = panel.locator("select[name=parent]")
    # Every word, any order, case and accents ignored.
    panel.locator("input[name=q]").fill("THÉIR posting pay")
    expect(parent.locator("option")).to_have_count(1)
    expect(parent.locator("option")).to_have_text(f"question: {question.text}")
    parent.select_option(str(question.pk))
    # "supports" does not fit a question: refused, with the reason beside the form, and
    # the chosen parent, the relation and the search are all still as the user left them.
    panel.get_by_role("button", name="Place").click()
    error = panel.get_by_role("alert")
    expect(error).to_contain_text("A claim cannot support a question.")
    expect(panel.locator("select[name=parent]")).to_have_value(str(question.pk))
    expect(panel.locator("select[name=relation]")).to_have_value("supports")
    expect(panel.locator("input[name=q]")).to_have_value("THÉIR posting pay")
    assert not Link.objects.filter(source=claim).exists()
    page.screenshot(path=artifacts / "place-refused.png")
    # A new search lists other nodes, but the chosen parent stays chosen.
    panel.locator("input[name=q]").fill("Germans Lithuania")
    expect(panel.locator("select[name=parent] option")).to_have_count(2)
    expect(panel.locator("select[name=parent]")).to_have_value(str(question.pk))
    panel.locator("select[name=relation]").select_option("answers")
    panel.get_by_role("button", name="Place").click()
    page.get_by_text("Placed in the tree.").wait_for()
    link = Link.objects.get(source=claim)
    assert (link.target_id, link.relation) == (question.pk, "answers")


def test_placing_with_no_parent_chosen_says_so(login_page, editor, live_server, seed_map):
    claim = Node.objects.get(map=seed_map, text="The Poles refused to be sent.")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    row = tree_row(page, claim.text)
    row.locator("> .node .tools").get_by_text("Place…").click()
    panel = row.locator("> .node > .slot")
    panel.locator("input[name=q]").fill("critics fragile")  # no node has both words
    options = panel.locator("select[name=parent] option")
    expect(options).to_have_count(1)
    expect(options).to_have_text("No node has all the words “critics fragile”")
    panel.get_by_role("button", name="Place").click()
    expect(panel.get_by_role("alert")).to_contain_text("Choose the parent in the list")
    assert not Link.objects.filter(source=claim).exists()


def test_the_undo_banner_goes_once_the_trash_restored_it(login_page, editor, live_server, seed_map):
    claim = Node.objects.get(map=seed_map, text="The Poles refused to be sent.")
    other = Node.objects.get(map=seed_map, text="The Americans seem to accept this.")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    for node in (claim, other):
        tree_row(page, node.text).locator("> .node .tools a", has_text="…").click()
        tree_row(page, node.text).get_by_role("button", name="Delete this claim").click()
        expect(tree_row(page, node.text)).to_have_count(0)
    undo = page.locator(".status-line form.undo")
    expect(undo).to_contain_text("The Americans seem to accept this.")
    # Restored from the Trash page: back on the map, no Undo is offered any more.
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/trash/")
    page.locator("section.deletion", has_text="The Americans seem to accept this.").get_by_role(
        "button", name="Restore"
    ).click()
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    tree_row(page, other.text).wait_for()
    expect(undo).to_have_count(0)
    # An Undo that can no longer work (restored in another tab meanwhile) says so, and the
    # tree stays.
    tree_row(page, other.text).locator("> .node .tools a", has_text="…").click()
    tree_row(page, other.text).get_by_role("button", name="Delete this claim").click()
    expect(undo).to_be_visible()
    deletion = Node.all_objects.get(pk=other.pk).deletion_id
    from argmap.maps.services import deletion_restore

    deletion_restore(map_obj=seed_map, deletion_id=deletion)
    undo.get_by_role("button", name="Undo").click()
    expect(page.locator(".status.failed")).to_contain_text("Nothing to restore")
    expect(page.locator('#tree-section [role="treeitem"]').first).to_be_visible()
    assert page.locator('#tree-section [role="treeitem"]').count() > 20
    expect(undo).to_have_count(0)


def test_the_tree_works_from_the_keyboard(login_page, editor, live_server, seed_map):
    question = Node.objects.get(map=seed_map, text="Who will pay for their posting?")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    page.wait_for_load_state("networkidle")
    # Two Tabs and Enter reach the tree (the skip links), whatever is above it.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "treeitem"
    # "?" shows the keys.
    page.keyboard.press("?")
    expect(page.locator("#keys-help .keys-list")).to_be_visible()
    expect(page.locator("#keys-help")).to_contain_text("Ctrl")
    page.keyboard.press("Escape")
    expect(page.locator("#keys-help .keys-list")).to_be_hidden()
    # A letter acts on the focused row: A answers the question; Escape cancels and the
    # focus is back on the row.
    row = tree_row(page, question.text)
    row.focus()
    page.keyboard.press("a")
    textarea = row.locator("> .node > .slot textarea[name=text]")
    expect(textarea).to_be_focused()
    page.keyboard.press("Escape")
    expect(textarea).to_have_count(0)
    expect(row).to_be_focused()
    # Ctrl+Enter saves; the new row has the focus afterwards.
    page.keyboard.press("a")
    expect(textarea).to_be_focused()
    page.keyboard.type("Europe will pay.")
    page.keyboard.press("Control+Enter")
    page.get_by_text("Added claim").wait_for()
    answer = Node.objects.get(map=seed_map, text="Europe will pay.")
    assert Link.objects.get(source=answer).target_id == question.pk
    expect(tree_row(page, "Europe will pay.")).to_be_focused()
    # Delete asks once (the delete button has the focus), Enter deletes.
    page.keyboard.press("Delete")
    delete = tree_row(page, "Europe will pay.").get_by_role("button", name="Delete this claim")
    expect(delete).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Undo").wait_for()
    assert not Node.objects.filter(pk=answer.pk).exists()


def test_row_actions_are_readable_and_big_enough_to_tap(login_page, editor, live_server, seed_map):
    page = login_page(editor, **PHONE)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    action = page.locator(".tools a", has_text="+ Support").first
    style = action.evaluate(
        "a => { const s = getComputedStyle(a), t = getComputedStyle(a.parentElement);"
        " return [s.opacity, t.opacity, s.fontSize, s.color]; }"
    )
    assert style[:2] == ["1", "1"]
    assert float(style[2].removesuffix("px")) >= 13.5
    box = action.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24


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
    page.locator("#picture").scroll_into_view_if_needed()
    page.locator("#picture svg").wait_for()
    page.locator(".picture-colours a").nth(1).click()
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
    expect(saved).to_have_text("Saved.")
    expect(saved).to_be_in_viewport()

    node_create(  # a teammate's work, picked up by the page's poll
        map_obj=seed_map, kind="claim", text="Brussels pays.", parent=question, relation="answers"
    )
    fresh = tree_row(page, "Brussels pays.")
    expect(fresh.locator("> .node .new-badge")).to_have_text("new", timeout=10_000)
    edited = tree_row(page, "Who pays for the posting?")
    expect(edited.locator("> .node .new-badge")).to_have_count(0)

    page.locator(".export-menu > summary").click()
    with page.expect_download():
        page.locator(".export-list a", has_text="CSV").click()
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
    assert mention.get_attribute("href").startswith(f"/workspaces/{workspace.pk}/#member-")

    other = login_page(ana)
    other.goto(f"{live_server.url}/")
    notice = other.locator(".messages").get_by_text(f"{editor.username} mentioned you on")
    expect(notice).to_be_visible()
    notice.get_by_role("link").click()
    expect(other.get_by_text("@ana can you source this?")).to_be_visible()


def test_an_invitation_shows_who_invites_before_sign_up_then_lands_on_the_maps(
    browser, live_server, workspace, editor
):
    from argmap.teams.models import Role
    from argmap.teams.services import invitation_create

    _, token = invitation_create(workspace=workspace, role=Role.COMMENTER, created_by=editor)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/invitations/{token}/")
    card = page.locator("main")
    expect(card).to_contain_text(f"Join {workspace.name}")
    expect(card).to_contain_text(f"{editor.username} invites you as")
    expect(card).to_contain_text("Commenter")
    card.get_by_role("link", name="create an account").click()
    page.fill("#id_username", "newcomer")
    page.fill("#id_email", "new@example.org")
    page.fill("#id_password1", "a long passphrase 42")
    page.fill("#id_password2", "a long passphrase 42")
    page.locator("main").get_by_role("button").click()
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your maps")
    expect(page.locator(f"#workspace-{workspace.pk}")).to_be_visible()
    assert page.url.endswith(f"/#workspace-{workspace.pk}")
    context.close()
