"""Every portal page, opened by an outsider consumer and by staff of another shop.

Nobody may learn that alice's order or complaint exists: they get a 404, a redirect to
their own front page, or their own (empty) list.
"""

import pytest
from django.urls import reverse

from tests.conftest import photo

PAGES = [
    ("portal:my_orders", False),
    ("portal:order", "order"),
    ("portal:file_for_order", "order"),
    ("portal:service", False),
    ("portal:my_complaints", False),
    ("portal:file_without_order", False),
    ("portal:complaint", "complaint"),
    ("merchant_center:complaints", False),
    ("merchant_center:complaint", "complaint"),
]


def url_for(name, arg, order, complaint):
    if arg == "order":
        return reverse(name, args=[order.number])
    if arg == "complaint":
        return reverse(name, args=[complaint.number])
    return reverse(name)


@pytest.mark.parametrize("who", ["as_outsider", "as_rival"])
@pytest.mark.parametrize("name, arg", PAGES)
def test_no_page_leaks_to_strangers(request, who, name, arg, order, complaint):
    client = request.getfixturevalue(who)
    response = client.get(url_for(name, arg, order, complaint), follow=True)
    html = response.content.decode()
    assert response.status_code in (200, 404)
    assert complaint.number not in html and order.number not in html


@pytest.mark.parametrize("who", ["as_outsider", "as_rival"])
@pytest.mark.parametrize("name", ["message", "add_evidence", "act"])
def test_no_write_reaches_strangers(request, who, name, complaint):
    client = request.getfixturevalue(who)
    before = complaint.events.count()
    data = {"body": "hello", "name": "withdraw", "files": [photo()]}
    response = client.post(reverse(f"portal:{name}", args=[complaint.number]), data)
    assert response.status_code == 404
    assert complaint.events.count() == before and not complaint.evidence.exists()


def test_filing_on_a_strangers_order_is_404(as_outsider, order):
    response = as_outsider.post(
        reverse("portal:file_for_order", args=[order.number]), {"description": "x"}
    )
    assert response.status_code == 404
