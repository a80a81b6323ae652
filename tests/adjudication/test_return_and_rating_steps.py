"""The consumer's return step (who receives the parcel, where, the carrier picked from a
list, the deadline in words) and the rating (no stars preset; none chosen is an error)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from tests.conftest import photo
from tests.portal.conftest import client_for
from tests.steps import take
from tousu.adjudication import decisions, negotiation
from tousu.adjudication.models import Feedback, ReturnShipment
from tousu.complaints import access, actions, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.sla.models import Clock, Deadline

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def returning(complaint, shop, agent, consumer, merchant_staff):
    shop.contact_name, shop.contact_phone = "周女士", "021-55550106"
    shop.save()
    uploads.add_evidence(complaint, consumer, photo("坏耳机.png"), channel=Channel.WEB)
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    negotiation.respond(complaint, merchant_staff, negotiation.Reply("reject", reason="发货正常"))
    negotiation.reject_offer(complaint, consumer, "请介入", ask_platform=True)
    decisions.decide(
        complaint,
        agent,
        decisions.Ruling(
            outcome="full",
            grounds="质量问题，退货退款。",
            refund_fen=1000,
            return_required=True,
            shipping_paid_by="merchant",
        ),
    )
    complaint.refresh_from_db()
    assert complaint.status == "awaiting_return"
    return complaint


def page(user, complaint, language="en") -> str:
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("portal:complaint", args=[complaint.number])).content.decode()


def ship(user, complaint, **data):
    return client_for(user).post(reverse("adjudication:ship_return", args=[complaint.number]), data)


def test_the_return_names_recipient_phone_and_address(returning, consumer):
    shipment = ReturnShipment.objects.get(complaint=returning)
    assert (shipment.recipient, shipment.phone) == ("周女士", "021-55550106")
    html = page(consumer, returning)
    for shown in ("Recipient", "周女士", "021-55550106", "上海市浦东新区张江路 88 号"):
        assert shown in html


@override_settings(TOUSU_RETURN_CARRIERS=["顺丰速运", "中通快递"])
def test_the_carrier_is_picked_from_the_setting_or_typed_after_other(returning, consumer):
    html = page(consumer, returning)
    assert '<option value="顺丰速运">' in html and '<option value="中通快递">' in html
    assert '<option value="other">' in html and 'name="carrier_other"' in html
    refused = ship(consumer, returning, carrier="other", tracking_number="SF1234567890")
    assert refused.status_code == 302
    returning.refresh_from_db()
    assert returning.status == "awaiting_return"  # "Other" without a name: nothing sent
    ship(consumer, returning, carrier="other", carrier_other="丹鸟", tracking_number="DN12345678")
    shipment = ReturnShipment.objects.get(complaint=returning)
    assert (shipment.carrier, shipment.tracking_number) == ("丹鸟", "DN12345678")


def test_no_carrier_chosen_is_refused_with_a_message(returning, consumer):
    client = client_for(consumer)
    url = reverse("adjudication:ship_return", args=[returning.number])
    client.post(url, {"carrier": "", "tracking_number": "SF1234567890"})
    html = client.get(reverse("portal:complaint", args=[returning.number])).content.decode()
    assert "Please choose the carrier." in html
    assert Complaint.objects.get(pk=returning.pk).status == "awaiting_return"


def test_others_cannot_ship_the_return(returning, outsider, merchant_staff):
    assert ship(outsider, returning, carrier="顺丰速运", tracking_number="SF1").status_code == 404
    ship(merchant_staff, returning, carrier="顺丰速运", tracking_number="SF1234567890")
    assert not ReturnShipment.objects.get(complaint=returning).tracking_number


def test_the_return_deadline_in_words(returning, consumer):
    run = Deadline.objects.get(complaint=returning, clock=Clock.RETURN_SHIPMENT, ended_at=None)
    Deadline.objects.filter(pk=run.pk).update(due_at=at(2026, 12, 5, 18, 0))
    with time_machine.travel(at(2026, 12, 2, 14, 0), tick=False):
        zh = page(consumer, returning, "zh-hans")
        en = page(consumer, returning)
    assert "还剩 3 天 4 小时，12月5日 18:00 前" in zh
    assert "3 days 4 hours left, before 12/5 18:00" in en
    with time_machine.travel(at(2026, 12, 5, 20, 0), tick=False):
        late = page(consumer, returning, "zh-hans")
    assert "已超时 2 小时（截止 12月5日 18:00）" in late


def test_withdraw_does_not_apply_while_the_outcome_is_carried_out(returning, consumer):
    assert not access.may_take(consumer, returning, "withdraw")
    assert 'value="withdraw"' not in page(consumer, returning)
    with pytest.raises(TransitionNotAllowed):
        actions.transition(returning, consumer, "withdraw", channel=Channel.WEB)


def test_withdraw_is_offered_while_it_applies(complaint, consumer, outsider):
    assert 'value="withdraw"' in page(consumer, complaint)
    assert not access.may_take(outsider, complaint, "withdraw")


@pytest.fixture
def to_rate(complaint, agent, consumer, merchant_staff):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    take(complaint, merchant_staff, "merchant_offer")
    take(complaint, consumer, "accept_offer")
    assert complaint.status == "waiting_confirmation"
    return complaint


def test_no_star_is_chosen_at_first(to_rate, consumer):
    html = page(consumer, to_rate)
    rating = html[html.index('id="rate"') :]
    rating = rating[: rating.index("</form>")]
    assert rating.count('type="radio" name="overall"') == 5
    assert 'type="radio" name="attitude" value="5" required checked' not in rating
    assert "checked" not in rating.replace('value="yes" checked', "")  # only "I accept" is preset


def test_rating_without_stars_is_refused_with_a_clear_error(to_rate, consumer):
    client = client_for(consumer)
    url = reverse("adjudication:rate", args=[to_rate.number])
    client.post(url, {"attitude": "4", "accepted": "yes"})
    html = client.get(reverse("portal:complaint", args=[to_rate.number])).content.decode()
    assert "Please choose stars for: Speed, Overall satisfaction." in html
    assert not Feedback.objects.filter(complaint=to_rate).exists()
    assert Complaint.objects.get(pk=to_rate.pk).status == "waiting_confirmation"
    client.post(url, {"attitude": "4", "speed": "3", "overall": "4", "accepted": "yes"})
    assert Feedback.objects.get(complaint=to_rate).overall == 4
