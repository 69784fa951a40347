// argmap's map view: pan and zoom of the server-drawn SVG (Panzoom, vendored), the
// keyboard (+ − 0 arrows), the switch between the tree and the map view, and a redraw
// around the same node after a change. Clicks on nodes are plain htmx requests written
// into the SVG by the server. No inline script or style: the page runs under a strict CSP.
(function () {
  "use strict";

  var READABLE_PX = 11;  // the smallest on-screen size of node text the view zooms out to
  var FONT_PT = 13;      // node text in the drawing (argmap/exchange/mapview.py FONT_SIZE)
  var PAN_STEP = 60;
  var VIEW_COOKIE = "argmap_view";
  var kept = {};          // drawing key -> {scale, x, y}: a redraw of the same view keeps them
  var anchors = {};       // node id -> {scale, x, y}: where the selected node was on screen

  function readableScale() { return READABLE_PX / (FONT_PT * 4 / 3); }

  // ---- Pan and zoom ----

  // The pan that puts a point of the drawing (in unscaled px from its top-left corner)
  // at (cx, cy) of the canvas. Panzoom scales around the element's centre.
  function panTo(size, scale, point, cx, cy) {
    return {
      x: (cx - size.width / 2) / scale - point.x + size.width / 2,
      y: (cy - size.height / 2) / scale - point.y + size.height / 2
    };
  }

  // Size of the drawing and its focus (or top) node, measured once before any transform:
  // Panzoom applies its transforms in an animation frame, so later measures would lag.
  function measure(canvas, svg, sel) {
    var box = svg.getBoundingClientRect();
    var size = { width: box.width, height: box.height };
    function centre(node) {
      if (!node) return null;
      var r = node.getBoundingClientRect();
      return { x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top };
    }
    var focus = svg.querySelector("g.node.focus") || svg.querySelector("g.node.root");
    var selected = sel ? svg.querySelector('a[data-node="' + sel + '"]') : null;
    return { size: size, focus: centre(focus) || { x: size.width / 2, y: 0 }, sel: centre(selected) };
  }

  // Fit: the whole drawing if its text stays readable, else readable with the focus (or
  // the top) in view. Returns {scale, x, y}.
  function fitted(canvas, geometry) {
    var size = geometry.size;
    var cw = canvas.clientWidth, ch = canvas.clientHeight;
    var scale = Math.min(cw / size.width, ch / size.height, 1.5);
    if (scale >= readableScale()) {
      var middle = panTo(size, scale, { x: size.width / 2, y: size.height / 2 }, cw / 2, ch / 2);
      return { scale: scale, x: middle.x, y: middle.y };
    }
    scale = readableScale();
    var y = Math.min(ch / 3, geometry.focus.y * scale + 20);
    var p = panTo(size, scale, geometry.focus, cw / 2, y);
    return { scale: scale, x: p.x, y: p.y };
  }

  function fit(view) {
    var place = fitted(view.canvas, view.geometry);
    view.panzoom.zoom(place.scale, { animate: false, force: true });
    view.panzoom.pan(place.x, place.y, { animate: false, force: true });
  }

  function keep(view) {
    var pan = view.panzoom.getPan();
    kept[view.key] = { scale: view.panzoom.getScale(), x: pan.x, y: pan.y };
  }

  function init(section) {
    if (section.mapview || !window.Panzoom) return;
    var canvas = section.querySelector(".mapview-canvas");
    var svg = canvas && canvas.querySelector("svg");
    if (!svg) return;
    var key = section.getAttribute("data-key") || "";
    var sel = section.getAttribute("data-sel");
    var geometry = measure(canvas, svg, sel);
    var place = kept[key] || fitted(canvas, geometry);
    // A drawing shorter than the canvas: the canvas shrinks to it (no empty half screen).
    var needed = Math.max(geometry.size.height * place.scale + 40, 240);
    if (needed < canvas.clientHeight) {
      canvas.style.height = Math.ceil(needed) + "px";
      if (!kept[key]) place = fitted(canvas, geometry);
    }
    var before = sel && anchors[sel];
    if (before && geometry.sel) {
      // Redrawn after a change: the selected node stays where it was on the screen.
      var p = panTo(geometry.size, before.scale, geometry.sel, before.x, before.y);
      place = { scale: before.scale, x: p.x, y: p.y };
    }
    anchors = {};
    var panzoom = Panzoom(svg, {
      minScale: Math.min(readableScale(), place.scale), maxScale: 3, step: 0.25,
      canvas: true, cursor: "grab", startScale: place.scale, startX: place.x, startY: place.y
    });
    var view = { section: section, canvas: canvas, svg: svg, panzoom: panzoom,
                 key: key, geometry: geometry };
    section.mapview = view;
    kept[key] = place;
    canvas.addEventListener("wheel", function (event) {
      panzoom.zoomWithWheel(event);
      keep(view);
    }, { passive: false });
    svg.addEventListener("panzoomstart", function (event) {
      view.dragged = false;
      view.start = event.detail;
    });
    svg.addEventListener("panzoomend", function (event) {
      var start = view.start, end = event.detail;
      // A drag that ends on a node is not a click on it.
      view.dragged = Boolean(start && Math.abs(end.x - start.x) + Math.abs(end.y - start.y) > 4);
      keep(view);
    });
    if (sel) {
      var node = svg.querySelector('a[data-node="' + sel + '"]');
      if (node) node.closest("g.node").classList.add("selected");
    }
  }

  function zoom(view, how) {
    if (how === "in") view.panzoom.zoomIn({ animate: false });
    else if (how === "out") view.panzoom.zoomOut({ animate: false });
    else fit(view);
    keep(view);
  }

  function pan(view, dx, dy) {
    var scale = view.panzoom.getScale();
    view.panzoom.pan(dx / scale, dy / scale, { relative: true, animate: false });
    keep(view);
  }

  // A focused node scrolled out of the canvas is brought back into it.
  function reveal(view, node) {
    var c = view.canvas.getBoundingClientRect(), r = node.getBoundingClientRect();
    if (r.left >= c.left && r.right <= c.right && r.top >= c.top && r.bottom <= c.bottom) return;
    var dx = c.left + c.width / 2 - (r.left + r.width / 2);
    var dy = c.top + c.height / 2 - (r.top + r.height / 2);
    pan(view, dx, dy);
  }

  document.addEventListener("keydown", function (event) {
    var section = event.target.closest && event.target.closest(".mapview");
    if (!section || !section.mapview || event.ctrlKey || event.metaKey || event.altKey) return;
    if (!event.target.closest(".mapview-canvas")) return;
    var view = section.mapview, handled = true;
    switch (event.key) {
      case "+": case "=": zoom(view, "in"); break;
      case "-": case "_": zoom(view, "out"); break;
      case "0": zoom(view, "fit"); break;
      case "ArrowLeft": pan(view, PAN_STEP, 0); break;
      case "ArrowRight": pan(view, -PAN_STEP, 0); break;
      case "ArrowUp": pan(view, 0, PAN_STEP); break;
      case "ArrowDown": pan(view, 0, -PAN_STEP); break;
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-zoom]");
    if (button) {
      var section = button.closest(".mapview");
      if (section && section.mapview) zoom(section.mapview, button.getAttribute("data-zoom"));
      return;
    }
    var choice = event.target.closest && event.target.closest("[data-view-switch]");
    if (choice && switchView(choice.getAttribute("data-view-switch"))) event.preventDefault();
  });

  // htmx loads a clicked node's view (its listener is on the node); the browser must not
  // also follow the href, and a drag that ended on a node is no click at all.
  document.addEventListener("click", function (event) {
    var node = event.target.closest && event.target.closest("a.mapview-node");
    if (!node || !window.htmx) return;
    event.preventDefault();
    var section = node.closest(".mapview");
    if (section && section.mapview && section.mapview.dragged) {
      section.mapview.dragged = false;
      event.stopPropagation();
    }
  }, true);

  // The whole text of the node that has the focus, beside the drawing (hover shows its
  // <title>); and the node is brought into view.
  document.addEventListener("focusin", function (event) {
    var node = event.target.closest && event.target.closest("a.mapview-node");
    if (!node) return;
    var section = node.closest(".mapview");
    var line = section && section.querySelector(".mapview-focused");
    var title = node.querySelector("title");
    if (line && title) line.textContent = title.textContent;
    if (section && section.mapview) reveal(section.mapview, node);
  });

  // ---- The tree / map view switch, remembered in a cookie the server also reads ----

  function switchView(name) {
    var panes = document.querySelectorAll("[data-view-pane]");
    if (!panes.length) return false;
    panes.forEach(function (pane) {
      var show = pane.getAttribute("data-view-pane") === name;
      pane.hidden = !show;
      if (show && pane.hasAttribute("data-src") && !pane.querySelector(".mapview") && window.htmx) {
        htmx.ajax("GET", pane.getAttribute("data-src"), { target: pane, swap: "innerHTML" });
      }
    });
    document.querySelectorAll("[data-view-switch]").forEach(function (link) {
      if (link.getAttribute("data-view-switch") === name) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    document.cookie = VIEW_COOKIE + "=" + encodeURIComponent(name) +
      "; path=/; max-age=31536000; SameSite=Lax";
    var shown = document.querySelector('[data-view-pane="' + name + '"] .mapview');
    if (shown) { shown.mapview = null; init(shown); }
    return true;
  }

  // ---- After a change of the map: redraw around the same node, panel open ----

  // htmx fires the HX-Trigger of a write's answer on the form, and it bubbles up here.
  // map-changed comes from a write's answer on its form and from the changed-since poller
  // for a teammate's change; map-reload from the poller too, and from the parts that
  // reload the tree after their own write (a suggestion accepted in "Suggested places").
  // A change made outside the view spares a view whose panel holds an open form. Both
  // events of one answer make one redraw.
  var pending = null;  // while a redraw is queued: whether it spares open forms
  function changed(event) {
    var own = Boolean(event.target.closest && event.target.closest(".mapview"));
    var queued = pending !== null;
    pending = (queued ? pending : true) && !own;
    if (queued) return;
    setTimeout(function () {
      var spareForms = pending;
      pending = null;
      redraw(spareForms);
    }, 0);
  }
  document.addEventListener("map-changed", changed);
  document.addEventListener("map-reload", changed);
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".mapview").forEach(function (section) {
      if (!section.closest("[hidden]")) init(section);
    });
  });

  function redraw(spareForms) {
    document.querySelectorAll(".mapview").forEach(function (section) {
      if (spareForms && section.querySelector(".slot form")) return;
      var sel = section.getAttribute("data-sel");
      // After this user's own change, the focus goes back to the node they worked on.
      if (!spareForms && sel) focusAfterSwap = sel;
      if (!spareForms) announce = true;
      var node = sel && section.querySelector('a.mapview-node[data-node="' + sel + '"]');
      if (node && section.mapview) {
        var canvas = section.mapview.canvas;
        var c = canvas.getBoundingClientRect(), r = node.getBoundingClientRect();
        // From the canvas's inner corner (inside its border), as panTo takes it.
        anchors[sel] = { scale: section.mapview.panzoom.getScale(),
                         x: r.left + r.width / 2 - c.left - canvas.clientLeft,
                         y: r.top + r.height / 2 - c.top - canvas.clientTop };
      }
      if (window.htmx && section.getAttribute("data-here")) {
        htmx.ajax("GET", section.getAttribute("data-here"), { target: section, swap: "outerHTML" });
      }
    });
  }

  var focusAfterSwap = null;
  var announce = false;  // say what this user's change did (its message is in the tree)
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var node = elt && elt.closest && elt.closest("a.mapview-node");
    if (node) focusAfterSwap = node.getAttribute("data-node");
  });

  // Only once the view's own swap has settled: until then htmx keeps the old drawing's
  // attributes on the new elements of the same id (Graphviz's "graph0" holds the
  // drawing's offset), so a drawing measured while another part settles is misplaced.
  document.addEventListener("htmx:afterSettle", function (event) {
    var settled = event.target;
    document.querySelectorAll(".mapview").forEach(function (section) {
      if (section.mapview || section.closest("[hidden]")) return;
      if (!settled || !settled.contains || !settled.contains(section)) return;
      init(section);
      var said = document.querySelector("#tree-section .status-line .status");
      var line = section.querySelector(".mapview-status");
      if (announce && said && line) line.textContent = said.textContent;
      announce = false;
      if (focusAfterSwap) {
        var again = section.querySelector('a.mapview-node[data-node="' + focusAfterSwap + '"]');
        if (again) again.focus({ preventScroll: true });
        focusAfterSwap = null;
      }
    });
  });
})();
