"""Human-readable complaint numbers: ``TS`` + date (Asia/Shanghai) + daily sequence."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from tousu.complaints.models import DailySequence


def next_number() -> str:
    """Issue the next number. Must run inside the transaction that creates the complaint,
    so a rolled-back filing gives its number back and numbers stay gap-free per day."""
    day = timezone.localdate()
    if not DailySequence.objects.filter(day=day).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                DailySequence.objects.create(day=day, last=1)
        except IntegrityError:  # another writer created the day's row first
            DailySequence.objects.filter(day=day).update(last=F("last") + 1)
    last = DailySequence.objects.get(day=day).last
    return f"TS{day:%Y%m%d}{last:06d}"
