/* A link like /vote/<slug>/#code=XXXX-XXXX-XXXX-XXXX (the QR code on a printed letter) fills in
   the code field. The code travels in the fragment, which browsers never send, so it reaches no
   server log; it is then removed from the address bar and history. Without JavaScript the
   voter types the code. */
(function () {
  "use strict";
  var match = /[#&]code=([^&]*)/.exec(window.location.hash);
  if (!match) return;
  var input = document.querySelector("input[name=code]");
  if (input) input.value = decodeURIComponent(match[1]);
  if (window.history && history.replaceState) {
    history.replaceState(null, "", window.location.pathname + window.location.search);
  }
})();
