// Behaviour of the pages, kept out of the HTML so that the Content-Security-Policy can forbid
// inline script (lib/csp.py). Events are delegated from the document, so content that htmx
// swaps in later works without re-binding.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing a value submits its form (committee switch, year pickers).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      if (typeof target.form.requestSubmit === "function") {
        target.form.requestSubmit();
      } else {
        target.form.submit();
      }
    }
  });

  // <button data-check-all="value">: tick every radio button of that value in the button's form.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-check-all]") : null;
    if (!button) return;
    var scope = button.closest("form") || document;
    var value = button.getAttribute("data-check-all");
    scope.querySelectorAll('input[type="radio"]').forEach(function (input) {
      if (input.value === value) input.checked = true;
    });
  });

  // Sizes that come from data: progress bars (data-progress, percent) and thread indentation
  // (data-indent, rem). Set through the style object, which the policy allows.
  function applySizes(root) {
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = Math.max(0, Math.min(100, parseFloat(bar.getAttribute("data-progress")) || 0));
      bar.style.width = value + "%";
    });
    root.querySelectorAll("[data-indent]").forEach(function (item) {
      var depth = Math.max(0, Math.min(20, parseFloat(item.getAttribute("data-indent")) || 0));
      item.style.marginLeft = depth + "rem";
    });
  }
  applySizes(document);
  document.addEventListener("htmx:load", function (event) {
    applySizes(event.target instanceof Element ? event.target : document);
  });
})();
