"""Simplified Chinese is the default; English is one switch away."""

from django.urls import reverse

import tousu.settings as product


def test_product_default_is_simplified_chinese():
    assert product.LANGUAGE_CODE == "zh-hans"


def test_web_pages_are_chinese_even_for_an_english_browser(client, chinese_default, consumer):
    client.force_login(consumer)
    html = client.get(
        reverse("portal:my_orders"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert "我的订单" in html


def test_the_language_switch_turns_the_portal_english(client, chinese_default, consumer):
    client.force_login(consumer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("portal:my_orders")).content.decode()
    assert "My orders" in html and "我的订单" not in html


def test_api_follows_accept_language(client, chinese_default):
    chinese = client.get("/api/v1/complaints").json()["message"]
    english = client.get("/api/v1/complaints", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert english == "Please sign in: send a valid bearer token."
    assert chinese != english and "登录" in chinese
