// 委员学习 lesson reader: heartbeats while the page is visible, so only time on screen counts.
// A hidden tab sends one last beat (visible, ended) and then nothing; when it shows again the
// page starts a new view by reloading its view id from the server (a fresh page load).
(function () {
  "use strict";
  var lesson = document.getElementById("lesson");
  if (!lesson || !lesson.dataset.beatUrl) { return; }
  var url = lesson.dataset.beatUrl;
  var view = lesson.dataset.view;
  var every = (parseInt(lesson.dataset.beatSeconds, 10) || 15) * 1000;
  var csrf = lesson.dataset.csrf;
  var media = lesson.querySelector("[data-media]");
  var timer = null;
  var ended = false;

  function fraction() {
    if (media && media.duration) { return Math.min(1, media.currentTime / media.duration); }
    var end = lesson.querySelector("[data-lesson-end]");
    if (!end) { return 0; }
    var bottom = end.getBoundingClientRect().bottom;
    if (bottom <= window.innerHeight) { return 1; }
    var top = lesson.getBoundingClientRect().top + window.scrollY;
    var total = end.getBoundingClientRect().bottom + window.scrollY - top;
    var seen = window.scrollY + window.innerHeight - top;
    return total > 0 ? Math.max(0, Math.min(1, seen / total)) : 0;
  }

  function position() {
    if (media) { return media.currentTime || 0; }
    var height = document.documentElement.scrollHeight - window.innerHeight;
    return height > 0 ? window.scrollY / height : 0;
  }

  function body(visible, last) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("view", view);
    data.append("visible", visible ? "1" : "0");
    data.append("position", String(position()));
    data.append("fraction", String(fraction()));
    if (last) { data.append("ended", "1"); }
    return data;
  }

  function show(result) {
    var seconds = document.querySelector("[data-testid=seconds]");
    var state = document.querySelector("[data-testid=state]");
    if (seconds && typeof result.seconds === "number") { seconds.textContent = String(result.seconds); }
    if (state && result.completed) { state.textContent = "已完成"; }
  }

  function beat() {
    if (ended) { return; }
    fetch(url, { method: "POST", body: body(true, false), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (result) { if (result) { show(result); } })
      .catch(function () {});
  }

  function start() {
    if (timer === null) { timer = window.setInterval(beat, every); }
  }

  function stop() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    if (!ended) {
      ended = true;
      navigator.sendBeacon(url, body(true, true));
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      stop();
    } else if (ended) {
      window.location.reload();  // a new view: time while hidden is never claimed
    } else {
      start();
    }
  });
  window.addEventListener("pagehide", stop);

  // Resume where the member left off, on whichever device.
  var saved = parseFloat(lesson.dataset.position || "0");
  if (media) {
    media.addEventListener("loadedmetadata", function () {
      if (saved > 0 && saved < media.duration) { media.currentTime = saved; }
    });
    media.addEventListener("ended", beat);
  } else if (saved > 0) {
    window.addEventListener("load", function () {
      var height = document.documentElement.scrollHeight - window.innerHeight;
      window.scrollTo(0, saved * height);
    });
  }
  if (document.visibilityState === "visible") { start(); }
})();
