/* The complaint form (portal/complaint_form.html).

   Show the amount only for money demands; prefill a refund with what was paid for the
   ticked items (all of the order when none is ticked), until the consumer types their own. */
(function () {
  var form = document.querySelector(".complaint-form");
  if (!form) return;
  var demand = form.querySelector("[name=demand]");
  var amountField = document.getElementById("field-amount");
  var amount = form.querySelector("[name=amount]");
  var money = ["refund_only", "return_refund", "compensation"];
  var refunds = ["refund_only", "return_refund"];
  var filled = amount.value;
  function paid() {
    var fen = 0, any = false;
    form.querySelectorAll(".line-row").forEach(function (row) {
      var tick = row.querySelector("[name=lines]"), qty = row.querySelector("input[type=number]");
      if (tick && tick.checked) { any = true; fen += Number(row.dataset.price) * (parseInt(qty.value, 10) || 0); }
    });
    return any ? (fen / 100).toFixed(2) : form.dataset.paid;
  }
  function update() {
    amountField.hidden = money.indexOf(demand.value) < 0;
    if (refunds.indexOf(demand.value) >= 0 && form.dataset.paid && (!amount.value || amount.value === filled)) {
      amount.value = filled = paid();
    }
  }
  demand.addEventListener("change", update);
  form.addEventListener("change", function (e) { if (e.target.closest(".line-row")) update(); });
  update();

  /* The writing coach (htmx) also hears how many files are chosen and which order it is. */
  document.body.addEventListener("htmx:configRequest", function (event) {
    var coach = event.detail.elt;
    if (coach.id !== "coach") return;
    event.detail.parameters.evidence_count = form.querySelector("[name=evidence]").files.length;
    event.detail.parameters.order_number = coach.dataset.orderNumber || "";
  });
})();
