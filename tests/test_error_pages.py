"""403, 404 and 500 are pages of the site: its layout, the user's language (Chinese by
default), a way back; the 500 page needs neither the database nor the request's context."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from tests.portal.conftest import client_for
from tousu import views

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]


@pytest.fixture(autouse=True)
def production_like(settings, chinese_default):
    settings.DEBUG = False


def chinese_client(user=None) -> Client:
    if user is None:
        return Client(headers={"accept-language": "zh-hans"}, raise_request_exception=False)
    client = client_for(user, language="zh-hans")
    client.raise_request_exception = False
    return client


def test_404_is_the_sites_page_in_chinese_with_ways_back(consumer):
    response = chinese_client(consumer).get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<header class="topbar">' in page and "我的订单" in page  # the layout and its nav
    assert "页面不存在" in page and 'href="/"' in page and 'href="/help/"' in page
    assert "Not Found" not in page  # not Django's bare page


def test_403_is_the_sites_page_in_chinese(consumer):
    response = chinese_client(consumer).get("/test-denied/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<header class="topbar">' in page and "无权访问" in page and 'href="/"' in page


def test_403_to_a_visitor_offers_to_log_in():
    page = chinese_client().get("/test-denied/").content.decode()
    assert "无权访问" in page and "/login/?next=/test-denied/" in page


def test_500_is_the_sites_page_in_chinese(consumer):
    response = chinese_client(consumer).get("/test-broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<header class="topbar">' in page and "出错了" in page and 'href="/"' in page
    assert "the database went away" not in page  # nothing of the failure shows


def test_500_page_asks_nothing_of_the_database_or_the_request():
    request = RequestFactory().get("/anything/")  # no session, no user: they may be what failed
    with CaptureQueriesContext(connection) as queries:
        response = views.server_error(request)
    assert response.status_code == 500 and len(queries) == 0
    assert "出错了" in response.content.decode()


def test_500_page_survives_its_own_template_failing(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and response.content.decode() == views.LAST_RESORT
    assert "出错了" in views.LAST_RESORT


def test_api_paths_keep_json_errors(consumer):
    response = chinese_client(consumer).get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_an_expired_form_is_explained_in_chinese(consumer):
    client = Client(headers={"accept-language": "zh-hans"}, enforce_csrf_checks=True)
    client.force_login(consumer)
    response = client.post("/logout/")
    assert response.status_code == 403
    page = response.content.decode()
    assert '<header class="topbar">' in page and "表单已过期" in page
