"""Closing (ISO 10002): the consumer rates the handling and says whether they accept the outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.accounts.models import User
from tousu.adjudication.models import Feedback
from tousu.complaints import access, actions
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status

# What a consumer who does not accept the outcome may still do (told on the page and in the notice).
OPTIONS_LEFT = (
    gettext_lazy(
        "Ask for an internal review: reopen the complaint within %(days)s days of closing."
    ),
    gettext_lazy(
        "Complain to the market regulator: 12315 (dial the merchant's area code + 12315, "
        "or use the 12315 platform online)."
    ),
    gettext_lazy("File a public complaint on Black Cat (黑猫投诉)."),
)


def options_left() -> list[str]:
    return [
        str(text) % {"days": settings.TOUSU_REOPEN_WINDOW_DAYS}
        if "%(days)s" in str(text)
        else str(text)
        for text in OPTIONS_LEFT
    ]


@transaction.atomic
def deem_confirmed(complaint: Complaint, _actor: None = None) -> Complaint:
    """The SLA sweep: the consumer let the confirmation window pass; the outcome is taken as
    accepted (no rating is recorded: nobody gave one)."""
    complaint = actions.lock(complaint)
    return actions.take_structured_step(
        complaint,
        None,
        "confirm",
        channel=Channel.SYSTEM,
        note=_("No answer from the consumer in time: the outcome is taken as accepted."),
        data={"automatic": True},
    )


@transaction.atomic
def give(
    complaint: Complaint,
    consumer: User,
    *,
    attitude: int,
    speed: int,
    overall: int,
    comment: str = "",
    accepted: bool,
    channel: str = Channel.WEB,
) -> Feedback:
    """Rate once. While waiting for confirmation this also closes the complaint: confirmed as
    solved, or closed as not accepted (recorded, with the options left on the timeline)."""
    complaint = actions.lock(complaint)
    if not access.is_consumer_of(consumer, complaint):
        raise TransitionNotAllowed()
    if complaint.status not in (Status.WAITING_CONFIRMATION, Status.CLOSED):
        raise TransitionNotAllowed(
            _("You can rate the handling once the complaint is being closed.")
        )
    if Feedback.objects.filter(complaint=complaint).exists():
        raise TransitionNotAllowed(_("You have already rated this complaint."))
    stars = {"attitude": attitude, "speed": speed, "overall": overall}
    wrong = {
        name: _("Choose 1 to 5 stars.") for name, value in stars.items() if value not in range(1, 6)
    }
    if wrong:
        raise ValidationFailed(wrong)
    comment = comment.strip()[:2000]
    if complaint.status == Status.WAITING_CONFIRMATION:
        if accepted:
            actions.take_structured_step(
                complaint,
                consumer,
                "confirm",
                channel=channel,
                note=comment,
                data={"rating": stars},
            )
        else:
            actions.take_structured_step(
                complaint,
                consumer,
                "decline_outcome",
                channel=channel,
                note=comment,
                data={"options": ["review", "12315", "blackcat"]},
            )
    return Feedback.objects.create(complaint=complaint, comment=comment, accepted=accepted, **stars)
