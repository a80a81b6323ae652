/* Behaviour every page shares. Scripts live in static files only: the Content-Security-Policy
   (docs/deploy.md) allows no inline script, no onclick attributes, no eval. */

/* One click, one submission: forms marked data-once ignore a second submit and grey out
   their buttons. The server-side one-time token makes double posts harmless anyway. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form[data-once]")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
  }, 0);
});

/* Coming back with the browser's back button must not leave the buttons dead. */
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    delete form.dataset.sent;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
  });
});

/* <button data-copy="ID"> copies the value (or text) of the element with that id. */
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) return;
  var source = document.getElementById(button.dataset.copy);
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.value !== undefined ? source.value : source.textContent);
  }
});
