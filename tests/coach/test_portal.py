"""The coach on the web complaint form: the htmx partial and the form wiring."""

from django.urls import reverse

from tests.portal.conftest import as_consumer, as_merchant  # noqa: F401  (fixtures)

URL = reverse("portal:coach")


def test_partial_lists_the_findings(as_consumer):
    response = as_consumer.post(
        URL,
        {
            "description": "你们是骗子！",
            "category": "quality",
            "demand": "refund_only",
            "amount": "",
            "evidence_count": "0",
            "order_number": "202611200001",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-code="exaggeration"' in html and 'data-code="no_amount"' in html
    assert 'data-code="no_evidence"' in html and "<html" not in html
    assert "you can submit at any time" in html


def test_partial_for_a_good_complaint(as_consumer):
    from tests.coach.samples import GOOD

    response = as_consumer.post(
        URL,
        {
            "description": GOOD["text"],
            "category": "quality",
            "demand": "return_refund",
            "amount": "299.00",
            "evidence_count": "2",
            "order_number": "202611200001",
        },
    )
    assert "Looks clear" in response.content.decode()


def test_partial_needs_a_consumer(client, as_merchant, db):
    assert client.post(URL, {"description": "x"}).status_code == 302  # to the login page
    assert as_merchant.post(URL, {"description": "x"}).status_code == 302  # to their own front page
    assert as_merchant.get(URL).status_code == 405


def test_form_asks_the_coach_while_typing_and_still_posts_normally(as_consumer, order):
    html = as_consumer.get(reverse("portal:file_for_order", args=[order.number])).content.decode()
    assert f'hx-post="{URL}"' in html and "delay:" in html
    assert order.number in html and 'id="coach"' in html
    # The form itself is a plain multipart POST: it works without JavaScript.
    assert 'method="post" enctype="multipart/form-data"' in html
