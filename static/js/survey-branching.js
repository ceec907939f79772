// Survey branching: a question with data-show-if="q<id>" data-show-choice="<n>" is shown only
// while that single-choice question has choice n ticked. The server applies the same rule, so
// without this script every question is shown and the answers to hidden ones are ignored.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  function update() {
    form.querySelectorAll("[data-show-if]").forEach(function (box) {
      var name = box.getAttribute("data-show-if");
      var want = box.getAttribute("data-show-choice");
      var picked = form.querySelector('input[name="' + name + '"]:checked');
      box.hidden = !(picked && picked.value === want);
    });
  }
  form.addEventListener("change", update);
  update();
})();
