// The staff progress page of a member mailing: post for the next chunk by itself while the queue
// has messages left. Without JavaScript the same form is a button to press.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosend]");
  if (!form) return;
  window.setTimeout(function () { form.submit(); }, 300);
})();
