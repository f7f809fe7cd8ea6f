// Faro's only script: small enhancements. Every page reads and saves without it.
(function () {
  "use strict";

  // The language switch applies as soon as a language is picked; the button stays for no-JS use.
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // An error summary takes the focus, so keyboard and screen-reader users hear what went wrong.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }

  // Warn before leaving a form with unsaved typing (the server never loses a save, but a closed tab would).
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    // Only the form's own fields: the library search box sits inside it but belongs to its own form.
    form.addEventListener("input", function (e) { if (e.target.form === form) { dirty = true; } });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) {
      if (dirty) { e.preventDefault(); e.returnValue = ""; }
    });
  });

  // Forms that ask before a consequential action (a stage move, a removal).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { e.preventDefault(); }
    });
  });

  // Workshop mode: PageUp/PageDown (a presenter's clicker) move between indicators when not typing.
  var mode = document.querySelector(".workshop-mode");
  if (mode) {
    document.addEventListener("keydown", function (e) {
      var tag = (e.target && e.target.tagName) || "";
      if (tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT") { return; }
      var link = null;
      if (e.key === "PageDown" || e.key === "ArrowRight") { link = mode.querySelector("a[rel=next]"); }
      if (e.key === "PageUp" || e.key === "ArrowLeft") { link = mode.querySelector("a[rel=prev]"); }
      if (link) { e.preventDefault(); window.location.href = link.href; }
    });
  }
})();

// Bulk assignment: ticking "the whole sub-area" ticks its indicators (the server expands it too).
(function () {
  "use strict";
  document.querySelectorAll("input[data-area]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[data-in-area='" + box.getAttribute("data-area") + "']:not(:disabled)").forEach(function (child) {
        child.checked = box.checked;
      });
    });
  });
})();

// Answer form: the library search runs as you type (the GET form #source-search works without
// this). The page's own fragment handler renders the results; ticked results move up to the
// answer's sources first, so a new search never drops a tick or a typed section.
(function () {
  "use strict";
  var input = document.getElementById("source-q");
  var chosen = document.getElementById("chosen-sources");
  var searchForm = document.getElementById("source-search");
  if (!input || !chosen || !searchForm || !window.fetch) { return; }
  var timer = null;
  var latest = 0;

  function keepTicked() {
    document.querySelectorAll("#source-results input[name=EvidenceIds]:checked").forEach(function (box) {
      chosen.appendChild(box.closest("li"));
    });
    var empty = document.getElementById("chosen-empty");
    if (empty && chosen.children.length > 0) { empty.remove(); }
  }

  function show(html) {
    keepTicked();
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.getElementById("source-results");
    var current = document.getElementById("source-results");
    if (!fresh || !current) { return; }
    fresh.querySelectorAll("li[data-source]").forEach(function (li) {
      if (chosen.querySelector("li[data-source='" + li.getAttribute("data-source") + "']")) { li.remove(); }
    });
    // The count is a live region: its text changes in place so screen readers announce it.
    var count = current.querySelector("#source-count");
    var freshCount = fresh.querySelector("#source-count");
    if (count && freshCount) { count.textContent = freshCount.textContent; freshCount.remove(); }
    Array.prototype.slice.call(current.children).forEach(function (child) { if (child !== count) { child.remove(); } });
    Array.prototype.slice.call(fresh.children).forEach(function (child) { current.appendChild(child); });
  }

  function search(page) {
    var mine = ++latest;
    var url = input.getAttribute("data-sources-url") + "&q=" + encodeURIComponent(input.value) + (page ? "&sources-page=" + encodeURIComponent(page) : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && mine === latest) { show(html); } });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { search(null); }, 250);
  });
  // With the script, Enter in the box searches in place instead of reloading the page (and the typing).
  searchForm.addEventListener("submit", function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    search(null);
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[data-source-page]") : null;
    if (!link) { return; }
    e.preventDefault();
    search(new URL(link.href).searchParams.get("sources-page"));
  });
})();
