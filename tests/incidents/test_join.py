"""我也遇到了: a consumer joins an incident from the public notice with their own order."""

import pytest
from django.urls import reverse

from tests.conftest import make_order
from tests.incidents.conftest import buyer
from tests.portal.conftest import client_for
from tousu.complaints.models import Complaint
from tousu.incidents.grouping import group
from tousu.incidents.models import Incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(crowd):
    group(100)
    return Incident.objects.get()


def test_a_buyer_of_the_product_sees_the_notice_and_joins(incident, shop, crowd):
    user, order = buyer(20, shop)
    client = client_for(user)
    page = client.get(reverse("portal:order", args=[order.number])).content.decode()
    assert "3 buyers have complained about this product" in page
    for complaint in crowd:  # a count, never the others' complaints
        assert complaint.number not in page and complaint.description not in page
    response = client.post(reverse("portal:join_incident", args=[incident.pk]))
    mine = Complaint.objects.get(consumer=user)
    assert response.status_code == 302 and response.url.endswith(f"/complaints/{mine.number}/")
    assert mine.order == order and mine.incident_link.incident == incident
    assert mine.incident_link.joined
    page = client.get(response.url).content.decode()
    assert "handled together" in page
    assert all(c.number not in page for c in crowd)


def test_an_open_complaint_of_theirs_is_linked_not_filed_twice(incident, crowd):
    first = crowd[0]
    first.incident_link.delete()
    response = client_for(first.consumer).post(reverse("portal:join_incident", args=[incident.pk]))
    assert response.status_code == 302
    assert Complaint.objects.filter(consumer=first.consumer).count() == 1
    first.refresh_from_db()
    assert first.incident_link.incident == incident


def test_without_a_matching_order_it_is_explained(incident, consumer, other_shop):
    make_order(consumer, other_shop, "202611205555")  # same product name, another shop
    client = client_for(consumer)
    response = client.post(reverse("portal:join_incident", args=[incident.pk]), follow=True)
    assert "None of your orders is for this product from this shop" in response.content.decode()
    assert not Complaint.objects.filter(consumer=consumer).exists()


def test_the_notice_is_not_shown_for_other_products(incident, consumer, other_shop):
    order = make_order(consumer, other_shop, "202611205556")
    page = client_for(consumer).get(reverse("portal:order", args=[order.number])).content.decode()
    assert 'id="incident-notice"' not in page


def test_merchants_do_not_get_the_notice_on_the_complaint_page(incident, crowd, merchant_staff):
    page = client_for(merchant_staff).get(reverse("portal:complaint", args=[crowd[0].number]))
    assert 'id="incident-notice"' not in page.content.decode()


def test_staff_and_merchants_cannot_join(incident, agent, merchant_staff):
    for user in (agent, merchant_staff):
        client_for(user).post(reverse("portal:join_incident", args=[incident.pk]))
    assert Complaint.objects.count() == 3


def test_an_unknown_incident_is_404(consumer, db):
    response = client_for(consumer).post(reverse("portal:join_incident", args=[999]))
    assert response.status_code == 404
