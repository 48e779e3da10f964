/* Ballot enhancements. The ballot works fully without this file: the server checks every rule
   and shows totals when the voter reviews. This only adds live feedback while choosing:
   money used and left (knapsack), points left (cumulative), and an ordered list that can be
   reordered by dragging its handles (mouse or touch) or with move up / move down buttons
   (keyboard and screen readers) (ranked). */
(function () {
  "use strict";
  var form = document.querySelector("form.ballot");
  if (!form) return;
  var kind = form.getAttribute("data-kind");
  var meter = document.getElementById("meter");
  var currency = form.getAttribute("data-currency") || "";

  function money(x) {
    var whole = Math.round(x * 100) % 100 === 0;
    return x.toLocaleString("en-US", { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }) + " " + currency;
  }

  function setMeter(used, limit, format) {
    if (!meter) return;
    meter.querySelector(".used").textContent = format(used);
    var left = meter.querySelector(".left");
    left.textContent = format(limit - used);
    meter.classList.toggle("over", used > limit);
    var bar = meter.querySelector(".bar > span");
    if (bar) bar.style.width = Math.min(100, limit ? (used / limit) * 100 : 0).toFixed(1) + "%";
    var note = meter.querySelector(".over-note");
    if (used > limit) {
      if (!note) {
        note = document.createElement("p");
        note.className = "over-note error";
        meter.appendChild(note);
      }
      note.textContent = "Over the limit by " + format(used - limit) + ". Remove something before you review.";
    } else if (note) {
      note.remove();
    }
  }

  if (kind === "knapsack") {
    var limit = parseFloat(form.getAttribute("data-limit"));
    var update = function () {
      var used = 0;
      form.querySelectorAll("input[name=project]:checked").forEach(function (box) {
        used += parseFloat(box.closest(".choice").getAttribute("data-cost"));
      });
      setMeter(used, limit, money);
    };
    form.addEventListener("change", update);
    update();
  }

  if (kind === "cumulative") {
    var total = parseInt(form.getAttribute("data-points"), 10);
    var points = function (n) { return String(n); };
    var updatePoints = function () {
      var used = 0;
      form.querySelectorAll("input.points").forEach(function (input) {
        var v = parseInt(input.value, 10);
        if (v > 0) used += v;
      });
      setMeter(used, total, points);
    };
    form.addEventListener("input", updatePoints);
    updatePoints();
  }

  if (kind === "ranked") {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select.rank"));
    var maxRank = parseInt(form.getAttribute("data-max-rank"), 10);
    var panel = document.createElement("section");
    panel.className = "ranking";
    panel.setAttribute("aria-labelledby", "ranking-title");
    panel.innerHTML = '<h2 id="ranking-title">Your ranking</h2><p class="muted">Choose a rank for each project you want, ' +
      'then drag a handle or use Up and Down to change the order.</p><ol></ol><p class="status visually-hidden" role="status" aria-live="polite"></p>';
    form.querySelector("fieldset").before(panel);
    var list = panel.querySelector("ol");
    var status = panel.querySelector(".status");

    var titleOf = function (select) { return form.querySelector("label[for=" + select.id + "]").textContent; };
    var ranked = function () {
      return selects.filter(function (s) { return s.value; })
        .sort(function (a, b) { return a.value - b.value; });
    };
    var renumber = function (order) {
      selects.forEach(function (s) { if (order.indexOf(s) < 0) s.value = ""; });
      order.forEach(function (s, i) { s.value = String(i + 1); });
      selects.forEach(function (s) { s.setAttribute("data-previous", s.value); });
      render();
    };
    var button = function (label, text, action) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary small";
      b.textContent = text;
      b.setAttribute("aria-label", label);
      b.addEventListener("click", action);
      return b;
    };
    var render = function () {
      var order = ranked();
      list.innerHTML = "";
      if (!order.length) {
        var empty = document.createElement("li");
        empty.className = "muted";
        empty.textContent = "Nothing ranked yet.";
        list.appendChild(empty);
      }
      order.forEach(function (s, i) {
        var li = document.createElement("li");
        var name = titleOf(s);
        li.setAttribute("data-select", s.id);
        var handle = document.createElement("span");
        handle.className = "handle";
        handle.setAttribute("aria-hidden", "true");
        handle.title = "Drag to reorder";
        handle.textContent = "\u2630";
        handle.addEventListener("pointerdown", function (e) { startDrag(e, li, name); });
        li.appendChild(handle);
        var span = document.createElement("span");
        span.textContent = (i + 1) + ". " + name;
        li.appendChild(span);
        if (i > 0) li.appendChild(button("Move " + name + " up", "Up", function () {
          order.splice(i - 1, 0, order.splice(i, 1)[0]);
          renumber(order);
          status.textContent = name + " is now number " + i + ".";
        }));
        if (i < order.length - 1) li.appendChild(button("Move " + name + " down", "Down", function () {
          order.splice(i + 1, 0, order.splice(i, 1)[0]);
          renumber(order);
          status.textContent = name + " is now number " + (i + 2) + ".";
        }));
        li.appendChild(button("Remove " + name + " from your ranking", "Remove", function () {
          order.splice(i, 1);
          renumber(order);
          status.textContent = name + " is no longer ranked.";
        }));
        list.appendChild(li);
      });
    };
    // Dragging uses pointer events (not HTML5 drag and drop) so that it works with a finger on
    // a kiosk or a phone as well as with a mouse; the list reorders live under the pointer.
    // The listeners sit on the document: moving the item in the list would drop a pointer capture.
    var startDrag = function (e, li, name) {
      if (e.button !== undefined && e.button !== 0) return;
      e.preventDefault();
      li.classList.add("dragging");
      var move = function (ev) {
        if (ev.pointerId !== e.pointerId) return;
        var items = Array.prototype.slice.call(list.querySelectorAll("li[data-select]"));
        var before = null;
        for (var k = 0; k < items.length; k++) {
          if (items[k] === li) continue;
          var box = items[k].getBoundingClientRect();
          if (ev.clientY < box.top + box.height / 2) { before = items[k]; break; }
        }
        if (before !== li.nextSibling) list.insertBefore(li, before);
      };
      var drop = function (ev) {
        if (ev.pointerId !== e.pointerId) return;
        document.removeEventListener("pointermove", move);
        document.removeEventListener("pointerup", drop);
        document.removeEventListener("pointercancel", drop);
        li.classList.remove("dragging");
        var items = Array.prototype.slice.call(list.querySelectorAll("li[data-select]"));
        var place = items.indexOf(li) + 1;
        renumber(items.map(function (item) { return document.getElementById(item.getAttribute("data-select")); }));
        status.textContent = name + " is now number " + place + ".";
      };
      document.addEventListener("pointermove", move);
      document.addEventListener("pointerup", drop);
      document.addEventListener("pointercancel", drop);
    };

    // Picking a rank another project holds swaps them, so that no rank is ever given twice.
    selects.forEach(function (s) {
      s.setAttribute("data-previous", s.value);
      s.addEventListener("change", function () {
        var previous = s.getAttribute("data-previous");
        if (s.value) {
          selects.forEach(function (other) {
            if (other !== s && other.value === s.value) {
              other.value = previous && parseInt(previous, 10) <= maxRank ? previous : "";
              other.setAttribute("data-previous", other.value);
            }
          });
        }
        s.setAttribute("data-previous", s.value);
        render();
      });
    });
    render();
  }
})();
