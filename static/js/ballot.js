/* Ballot enhancements. The ballot works fully without this file: the server checks every rule
   and shows totals when the voter reviews. This only adds live feedback while choosing:
   money used and left (knapsack), points left (cumulative), picks against the maximum
   (approval), and an ordered list that can be reordered by dragging its handles (mouse or
   touch) or with move up / move down buttons (keyboard and screen readers) (ranked). */
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
  var form = document.querySelector("form.ballot");
  if (!form) return;
  var kind = form.getAttribute("data-kind");
  var meter = document.getElementById("meter");
  var currency = form.getAttribute("data-currency") || "";
  var lang = document.documentElement.lang || "en";
  // Written as the server writes them (Babel's "#,##0" patterns): Latin digits and grouping from
  // the first thousand in every language, so that the live meter matches the page around it.
  var style = { numberingSystem: "latn", useGrouping: true };
  var wholeNumber = new Intl.NumberFormat(lang, style);
  var withCents = new Intl.NumberFormat(lang, Object.assign({ minimumFractionDigits: 2, maximumFractionDigits: 2 }, style));

  function money(x) {
    var whole = Math.round(x * 100) % 100 === 0;
    return (whole ? wholeNumber : withCents).format(x) + (currency ? " " + currency : "");
  }

  // The server's page says "Left: X." or "X over the budget." (never a negative amount left);
  // this keeps the same two sentences up to date.
  function setMeter(used, limit, format) {
    if (!meter) return;
    var over = used > limit;
    meter.querySelector(".used").textContent = format(used);
    meter.querySelector(".left").textContent = format(over ? 0 : limit - used);
    meter.querySelector(".over").textContent = format(over ? used - limit : 0);
    meter.querySelector(".remain").hidden = over;
    meter.querySelector(".over-by").hidden = !over;
    meter.classList.toggle("over", over);
    var bar = meter.querySelector(".bar > span");
    if (bar) {
      bar.className = "w-" + Math.round(Math.min(100, limit ? (used / limit) * 100 : 0));
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
    var points = function (n) { return wholeNumber.format(n); };
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

  if (kind === "approval" && meter) {
    // The count of picks against the maximum, so that a fourth tick of three is seen at once
    // (the server still refuses it at review).
    var most = parseInt(form.getAttribute("data-max-picks"), 10) || 0;
    var line = meter.querySelector("p");
    var updatePicks = function () {
      var n = form.querySelectorAll("input[name=project]:checked").length;
      var shown = wholeNumber.format(n);
      line.textContent = most
        ? _("%(picks)s of at most %(most)s chosen.", { picks: shown, most: wholeNumber.format(most) })
        : _("Chosen: %(picks)s.", { picks: shown });
      meter.classList.toggle("over", most > 0 && n > most);
      var note = meter.querySelector(".over-note");
      if (most && n > most) {
        if (!note) {
          note = document.createElement("p");
          note.className = "over-note error";
          meter.appendChild(note);
        }
        note.textContent = _("Untick a project: you may choose at most %(most)s.", { most: wholeNumber.format(most) });
      } else if (note) {
        note.remove();
      }
    };
    form.addEventListener("change", updatePicks);
    updatePicks();
  }

  if (kind === "ranked") {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select.rank"));
    var maxRank = parseInt(form.getAttribute("data-max-rank"), 10);
    var panel = document.createElement("section");
    panel.className = "ranking";
    panel.setAttribute("aria-labelledby", "ranking-title");
    var title = document.createElement("h2");
    title.id = "ranking-title";
    title.textContent = _("Your ranking");
    var help = document.createElement("p");
    help.className = "muted";
    help.textContent = _("Choose a rank for each project you want, then drag a handle or use Up and Down to change the order.");
    var list = document.createElement("ol");
    var gap = document.createElement("p");
    gap.className = "error rank-gap";
    gap.hidden = true;
    var status = document.createElement("p");
    status.className = "status visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    [title, help, list, gap, status].forEach(function (el) { panel.appendChild(el); });
    form.querySelector("fieldset").before(panel);

    var titleOf = function (select) { return form.querySelector("label[for=" + select.id + "]").textContent; };
    var ranked = function () {
      return selects.filter(function (s) { return s.value; })
        .sort(function (a, b) { return a.value - b.value; });
    };
    // The first rank the server will find missing (it reads ranks 1..n for n ranked projects).
    var missingRank = function (order) {
      var given = order.map(function (s) { return parseInt(s.value, 10); });
      for (var r = 1; r <= order.length; r++) {
        if (given.indexOf(r) < 0) return r;
      }
      return 0;
    };
    // `focus`: after the list is drawn again, put the keyboard focus back on this button of
    // this project (or on the list's heading when the project left the list).
    var renumber = function (order, focus) {
      selects.forEach(function (s) { if (order.indexOf(s) < 0) s.value = ""; });
      order.forEach(function (s, i) { s.value = String(i + 1); });
      selects.forEach(function (s) { s.setAttribute("data-previous", s.value); });
      render();
      if (focus) {
        var target = list.querySelector("li[data-select='" + focus.id + "'] [data-action='" + focus.action + "']");
        if (!target) {
          title.setAttribute("tabindex", "-1");
          target = title;
        }
        target.focus();
      }
    };
    var button = function (action, label, text, enabled, act) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "secondary small";
      b.setAttribute("data-action", action);
      b.textContent = text;
      b.setAttribute("aria-label", label);
      // At either end of the list Up or Down stays in its place, focusable but inactive, so that
      // the row keeps its shape and the focus stays where the voter left it.
      if (!enabled) b.setAttribute("aria-disabled", "true");
      b.addEventListener("click", function () { if (enabled) act(); });
      return b;
    };
    var render = function () {
      var order = ranked();
      list.innerHTML = "";
      if (!order.length) {
        var empty = document.createElement("li");
        empty.className = "muted";
        empty.textContent = _("Nothing ranked yet.");
        list.appendChild(empty);
      }
      var missing = missingRank(order);
      gap.hidden = !missing;
      gap.textContent = missing ? _("Rank %(rank)s is missing: number your choices 1, 2, 3... without gaps.", { rank: missing }) : "";
      order.forEach(function (s, i) {
        var li = document.createElement("li");
        var name = titleOf(s);
        li.setAttribute("data-select", s.id);
        var handle = document.createElement("span");
        handle.className = "handle";
        handle.setAttribute("aria-hidden", "true");
        handle.title = _("Drag to reorder");
        handle.textContent = "\u2630";
        handle.addEventListener("pointerdown", function (e) { startDrag(e, li, name); });
        li.appendChild(handle);
        var span = document.createElement("span");
        span.className = "name";
        // The rank the server will read from the form, not the position in this list: with a
        // gap (only rank 3 chosen) the panel says "3." and the note above names the missing rank.
        span.textContent = _("%(rank)s. %(name)s", { rank: s.value, name: name });
        li.appendChild(span);
        var moves = document.createElement("span");
        moves.className = "moves";
        moves.appendChild(button("up", _("Move %(name)s up", { name: name }), _("Up"), i > 0, function () {
          order.splice(i - 1, 0, order.splice(i, 1)[0]);
          renumber(order, { id: s.id, action: "up" });
          status.textContent = _("%(name)s is now number %(rank)s.", { name: name, rank: i });
        }));
        moves.appendChild(button("down", _("Move %(name)s down", { name: name }), _("Down"), i < order.length - 1, function () {
          order.splice(i + 1, 0, order.splice(i, 1)[0]);
          renumber(order, { id: s.id, action: "down" });
          status.textContent = _("%(name)s is now number %(rank)s.", { name: name, rank: i + 2 });
        }));
        moves.appendChild(button("remove", _("Remove %(name)s from your ranking", { name: name }), _("Remove"), true, function () {
          var next = order[i + 1] || order[i - 1];
          order.splice(i, 1);
          renumber(order, next ? { id: next.id, action: "remove" } : { id: "", action: "" });
          status.textContent = _("%(name)s is no longer ranked.", { name: name });
        }));
        li.appendChild(moves);
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
        status.textContent = _("%(name)s is now number %(rank)s.", { name: name, rank: place });
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
