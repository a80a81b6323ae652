// The rule form (desk/rule.html): show only the fields the chosen trigger and time choice
// use. Without JavaScript every field shows, and the server ignores the ones that do not apply.
(function () {
  function sync(form) {
    var trigger = form.querySelector("[name=trigger]").value;
    form.querySelectorAll("[data-for-trigger]").forEach(function (el) {
      el.hidden = el.getAttribute("data-for-trigger").split(" ").indexOf(trigger) < 0;
    });
    var when = form.querySelector("[name=time_when]").value;
    form.querySelectorAll("[data-for-time]").forEach(function (el) {
      el.hidden = el.getAttribute("data-for-time") !== when;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.rule-form");
    if (!form) return;
    form.addEventListener("change", function () { sync(form); });
    sync(form);
  });
})();
