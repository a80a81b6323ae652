"""帮助中心: public list and article pages, the shipped articles, and the links to them."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.portal.conftest import as_consumer  # noqa: F401  (fixture)
from tousu.helpcenter.markup import render
from tousu.helpcenter.models import Article
from tousu.sla.models import ClockRule

SHIPPED = [
    "how-to-complain",
    "write-a-good-complaint",
    "after-filing",
    "how-long",
    "keep-evidence",
    "external-options",
]


def test_list_is_public_and_shows_the_shipped_articles(client, db):
    response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in SHIPPED:
        assert reverse("helpcenter:article", args=[slug]) in html
    assert 'name="viewport"' in html  # mobile-friendly base


def test_article_is_public(client, db):
    response = client.get("/help/how-to-complain/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "021-53395288" in html and "08:00–21:30" in html and "<h2>" in html


def test_shipped_articles_state_the_deadlines_and_external_options(client, db, chinese_default):
    how_long = client.get("/help/how-long/").content.decode()
    assert (
        "48 小时" in how_long
        and "7 天" in how_long
        and "10 个工作日" in how_long
        and "[[" not in how_long
    )
    external = Article.objects.get(slug="external-options").body
    assert (
        "区号 + 12315" in external and "https://www.12315.cn" in external and "黑猫投诉" in external
    )
    assert "消费者协会" in external


def test_unknown_and_unpublished_articles_are_404(client, db):
    assert client.get("/help/no-such-article/").status_code == 404
    Article.objects.filter(slug="how-long").update(published=False)
    assert client.get("/help/how-long/").status_code == 404
    assert "/help/how-long/" not in client.get("/help/").content.decode()


def test_body_is_escaped(client, db):
    Article.objects.create(
        slug="x",
        title="<b>t</b>",
        body="<script>alert(1)</script>\n\n- item\n\nhttps://e.example/a?b=1&c=2",
    )
    html = client.get("/help/x/").content.decode()
    assert (
        "<script>alert(1)" not in html
        and "&lt;script&gt;" in html
        and "&lt;b&gt;t&lt;/b&gt;" in html
    )
    assert '<a href="https://e.example/a?b=1&amp;c=2"' in html and "<li>item</li>" in html


def test_markup_paragraphs_headings_lists():
    html = render("## 标题\n第一段\n第二行\n\n- 一\n- 二\n正文")
    assert (
        html
        == "<h2>标题</h2>\n<p>第一段<br>第二行</p>\n<ul><li>一</li><li>二</li></ul>\n<p>正文</p>"
    )


@pytest.mark.parametrize("path", ["/", "/help/"])
def test_nav_links_to_the_help_center(client, db, path):
    assert 'href="/help/"' in client.get(path, follow=True).content.decode()


def test_complaint_form_links_to_help(as_consumer, order):
    html = as_consumer.get(reverse("portal:file_for_order", args=[order.number])).content.decode()
    assert 'href="/help/write-a-good-complaint/"' in html and 'href="/help/"' in html


def test_complaint_status_page_links_to_help(as_consumer, complaint):
    html = as_consumer.get(reverse("portal:complaint", args=[complaint.number])).content.decode()
    assert 'href="/help/after-filing/"' in html and 'href="/help/how-long/"' in html


# --- time limits come from what the clocks use (tousu.sla.figures) ----------------------------


def test_shipped_articles_hold_placeholders_not_typed_figures(db):
    how_long = Article.objects.get(slug="how-long")
    for placeholder in (
        "[[merchant_response]]",
        "[[return_receipt]]",
        "[[merchant_refund]]",
        "[[callback]]",
        "[[odr_settlement]]",
        "[[merchant_response kind=after_sales]]",
    ):
        assert placeholder in how_long.body
    assert "[[decision]]" in how_long.summary
    assert "10 天" not in how_long.body and "48 小时" not in how_long.body
    assert "[[12315_mediation]]" in Article.objects.get(slug="external-options").body


def test_pages_quote_the_figures_the_clocks_use(client, db, settings, chinese_default):
    html = client.get("/help/how-long/").content.decode()
    assert "商家须在 10 天内确认收到退货" in html and "须在 7 天内退款" in html
    assert "热线预约回电：24 小时内回电" in html and "12315 收到投诉起 10 个工作日内处理" in html
    assert "4 个工作小时内受理" in html
    # A policy edit and a changed setting change the page with the clock.
    rule = ClockRule.objects.get(policy__name="默认 Default", clock="return_receipt")
    rule.duration = "14cd"
    rule.save()
    settings.TOUSU_CALLBACK_DUE = "8h"
    settings.TOUSU_REMEDY_MERCHANT_REFUND_DAYS = 5
    html = client.get("/help/how-long/").content.decode()
    assert "商家须在 14 天内确认收到退货" in html and "须在 5 天内退款" in html
    assert "热线预约回电：8 个工作小时内回电" in html
    assert (
        "平台 3 个工作日内裁决" in client.get("/help/").content.decode()
    )  # the summary in the list


def test_external_options_quote_the_12315_settings(client, db, settings, chinese_default):
    settings.TOUSU_12315_ACCEPTANCE_WORKING_DAYS = 5
    html = client.get("/help/external-options/").content.decode()
    assert "5 个工作日内决定是否受理" in html and "45 个工作日内未达成协议" in html


def test_admin_form_refuses_an_unknown_placeholder(db):
    article = Article(slug="t", title="t", body="商家须在 [[return_reciept]]内确认")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "return_reciept" in str(error.value.message_dict["body"])
    Article(slug="u", title="u", body="商家须在 [[return_receipt]]内确认").full_clean()
