"""The payment adapter interface and the demo adapter.

An adapter's ``refund`` is called by the worker outside any database transaction, with
the instruction's id as the idempotency key (``out_request_no`` in Alipay's and WeChat
Pay's refund APIs): a worker that dies after the call and before recording the answer
makes the next worker send the same id again, which the payment system must answer
with the first refund, never a second one. It returns ``refunded`` when the money went
back at once, ``pending`` with a reference when the payment system answers later
(the worker then asks ``status`` until it is settled), or ``failed`` (retried).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Result:
    state: str  # refunded / pending / failed (tousu.payments.models.RefundState)
    reference: str = ""
    error: str = ""


class PaymentAdapter:
    def refund(self, instruction) -> Result:  # pragma: no cover - interface
        raise NotImplementedError

    def status(self, instruction) -> Result:  # pragma: no cover - interface
        """The state of a refund answered ``pending`` before (``instruction.reference`` is set)."""
        raise NotImplementedError


class DemoAdapter(PaymentAdapter):
    """Marks every refund as done, with a made-up reference."""

    def refund(self, instruction) -> Result:
        return Result("refunded", reference=f"DEMO-{instruction.complaint_id}-{instruction.pk}")

    def status(self, instruction) -> Result:
        return Result("refunded", reference=instruction.reference)


def adapter() -> PaymentAdapter:
    return import_string(settings.TOUSU_PAYMENT_ADAPTER)()
