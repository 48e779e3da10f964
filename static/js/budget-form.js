/* The budget form shows only the chosen ballot kind's settings and counting rules. Without
   this script every group shows under a heading naming its kinds, and the server ignores the
   settings of the kinds not chosen. */
(function () {
  "use strict";
  var form = document.querySelector("form.budget-form");
  if (!form) return;
  var kind = form.querySelector("select[name=ballot_kind]");
  var rule = form.querySelector("select[name=rule]");
  if (!kind) return;

  function fits(element) {
    return (element.getAttribute("data-kinds") || "").split(" ").indexOf(kind.value) !== -1;
  }

  function update() {
    form.querySelectorAll(".kind-settings, .rule-help").forEach(function (group) {
      group.hidden = !fits(group);
    });
    if (!rule) return;
    rule.querySelectorAll("option").forEach(function (option) {
      option.hidden = option.disabled = !fits(option);
    });
    if (rule.selectedOptions.length && rule.selectedOptions[0].disabled) {
      var first = rule.querySelector("option:not([disabled])");
      if (first) rule.value = first.value;
    }
    form.querySelectorAll(".rule-settings").forEach(function (group) {
      group.hidden = group.getAttribute("data-rules").split(" ").indexOf(rule.value) === -1;
    });
  }

  kind.addEventListener("change", update);
  if (rule) rule.addEventListener("change", update);
  update();
})();
