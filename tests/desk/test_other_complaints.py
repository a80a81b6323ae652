"""The workbench lists the consumer's other complaints across every channel, linked."""

from __future__ import annotations

from django.urls import reverse

from tests.desk.conftest import seed


def test_other_complaints_every_channel_linked(agent_client, complaint, consumer, outsider):
    phone = seed(consumer, 1, channel="phone")[0]
    wechat = seed(consumer, 1, channel="wechat", status="closed")[0]
    someone_else = seed(outsider, 1)[0]
    html = agent_client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    section = html.split("data-others", 1)[1].split("</section>", 1)[0]
    for other in (phone, wechat):
        assert reverse("desk:detail", args=[other.number]) in section
    assert someone_else.number not in section
    assert f'href="{reverse("desk:detail", args=[complaint.number])}"' not in section
    assert "consumer=alice&amp;status=any" in section


def test_only_complaint(agent_client, complaint):
    html = agent_client.get(reverse("desk:detail", args=[complaint.number])).content.decode()
    assert "the consumer&#x27;s only complaint" in html or "only complaint" in html


def test_queue_filter_by_consumer_link(agent_client, complaint, consumer):
    seed(consumer, 1, status="closed")
    response = agent_client.get(reverse("desk:queue"), {"consumer": "alice", "status": "any"})
    assert len(response.context["page"].rows) == 2
