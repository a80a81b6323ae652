"""The agent's decision form starts from the remedies the agent ticks; every money field in yuan."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import draft
from tests.portal.conftest import client_for
from tousu.adjudication import decisions, negotiation
from tousu.adjudication.models import Decision
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.errors import ValidationFailed
from tousu.orders.models import Order, OrderItem, OrderStatus

NOW = "2026-11-30 12:00 +0800"


def to_intervention(complaint, agent, merchant_staff, consumer):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    negotiation.respond(complaint, merchant_staff, negotiation.Reply("reject", reason="不同意"))
    negotiation.reject_offer(complaint, consumer, "请介入", ask_platform=True)
    return complaint


@pytest.fixture
def intervening(complaint, agent, merchant_staff, consumer):
    return to_intervention(complaint, agent, merchant_staff, consumer)


@pytest.fixture
def food_case(consumer, shop, agent, merchant_staff):
    """Mooncakes (¥30.00 × 2) and a pot (¥500.00) in one order; the complaint is about one box of mooncakes."""
    with time_machine.travel("2026-11-25 10:00 +0800", tick=False):
        order = Order.objects.create(
            number="202611250010",
            consumer=consumer,
            merchant=shop,
            amount_paid_fen=56_000,
            status=OrderStatus.RECEIVED,
            paid_at=timezone.now(),
            received_at=timezone.now() + timedelta(days=1),
        )
    cakes = OrderItem.objects.create(
        order=order, product_name="月饼", category="food", unit_price_fen=3_000, quantity=2
    )
    OrderItem.objects.create(
        order=order, product_name="铁锅", category="home", unit_price_fen=50_000, quantity=1
    )
    filed, _ = filing.file_complaint(
        consumer,
        draft(
            order.number,
            category="food_safety",
            demand="compensation",
            amount_fen=100_000,
            lines=((cakes.pk, 1),),
        ),
        channel=Channel.WEB,
    )
    return to_intervention(filed, agent, merchant_staff, consumer)


def url(complaint, **params):
    return reverse("adjudication:intervention", args=[complaint.number])


def form_part(html):
    return html[html.index('class="stack decision-form"') :]


def selected(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="([^"]*)" selected', select).group(1)


def value(html, name):
    tag = re.search(rf'<input type="text" name="{name}"[^>]*>', html).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return found.group(1) if found else ""


def test_the_form_opens_empty_nothing_chosen_for_the_agent(intervening, agent):
    html = form_part(client_for(agent).get(url(intervening)).content.decode())
    assert selected(html, "outcome") == "" and selected(html, "shipping_paid_by") == ""
    assert value(html, "refund") == "" and "¥0.00" not in html
    assert "Tick the remedies that apply" in html


def test_ticked_defect_return_fills_refund_return_and_merchant_shipping(intervening, agent):
    desk = client_for(agent)
    page = desk.get(url(intervening), {"calc": "1", "defect": "on"}).content.decode()
    key = re.search(r'name="pick" value="(defect_return:[^"]*)"', page).group(
        1
    )  # the whole order: no lines chosen
    html = desk.get(
        url(intervening), {"calc": "1", "defect": "on", "pick": key, "use": "1"}
    ).content.decode()
    form = form_part(html)
    assert value(form, "refund") == "299.00" and selected(form, "shipping_paid_by") == "merchant"
    assert re.search(r'name="return_required"[^>]*checked', form)
    assert selected(form, "outcome") == ""  # the agent still chooses the outcome
    assert "Consumer Rights Protection Law Art. 24" in form  # the grounds start from the basis


@time_machine.travel(NOW, tick=False)
def test_food_loss_in_yuan_adds_to_ten_times_the_price_of_the_chosen_line(food_case, agent):
    desk = client_for(agent)
    html = desk.get(
        url(food_case),
        {
            "calc": "1",
            "food_safety": "on",
            "loss": "200.00",
            "pick": "food_compensation:" + str(food_case.lines.get().order_item_id),
        },
    ).content.decode()
    assert 'name="loss" value="200.00"' in html  # the calculator's loss field is in yuan
    form = form_part(html)
    # One box: ¥30 refund; 10 × ¥30 and 3 × ¥200 are under the ¥1,000 minimum; the ¥200 loss on top.
    assert (value(form, "refund"), value(form, "compensation"), value(form, "loss")) == (
        "30.00",
        "1000.00",
        "200.00",
    )
    response = desk.post(
        reverse("adjudication:decide", args=[food_case.number]),
        {
            "outcome": "full",
            "refund": "30.00",
            "compensation": "1000.00",
            "loss": "200.00",
            "penalty": "none",
            "compensation_basis": "食品安全法第一百四十八条",
            "grounds": "月饼不符合食品安全标准。",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get(complaint=food_case)
    assert (decision.refund_fen, decision.compensation_fen, decision.loss_fen) == (
        3_000,
        100_000,
        20_000,
    )


def test_a_bad_loss_is_explained_not_a_500(intervening, agent):
    response = client_for(agent).get(url(intervening), {"calc": "1", "loss": "abc"})
    assert response.status_code == 200 and "Enter an amount in yuan" in response.content.decode()


def test_refund_cap_is_what_was_paid_for_the_chosen_lines(food_case, agent):
    with pytest.raises(ValidationFailed) as refused:
        decisions.decide(
            food_case, agent, decisions.Ruling(outcome="full", grounds="x", refund_fen=3_001)
        )
    assert "30.00" in refused.value.errors["refund_fen"]


def test_a_complaint_without_lines_keeps_the_whole_order_as_cap(intervening, agent):
    with pytest.raises(ValidationFailed):
        decisions.decide(
            intervening, agent, decisions.Ruling(outcome="full", grounds="x", refund_fen=29_901)
        )
    decision = decisions.decide(
        intervening, agent, decisions.Ruling(outcome="full", grounds="x", refund_fen=29_900)
    )
    assert decision.refund_fen == 29_900


def test_loss_needs_a_basis_and_is_not_negative(intervening, agent):
    with pytest.raises(ValidationFailed) as refused:
        decisions.decide(
            intervening, agent, decisions.Ruling(outcome="full", grounds="x", loss_fen=100)
        )
    assert "compensation_basis" in refused.value.errors
    with pytest.raises(ValidationFailed):
        decisions.decide(
            intervening,
            agent,
            decisions.Ruling(outcome="full", grounds="x", refund_fen=1, loss_fen=-1),
        )


def test_old_order_notice_on_the_agents_page(intervening, agent, settings):
    snap = intervening.order_snapshot
    snap["paid_at"] = (
        timezone.now() - timedelta(days=settings.TOUSU_OLD_ORDER_NOTICE_DAYS + 1)
    ).isoformat()
    type(intervening).objects.filter(pk=intervening.pk).update(order_snapshot=snap)
    html = client_for(agent).get(url(intervening)).content.decode()
    assert f"paid more than {settings.TOUSU_OLD_ORDER_NOTICE_DAYS} days ago" in html


def test_outsiders_cannot_use_the_calculator(intervening, consumer, other_merchant_staff):
    for user in (consumer, other_merchant_staff):
        assert client_for(user).get(url(intervening), {"calc": "1", "pick": "x"}).status_code == 404
