"""Domain errors: a stable machine code plus a message in the user's language.

Channels turn these into their own shape (a JSON error, a form error, a chat reply).
"""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ComplaintError(Exception):
    code = "invalid"
    status = 400
    default_message = _("The request is not valid.")

    def __init__(self, message=None, *, field: str | None = None, **params):
        self.message = message or self.default_message
        self.field = field
        self.params = params
        super().__init__(str(self.message))

    def text(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class NotFound(ComplaintError):
    code = "not_found"
    status = 404
    default_message = _("Not found.")


class OrderNotFound(NotFound):
    code = "order_not_found"
    default_message = _("We cannot find this order among your orders.")


class ValidationFailed(ComplaintError):
    """One or more fields are wrong; ``errors`` maps each field to its message."""

    code = "validation_failed"
    status = 422
    default_message = _("Some fields need your attention.")

    def __init__(self, errors: dict[str, str], message=None):
        self.errors = {field: str(text) for field, text in errors.items()}
        if message is None and len(self.errors) == 1:
            message = next(iter(self.errors.values()))
        super().__init__(message, field=next(iter(self.errors), None))


class TransitionNotAllowed(ComplaintError):
    code = "transition_not_allowed"
    status = 409
    default_message = _("This step is not possible for this complaint now.")


class EvidenceRejected(ComplaintError):
    code = "evidence_rejected"
    status = 422


class DuplicateOpenComplaint(ComplaintError):
    """The consumer already has an open complaint (``complaint``) about the same order line."""

    code = "duplicate_open_complaint"
    status = 409

    def __init__(self, complaint, message):
        super().__init__(message)
        self.complaint = complaint


class IdempotencyConflict(ComplaintError):
    code = "idempotency_conflict"
    status = 409
    default_message = _(
        "This Idempotency-Key was already used for a different request. Use a new key."
    )


def when(moment) -> str:
    """``moment`` for people, in Beijing time, to the minute and never earlier than it is."""
    local = timezone.localtime(moment)
    whole = local.replace(second=0, microsecond=0)
    if whole < local:
        whole += timedelta(minutes=1)
    return formats.date_format(whole, "Y-m-d H:i")


class RateLimited(ComplaintError):
    """Too many or too soon; ``retry_at`` says when the same request will be accepted.

    The API answers 429 with ``fields.retry_at`` and ``Retry-After``; the other channels
    show the message, which names the time.
    """

    status = 429

    def __init__(self, retry_at, message):
        self.retry_at = retry_at
        super().__init__(message)


class UrgeTooSoon(RateLimited):
    """Urged again inside the cooldown; ``retry_at`` says when the next urge is allowed."""

    code = "urge_too_soon"

    def __init__(self, retry_at):
        super().__init__(
            retry_at,
            _("You urged this complaint recently. You can urge it again after %(when)s.")
            % {"when": when(retry_at)},
        )


class UrgeLimitReached(RateLimited):
    """The account urged ``TOUSU_URGE_LIMIT_PER_DAY`` times in the past 24 hours (any complaints)."""

    code = "urge_limit_reached"

    def __init__(self, retry_at, *, limit: int):
        super().__init__(
            retry_at,
            ngettext(
                "You have urged %(n)s time in the past 24 hours, the most allowed. "
                "You can urge again after %(when)s.",
                "You have urged %(n)s times in the past 24 hours, the most allowed. "
                "You can urge again after %(when)s.",
                limit,
            )
            % {"n": limit, "when": when(retry_at)},
        )


class FilingLimitReached(RateLimited):
    """The consumer filed the most complaints allowed in the past hour or 24 hours."""

    code = "filing_limit_reached"

    def __init__(self, retry_at, *, limit: int, daily: bool):
        if daily:
            text = ngettext(
                "You have filed %(n)s complaint in the past 24 hours, the most allowed. "
                "You can file a new one after %(when)s.",
                "You have filed %(n)s complaints in the past 24 hours, the most allowed. "
                "You can file a new one after %(when)s.",
                limit,
            )
        else:
            text = ngettext(
                "You have filed %(n)s complaint in the past hour, the most allowed. "
                "You can file a new one after %(when)s.",
                "You have filed %(n)s complaints in the past hour, the most allowed. "
                "You can file a new one after %(when)s.",
                limit,
            )
        super().__init__(retry_at, text % {"n": limit, "when": when(retry_at)})
