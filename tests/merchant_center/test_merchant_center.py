"""The merchant center: my shops only, deadlines first, structured answers, returns, scorecard."""

import pytest
from django.urls import reverse

from tests.conftest import draft, photo
from tests.portal.conftest import client_for
from tousu.adjudication import decisions, negotiation
from tousu.adjudication.decisions import Ruling
from tousu.adjudication.models import MerchantResponse
from tousu.adjudication.refunds import send_refunds
from tousu.analytics import rollup
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


def page(c):
    return reverse("merchant_center:complaint", args=[c.number])


def test_other_shop_gets_404_everywhere(waiting, other_merchant_staff):
    rival = client_for(other_merchant_staff)
    assert (
        waiting.number
        not in rival.get(reverse("merchant_center:complaints") + "?show=all").content.decode()
    )
    assert rival.get(page(waiting)).status_code == 404
    for name in ("respond", "confirm_receipt", "return_address"):
        assert (
            rival.post(
                reverse(f"merchant_center:{name}", args=[waiting.number]), {"answer": "agree"}
            ).status_code
            == 404
        )
    assert Complaint.objects.get(pk=waiting.pk).status == "waiting_merchant"


def test_consumers_and_agents_are_sent_away(waiting, consumer, agent):
    assert client_for(consumer).get(page(waiting)).status_code == 302
    assert client_for(agent).get(reverse("merchant_center:complaints")).status_code == 302


def test_phone_masked_never_full(waiting, merchant_staff, consumer):
    html = client_for(merchant_staff).get(page(waiting)).content.decode()
    assert "138****1234" in html and consumer.phone not in html


def test_list_sorted_by_earliest_merchant_deadline(consumer, order, agent, merchant_staff):
    first, _ = filing.file_complaint(
        consumer, draft(order.number, description="早"), channel=Channel.WEB
    )
    later, _ = filing.file_complaint(
        consumer, draft(order.number, description="晚"), channel=Channel.WEB
    )
    quiet, _ = filing.file_complaint(
        consumer, draft(order.number, description="无期限"), channel=Channel.WEB
    )
    actions.transition(first, agent, "forward_to_merchant", channel=Channel.DESK)
    actions.transition(later, agent, "forward_to_merchant", channel=Channel.DESK)
    html = (
        client_for(merchant_staff)
        .get(reverse("merchant_center:complaints") + "?show=open")
        .content.decode()
    )
    assert html.index(first.number) < html.index(later.number) < html.index(quiet.number)


def test_structured_offer_with_evidence(waiting, merchant_staff):
    response = client_for(merchant_staff).post(
        reverse("merchant_center:respond", args=[waiting.number]),
        {
            "answer": "offer",
            "remedy": "partial_refund",
            "amount": "30.50",
            "reason": "部分退款",
            "files": [photo("聊天记录.png")],
        },
    )
    assert response.status_code == 302
    offer = MerchantResponse.objects.get(complaint=waiting)
    assert (offer.remedy, offer.amount_fen) == ("partial_refund", 3050)
    assert waiting.evidence.get().uploaded_by == merchant_staff


def test_reject_without_reason_is_refused(waiting, merchant_staff):
    response = client_for(merchant_staff).post(
        reverse("merchant_center:respond", args=[waiting.number]),
        {"answer": "reject", "reason": ""},
    )
    assert response.status_code == 422 and "reason" in response.content.decode()
    assert Complaint.objects.get(pk=waiting.pk).status == "waiting_merchant"


def test_merchant_sees_the_decision_and_confirms_the_return(
    waiting, consumer, merchant_staff, agent
):
    negotiation.respond(waiting, merchant_staff, negotiation.Reply("reject", reason="不同意"))
    negotiation.reject_offer(waiting, consumer, "请介入", ask_platform=True)
    decisions.decide(
        waiting,
        agent,
        Ruling(
            outcome="full",
            grounds="质量问题成立",
            refund_fen=29_900,
            return_required=True,
            shipping_paid_by="merchant",
        ),
    )
    merchant = client_for(merchant_staff)
    html = merchant.get(page(waiting)).content.decode()
    assert "质量问题成立" in html and "上海市浦东新区张江路 88 号" in html
    merchant.post(
        reverse("merchant_center:return_address", args=[waiting.number]), {"address": "上海退货仓"}
    )
    assert (
        "上海退货仓"
        in client_for(consumer)
        .get(reverse("portal:complaint", args=[waiting.number]))
        .content.decode()
    )
    client_for(consumer).post(
        reverse("adjudication:ship_return", args=[waiting.number]),
        {"carrier": "顺丰", "tracking_number": "SF1234567890"},
    )
    assert (
        merchant.post(reverse("merchant_center:confirm_receipt", args=[waiting.number])).status_code
        == 302
    )
    assert Complaint.objects.get(pk=waiting.pk).status == "fulfilment"  # the refund is requested
    send_refunds()  # the worker pays it
    assert Complaint.objects.get(pk=waiting.pk).status == "waiting_confirmation"


def test_scorecard_figures(
    waiting,
    consumer,
    merchant_staff,
    supervisor,
    agent,
    other_merchant_staff,
    django_assert_max_num_queries,
    settings,
):
    from tousu.adjudication import feedback

    negotiation.respond(
        waiting, merchant_staff, negotiation.Reply("offer", remedy="partial_refund", amount_fen=100)
    )
    negotiation.accept_offer(waiting, consumer, channel=Channel.WEB)
    send_refunds()
    feedback.give(waiting, consumer, attitude=5, speed=4, overall=4, accepted=True)
    html = client_for(merchant_staff).get(reverse("merchant_center:scorecard")).content.decode()
    assert "figures not computed yet" in html  # the scorecard reads the rollups the worker keeps
    settings.TOUSU_ANALYTICS_SETTLE_SECONDS = 0
    rollup.refresh(100)
    html = client_for(merchant_staff).get(reverse("merchant_center:scorecard")).content.decode()
    assert "优品数码" in html and "1000.00" in html and "100.0%" in html  # 1 complaint / 1 order
    assert "别家店" not in html
    boss = client_for(supervisor)
    with django_assert_max_num_queries(30) as before:
        board = boss.get(reverse("merchant_center:all_scorecards") + "?period=90d")
    assert "别家店" in board.content.decode()
    from tousu.merchants.models import Merchant

    for i in range(5):  # more shops, same number of queries: aggregates, not loops over rows
        Merchant.objects.create(
            shop_name=f"店{i}",
            legal_name="x",
            registered_address="x",
            city="x",
            external_id=f"X{i}",
        )
    with django_assert_max_num_queries(len(before.captured_queries)):
        boss.get(reverse("merchant_center:all_scorecards") + "?period=90d")
    assert client_for(agent).get(reverse("merchant_center:all_scorecards")).status_code == 404
    assert client_for(consumer).get(reverse("merchant_center:all_scorecards")).status_code == 404
