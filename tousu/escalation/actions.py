"""The consumer records that they took the complaint outside (12315, Black Cat, …)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import access, actions
from tousu.complaints.choices import EventKind, ExternalBody
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.complaints.models import Complaint, ComplaintEvent


@transaction.atomic
def record_escalation(
    complaint: Complaint,
    consumer: User,
    *,
    where: str,
    filed_on: date,
    case_number: str = "",
    channel: str,
) -> ComplaintEvent:
    """A public timeline event: where and when the consumer filed outside, and the external case number."""
    complaint = actions.lock(complaint)
    if not access.is_consumer_of(consumer, complaint):
        raise TransitionNotAllowed(_("Only the consumer who filed the complaint can record this."))
    errors = {}
    if where not in ExternalBody.values:
        errors["where"] = _("Please choose a valid option.")
    if filed_on > timezone.localdate() or filed_on < timezone.localdate(complaint.created_at):
        errors["filed_on"] = _("The date must be between the filing of this complaint and today.")
    case_number = case_number.strip()
    if len(case_number) > 64:
        errors["case_number"] = _("The case number is too long.")
    if errors:
        raise ValidationFailed(errors)
    Complaint.objects.filter(pk=complaint.pk).update(updated_at=timezone.now())
    return actions.record(
        complaint,
        EventKind.EXTERNAL,
        consumer,
        channel,
        data={
            "escalation": {
                "where": where,
                "filed_on": filed_on.isoformat(),
                "case_number": case_number,
            }
        },
    )
