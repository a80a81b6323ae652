"""The minimal merchant view."""

import pytest
from django.urls import reverse

from tests.conftest import draft, make_order
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.workflow import Status


def page(complaint):
    return reverse("portal:merchant_complaint", args=[complaint.number])


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


def test_list_shows_complaints_against_my_shop_only(as_merchant, as_rival, complaint):
    assert complaint.number in as_merchant.get(reverse("portal:merchant_complaints")).content.decode()
    assert complaint.number not in as_rival.get(reverse("portal:merchant_complaints")).content.decode()


def test_list_query_count_is_flat(as_merchant, consumer, order, django_assert_max_num_queries):
    actions.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    with django_assert_max_num_queries(10) as few:
        as_merchant.get(reverse("portal:merchant_complaints"))
    for i in range(12):
        actions.file_complaint(consumer, draft(order.number, description=f"第 {i} 次"), channel=Channel.WEB)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_merchant.get(reverse("portal:merchant_complaints"))


def test_detail_hides_internal_notes_and_masks_the_phone(as_merchant, waiting, agent, consumer):
    actions.post_message(waiting, agent, "内部：该消费者投诉频繁", channel=Channel.DESK, internal=True)
    actions.post_message(waiting, agent, "请商家 48 小时内回复", channel=Channel.DESK)
    html = as_merchant.get(page(waiting)).content.decode()
    assert "请商家 48 小时内回复" in html
    assert "该消费者投诉频繁" not in html and "Internal note" not in html
    assert "138****1234" in html and consumer.phone not in html
    assert "alice" in html  # the consumer's name, nothing more


def test_detail_offers_the_merchant_steps(as_merchant, waiting):
    html = as_merchant.get(page(waiting)).content.decode()
    for name in ("merchant_agree", "merchant_offer", "merchant_reject"):
        assert f'value="{name}"' in html
    assert 'value="withdraw"' not in html


def test_reject_needs_a_reason_then_works(as_merchant, waiting):
    url = reverse("portal:act", args=[waiting.number])
    refused = as_merchant.post(url, {"name": "merchant_reject", "note": " "})
    assert refused.status_code == 422 and "Please give a reason." in refused.content.decode()
    response = as_merchant.post(url, {"name": "merchant_reject", "note": "商品已拆封影响二次销售"})
    assert response.status_code == 302 and response.url == page(waiting) + "#activity"
    waiting.refresh_from_db()
    assert waiting.status == Status.MERCHANT_REJECTED


def test_merchant_can_reply_and_add_evidence(as_merchant, waiting):
    from tests.conftest import photo

    response = as_merchant.post(reverse("portal:message", args=[waiting.number]), {"body": "已联系快递核实"})
    assert response.url == page(waiting) + "#activity"
    as_merchant.post(reverse("portal:add_evidence", args=[waiting.number]), {"files": [photo("发货单.png")]})
    assert waiting.evidence.get().uploaded_by.username == "shopkeeper"


def test_merchant_of_another_shop_gets_404(as_rival, waiting):
    assert as_rival.get(page(waiting)).status_code == 404


def test_consumers_and_agents_are_sent_home(as_consumer, as_outsider, as_agent, waiting):
    for client in (as_consumer, as_outsider, as_agent):
        for url in (reverse("portal:merchant_complaints"), page(waiting)):
            response = client.get(url)
            assert response.status_code == 302 and response.url == reverse("home")


def test_agents_use_the_desk_not_the_portal_writes(as_agent, waiting):
    response = as_agent.post(reverse("portal:message", args=[waiting.number]), {"body": "x"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_merchant_of_two_shops_sees_both(merchant_staff, other_shop, outsider, waiting):
    from tests.portal.conftest import client_for

    other_shop.staff.add(merchant_staff)
    theirs = make_order(outsider, other_shop, "202611209999")
    filed, _ = actions.file_complaint(outsider, draft(theirs.number), channel=Channel.WEB)
    html = client_for(merchant_staff).get(reverse("portal:merchant_complaints")).content.decode()
    assert waiting.number in html and filed.number in html


def test_your_turn_tab_lists_what_waits_for_the_merchant(as_merchant, waiting, consumer, order):
    other, _ = actions.file_complaint(consumer, draft(order.number, description="另一件"), channel=Channel.WEB)
    html = as_merchant.get(reverse("portal:merchant_complaints") + "?show=todo").content.decode()
    assert waiting.number in html and other.number not in html
    actions.transition(other, consumer, "withdraw", channel=Channel.WEB)
    assert other.number not in as_merchant.get(reverse("portal:merchant_complaints")).content.decode()
    assert other.number in as_merchant.get(reverse("portal:merchant_complaints") + "?show=all").content.decode()
