"""The notification center: the bell's count, the inbox newest first with keyset pages,
opening a notice (read, then on to its complaint in the reader's own area), all read;
and no one sees, opens or marks another person's notices."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tousu.notify import delivery
from tousu.notify.inbox import unread_count
from tousu.notify.models import InboxMessage, Outbox


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def notices(user, count: int, complaint=None) -> list[InboxMessage]:
    made = []
    for i in range(count):
        row = Outbox.objects.create(
            medium="inbox",
            recipient=user,
            complaint=complaint,
            topic="acknowledged",
            context={"number": f"N{i}"},
            dedupe_key=f"test:{user.pk}:{i}",
            next_attempt_at="2026-01-01T00:00:00Z",
        )
        made.append(
            InboxMessage.objects.create(
                user=user, complaint=complaint, title=f"notice {i}", body="b", outbox=row
            )
        )
    return made


def test_delivered_notices_reach_the_bell_and_the_inbox(complaint, consumer):
    delivery.deliver_due()  # the acknowledgement of the filing
    assert unread_count(consumer) == 1
    client = signed_in(consumer)
    page = client.get(reverse("portal:my_complaints")).content.decode()
    assert 'class="bell has-unread"' in page and 'data-unread="1"' in page
    inbox = client.get(reverse("notify:inbox")).content.decode()
    assert complaint.number in inbox and "unread" in inbox


def test_the_bell_is_on_every_signed_in_area(consumer, merchant_staff, agent):
    for user, url in (
        (consumer, reverse("portal:my_orders")),
        (merchant_staff, reverse("merchant_center:complaints")),
        (agent, reverse("desk:queue")),
    ):
        notices(user, 2)
        page = signed_in(user).get(url).content.decode()
        assert 'data-unread="2"' in page, url


def test_the_count_stops_at_99_plus(consumer):
    notices(consumer, 101)
    assert unread_count(consumer) == 100
    page = signed_in(consumer).get(reverse("portal:my_orders")).content.decode()
    assert ">99+<" in page


def test_inbox_lists_newest_first_in_keyset_pages(consumer, settings):
    settings.TOUSU_LIST_PAGE_SIZE = 3
    made = notices(consumer, 7)
    client = signed_in(consumer)
    first = client.get(reverse("notify:inbox"))
    titles = [m.title for m in first.context["page"].rows]
    assert titles == ["notice 6", "notice 5", "notice 4"]
    after = first.context["page"].next_cursor
    second = client.get(reverse("notify:inbox"), {"after": after})
    assert [m.pk for m in second.context["page"].rows] == [made[3].pk, made[2].pk, made[1].pk]
    bad = client.get(reverse("notify:inbox"), {"after": "x'; drop"})
    assert bad.status_code == 400 and [m.title for m in bad.context["page"].rows] == titles


@pytest.mark.parametrize(
    "who, expected",
    [
        ("consumer", "portal:complaint"),
        ("merchant_staff", "merchant_center:complaint"),
        ("agent", "desk:detail"),
    ],
)
def test_opening_marks_read_and_goes_to_the_complaint_page_of_the_role(
    request, complaint, who, expected
):
    user = request.getfixturevalue(who)
    (notice,) = notices(user, 1, complaint)
    response = signed_in(user).get(reverse("notify:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse(expected, args=[complaint.number])
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert unread_count(user) == 0


def test_mark_all_read(consumer, outsider):
    notices(consumer, 3)
    notices(outsider, 2)
    client = signed_in(consumer)
    assert client.get(reverse("notify:read_all")).status_code == 405  # a write is a POST
    response = client.post(reverse("notify:read_all"))
    assert response.status_code == 302
    assert unread_count(consumer) == 0
    assert unread_count(outsider) == 2  # only the reader's own


def test_no_one_sees_or_marks_another_persons_notices(consumer, outsider, complaint):
    (theirs,) = notices(consumer, 1, complaint)
    notices(outsider, 1)
    intruder = signed_in(outsider)
    inbox = intruder.get(reverse("notify:inbox"))
    assert [m.user_id for m in inbox.context["page"].rows] == [outsider.pk]
    assert complaint.number not in inbox.content.decode()
    assert intruder.get(reverse("notify:open", args=[theirs.pk])).status_code == 404
    intruder.post(reverse("notify:read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert unread_count(consumer) == 1


def test_signed_out_visitors_are_sent_to_log_in(consumer):
    (notice,) = notices(consumer, 1)
    for url in (reverse("notify:inbox"), reverse("notify:open", args=[notice.pk])):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    assert Client().post(reverse("notify:read_all")).status_code == 302
    notice.refresh_from_db()
    assert notice.read_at is None


def test_unread_count_is_one_query_on_the_unread_index(consumer):
    notices(consumer, 3)
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(consumer) == 3
    assert len(queries) == 1
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + queries[0]["sql"])
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "inbox_user_unread" in plan
