"""The merchant scorecard: one aggregate query per figure set, never a loop over rows.

Over a period [start, end) of filing time: complaints per 1,000 orders (orders paid in
the period), reply rate (complaints the merchant answered), on-time reply rate (their
``merchant_response`` clock met rather than breached), completion rate (closed),
satisfaction (mean overall stars) and decisions against the merchant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils import timezone

from tousu.adjudication.models import Decision, Outcome
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.orders.models import Order
from tousu.sla.models import Deadline, DeadlineState

PERIODS = {"30d": 30, "90d": 90, "365d": 365}


@dataclass(frozen=True)
class Card:
    merchant_id: int
    shop_name: str
    orders: int
    complaints: int
    replied: int
    replied_on_time: int
    completed: int
    satisfaction: Decimal | None
    rated: int
    decisions_against: int

    @staticmethod
    def _pct(part: int, whole: int) -> Decimal | None:
        return (
            None
            if not whole
            else (Decimal(100 * part) / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )

    @property
    def per_thousand_orders(self) -> Decimal | None:
        return (
            None
            if not self.orders
            else (Decimal(1000 * self.complaints) / self.orders).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        )

    @property
    def reply_rate(self):
        return self._pct(self.replied, self.complaints)

    @property
    def on_time_rate(self):
        return self._pct(self.replied_on_time, self.replied)

    @property
    def completion_rate(self):
        return self._pct(self.completed, self.complaints)


def period(key: str, today: date | None = None) -> tuple[datetime, datetime, str]:
    key = key if key in PERIODS else "30d"
    today = today or timezone.localdate()
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time()))
    return end - timedelta(days=PERIODS[key]), end, key


ANSWERS = ("merchant_agree", "merchant_offer", "merchant_reject")


def cards(merchants, start: datetime, end: datetime) -> list[Card]:
    """One card per merchant in ``merchants`` (a queryset): two grouped queries in all."""
    merchant_ids = list(merchants.values_list("pk", flat=True))
    replied = Exists(
        ComplaintEvent.objects.filter(
            complaint=OuterRef("pk"), transition__in=ANSWERS, actor_role="merchant"
        )
    )
    on_time = Exists(
        Deadline.objects.filter(
            complaint=OuterRef("pk"), clock="merchant_response", state=DeadlineState.MET
        )
    )
    against = Exists(
        Decision.objects.filter(complaint=OuterRef("pk")).exclude(outcome=Outcome.REJECTED)
    )
    rows = (
        Complaint.objects.filter(
            merchant_id__in=merchant_ids, created_at__gte=start, created_at__lt=end
        )
        .annotate(replied=replied, on_time=on_time, against=against)
        .values("merchant_id", "merchant__shop_name")
        .annotate(
            complaints=Count("pk"),
            n_replied=Count("pk", filter=Q(replied=True)),
            n_on_time=Count("pk", filter=Q(replied=True, on_time=True)),
            completed=Count("pk", filter=Q(status="closed")),
            satisfaction=Avg("feedback__overall"),
            rated=Count("feedback"),
            n_against=Count("pk", filter=Q(against=True)),
        )
    )
    orders = dict(
        Order.objects.filter(merchant_id__in=merchant_ids, paid_at__gte=start, paid_at__lt=end)
        .values("merchant_id")
        .annotate(n=Count("pk"))
        .values_list("merchant_id", "n")
    )
    by_merchant = {row["merchant_id"]: row for row in rows}
    out = []
    for merchant in merchants.order_by("shop_name", "pk"):
        row = by_merchant.get(merchant.pk, {})
        sat = row.get("satisfaction")
        out.append(
            Card(
                merchant_id=merchant.pk,
                shop_name=merchant.shop_name,
                orders=orders.get(merchant.pk, 0),
                complaints=row.get("complaints", 0),
                replied=row.get("n_replied", 0),
                replied_on_time=row.get("n_on_time", 0),
                completed=row.get("completed", 0),
                satisfaction=Decimal(str(sat)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                if sat is not None
                else None,
                rated=row.get("rated", 0),
                decisions_against=row.get("n_against", 0),
            )
        )
    return out
