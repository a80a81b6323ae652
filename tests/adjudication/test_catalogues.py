"""The adjudication pages are Chinese by default."""


def test_pages_are_chinese_by_default(chinese_default, complaint, agent, client):
    from django.urls import reverse

    from tousu.complaints import actions
    from tousu.complaints.choices import Channel

    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    client.force_login(agent)
    html = client.get(
        reverse("adjudication:intervention", args=[complaint.number])
    ).content.decode()
    # Earphones are not on the 三包 catalogue: a quality defect within 7 days is an Art. 24 return.
    assert "消费者依法可获得的救济" in html and "质量问题退货" in html
