"""我的订单 and the order page."""

from datetime import timedelta

from django.urls import reverse

from tests.conftest import make_order


def test_my_orders_lists_my_orders_newest_first_with_shop_items_amount(
    as_consumer, consumer, shop, order
):
    newer = make_order(consumer, shop, "202611200002", amount_fen=12900)
    newer.paid_at += timedelta(days=1)
    newer.save()
    response = as_consumer.get(reverse("portal:my_orders"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("202611200002") < html.index("202611200001")
    assert "优品数码" in html and "无线蓝牙耳机" in html and "¥299.00" in html and "¥129.00" in html


def test_my_orders_never_shows_someone_elses_orders(as_outsider, order):
    html = as_outsider.get(reverse("portal:my_orders")).content.decode()
    assert order.number not in html


def test_my_orders_is_paged(as_consumer, consumer, shop):
    for i in range(25):
        make_order(consumer, shop, f"2026112010{i:02d}")
    first = as_consumer.get(reverse("portal:my_orders"))
    more = first.context["page"].next_cursor
    assert f'rel="next" href="?after={more}"' in first.content.decode()
    second = as_consumer.get(reverse("portal:my_orders"), {"after": more}).content.decode()
    assert first.content.decode().count('class="order-card"') == 20
    assert second.count('class="order-card"') == 5
    assert "Page " not in second  # no totals: "next", never "page 2 of 2"


def test_my_orders_query_count_does_not_grow_with_orders(
    as_consumer, consumer, shop, django_assert_max_num_queries
):
    for i in range(3):
        make_order(consumer, shop, f"2026112020{i:02d}")
    with django_assert_max_num_queries(8) as few:
        as_consumer.get(reverse("portal:my_orders"))
    for i in range(15):
        make_order(consumer, shop, f"2026112030{i:02d}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_consumer.get(reverse("portal:my_orders"))


def test_order_page_shows_items_logistics_and_its_complaints(as_consumer, order, complaint):
    response = as_consumer.get(reverse("portal:order", args=[order.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "SF1234567890" in html and "无线蓝牙耳机" in html and complaint.number in html
    assert reverse("portal:file_for_order", args=[order.number]) + "?kind=after_sales" in html
    assert reverse("portal:file_for_order", args=[order.number]) + "?kind=complaint" in html


def test_another_consumers_order_is_404(as_consumer, outsider_order):
    assert as_consumer.get(reverse("portal:order", args=[outsider_order.number])).status_code == 404
    assert as_consumer.get(reverse("portal:order", args=["NO-SUCH"])).status_code == 404


def test_merchant_and_agent_are_sent_to_their_own_pages(as_rival, as_merchant, as_agent, order):
    for client in (as_rival, as_merchant, as_agent):
        for url in (reverse("portal:my_orders"), reverse("portal:order", args=[order.number])):
            response = client.get(url)
            assert response.status_code == 302 and response.url == reverse("home")
            assert order.number.encode() not in response.content


def test_anonymous_must_log_in(client, order):
    response = client.get(reverse("portal:my_orders"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
