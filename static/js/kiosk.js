/* Kiosk countdown. The server ends a kiosk voter's session after the cycle's timeout whatever
   this file does; this only makes it visible: a warning with a countdown in the last 20 seconds,
   a touch anywhere that tells the server the voter is still there, and the return to the start
   screen when the time is up. Without JavaScript a <noscript> refresh does the return. */
(function () {
  "use strict";
  // The script catalog (/i18n/<lang>.js) may load after this file: look it up at each call. Without
  // it, English with the values filled in.
  var _ = function (message, values) {
    if (window.pbT) return window.pbT(message, values);
    return message.replace(/%\((\w+)\)s/g, function (all, key) {
      return values && key in values ? String(values[key]) : all;
    });
  };
  var body = document.body;
  var idle = parseInt(body.getAttribute("data-kiosk-idle"), 10);
  if (!idle) return;
  var start = body.getAttribute("data-kiosk-start");
  var aliveUrl = body.getAttribute("data-kiosk-alive");
  var csrf = body.getAttribute("data-csrf");
  var box = document.getElementById("kiosk-warning");
  var WARN = 20;
  var deadline = Date.now() + idle * 1000;
  var lastPing = Date.now();

  function home() { window.location.replace(start); }

  function ping() {
    lastPing = Date.now();
    fetch(aliveUrl, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" })
      .then(function (r) { if (r.status === 410) home(); })
      .catch(function () {});
  }

  function touched() {
    deadline = Date.now() + idle * 1000;
    if (box) box.hidden = true;
    // At most one ping every 10 s: the server only needs to know the voter is there.
    if (Date.now() - lastPing > 10000) ping();
  }

  ["pointerdown", "keydown", "input", "scroll"].forEach(function (type) {
    window.addEventListener(type, touched, { passive: true });
  });

  setInterval(function () {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) { home(); return; }
    if (left <= WARN && box) {
      box.hidden = false;
      // The script catalog has no plural forms: the sentence names the seconds as a count.
      box.textContent = _("Still there? This kiosk starts over for the next voter. Seconds left: %(left)s. Touch the screen to continue.", { left: left });
    }
  }, 1000);
})();
