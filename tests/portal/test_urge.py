"""催一催 on the consumer's complaint page."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tousu.complaints.choices import EventKind


def urge_url(complaint):
    return reverse("portal:urge", args=[complaint.number])


def test_urge_lands_on_the_timeline_and_a_second_is_refused_with_the_time(as_consumer, complaint):
    start = (timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    with time_machine.travel(start, tick=False):
        response = as_consumer.post(urge_url(complaint))
        assert response.status_code == 302
        again = as_consumer.post(urge_url(complaint))
    assert again.status_code == 429
    next_allowed = timezone.localtime(start + timedelta(hours=24)).strftime("%Y-%m-%d %H:%M")
    assert next_allowed in again.content.decode()
    assert complaint.events.filter(kind=EventKind.URGED).count() == 1


def test_outsider_cannot_urge(as_outsider, complaint):
    assert as_outsider.post(urge_url(complaint)).status_code == 404
    complaint.refresh_from_db()
    assert complaint.urge_count == 0


def test_urge_button_shows_on_an_open_complaint(as_consumer, complaint):
    assert (
        urge_url(complaint)
        in as_consumer.get(reverse("portal:complaint", args=[complaint.number])).content.decode()
    )
