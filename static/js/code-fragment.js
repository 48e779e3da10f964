// A vote link carries the voting code in its fragment (#code=...), which browsers never send to
// the server. Put it into the code field and take it out of the address bar and history.
(function () {
  "use strict";
  var match = /(?:^#|&)code=([^&]*)/.exec(window.location.hash);
  if (!match) return;
  var input = document.getElementById("code");
  if (input) input.value = decodeURIComponent(match[1]);
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
})();
