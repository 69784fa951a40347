// argmap: the few behaviours htmx does not cover. No inline handlers anywhere, so the
// page can run under a strict Content-Security-Policy; every request still goes via htmx.
(function () {
  "use strict";

  // ---- The argument tree: ARIA tree keyboard navigation (WAI-ARIA APG tree pattern) ----

  function items(tree) {
    // Visible treeitems in document order: skip those inside a collapsed item.
    return Array.prototype.filter.call(
      tree.querySelectorAll('[role="treeitem"]'),
      function (item) {
        var parent = item.parentElement && item.parentElement.closest('[role="treeitem"]');
        while (parent) {
          if (parent.getAttribute("aria-expanded") === "false") return false;
          parent = parent.parentElement && parent.parentElement.closest('[role="treeitem"]');
        }
        return true;
      }
    );
  }

  // The tree is one Tab stop: only the current item's own links (its tools, its source)
  // are in the Tab order, so Tab does not walk through every row's buttons.
  var ROW_LINKS = ":scope > .node > .line a:not(.toggle), :scope > .node > .tools a";

  function rowLinks(item, tabIndex) {
    item.querySelectorAll(ROW_LINKS).forEach(function (link) { link.tabIndex = tabIndex; });
  }

  function focusItem(item, keepFocus) {
    if (!item) return;
    var tree = item.closest('[role="tree"]');
    if (tree) {
      tree.querySelectorAll('[role="treeitem"][tabindex="0"]').forEach(function (other) {
        if (other === item) return;
        other.setAttribute("tabindex", "-1");
        rowLinks(other, -1);
      });
    }
    item.setAttribute("tabindex", "0");
    rowLinks(item, 0);
    if (!keepFocus) item.focus();
  }

  function initTree(tree) {
    tree.querySelectorAll('[role="treeitem"]:not([tabindex="0"])').forEach(function (item) {
      rowLinks(item, -1);
    });
    var current = tree.querySelector('[role="treeitem"][tabindex="0"]');
    if (current) { rowLinks(current, 0); return; }
    var first = tree.querySelector('[role="treeitem"]');
    if (first) { first.setAttribute("tabindex", "0"); rowLinks(first, 0); }
  }

  function toggleLink(item) {
    return item.querySelector(":scope > .node .toggle");
  }

  function expand(item) {
    var toggle = toggleLink(item);
    if (!toggle) return false;
    if (item.getAttribute("aria-expanded") === "false") {
      if (toggle.hasAttribute("hx-get")) {
        toggle.click(); // htmx loads the children and replaces the item
      } else {
        item.setAttribute("aria-expanded", "true");
      }
      return true;
    }
    return false;
  }

  function collapse(item) {
    if (item.getAttribute("aria-expanded") === "true") {
      item.setAttribute("aria-expanded", "false");
      return true;
    }
    return false;
  }

  document.addEventListener("keydown", function (event) {
    var item = event.target;
    if (!item.matches || !item.matches('[role="treeitem"]')) return;
    var tree = item.closest('[role="tree"]');
    var list = items(tree);
    var index = list.indexOf(item);
    var handled = true;
    switch (event.key) {
      case "ArrowDown": focusItem(list[index + 1]); break;
      case "ArrowUp": focusItem(list[index - 1]); break;
      case "Home": focusItem(list[0]); break;
      case "End": focusItem(list[list.length - 1]); break;
      case "ArrowRight":
        if (!expand(item) && item.getAttribute("aria-expanded") === "true") {
          focusItem(item.querySelector('[role="treeitem"]'));
        }
        break;
      case "ArrowLeft":
        if (!collapse(item)) {
          var parent = item.parentElement.closest('[role="treeitem"]');
          if (parent) focusItem(parent);
        }
        break;
      case "Enter":
        // Enter opens the first action of the row (edit for viewers has no effect).
        var action = item.querySelector(":scope > .node .tools a");
        if (action) action.click(); else handled = false;
        break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".toggle");
    if (toggle && !toggle.hasAttribute("hx-get")) {
      var item = toggle.closest('[role="treeitem"]');
      if (item && item.hasAttribute("aria-expanded")) {
        event.preventDefault();
        if (!collapse(item)) item.setAttribute("aria-expanded", "true");
        focusItem(item);
      }
      return;
    }
    var cancel = event.target.closest("[data-cancel]");
    if (cancel) {
      var slot = cancel.closest(".slot");
      if (slot) {
        event.preventDefault();
        closeSlot(slot);
      }
    }
  });

  // A row's form closes and the focus goes back to its row.
  function closeSlot(slot) {
    var row = slot.closest('[role="treeitem"]');
    slot.innerHTML = "";
    if (row) focusItem(row);
  }

  // ---- Keys: Escape cancels, Ctrl+Enter submits, a letter acts on the focused row ----

  var focusDeleteNext = false;

  function typing(target) {
    return Boolean(target.closest && target.closest("input, textarea, select, [contenteditable]"));
  }

  function toggleKeysHelp() {
    var help = document.getElementById("keys-help");
    if (!help) return false;
    help.open = !help.open;
    if (help.open) help.querySelector("summary").focus();
    return true;
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.form) {
      event.preventDefault();
      target.form.requestSubmit();
      return;
    }
    if (event.key === "Escape") {
      var slot = target.closest && (target.closest(".slot") ||
        (target.matches('[role="treeitem"]') && target.querySelector(":scope > .node > .slot")));
      var annotate = target.closest && target.closest("#annotate-form");
      var open = document.querySelector("details.menu[open], details.keys-help[open]");
      if (slot && slot.firstElementChild) closeSlot(slot);
      else if (annotate) annotate.querySelector("[data-clear-selection]").click();
      else if (open) { open.open = false; open.querySelector("summary").focus(); }
      else return;
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(target)) return;
    if (event.key === "?") {
      if (toggleKeysHelp()) event.preventDefault();
      return;
    }
    if (!target.matches || !target.matches('[role="treeitem"]')) return;
    var key = event.key === "Delete" ? "m" : event.key.toLowerCase();
    var link = target.querySelector(':scope > .node > .tools a[data-key="' + key + '"]');
    if (!link) return;
    event.preventDefault();
    focusDeleteNext = event.key === "Delete";
    link.click();
  });

  // A form loaded into a row's slot gets the focus: its first field, or for the Delete key
  // the delete button (one more Enter deletes; Undo brings it back).
  document.addEventListener("htmx:afterSettle", function (event) {
    var slot = event.detail.target;
    if (!slot || !slot.classList || !slot.classList.contains("slot")) return;
    var wanted = focusDeleteNext ? slot.querySelector(".row-form.danger button.danger") : null;
    focusDeleteNext = false;
    wanted = wanted || slot.querySelector("[autofocus], textarea, input:not([type=hidden]), select");
    if (wanted) wanted.focus();
  });

  // "Skip to the argument tree" lands on the tree's current row, ready for the keys.
  document.addEventListener("click", function (event) {
    var skip = event.target.closest && event.target.closest("[data-skip-tree]");
    if (!skip) return;
    var current = document.querySelector('#tree-section [role="treeitem"][tabindex="0"]');
    if (!current) return;
    event.preventDefault();
    focusItem(current);
    current.scrollIntoView({ block: "center" });
  });

  // Focus anywhere in a row makes it the tree's current item (roving tabindex).
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest('[role="treeitem"]');
    if (item && item.getAttribute("tabindex") !== "0") focusItem(item, true);
  });

  // "Saved.", "Added claim …": said again beside the node it is about (the status line
  // above the tree, which screen readers hear, may be far off the screen).
  function showStatusBy(node, section) {
    var status = section.querySelector(".status-line .status");
    if (!status || node.querySelector(".row-status")) return;
    // Drawn from an attribute by the stylesheet: screen readers already heard the status
    // line, and the page keeps one element with the words.
    var copy = document.createElement("p");
    copy.className = "row-status" + (status.classList.contains("failed") ? " failed" : "");
    copy.setAttribute("aria-hidden", "true");
    copy.setAttribute("data-status", status.textContent);
    var line = node.querySelector(".line");
    if (line) line.after(copy);
  }

  function afterSwap(root) {
    (root.querySelectorAll ? root : document).querySelectorAll('[role="tree"]').forEach(initTree);
    var section = document.querySelector("[data-focus]");
    if (section) {
      var target = document.getElementById(section.getAttribute("data-focus"));
      section.removeAttribute("data-focus");
      if (target) {
        var item = target.closest('[role="treeitem"]');
        target.scrollIntoView({ block: "center" });
        target.classList.add("flash");
        showStatusBy(target, section);
        if (item) focusItem(item);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () { afterSwap(document); });
  document.addEventListener("htmx:afterSettle", function (event) {
    afterSwap(document);
    var swapped = event.detail && event.detail.elt;
    if (swapped && swapped.matches && swapped.matches('[role="treeitem"]')) focusItem(swapped);
  });

  // A failed request (403, 404, 500...) is said, not swallowed.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("request-error");
    if (!box) return;
    var status = event.detail.xhr.status;
    box.textContent = status === 403 ? "You may not do this." :
      status === 404 ? "This is no longer there; reload the page." :
      "Something went wrong (" + status + "). Reload the page and try again.";
    box.hidden = false;
    setTimeout(function () { box.hidden = true; }, 6000);
  });

  // Picking a parent in a Place/Move panel is remembered, so that the next search keeps it
  // chosen (first in the new list) instead of silently choosing its first match.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-parent-choice]")) return;
    var panel = select.closest(".panel");
    var chosen = panel && panel.querySelector("[data-chosen-parent]");
    if (chosen) chosen.value = select.value;
  });

  // A menu closes once one of its downloads (an export) has started.
  document.addEventListener("click", function (event) {
    var link = event.target.closest &&
      event.target.closest("details.menu a[download], details.menu .export-list a");
    if (!link) return;
    var menu = link.closest("details.menu");
    // After the click's own work (the download) has begun.
    setTimeout(function () { menu.open = false; }, 0);
  });

  // ---- Teamwork on the map page ----

  function treeFormOpen() {
    var tree = document.getElementById("tree-section");
    return Boolean(tree && tree.querySelector(".slot form"));
  }

  // A teammate's change reloads the tree (the poller fires map-reload). Not while this user
  // has a form open in it, which the reload would throw away: say so, and reload on request.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var config = event.detail.requestConfig;
    var cause = config && config.triggeringEvent;
    if (!elt || elt.id !== "tree-section" || !cause || cause.type !== "map-reload") return;
    if (!treeFormOpen()) { rememberNodes(); return; }
    event.preventDefault();
    var line = elt.querySelector(".status-line");
    if (!line || line.querySelector(".teammates-changed")) return;
    var note = document.createElement("span");
    note.className = "status teammates-changed";
    note.textContent = "Teammates changed this map. ";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = "Show their changes";
    button.setAttribute("data-reload-tree", "");
    note.appendChild(button);
    line.appendChild(note);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-reload-tree]");
    if (!button || !window.htmx) return;
    var tree = document.getElementById("tree-section");
    rememberNodes();
    htmx.ajax("GET", tree.getAttribute("hx-get"), { target: "#tree-section", swap: "outerHTML" });
  });

  // Nodes a teammate added show as new when their changes come in: the nodes on the page
  // before the reload are remembered, and the others are marked once it has settled.
  var knownNodes = null;
  var knownSection = null;

  function rememberNodes() {
    knownNodes = {};
    knownSection = document.getElementById("tree-section");
    document.querySelectorAll("#tree-section [data-node]").forEach(function (item) {
      knownNodes[item.getAttribute("data-node")] = true;
    });
  }

  document.addEventListener("htmx:afterSettle", function () {
    // Other swaps (the poller's own) settle first: wait for the new tree section.
    if (!knownNodes || document.getElementById("tree-section") === knownSection) return;
    var known = knownNodes;
    knownNodes = null;
    document.querySelectorAll("#tree-section [data-node]").forEach(function (item) {
      var node = item.querySelector(":scope > .node");
      if (known[item.getAttribute("data-node")] || !node || node.classList.contains("is-new")) return;
      node.classList.add("is-new");
      var badge = document.createElement("span");
      badge.className = "new-badge";
      badge.textContent = "new";
      node.querySelector(".line .kind").before(badge);
    });
  });

  // A node's discussion opens in the side panel; on a phone that panel is below the tree,
  // so bring it into view and move the focus there.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "comments-panel") return;
    var heading = target.querySelector("h2");
    var top = target.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 80) target.scrollIntoView({ block: "start" });
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  });

  // ---- The reader: the selected text's offsets in the article body ----
  // The body is rendered as runs, each with data-start = its offset in the article (in
  // Unicode code points, as Python counts); a selection's offset is its run's start plus
  // the code points before it inside the run.

  function codePoints(text) { return Array.from(text).length; }

  function offsetIn(body, container, offset) {
    var run = (container.nodeType === 1 ? container : container.parentElement).closest("[data-start]");
    if (!run || !body.contains(run)) {
      // The boundary is between runs (or on the body): use the next run's start.
      if (container === body) {
        var child = body.childNodes[offset];
        if (!child) return codePoints(body.textContent);
        run = child.nodeType === 1 ? child : child.parentElement;
        return run && run.dataset.start ? Number(run.dataset.start) : null;
      }
      return null;
    }
    var before = document.createRange();
    before.setStart(run, 0);
    before.setEnd(container, offset);
    return Number(run.dataset.start) + codePoints(before.toString());
  }

  function readSelection(body) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!body.contains(range.commonAncestorContainer)) return null;
    var start = offsetIn(body, range.startContainer, range.startOffset);
    var end = offsetIn(body, range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    // A drag usually catches a space or line break at either end: leave them out, as the
    // splitter does, so the anchor starts and ends on words.
    var text = range.toString();
    var trimmed = text.trim();
    if (!trimmed) return null;
    start += codePoints(text) - codePoints(text.replace(/^\s+/, ""));
    end -= codePoints(text) - codePoints(text.replace(/\s+$/, ""));
    if (end <= start) return null;
    return { start: start, end: end, text: trimmed };
  }

  // While a finger or the mouse is still selecting, the form is filled but not opened: on
  // a phone it rises as a bottom sheet, which must not cover the words being selected.
  var selecting = false;

  function openAnnotate(form) {
    form.classList.add("has-selection");
    // Keep the selected words above the sheet (on a desktop the panel is beside them).
    var sheet = form.closest(".side-inner");
    var selection = window.getSelection();
    if (!sheet || !selection || selection.rangeCount === 0) return;
    var words = selection.getRangeAt(0).getBoundingClientRect();
    var sheetTop = sheet.getBoundingClientRect().top;
    if (getComputedStyle(sheet).position === "fixed" && words.bottom > sheetTop - 8) {
      window.scrollBy(0, words.bottom - sheetTop + 16);
    }
  }

  document.addEventListener("selectionchange", function () {
    var body = document.getElementById("article-body");
    var form = document.getElementById("annotate-form");
    if (!body || !form) return;
    var picked = readSelection(body);
    if (!picked) return;
    form.querySelector('[name="start"]').value = picked.start;
    form.querySelector('[name="end"]').value = picked.end;
    form.querySelector('[name="exact"]').value = picked.text;
    if (!selecting) openAnnotate(form);
  });

  document.addEventListener("pointerdown", function (event) {
    selecting = Boolean(event.target.closest && event.target.closest("#article-body"));
  });

  // A long press on a touch screen cancels the pointer and selects a word: open then.
  document.addEventListener("pointercancel", function () { selecting = false; });

  document.addEventListener("pointerup", function () {
    if (!selecting) return;
    selecting = false;
    var form = document.getElementById("annotate-form");
    var body = document.getElementById("article-body");
    if (form && body && readSelection(body)) openAnnotate(form);
  });

  // A highlight leads to its node in the map. It is not an <a>: browsers do not start a
  // text selection on a link, and analysts select words inside highlights all day. So a
  // click (or Enter) follows it, and a click that ends a selection does not.
  function followHighlight(mark) { window.location.assign(mark.dataset.href); }

  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("#article-body mark[data-href]");
    var selection = window.getSelection();
    if (mark && (!selection || selection.isCollapsed)) followHighlight(mark);
  });

  document.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("#article-body mark[data-href]");
    if (mark && event.key === "Enter") followHighlight(mark);
  });

  document.addEventListener("click", function (event) {
    var clear = event.target.closest && event.target.closest("[data-clear-selection]");
    if (!clear) return;
    var form = clear.form;
    ["start", "end", "exact"].forEach(function (name) { form.querySelector('[name="' + name + '"]').value = ""; });
    form.classList.remove("has-selection");
    window.getSelection().removeAllRanges();
  });

  // Typing in the quote box by hand means the offsets no longer apply: look the text up.
  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches('#annotate-form [name="exact"]')) {
      var form = event.target.form;
      form.querySelector('[name="start"]').value = "";
      form.querySelector('[name="end"]').value = "";
    }
  });

  // Import preview: a click on a word of a unit cuts the unit before that word (the
  // "split" form does the same without a script). Offsets go to the server in code
  // points, as Python counts them.
  document.addEventListener("click", function (event) {
    var text = event.target.closest && event.target.closest("[data-units] .sentence-text");
    var selection = window.getSelection();
    if (!text || !selection || !selection.isCollapsed || !selection.anchorNode) return;
    if (selection.anchorNode.parentNode !== text) return;
    var before = selection.anchorNode.data.slice(0, selection.anchorOffset);
    var form = text.closest("form");
    form.querySelector("[data-split-at]").value = Number(text.dataset.start) + Array.from(before).length;
    form.querySelector('[data-split-button="' + text.dataset.index + '"]').click();
  });
})();
