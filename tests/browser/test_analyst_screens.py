"""What got in a new analyst's way (issue 14), each checked in the browser: the Annotate
panel in view, placing a claim by words, the undo banner, the keyboard, readable actions.
More in test_analyst_pages.py."""

import pytest
from playwright.sync_api import expect

from argmap.maps.models import Link, Node
from tests.browser.conftest import tree_row
from tests.browser.test_ui_flows import _drag_across

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _wait_in_view(page, selector: str) -> None:
    """Wait until the element's top is on the screen (the panel may still be moving into
    view); fails after the page's timeout. A function, not an expression: polling an
    expression is an eval, which the page's Content-Security-Policy refuses."""
    page.wait_for_function(
        """selector => {
            const e = document.querySelector(selector);
            if (!e) return false;
            const r = e.getBoundingClientRect();
            return r.top >= 0 && r.top < innerHeight && r.bottom > 0;
        }""",
        arg=selector,
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
    _wait_in_view(page, '#annotate-form [name="exact"]')
    _wait_in_view(page, "#annotate-form button.primary")
    expect(page.locator("#annotate-form button.primary")).to_be_visible()
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
    # The restore's answer first: a goto right after the click could cut its request short.
    page.get_by_text("Restored").wait_for()
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    tree_row(page, other.text).wait_for()
    expect(undo).to_have_count(0)
    # An Undo that can no longer work (restored in another tab meanwhile) says so, and the
    # tree stays.
    tree_row(page, other.text).locator("> .node .tools a", has_text="…").click()
    tree_row(page, other.text).get_by_role("button", name="Delete this claim").click()
    expect(undo).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto(f"{live_server.url}/maps/{seed_map.pk}/trash/")
    other_tab.locator("section.deletion", has_text=other.text).get_by_role(
        "button", name="Restore"
    ).click()
    other_tab.get_by_text("Restored").wait_for()
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
    expect(page.locator(":focus")).to_have_attribute("role", "treeitem")
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
