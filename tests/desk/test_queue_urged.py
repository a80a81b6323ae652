"""The desk shows how often the consumer urged."""

from django.urls import reverse

from tousu.complaints import actions
from tousu.complaints.choices import Channel


def test_urged_complaint_is_marked_in_queue_and_detail(client, agent, consumer, complaint):
    actions.urge(complaint, consumer, channel=Channel.WEB)
    client.force_login(agent)
    for url in (reverse("desk:queue"), reverse("desk:detail", args=[complaint.number])):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "urged ×1" in html
