/* The agent desk: keyboard shortcuts, the bulk bar, macros in the reply box and the
   "who else is here" notice. A static file (the Content-Security-Policy allows no inline
   script); every control also works without it (docs/desk.md). */
(function () {
  "use strict";

  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* A text box or a list has the keys; a ticked checkbox or a button does not. */
  function typingInto(target) {
    var field = target.closest("input, textarea, select, [contenteditable]");
    if (!field) return false;
    return !(field.matches("input") && /^(checkbox|radio|button|submit|reset)$/.test(field.type));
  }

  /* --- The list: j/k choose a row, Enter opens it, x ticks it ---------------------- */
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-row]"));
  var current = -1;

  function choose(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0) rows[current].classList.remove("current");
    current = index;
    rows[current].classList.add("current");
    rows[current].setAttribute("aria-current", "true");
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function chosen() {
    return current >= 0 ? rows[current] : null;
  }

  /* --- The bulk bar: counts the ticked rows, shows the fields the action needs ------- */
  var bulk = document.getElementById("bulk");

  function refreshBulk() {
    if (!bulk) return;
    var ticked = bulk.querySelectorAll("input[name=c]:checked").length;
    var bar = bulk.querySelector("[data-bulk-bar]");
    bar.classList.toggle("idle", ticked === 0);
    var count = bar.querySelector("[data-bulk-count]");
    count.textContent = ticked ? count.dataset.ticked.replace("%(n)s", ticked) : count.dataset.none;
    var action = bar.querySelector("[data-bulk-action]").value;
    bar.querySelectorAll("[data-for]").forEach(function (label) {
      label.hidden = label.dataset.for !== action;
    });
  }

  if (bulk) {
    var count = bulk.querySelector("[data-bulk-count]");
    count.dataset.none = count.textContent;
    bulk.classList.add("enhanced");
    bulk.addEventListener("change", function (event) {
      if (event.target.matches("[data-tick-all]")) {
        bulk.querySelectorAll("input[name=c]").forEach(function (box) {
          box.checked = event.target.checked;
        });
      }
      refreshBulk();
    });
    refreshBulk();
  }

  function assignToMe() {
    var button = document.querySelector("form button[name=assignee][value=mine]");
    if (button) { button.click(); return; }
    var row = chosen();
    if (!bulk || !row) return;
    bulk.querySelectorAll("input[name=c]").forEach(function (box) { box.checked = false; });
    row.querySelector("input[name=c]").checked = true;
    bulk.querySelector("[data-bulk-action]").value = "assign";
    bulk.querySelector("select[name=assignee]").value = "mine";
    bulk.submit();
  }

  /* --- The help overlay ---------------------------------------------------------------- */
  var help = document.getElementById("shortcuts-help");

  function toggleHelp(show) {
    if (help) help.hidden = show === undefined ? !help.hidden : !show;
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close-help]")) toggleHelp(false);
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      toggleHelp(false);
      if (typingInto(event.target)) event.target.blur();
      return;
    }
    if (typingInto(event.target)) return;
    var row = chosen();
    var reply = document.querySelector("textarea[name=body]");
    var search = document.querySelector("input[name=q]");
    switch (event.key) {
      case "j": choose(current + 1); break;
      case "k": choose(current < 0 ? 0 : current - 1); break;
      case "Enter":
        if (!row) return;
        window.location.href = row.dataset.href;
        break;
      case "x":
        if (!row) return;
        var box = row.querySelector("input[name=c]");
        box.checked = !box.checked;
        refreshBulk();
        break;
      case "r":
        if (reply) reply.focus();
        else if (row) window.location.href = row.dataset.href + "#conversation";
        else return;
        break;
      case "a": assignToMe(); break;
      case "/":
        if (!search) return;
        search.focus();
        break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  /* --- Macros: choosing one fills the reply box with its text for this complaint ------- */
  document.addEventListener("change", function (event) {
    var select = event.target.closest("[data-macro-select]");
    if (!select) return;
    var option = select.options[select.selectedIndex];
    var box = document.querySelector("#conversation textarea[name=body]");
    if (!box || !option) return;
    box.value = option.dataset.body;
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });
  document.addEventListener("click", function (event) {
    var insert = event.target.closest("[data-macro-insert]");
    if (!insert) return;
    var select = insert.form.querySelector("[data-macro-select]");
    var box = document.querySelector("#conversation textarea[name=body]");
    if (!select || !box) return;  // no reply box: let the form reload the page filled in
    event.preventDefault();
    box.value = select.options[select.selectedIndex].dataset.body;
    box.focus();
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });

  /* --- Presence: ping every few seconds, show who else is viewing or replying ---------- */
  var bar = document.querySelector("[data-presence-url]");
  if (bar && window.fetch) {
    var url = bar.dataset.presenceUrl;
    var every = (parseInt(bar.dataset.pollSeconds, 10) || 15) * 1000;
    var typing = function () {
      var box = document.querySelector("#conversation textarea[name=body]");
      return box && box.value.trim() ? "1" : "0";
    };
    var ping = function (extra) {
      var body = new URLSearchParams({ typing: typing() });
      if (extra) body.set("gone", "1");
      return fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf() },
        keepalive: !!extra
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html !== null && !extra) bar.innerHTML = html;
      }).catch(function () {});
    };
    var lastTyping = typing();
    document.addEventListener("input", function (event) {
      if (!event.target.matches("#conversation textarea[name=body]")) return;
      var now = typing();
      if (now !== lastTyping) { lastTyping = now; ping(); }  // start/stop typing: tell at once
    });
    ping();
    setInterval(function () { if (!document.hidden) ping(); }, every);
    window.addEventListener("pagehide", function () { ping(true); });
  }
})();
