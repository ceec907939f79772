// Shows the running length of a textarea that carries data-length-guide (社情民意: about 1500 字).
document.querySelectorAll("textarea[data-length-guide]").forEach(function (area) {
  var guide = parseInt(area.getAttribute("data-length-guide"), 10);
  var out = document.createElement("p");
  out.className = "muted";
  out.setAttribute("data-testid", "length-counter");
  area.insertAdjacentElement("afterend", out);
  function update() {
    var n = area.value.replace(/\s/g, "").length;
    out.textContent = "已写 " + n + " 字，建议不超过 " + guide + " 字" + (n > guide ? "（已超出，请精简）" : "");
    out.className = n > guide ? "warning" : "muted";
  }
  area.addEventListener("input", update);
  update();
});
