"""Filing about chosen order lines: the choice is checked, kept, and caps the refund."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import draft, make_order
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import OrderNotFound, ValidationFailed
from tousu.complaints.lines import is_old
from tousu.complaints.models import ComplaintLine
from tousu.orders.importer import import_orders
from tousu.orders.models import Order, OrderItem, OrderStatus
from tousu.remedies import calculator as calc
from tousu.remedies.facts import facts_for


@pytest.fixture
def clothes(consumer, shop):
    """One order: two T-shirts at ¥99.00 and a custom hoodie at ¥259.00."""
    paid = timezone.now() - timedelta(days=4)
    order = Order.objects.create(
        number="202611200100",
        consumer=consumer,
        merchant=shop,
        amount_paid_fen=45_700,
        status=OrderStatus.RECEIVED,
        paid_at=paid,
        received_at=paid + timedelta(days=2),
    )
    OrderItem.objects.create(
        order=order, product_name="纯棉T恤", category="apparel", unit_price_fen=9_900, quantity=2
    )
    OrderItem.objects.create(
        order=order, product_name="定制卫衣", category="custom", unit_price_fen=25_900, quantity=1
    )
    return order


def lines_of(order):
    shirt, hoodie = order.items.order_by("id")
    return shirt, hoodie


def test_chosen_lines_are_kept_with_their_quantity(consumer, clothes):
    shirt, _hoodie = lines_of(clothes)
    filed, _ = filing.file_complaint(
        consumer,
        draft(clothes.number, lines=((shirt.pk, 1),), amount_fen=9_900),
        channel=Channel.WEB,
    )
    [line] = filed.lines.all()
    assert (line.product_name, line.quantity, line.ordered_quantity, line.paid_fen) == (
        "纯棉T恤",
        1,
        2,
        9_900,
    )
    assert filed.events.first().data["lines"] == [
        {"item": shirt.pk, "product_name": "纯棉T恤", "quantity": 1}
    ]


def test_refund_cap_is_what_was_paid_for_the_chosen_lines_times_quantity(consumer, clothes):
    shirt, _hoodie = lines_of(clothes)
    ok = draft(clothes.number, lines=((shirt.pk, 2),), amount_fen=19_800)
    assert filing.file_complaint(consumer, ok, channel=Channel.WEB)[0].demand_amount_fen == 19_800
    with pytest.raises(ValidationFailed) as refused:
        filing.file_complaint(
            consumer,
            draft(clothes.number, lines=((shirt.pk, 2),), amount_fen=19_801),
            channel=Channel.WEB,
        )
    assert (
        "198.00" in refused.value.errors["amount"]
        and "chosen items" in refused.value.errors["amount"]
    )


def test_without_lines_the_whole_order_is_the_cap(consumer, clothes):
    filed, _ = filing.file_complaint(
        consumer, draft(clothes.number, amount_fen=45_700), channel=Channel.WEB
    )
    assert not filed.lines.exists()
    with pytest.raises(ValidationFailed):
        filing.file_complaint(
            consumer, draft(clothes.number, amount_fen=45_701), channel=Channel.WEB
        )


@pytest.mark.parametrize("quantity", [0, 3])
def test_quantity_outside_what_was_ordered_is_a_clear_error(consumer, clothes, quantity):
    shirt, _hoodie = lines_of(clothes)
    with pytest.raises(ValidationFailed) as refused:
        filing.file_complaint(
            consumer,
            draft(
                clothes.number, lines=((shirt.pk, quantity),), amount_fen=None, demand="exchange"
            ),
            channel=Channel.WEB,
        )
    message = refused.value.errors["lines"]
    assert (
        ("You ordered 2 of “纯棉T恤”; choose at most 2." == message)
        if quantity
        else ("at least 1" in message)
    )
    assert not ComplaintLine.objects.exists()


def test_the_same_line_twice_is_refused(consumer, clothes):
    shirt, _hoodie = lines_of(clothes)
    with pytest.raises(ValidationFailed) as refused:
        filing.file_complaint(
            consumer,
            draft(clothes.number, lines=((shirt.pk, 1), (shirt.pk, 1)), amount_fen=100),
            channel=Channel.WEB,
        )
    assert "twice" in refused.value.errors["lines"]


def test_another_consumers_line_is_refused_without_revealing_it(
    consumer, clothes, outsider, other_shop
):
    theirs = make_order(outsider, other_shop, "202611200999").items.get()
    with pytest.raises(ValidationFailed) as refused:
        filing.file_complaint(
            consumer,
            draft(clothes.number, lines=((theirs.pk, 1),), amount_fen=100),
            channel=Channel.WEB,
        )
    assert refused.value.errors["lines"] == f"Item {theirs.pk} is not in order {clothes.number}."
    # Their order itself stays a 404-style "not found".
    with pytest.raises(OrderNotFound):
        filing.file_complaint(
            consumer, draft("202611200999", lines=((theirs.pk, 1),)), channel=Channel.WEB
        )


def test_lines_need_an_order(consumer, clothes):
    shirt, _hoodie = lines_of(clothes)
    with pytest.raises(ValidationFailed) as refused:
        filing.file_complaint(
            consumer,
            draft(
                "",
                kind="complaint",
                category="service",
                demand="apology",
                amount_fen=None,
                lines=((shirt.pk, 1),),
            ),
            channel=Channel.WEB,
        )
    assert "together with an order" in refused.value.errors["lines"]


def test_the_shirt_stays_returnable_when_the_order_holds_a_custom_hoodie(consumer, clothes):
    shirt, hoodie = lines_of(clothes)
    filed, _ = filing.file_complaint(
        consumer,
        draft(
            clothes.number,
            category="other",
            demand="return_refund",
            amount_fen=9_900 + 25_900,
            lines=((shirt.pk, 1), (hoodie.pk, 1)),
        ),
        channel=Channel.WEB,
    )
    found = calc.remedies(facts_for(filed))
    assert [(r.code, r.line.name, r.refund_fen) for r in found] == [
        (calc.NO_REASON_RETURN, "纯棉T恤", 9_900)
    ]


def test_lines_survive_a_reimport_of_the_order(consumer, clothes, shop):
    shirt, _hoodie = lines_of(clothes)
    filed, _ = filing.file_complaint(
        consumer,
        draft(clothes.number, lines=((shirt.pk, 1),), amount_fen=9_900),
        channel=Channel.WEB,
    )
    report = import_orders(
        [
            {
                "number": clothes.number,
                "merchant": shop.external_id,
                "consumer": consumer.username,
                "status": "received",
                "paid_at": clothes.paid_at.isoformat(),
                "items": [
                    {
                        "product_name": "纯棉T恤",
                        "category": "apparel",
                        "unit_price_fen": 9_900,
                        "quantity": 2,
                    }
                ],
            }
        ]
    )
    assert report.ok, report.errors
    [line] = filed.lines.all()
    assert line.order_item_id is None and line.product_name == "纯棉T恤" and line.paid_fen == 9_900


def test_idempotent_retry_with_the_same_lines_returns_the_first(consumer, clothes):
    shirt, _hoodie = lines_of(clothes)
    first, created = filing.file_complaint(
        consumer,
        draft(clothes.number, lines=((shirt.pk, 1),), amount_fen=100),
        channel=Channel.APP,
        idempotency_key="k1",
    )
    again, created_again = filing.file_complaint(
        consumer,
        draft(clothes.number, lines=((shirt.pk, 1),), amount_fen=100),
        channel=Channel.APP,
        idempotency_key="k1",
    )
    assert (
        created
        and not created_again
        and again.pk == first.pk
        and ComplaintLine.objects.count() == 1
    )


def test_no_cut_off_by_order_age_only_a_notice(consumer, shop, settings):
    old = make_order(consumer, shop, "201911200001")
    Order.objects.filter(pk=old.pk).update(
        paid_at=timezone.now() - timedelta(days=settings.TOUSU_OLD_ORDER_NOTICE_DAYS + 1)
    )
    old.refresh_from_db()
    filed, _ = filing.file_complaint(consumer, draft(old.number), channel=Channel.WEB)
    assert filed.order_id == old.pk and is_old(old.paid_at)


@time_machine.travel("2026-11-30 12:00 +0800", tick=False)
def test_old_order_notice_boundary(settings):
    now = timezone.now()
    days = settings.TOUSU_OLD_ORDER_NOTICE_DAYS
    assert not is_old(now - timedelta(days=days))
    assert is_old(now - timedelta(days=days, seconds=1))
    assert not is_old(None)
