/* Searchable picker for long lists (org/picker.py). Without this script the widget is a text box
   for names and ticked chips; with it the box searches the server as one types and the chosen rows
   become chips with a remove button. No inline script: pages load this file once, and content
   that htmx swaps in is set up on htmx:load. */
(function () {
  "use strict";

  function text(tag, content, cls) {
    var el = document.createElement(tag);
    if (content) el.textContent = content;
    if (cls) el.className = cls;
    return el;
  }

  function setup(root) {
    if (root.dataset.pickerReady) return;
    root.dataset.pickerReady = "1";
    root.classList.add("js");
    var name = root.dataset.name;
    var multiple = root.dataset.multiple === "1";
    var noAccount = root.dataset.noAccount || "";
    var chips = root.querySelector(".picker-chips");
    var box = root.querySelector(".picker-text");
    var results = root.querySelector(".picker-results");
    var timer = null;
    var serial = 0;

    function chosen() {
      return Array.prototype.map.call(chips.querySelectorAll("input[name='" + name + "']"), function (i) {
        return i.value;
      });
    }

    function addRemove(li, label) {
      var button = text("button", "×", "chip-remove");
      button.type = "button";
      button.setAttribute("aria-label", "移除" + label);
      button.addEventListener("click", function () {
        li.remove();
        box.focus();
      });
      li.appendChild(button);
    }

    function addChip(item) {
      if (chosen().indexOf(String(item.id)) >= 0) return;
      if (!multiple) chips.textContent = "";
      var li = text("span", "", "chip");
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = item.id;
      li.appendChild(input);
      var label = text("span", item.label);
      if (!item.has_account) label.appendChild(text("span", noAccount, "no-account"));
      li.appendChild(label);
      addRemove(li, item.label);
      chips.appendChild(li);
    }

    function close() {
      results.hidden = true;
      results.textContent = "";
      box.setAttribute("aria-expanded", "false");
    }

    function show(items) {
      results.textContent = "";
      if (!items.length) {
        results.appendChild(text("span", "没有找到，请换个写法", "picker-empty"));
      }
      items.forEach(function (item) {
        var li = text("span", "", "picker-row");
        li.setAttribute("role", "option");
        var button = text("button", item.label, "picker-option");
        button.type = "button";
        if (!item.has_account) button.appendChild(text("span", noAccount, "no-account"));
        button.addEventListener("click", function () {
          addChip(item);
          box.value = "";
          close();
          box.focus();
        });
        li.appendChild(button);
        results.appendChild(li);
      });
      results.hidden = false;
      box.setAttribute("aria-expanded", "true");
    }

    function query() {
      var q = box.value.trim();
      if (!q) {
        close();
        return;
      }
      var mine = ++serial;
      fetch(root.dataset.url + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (r) {
          return r.ok ? r.json() : { results: [] };
        })
        .then(function (data) {
          if (mine === serial) show(data.results || []);
        })
        .catch(function () {
          close();
        });
    }

    // Chips rendered by the server: the checkbox gives way to a remove button.
    Array.prototype.forEach.call(chips.querySelectorAll(".chip"), function (li) {
      var input = li.querySelector("input");
      var label = li.querySelector("span");
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = name;
      hidden.value = input.value;
      li.textContent = "";
      li.appendChild(hidden);
      li.appendChild(label);
      addRemove(li, label.firstChild ? label.firstChild.textContent : "");
    });

    box.setAttribute("role", "combobox");
    box.setAttribute("aria-expanded", "false");
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(query, 250);
    });
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !results.hidden) {
        e.preventDefault(); // Enter picks the first match instead of sending the form
        var first = results.querySelector(".picker-option");
        if (first) first.click();
      } else if (e.key === "Escape") {
        close();
      } else if (e.key === "ArrowDown" && !results.hidden) {
        var option = results.querySelector(".picker-option");
        if (option) {
          e.preventDefault();
          option.focus();
        }
      }
    });
    document.addEventListener("click", function (e) {
      if (!root.contains(e.target)) close();
    });
  }

  function scan(scope) {
    Array.prototype.forEach.call((scope || document).querySelectorAll("[data-picker]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      scan(document);
    });
  } else {
    scan(document);
  }
  document.addEventListener("htmx:load", function (e) {
    scan(e.target);
  });
})();
