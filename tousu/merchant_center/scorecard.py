"""The merchant scorecard, read from the figures' rollups (docs/analytics.md#scorecards).

Over a period [start, end) of filing days: complaints per 1,000 orders (orders paid in the
period), and over the shop's valid complaints (not refused as inadmissible) the reply rate
(the merchant answered), the on-time reply rate (answered and the ``merchant_response``
clock met; over the same complaints, so it never exceeds the reply rate), the completion
rate (closed), satisfaction (mean overall stars) and decisions against the merchant. The
rates are ``tousu.analytics.figures.shop_figures``, the same as the supervisors' shop
ranking, so the two always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils import timezone

from tousu.analytics import store
from tousu.analytics.figures import Filters, shop_figures
from tousu.orders.models import Order

PERIODS = {"30d": 30, "90d": 90, "365d": 365}


@dataclass(frozen=True)
class Card:
    merchant_id: int
    shop_name: str
    orders: int
    complaints: int  # valid complaints filed in the period
    replied: int
    replied_on_time: int
    completed: int
    satisfaction: Decimal | None
    rated: int
    decisions_against: int
    reply_rate: Decimal | None
    on_time_rate: Decimal | None
    completion_rate: Decimal | None

    @property
    def per_thousand_orders(self) -> Decimal | None:
        return (
            None
            if not self.orders
            else (Decimal(1000 * self.complaints) / self.orders).quantize(
                Decimal("0.01"), ROUND_HALF_UP
            )
        )


def period(key: str, today: date | None = None) -> tuple[datetime, datetime, str]:
    key = key if key in PERIODS else "30d"
    today = today or timezone.localdate()
    end = timezone.make_aware(datetime.combine(today + timedelta(days=1), time()))
    return end - timedelta(days=PERIODS[key]), end, key


def cards(merchants, start: datetime, end: datetime) -> list[Card]:
    """One card per merchant in ``merchants`` (a queryset): two grouped queries in all, one
    over the rollups and one over the period's orders. ``start`` and ``end`` are local
    midnights (``period``)."""
    merchant_ids = list(merchants.values_list("pk", flat=True))
    f = Filters(timezone.localdate(start), timezone.localdate(end))
    sums = store.by_shop(f, merchant_ids)
    orders = dict(
        Order.objects.filter(merchant_id__in=merchant_ids, paid_at__gte=start, paid_at__lt=end)
        .values("merchant_id")
        .annotate(n=Count("pk"))
        .values_list("merchant_id", "n")
    )
    out = []
    for merchant in merchants.order_by("shop_name", "pk"):
        row = sums.get(merchant.pk, {})
        figures = shop_figures(row)
        out.append(
            Card(
                merchant_id=merchant.pk,
                shop_name=merchant.shop_name,
                orders=orders.get(merchant.pk, 0),
                complaints=figures["valid"],
                replied=row.get("replied") or 0,
                replied_on_time=row.get("replied_on_time") or 0,
                completed=row.get("completed") or 0,
                satisfaction=figures["satisfaction"],
                rated=row.get("rated") or 0,
                decisions_against=row.get("decided_against") or 0,
                reply_rate=figures["reply_rate"],
                on_time_rate=figures["on_time_rate"],
                completion_rate=figures["completion_rate"],
            )
        )
    return out
