"""What a delivery adapter raises."""

from __future__ import annotations

from tousu.notify.models import UndeliveredReason


class Undeliverable(Exception):
    """The notification can never be delivered: recorded as such, never retried.

    Any other exception from an adapter is taken as transient and retried with backoff.
    """

    def __init__(self, reason: UndeliveredReason, detail: str = ""):
        self.reason, self.detail = reason, detail
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
