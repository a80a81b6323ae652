"""The payment adapter interface and the demo adapter.

A real adapter (the marketplace's payment service) implements ``refund`` and returns
``refunded`` when the money went back at once, or ``pending`` with a reference when the
payment system answers later (it then calls ``tousu.payments.actions.settle``).
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


class DemoAdapter(PaymentAdapter):
    """Marks every refund as done, with a made-up reference."""

    def refund(self, instruction) -> Result:
        return Result("refunded", reference=f"DEMO-{instruction.complaint_id}-{instruction.pk}")


def adapter() -> PaymentAdapter:
    return import_string(settings.TOUSU_PAYMENT_ADAPTER)()
