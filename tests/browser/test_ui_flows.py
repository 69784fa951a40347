"""The main screens in real headless Chromium: import, reader selection, tree editing,
picture, and proof that user text never runs as script."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from argmap.maps.models import Link, Map, Node
from tests.browser.conftest import SEED
from tests.browser.conftest import tree_row as _row
from tests.factories import big_map

pytestmark = pytest.mark.browser

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'


def test_import_the_seed_article_through_the_form(login_page, editor, live_server, artifacts):
    page = login_page(editor)
    page.goto(f"{live_server.url}/import/")
    page.set_input_files('input[name="file"]', str(SEED))
    page.get_by_role("button", name="Preview the split").click()
    # The preview is a new page: wait for its fields, not just the click's navigation.
    expect(page.locator('input[name="title"]')).to_have_value(
        "Who will eventually send troops to Ukraine?"
    )
    expect(page.locator('input[name="author"]')).to_have_value("Miloš Balabán")
    expect(page.locator('input[name="published_on"]')).to_have_value("2025-08-25")
    found = "30 units: 26 claims, 4 questions (3 cut inside a sentence)"
    expect(page.get_by_text(found)).to_be_visible()
    page.screenshot(path=artifacts / "import-preview.png", full_page=True)
    # Fix the split: the first claim is left out.
    page.select_option("#kind-0", "skip")
    page.get_by_role("button", name="Save as a new map").click()
    page.wait_for_url(re.compile(r"/maps/\d+/$"))
    assert page.get_by_text("Imported “Who will eventually send troops to Ukraine?”").is_visible()
    map_obj = Map.objects.get()
    assert Node.objects.filter(map=map_obj).count() == 1 + 29
    assert page.locator('[role="treeitem"]').first.get_attribute("aria-level") == "1"


def test_select_a_sentence_in_the_reader_and_make_it_a_claim(
    login_page, editor, live_server, seed_map, artifacts
):
    article = seed_map.articles.get()
    sentence = "The mandatory delivery of military power is politically impossible."
    Node.objects.filter(map=seed_map, text=sentence).delete()  # so the words are plain text
    page = login_page(editor)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    # Drag the mouse across the sentence, as an analyst would.
    _drag_across(page, "#article-body span", sentence)
    # The drag ends past the full stop; the selection is trimmed to the words.
    expect(page.locator('#annotate-form [name="exact"]')).to_have_value(sentence)
    page.get_by_label("a claim").check()
    page.select_option('#annotate-form [name="parent"]', str(seed_map.root_id))
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text("Added claim").wait_for()
    node = Node.objects.get(map=seed_map, text=sentence)
    assert article.body[node.anchor_start : node.anchor_end] == sentence
    assert Link.objects.get(source=node).target_id == seed_map.root_id
    expect(page.locator(f"mark#at-{node.pk}")).to_have_text(sentence)
    page.screenshot(path=artifacts / "reader.png", full_page=False)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "reader-phone.png", full_page=False)
    # A highlight leads to the node in the map.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(f"mark#at-{node.pk}").click()
    page.wait_for_url(re.compile(rf"/maps/{seed_map.pk}/.*#node-{node.pk}$"))
    expect(page.locator(f"#node-{node.pk}")).to_be_visible()


def _drag_across(page, selector: str, words: str) -> None:
    """Press the mouse on the first letter of ``words`` inside the element matching
    ``selector`` and release it just past the last, as an analyst selects text."""
    # Coordinates are read once the page has settled: a late layout shift would move the
    # text under the mouse and the drag would end in the next paragraph.
    page.wait_for_load_state("networkidle")
    element = page.locator(selector, has_text=words).first
    element.scroll_into_view_if_needed()
    points = page.evaluate(
        """([selector, words]) => {
            const element = [...document.querySelectorAll(selector)].find(
                e => e.textContent.includes(words));
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            let node = walker.nextNode();
            while (node && !node.textContent.includes(words)) node = walker.nextNode();
            const start = node.textContent.indexOf(words), range = document.createRange();
            range.setStart(node, start); range.setEnd(node, start + 1);
            const first = range.getBoundingClientRect();
            range.setStart(node, start + words.length - 1);
            range.setEnd(node, start + words.length);
            const last = range.getBoundingClientRect();
            return [first.left + 1, first.top + first.height / 2,
                    last.right + 4, last.top + last.height / 2];
        }""",
        [selector, words],
    )
    page.mouse.move(points[0], points[1])
    page.mouse.down()
    page.mouse.move(points[2], points[3], steps=8)
    page.mouse.up()


def test_select_words_inside_a_highlight_and_make_them_evidence(
    login_page, editor, live_server, seed_map
):
    article = seed_map.articles.get()
    sentence = Node.objects.get(map=seed_map, text__startswith="Even after US President")
    words = "Alaskan meeting with Russian President"
    page = login_page(editor)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    # The words are inside a highlight, which also leads to its node when clicked: the
    # drag selects them and does not leave the page.
    _drag_across(page, f"mark#at-{sentence.pk}", words)
    expect(page.locator('#annotate-form [name="exact"]')).to_have_value(words)
    assert page.url.endswith(f"/articles/{article.pk}/")
    page.get_by_label("evidence").check()
    page.select_option('#annotate-form [name="parent"]', str(sentence.pk))
    page.get_by_role("button", name="Add to the map").click()
    page.get_by_text("Added evidence").wait_for()
    evidence = Node.objects.get(map=seed_map, kind="evidence", text=words)
    assert article.body[evidence.anchor_start : evidence.anchor_end] == words
    assert Link.objects.get(source=evidence).target_id == sentence.pk


def test_edit_the_tree_add_evidence_and_opposition_move_delete_undo(
    login_page, editor, live_server, seed_map, artifacts
):
    root = seed_map.root
    question = Node.objects.filter(map=seed_map, kind="question").exclude(pk=root.pk).first()
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")

    # Answer an open question with a claim.
    _row(page, question.text).locator("> .node .tools").get_by_text("+ Answer").click()
    page.locator(".slot textarea[name=text]").fill("Europe will pay for the troops.")
    page.locator(".slot").get_by_role("button", name="Add", exact=True).click()
    claim_row = _row(page, "Europe will pay for the troops.")
    claim_row.wait_for()
    expect(page.get_by_text("Added claim")).to_be_visible()

    # Supporting evidence with an Admiralty grade.
    claim_row.locator("> .node .tools").get_by_text("+ Evidence").click()
    slot = claim_row.locator("> .node > .slot")
    slot.locator("textarea[name=text]").fill("The EU budget has a defence line.")
    slot.locator("input[name=source_title]").fill("EU budget 2026")
    slot.locator("input[name=source_url]").fill("https://example.org/budget")
    slot.locator("select[name=source_reliability]").select_option("B")
    slot.locator("select[name=information_credibility]").select_option("2")
    slot.get_by_role("button", name="Add", exact=True).click()
    evidence_row = _row(page, "The EU budget has a defence line.")
    evidence_row.wait_for()
    expect(evidence_row.locator(".grade").first).to_have_text("B2")

    # An opposing claim.
    claim_row = _row(page, "Europe will pay for the troops.")
    claim_row.locator("> .node .tools").get_by_text("+ Oppose").click()
    claim_row.locator("> .node > .slot textarea[name=text]").fill("Europe has no money left.")
    claim_row.locator("> .node > .slot").get_by_role("button", name="Add", exact=True).click()
    opposing = _row(page, "Europe has no money left.")
    opposing.wait_for()
    expect(opposing.locator("> .node")).to_have_class(re.compile(r"(^|\s)via-opposes(\s|$)"))
    page.screenshot(path=artifacts / "tree.png", full_page=False)

    # Move the opposing claim under the evidence.
    evidence = Node.objects.get(text="The EU budget has a defence line.")
    opposing.locator("> .node .tools").get_by_text("More…").click()
    panel = opposing.locator("> .node > .slot")
    panel.locator("select[name=parent]").select_option(str(evidence.pk))
    panel.get_by_role("button", name="Move", exact=True).click()
    page.get_by_text("Moved under").wait_for()
    moved = Node.objects.get(text="Europe has no money left.")
    assert Link.objects.get(source=moved).target_id == evidence.pk

    # Delete the claim (its evidence and the moved claim go with it), then undo.
    claim = Node.objects.get(text="Europe will pay for the troops.")
    _row(page, claim.text).locator("> .node .tools").get_by_text("More…").click()
    _row(page, claim.text).get_by_role("button", name="Delete this claim").click()
    page.get_by_role("button", name="Undo").wait_for()
    expect(_row(page, claim.text)).to_have_count(0)
    assert not Node.objects.filter(pk=claim.pk).exists()
    page.get_by_role("button", name="Undo").click()
    _row(page, claim.text).wait_for()
    expect(_row(page, "Europe has no money left.")).to_have_count(1)
    back = {"Europe will pay for the troops.", "Europe has no money left."}
    assert Node.objects.filter(map=seed_map, text__in=back).count() == 2
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=artifacts / "tree-phone.png", full_page=False)


def test_keyboard_moves_through_the_tree(login_page, editor, live_server, seed_map):
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    first = page.locator('[role="treeitem"]').first
    first.focus()
    assert first.get_attribute("tabindex") == "0"
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('aria-level')")
    assert focused == "2"
    page.keyboard.press("ArrowLeft")  # to the parent
    assert page.evaluate("document.activeElement.getAttribute('aria-level')") == "1"
    page.keyboard.press("ArrowLeft")  # collapses the root
    expect(first).to_have_attribute("aria-expanded", "false")
    expect(page.locator('[aria-level="2"]').first).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(first).to_have_attribute("aria-expanded", "true")
    # Tab enters the current row's own links only, never every row's buttons.
    in_row = "document.activeElement.closest('[role=treeitem]')?.id"
    page.keyboard.press("Tab")
    assert page.evaluate(in_row) == first.get_attribute("id")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate(in_row) != page.locator('[role="treeitem"]').nth(1).get_attribute("id")
    # Enter opens the row's first action.
    first.focus()
    page.keyboard.press("Enter")
    first.locator("> .node > .slot textarea[name=text]").wait_for()


def test_a_stale_edit_shows_the_other_text(login_page, editor, live_server, seed_map):
    question = Node.objects.filter(map=seed_map, kind="question").exclude(pk=seed_map.root_id)[0]
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    row = _row(page, question.text)
    row.locator("> .node .tools").get_by_text("Edit").click()
    row.locator("> .node > .slot textarea[name=text]").fill("My wording?")
    Node.objects.filter(pk=question.pk).update(text="Their wording?", version=2)  # meanwhile
    row.locator("> .node > .slot").get_by_role("button", name="Save").click()
    # The activity app's merge form: both texts, a word diff, and the merged text to save.
    conflict = page.locator(".edit-conflict")
    expect(conflict).to_contain_text("Their wording?")
    expect(conflict).to_contain_text("My wording?")
    expect(conflict.locator("textarea[name=text]")).to_have_value("My wording?")
    conflict.get_by_role("button", name="Save merged text").click()
    page.get_by_text("Saved: My wording?").wait_for()
    assert Node.objects.get(pk=question.pk).text == "My wording?"
    _row(page, "My wording?").wait_for()  # the tree reloads itself after the merge


def test_the_picture_is_shown_and_downloads(login_page, editor, live_server, seed_map, artifacts):
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/?view=map")
    page.locator(".mapview svg").wait_for()
    # The whole tree under the root is drawn; the nodes not yet placed wait in the tray.
    placed = Link.objects.filter(map=seed_map).values("source_id").distinct().count() + 1
    expect(page.locator(".mapview svg g.node")).to_have_count(placed)
    with page.expect_download() as download:
        page.locator(".mapview-download").get_by_role("link", name="PNG").click()
    assert download.value.suggested_filename.endswith(".png")
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/picture/")
    page.screenshot(path=artifacts / "picture.png", full_page=False)


def test_user_text_never_runs_as_script(login_page, editor, live_server, workspace, artifacts):
    path = Path(artifacts) / "hostile.txt"
    path.write_text(f"A hostile title {PAYLOAD}\n\nThe claim is {PAYLOAD} here.\n")
    call_command("import_article", str(path), workspace=workspace.name)
    map_obj = Map.objects.get(workspace=workspace)
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{map_obj.pk}/")
    # Also through the inline form.
    page.locator('[role="treeitem"]').first.locator("> .node .tools").get_by_text(
        "+ Support"
    ).click()
    page.locator(".slot textarea[name=text]").fill(PAYLOAD)
    page.locator(".slot").get_by_role("button", name="Add", exact=True).click()
    _row(page, PAYLOAD).wait_for()
    page.locator("[data-view-switch=map]").click()  # the switch: loads the map view
    page.locator(".mapview svg").wait_for()
    expect(page.locator(".mapview svg")).to_contain_text(PAYLOAD)
    page.goto(f"{live_server.url}/articles/{map_obj.articles.get().pk}/")
    assert PAYLOAD in page.locator("#article-body").inner_text()
    page.goto(f"{live_server.url}/maps/{map_obj.pk}/picture/")
    page.wait_for_timeout(200)
    for url in (f"/maps/{map_obj.pk}/", f"/articles/{map_obj.articles.get().pk}/"):
        page.goto(live_server.url + url)
        assert page.evaluate("window.__xss") is None
    assert page.dialogs == [] and page.errors == []


def test_without_javascript_every_action_is_a_plain_form(
    login_page, editor, live_server, seed_map, artifacts
):
    question = Node.objects.filter(map=seed_map, kind="question").exclude(pk=seed_map.root_id)[0]
    page = login_page(editor, javascript=False)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    _row(page, question.text).locator("> .node .tools").get_by_text("+ Answer").click()
    page.wait_for_url(re.compile(r"/add/"))
    page.locator("textarea[name=text]").fill("Nobody will.")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url(re.compile(rf"/maps/{seed_map.pk}/\?show=\d+#node-\d+$"))
    assert page.get_by_text("Added claim “Nobody will.”").is_visible()
    _row(page, "Nobody will.").locator("> .node .tools").get_by_text("More…").click()
    page.get_by_role("button", name="Delete this claim").click()
    # Each click posts a form and loads a new page: wait for it, not the page before.
    expect(page.get_by_text("Deleted Claim “Nobody will.”").first).to_be_visible()
    page.get_by_role("button", name="Undo").click()
    expect(_row(page, "Nobody will.")).to_have_count(1)
    page.screenshot(path=artifacts / "tree-no-javascript.png", full_page=False)


def test_large_maps_load_children_when_opened(login_page, editor, live_server, workspace):
    map_obj = big_map(2000, workspace=workspace)
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{map_obj.pk}/")
    assert page.get_by_text("Large map").is_visible()
    closed = page.locator('[role="treeitem"][aria-expanded="false"]').first
    item_id = closed.get_attribute("id")
    level = int(closed.get_attribute("aria-level"))
    closed.locator("> .node .toggle").click()
    opened = page.locator(f"#{item_id}")
    # expect() waits without eval in the page, which the Content-Security-Policy forbids.
    expect(page.locator(f"#{item_id}")).to_have_attribute("aria-expanded", "true")
    children = opened.locator(f'[role="treeitem"][aria-level="{level + 1}"]')
    expect(children).to_have_count(4)
    expect(children.first).to_be_visible()
    # The keyboard opens the next closed one the same way.
    following = page.locator('[role="treeitem"][aria-expanded="false"]').first
    following_id = following.get_attribute("id")
    following.focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#{following_id}")).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{following_id}")).to_be_focused()


def test_place_an_imported_claim_under_a_question(login_page, editor, live_server, seed_map):
    claim = Node.objects.get(map=seed_map, text="The Poles refused to be sent.")
    page = login_page(editor)
    page.goto(f"{live_server.url}/maps/{seed_map.pk}/")
    row = _row(page, claim.text)
    row.locator("> .node .tools").get_by_text("Place…").click()
    panel = row.locator("> .node > .slot")
    panel.locator("input[name=q]").fill("pay for their")
    panel.locator("select[name=parent] option").first.wait_for(state="attached")
    expect(page.locator(".slot select[name=parent] option")).to_have_count(1)
    panel.locator("select[name=relation]").select_option("answers")
    panel.get_by_role("button", name="Place").click()
    page.get_by_text("Placed in the tree.").wait_for()
    link = Link.objects.get(source=claim)
    assert (link.target.text, link.relation) == ("Who will pay for their posting?", "answers")
    placed = _row(page, claim.text)
    expect(placed).to_have_attribute("aria-level", "3")
