"""The workbench shows every WeChat, SMS and e-mail message about the complaint and where it
stands: queued, sent, failed (retrying or given up), undeliverable with the reason."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.notify.delivery import deliver_due
from tousu.notify.models import Medium, Outbox, OutboxState


def states(client, complaint) -> list[str]:
    page = client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    if "data-deliveries" not in page:
        return []
    section = page.split("data-deliveries")[1].split("</section>")[0]
    return [part.split('"')[0] for part in section.split('data-state="')[1:]]


def test_queued_then_sent(complaint, agent, client, settings):
    client.force_login(agent)
    assert states(client, complaint) == ["queued"]  # the acknowledgement SMS
    deliver_due()
    assert states(client, complaint) == ["sent"]


def test_failed_retrying_dead_and_undeliverable(complaint, agent, client, settings):
    settings.TOUSU_SMS_PROVIDER = "tests.notify.test_outbox.BrokenSms"
    client.force_login(agent)
    deliver_due()
    page = client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert states(client, complaint) == ["retrying"] and "gateway down" in page
    Outbox.objects.filter(medium=Medium.SMS).update(state=OutboxState.DEAD)
    assert states(client, complaint) == ["failed"]
    settings.TOUSU_SMS_PROVIDER = "tests.notify.test_outbox.UnreachableSms"
    actions.post_message(complaint, agent, "您好", channel=Channel.DESK)
    with time_machine.travel(timezone.now() + timedelta(minutes=1)):
        deliver_due()
    assert states(client, complaint) == ["undeliverable", "failed"]
    page = client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert "is not valid for this account" in page  # UndeliveredReason.INVALID_RECIPIENT


def test_only_staff_see_the_workbench(complaint, consumer, merchant_staff, client):
    for outsider in (consumer, merchant_staff):
        client.force_login(outsider)
        assert client.get(reverse("desk:detail", args=[complaint.number])).status_code == 404
