"""The workbench page shows the whole case to staff, internal notes included."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import photo
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel


def url(complaint) -> str:
    return reverse("desk:detail", args=[complaint.number])


def test_shows_facts_snapshot_and_masked_phone(agent_client, complaint):
    html = agent_client.get(url(complaint)).content.decode()
    for text in (
        complaint.number,
        "¥299.00",
        "上海优品数码科技有限公司",
        "上海",
        "无线蓝牙耳机",
        "SF1234567890",
        "138****1234",
        "耳机左耳没有声音",
    ):
        assert text in html, text
    assert "13812341234" not in html


def test_timeline_includes_internal_notes_highlighted(agent_client, complaint, agent):
    actions.post_message(complaint, agent, "只给同事看", channel=Channel.DESK, internal=True)
    html = agent_client.get(url(complaint)).content.decode()
    assert "只给同事看" in html and 'class="platform internal"' in html


def test_evidence_viewer(agent_client, complaint, consumer):
    evidence, _ = uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    html = agent_client.get(url(complaint)).content.decode()
    link = reverse("evidence", args=[evidence.pk])
    assert f'<img src="{link}"' in html and evidence.sha256[:12] in html
    assert agent_client.get(link).status_code == 200


def test_only_platform_transitions_are_offered(agent_client, complaint):
    response = agent_client.get(url(complaint))
    names = [t.name for t in response.context["transitions"]]
    assert (
        "forward_to_merchant" in names and "merchant_agree" not in names and "withdraw" not in names
    )


def test_detail_costs_constant_queries(
    agent_client, complaint, agent, django_assert_max_num_queries
):
    for i in range(10):
        actions.post_message(
            complaint, agent, f"note {i}", channel=Channel.DESK, internal=i % 2 == 0
        )
    # 19: one of them recomputes the timeline hash chain for the integrity badge, one lists
    # the notifications that could not be delivered, one every message sent outside with
    # its state, one the refunds (however many there are), one the bell's unread count,
    # one each for the consumer's other complaints, the macros, who else is here, the
    # triage's suggestion, the incident the complaint is in (its badge), the teams (the
    # team box, its own team among them) and its tags (tousu.automation).
    with django_assert_max_num_queries(19):
        agent_client.get(url(complaint))


def test_an_address_with_a_nul_character_is_not_found(agent_client):
    # /desk/c/TS%00/: PostgreSQL cannot compare text with U+0000; the page says not found.
    assert agent_client.get("/desk/c/TS%00/").status_code == 404
