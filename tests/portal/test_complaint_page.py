"""The consumer's complaint page, its writes, and 我的投诉."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import draft, photo
from tests.steps import take
from tousu.complaints import actions, filing, uploads
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.workflow import Status

HX = {"HTTP_HX_REQUEST": "true"}


def page(complaint):
    return reverse("portal:complaint", args=[complaint.number])


def test_page_shows_number_status_next_step_timeline_and_options(as_consumer, complaint):
    html = as_consumer.get(page(complaint)).content.decode()
    assert complaint.number in html and "s-acknowledged" in html
    assert (
        "What happens next" in html and "Acknowledged: your complaint" in html
    )  # worded for the consumer
    assert 'name="name" value="withdraw"' in html  # the consumer's available step
    assert 'value="merchant_agree"' not in html


def test_evidence_thumbnails_link_to_the_checked_download(as_consumer, consumer, complaint):
    evidence, _ = uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    html = as_consumer.get(page(complaint)).content.decode()
    assert f'<img src="{reverse("evidence", args=[evidence.pk])}"' in html


@pytest.mark.parametrize("name", ["complaint", "message", "add_evidence", "act"])
def test_outsider_consumer_gets_404_everywhere(as_outsider, complaint, name):
    url = reverse(f"portal:{name}", args=[complaint.number])
    response = (
        as_outsider.get(url)
        if name == "complaint"
        else as_outsider.post(url, {"body": "x", "name": "withdraw"})
    )
    assert response.status_code == 404
    assert complaint.events.count() == 2  # filed + acknowledged, nothing written


def test_unknown_number_and_outsiders_number_look_the_same(as_outsider, complaint):
    assert as_outsider.get(reverse("portal:complaint", args=["TS000000000000"])).status_code == 404
    assert as_outsider.get(page(complaint)).status_code == 404


@pytest.mark.parametrize("name", ["message", "add_evidence", "act"])
def test_merchant_of_another_shop_gets_404_on_writes(as_rival, complaint, name):
    response = as_rival.post(
        reverse(f"portal:{name}", args=[complaint.number]), {"body": "x", "name": "merchant_agree"}
    )
    assert response.status_code == 404


def test_merchant_of_another_shop_is_sent_home_from_the_consumer_page(as_rival, complaint):
    response = as_rival.get(page(complaint))
    assert response.status_code == 302 and response.url == reverse("home")


def test_message_without_js_redirects_back_to_the_progress(as_consumer, complaint):
    response = as_consumer.post(
        reverse("portal:message", args=[complaint.number]), {"body": "请尽快处理，谢谢"}
    )
    assert response.status_code == 302 and response.url == page(complaint) + "#activity"
    assert complaint.events.filter(kind=EventKind.MESSAGE, body="请尽快处理，谢谢").exists()


def test_message_with_htmx_returns_only_the_activity(as_consumer, complaint):
    response = as_consumer.post(
        reverse("portal:message", args=[complaint.number]), {"body": "催一催"}, **HX
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith('<div id="activity"')
    assert "催一催" in html and "<html" not in html


def test_empty_message_shows_an_error(as_consumer, complaint):
    plain = as_consumer.post(reverse("portal:message", args=[complaint.number]), {"body": "  "})
    assert plain.status_code == 422 and "The message is empty." in plain.content.decode()
    htmx = as_consumer.post(reverse("portal:message", args=[complaint.number]), {"body": ""}, **HX)
    assert htmx.status_code == 200 and "The message is empty." in htmx.content.decode()


def test_add_evidence_with_and_without_js(as_consumer, complaint):
    url = reverse("portal:add_evidence", args=[complaint.number])
    response = as_consumer.post(url, {"files": [photo("a.png")], "caption": "包装破损"})
    assert response.status_code == 302
    response = as_consumer.post(url, {"files": [photo("b.png", color=(1, 2, 3))]}, **HX)
    assert response.status_code == 200 and "包装破损" in response.content.decode()
    assert complaint.evidence.count() == 2


def test_bad_evidence_is_explained(as_consumer, complaint):
    fake = SimpleUploadedFile("invoice.jpg", b"#!/bin/sh\nrm -rf /\n", content_type="image/jpeg")
    response = as_consumer.post(
        reverse("portal:add_evidence", args=[complaint.number]), {"files": [fake]}
    )
    assert response.status_code == 422 and "invoice.jpg" in response.content.decode()
    assert not complaint.evidence.exists()


def test_withdraw_works_and_lands_on_the_timeline(as_consumer, complaint):
    response = as_consumer.post(
        reverse("portal:act", args=[complaint.number]),
        {"name": "withdraw", "note": "已和商家协商解决"},
        follow=True,
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.WITHDRAWN
    assert response.redirect_chain[-1][0] == page(complaint) + "#activity"
    html = response.content.decode()
    assert "已和商家协商解决" in html and "s-withdrawn" in html
    assert 'name="name" value="withdraw"' not in html  # no more options once closed


def test_intervention_is_asked_once_with_a_reason(as_consumer, complaint, agent, merchant_staff):
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_reject", "已超过七天")
    html = as_consumer.get(page(complaint)).content.decode()
    assert html.count('value="intervene"') == 1 and 'value="request_intervention"' not in html
    answer = reverse("adjudication:answer_offer", args=[complaint.number])
    refused = as_consumer.post(answer, {"choice": "intervene", "reason": " "}, follow=True)
    assert "Please give a reason." in refused.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.MERCHANT_REJECTED
    as_consumer.post(answer, {"choice": "intervene", "reason": "商品有质量问题"})
    complaint.refresh_from_db()
    assert complaint.status == Status.INTERVENTION


def test_the_generic_step_form_refuses_the_intervention_request(
    as_consumer, complaint, agent, merchant_staff
):
    take(complaint, agent, "forward_to_merchant")
    take(complaint, merchant_staff, "merchant_reject", "已超过七天")
    response = as_consumer.post(
        reverse("portal:act", args=[complaint.number]),
        {"name": "request_intervention", "note": "请平台介入"},
    )
    assert response.status_code == 422 and "own form" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.MERCHANT_REJECTED


def test_step_not_allowed_is_refused_politely(as_consumer, complaint):
    response = as_consumer.post(
        reverse("portal:act", args=[complaint.number]), {"name": "merchant_agree"}
    )
    assert response.status_code == 422 and "not possible" in response.content.decode()


def test_consumer_never_sees_internal_notes(as_consumer, complaint, agent):
    actions.post_message(
        complaint, agent, "内部：疑似职业索赔", channel=Channel.DESK, internal=True
    )
    assert "疑似职业索赔" not in as_consumer.get(page(complaint)).content.decode()


def test_my_complaints_lists_mine_only(as_consumer, as_outsider, complaint):
    html = as_consumer.get(reverse("portal:my_complaints")).content.decode()
    assert complaint.number in html and "优品数码" in html and "s-acknowledged" in html
    assert complaint.number not in as_outsider.get(reverse("portal:my_complaints")).content.decode()


def test_my_complaints_query_count_is_flat(
    as_consumer, consumer, order, django_assert_max_num_queries, no_filing_limits
):
    filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    with django_assert_max_num_queries(8) as few:
        as_consumer.get(reverse("portal:my_complaints"))
    for i in range(12):
        filing.file_complaint(
            consumer, draft(order.number, description=f"第 {i} 次"), channel=Channel.WEB
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_consumer.get(reverse("portal:my_complaints"))
