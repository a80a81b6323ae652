"""The merchant center pages: merchant staff land here; the older merchant pages are gone."""

import pytest
from django.urls import reverse

from tests.conftest import draft, make_order
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.workflow import Status

LIST = "/merchant/center/"


def page(complaint):
    return reverse("merchant_center:complaint", args=[complaint.number])


@pytest.fixture
def waiting(complaint, agent):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    return complaint


def test_list_shows_complaints_against_my_shop_only(as_merchant, as_rival, complaint):
    assert complaint.number in as_merchant.get(LIST + "?show=open").content.decode()
    assert complaint.number not in as_rival.get(LIST + "?show=all").content.decode()


def test_list_query_count_is_flat(
    as_merchant, consumer, order, django_assert_max_num_queries, no_filing_limits
):
    filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    with django_assert_max_num_queries(10) as few:
        as_merchant.get(LIST)
    for i in range(12):
        filing.file_complaint(
            consumer, draft(order.number, description=f"第 {i} 次"), channel=Channel.WEB
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_merchant.get(LIST)


def test_detail_hides_internal_notes_and_masks_the_phone(as_merchant, waiting, agent, consumer):
    actions.post_message(
        waiting, agent, "内部：该消费者投诉频繁", channel=Channel.DESK, internal=True
    )
    actions.post_message(waiting, agent, "请商家 48 小时内回复", channel=Channel.DESK)
    html = as_merchant.get(page(waiting)).content.decode()
    assert "请商家 48 小时内回复" in html
    assert "该消费者投诉频繁" not in html and "Internal note" not in html
    assert "138****1234" in html and consumer.phone not in html
    assert "alice" in html  # the consumer's name, nothing more


def test_detail_offers_the_answer_form_once_and_no_step_buttons(as_merchant, waiting):
    html = as_merchant.get(page(waiting)).content.decode()
    assert html.count(reverse("merchant_center:respond", args=[waiting.number])) == 1
    for answer in ("agree", "offer", "reject"):
        assert f'value="{answer}"' in html
    assert reverse("portal:act", args=[waiting.number]) not in html  # no generic step form at all


def test_old_merchant_pages_are_gone_and_merchants_land_in_the_center(as_merchant, waiting):
    assert as_merchant.get(f"/merchant/complaints/{waiting.number}/").status_code == 404
    assert as_merchant.get("/merchant/complaints/").status_code == 404
    assert as_merchant.get(reverse("home")).url == LIST


def test_a_step_posted_to_the_generic_form_is_refused_with_a_message(as_merchant, waiting):
    response = as_merchant.post(
        reverse("portal:act", args=[waiting.number]),
        {"name": "merchant_reject", "note": "商品已拆封影响二次销售"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == page(waiting) + "#activity"
    assert "own form" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING_MERCHANT


def test_merchant_can_reply_and_add_evidence(as_merchant, waiting):
    from tests.conftest import photo

    response = as_merchant.post(
        reverse("portal:message", args=[waiting.number]), {"body": "已联系快递核实"}
    )
    assert response.url == page(waiting) + "#activity"
    as_merchant.post(
        reverse("portal:add_evidence", args=[waiting.number]), {"files": [photo("发货单.png")]}
    )
    assert waiting.evidence.get().uploaded_by.username == "shopkeeper"


def test_merchant_of_another_shop_gets_404(as_rival, waiting):
    assert as_rival.get(page(waiting)).status_code == 404


def test_consumers_and_agents_are_sent_home(as_consumer, as_outsider, as_agent, waiting):
    for client in (as_consumer, as_outsider, as_agent):
        for url in (LIST, page(waiting)):
            response = client.get(url)
            assert response.status_code == 302 and response.url != url


def test_agents_use_the_desk_not_the_portal_writes(as_agent, waiting):
    response = as_agent.post(reverse("portal:message", args=[waiting.number]), {"body": "x"})
    assert response.status_code == 302 and response.url == reverse("home")


def test_merchant_of_two_shops_sees_both(merchant_staff, other_shop, outsider, waiting):
    from tests.portal.conftest import client_for

    other_shop.staff.add(merchant_staff)
    theirs = make_order(outsider, other_shop, "202611209999")
    filed, _ = filing.file_complaint(outsider, draft(theirs.number), channel=Channel.WEB)
    html = client_for(merchant_staff).get(LIST + "?show=all").content.decode()
    assert waiting.number in html and filed.number in html


def test_your_turn_tab_lists_what_waits_for_the_merchant(as_merchant, waiting, consumer, order):
    other, _ = filing.file_complaint(
        consumer, draft(order.number, description="另一件"), channel=Channel.WEB
    )
    html = as_merchant.get(LIST + "?show=todo").content.decode()
    assert waiting.number in html and other.number not in html
    actions.transition(other, consumer, "withdraw", channel=Channel.WEB)
    assert other.number not in as_merchant.get(LIST).content.decode()
    assert other.number in as_merchant.get(LIST + "?show=all").content.decode()
