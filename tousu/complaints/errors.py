"""Domain errors: a stable machine code plus a message in the user's language.

Channels turn these into their own shape (a JSON error, a form error, a chat reply).
"""

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


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


class IdempotencyConflict(ComplaintError):
    code = "idempotency_conflict"
    status = 409
    default_message = _(
        "This Idempotency-Key was already used for a different request. Use a new key."
    )


class UrgeTooSoon(ComplaintError):
    """Urged again inside the cooldown; ``retry_at`` says when the next urge is allowed."""

    code = "urge_too_soon"
    status = 429

    def __init__(self, retry_at):
        self.retry_at = retry_at
        when = formats.date_format(timezone.localtime(retry_at), "Y-m-d H:i")
        super().__init__(
            _("You urged this complaint recently. You can urge it again after %(when)s.")
            % {"when": when}
        )
