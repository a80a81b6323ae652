"""The escalation guide: when it shows, the drafted 12315 complaint, recording an escalation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import photo
from tests.portal.conftest import client_for
from tousu.complaints import actions, filing, uploads
from tousu.complaints.choices import Channel, EventKind
from tousu.complaints.errors import TransitionNotAllowed, ValidationFailed
from tousu.escalation import actions as escalation
from tousu.escalation import guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected(complaint, agent, consumer):
    actions.post_message(complaint, consumer, "商家不理我", channel=Channel.WEB)
    uploads.add_evidence(complaint, consumer, photo(), channel=Channel.WEB)
    actions.post_message(complaint, agent, "内部备注：别外传", channel=Channel.DESK, internal=True)
    actions.transition(
        complaint, agent, "not_accept", channel=Channel.DESK, note="超出平台处理范围"
    )
    complaint.refresh_from_db()
    return complaint


def test_guide_shows_when_not_accepted_but_not_for_a_fresh_complaint(complaint, consumer, rejected):
    assert guide.reason(rejected) == "not_accepted"
    page = client_for(consumer).get(f"/complaints/{rejected.number}/").content.decode()
    assert f"/complaints/{rejected.number}/escalate/" in page


def test_fresh_complaint_shows_no_card(consumer, order):
    filed, _ = filing.file_complaint(
        consumer, __import__("tests.conftest").conftest.draft(order.number), channel=Channel.WEB
    )
    assert guide.reason(filed) is None
    assert (
        "/escalate/"
        not in client_for(consumer).get(f"/complaints/{filed.number}/").content.decode()
    )


def test_overdue_deadline_shows_the_guide(complaint):
    from tousu.sla.models import Deadline

    assert Deadline.objects.filter(complaint=complaint, ended_at__isnull=True).exists()
    assert guide.reason(complaint) is None
    Deadline.objects.filter(complaint=complaint).update(due_at=timezone.now() - timedelta(hours=1))
    assert guide.reason(complaint) == "overdue"


def test_draft_holds_every_element_12315_requires(consumer, rejected, shop):
    text = guide.draft(rejected, consumer, address="浙江省杭州市西湖区文三路 1 号")
    for required in [
        consumer.display_name,
        "138 1234 1234",
        "浙江省杭州市西湖区文三路 1 号",
        shop.legal_name,
        shop.registered_address,
        "Return and refund",
        "299.00",
        "耳机左耳没有声音。",
        "商家不理我",
        "超出平台处理范围",
        rejected.evidence.get().sha256,
    ]:
        assert required in text, required
    assert "别外传" not in text  # internal notes never leave the platform
    facts = text.split("\nFacts of the dispute\n")[1].split("\nList of evidence\n")[0]
    assert facts.index("商家不理我") < facts.index("超出平台处理范围")  # in order


def test_draft_facts_are_what_the_parties_said_not_the_workflow(consumer, rejected):
    text = guide.draft(rejected, consumer)
    facts = text.split("\nFacts of the dispute\n")[1].split("\nList of evidence\n")[0]
    lines = facts.splitlines()[1:]  # after the order line
    assert lines[0].endswith("I complained on the platform: 耳机左耳没有声音。")
    assert lines[1].endswith("I: 商家不理我")
    assert lines[2].endswith("the platform's customer service, Do not accept: 超出平台处理范围")
    assert len(lines) == 3  # no "Complaint filed", not the system's acknowledgement
    assert "→" not in text and "System" not in text and "Acknowledged" not in text


def test_guide_page_prefills_the_date_as_an_iso_date(consumer, rejected, chinese_default):
    page = client_for(consumer, "zh-hans").get(f"/complaints/{rejected.number}/escalate/")
    today = timezone.localdate().isoformat()
    html = page.content.decode()
    assert f'type="date" name="filed_on" value="{today}"' in html
    assert f'max="{today}"' in html
    assert f'min="{timezone.localdate(rejected.created_at).isoformat()}"' in html


def test_guide_page_asks_for_the_address_and_fills_it_in(consumer, rejected):
    client = client_for(consumer)
    page = client.get(f"/complaints/{rejected.number}/escalate/").content.decode()
    assert "021-12315" in page and "(please add)" in page and 'name="address"' in page
    page = client.post(
        f"/complaints/{rejected.number}/escalate/", {"address": "杭州市文三路 1 号"}
    ).content.decode()
    assert (
        "杭州市文三路 1 号" in page and 'id="id_address"' not in page
    )  # the form is gone (the PDF button carries it hidden)


def test_recording_an_escalation_lands_on_the_timeline(consumer, rejected):
    client = client_for(consumer)
    response = client.post(
        f"/complaints/{rejected.number}/escalate/record/",
        {
            "where": "12315_online",
            "filed_on": timezone.localdate().isoformat(),
            "case_number": "1233010000012345",
        },
    )
    assert response.status_code == 302
    event = rejected.events.get(kind=EventKind.EXTERNAL)
    assert event.data["escalation"]["case_number"] == "1233010000012345" and not event.internal
    assert guide.recorded(rejected)[0]["where"] == "12315 online platform"
    page = client.get(f"/complaints/{rejected.number}/").content.decode()
    assert "1233010000012345" in page


def test_recording_is_validated_and_only_for_the_consumer(consumer, merchant_staff, rejected):
    with pytest.raises(ValidationFailed):
        escalation.record_escalation(
            rejected,
            consumer,
            where="12315_online",
            filed_on=timezone.localdate() + timedelta(days=1),
            channel=Channel.WEB,
        )
    with pytest.raises(ValidationFailed):
        escalation.record_escalation(
            rejected, consumer, where="moon", filed_on=timezone.localdate(), channel=Channel.WEB
        )
    with pytest.raises(TransitionNotAllowed):
        escalation.record_escalation(
            rejected,
            merchant_staff,
            where="blackcat",
            filed_on=timezone.localdate(),
            channel=Channel.WEB,
        )


@pytest.mark.parametrize("path", ["escalate/", "escalate/record/"])
def test_outsider_gets_404(outsider, rejected, path):
    client = client_for(outsider)
    assert client.get(f"/complaints/{rejected.number}/{path}").status_code == 404
    assert (
        client.post(
            f"/complaints/{rejected.number}/{path}",
            {"where": "blackcat", "filed_on": date.today().isoformat()},
        ).status_code
        == 404
    )
    assert not rejected.events.filter(kind=EventKind.EXTERNAL).exists()
