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
    form.addEventListener("input", function () { dirty = true; });
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
