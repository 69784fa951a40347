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
        var row = slot.closest('[role="treeitem"]');
        slot.innerHTML = "";
        if (row) focusItem(row);
      }
    }
  });

  // Focus anywhere in a row makes it the tree's current item (roving tabindex).
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest('[role="treeitem"]');
    if (item && item.getAttribute("tabindex") !== "0") focusItem(item, true);
  });

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
    if (start === null || end === null || end <= start) return null;
    return { start: start, end: end, text: range.toString() };
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
    form.classList.add("has-selection");
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
})();
