"""Issue 10 part 5: evidence is never silently lost, and the platform's evidence request is
answered by the evidence of the party (or parties) it asked."""

import pytest
from django.urls import reverse

from tests.conftest import make_user, photo
from tests.portal.conftest import client_for
from tousu.accounts.models import Role
from tousu.adjudication import decisions
from tousu.complaints import actions, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.sla.models import Clock, Deadline, DeadlineState


def status(complaint):
    return Complaint.objects.get(pk=complaint.pk).status


@pytest.fixture
def intervening(complaint, agent):
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    return complaint


def asked(complaint, agent, party):
    decisions.request_evidence(complaint, agent, party, "请补充证据")
    assert status(complaint) == "waiting_evidence"
    return complaint


def test_the_other_partys_identical_file_is_their_evidence_too(
    intervening, consumer, merchant_staff, agent
):
    mine, _ = uploads.add_evidence(intervening, consumer, photo("开箱.png"), channel=Channel.WEB)
    theirs, created = uploads.add_evidence(
        intervening, merchant_staff, photo("同一张.png"), channel=Channel.WEB
    )
    assert created and theirs.pk != mine.pk
    assert (mine.party, theirs.party) == ("consumer", "merchant") and theirs.sha256 == mine.sha256
    assert theirs.file.name == mine.file.name  # the bytes are stored once
    assert intervening.events.filter(
        kind="evidence", evidence=theirs, actor=merchant_staff
    ).exists()
    html = (
        client_for(agent)
        .get(reverse("adjudication:intervention", args=[intervening.number]))
        .content.decode()
    )
    consumer_part, merchant_part = html.split("side-merchant")
    assert "开箱.png" in consumer_part and "同一张.png" in merchant_part
    assert 'Merchant\'s evidence <span class="muted">(1)</span>' in merchant_part


def test_the_same_party_again_is_told_it_is_already_uploaded(
    intervening, consumer, merchant_staff, shop
):
    first, _ = uploads.add_evidence(intervening, merchant_staff, photo(), channel=Channel.WEB)
    colleague = make_user("colleague", Role.MERCHANT)
    shop.staff.add(colleague)
    again, created = uploads.add_evidence(
        intervening, colleague, photo("again.png"), channel=Channel.WEB
    )
    assert not created and again.pk == first.pk and intervening.evidence.count() == 1
    page = client_for(consumer)
    url = reverse("portal:add_evidence", args=[intervening.number])
    page.post(url, {"files": photo("x.png", (9, 9, 9))})
    answer = page.post(url, {"files": photo("y.png", (9, 9, 9))}, HTTP_HX_REQUEST="true")
    assert "x.png is already on this complaint (uploaded" in answer.content.decode()
    followed = page.post(url, {"files": photo("z.png", (9, 9, 9))}, follow=True).content.decode()
    assert "x.png is already on this complaint" in followed and "0 files added" not in followed


@pytest.mark.parametrize("party", ["merchant", "consumer"])
def test_evidence_from_the_party_asked_returns_the_case_to_the_platform(
    intervening, agent, consumer, merchant_staff, party
):
    asked(intervening, agent, party)
    uploader = merchant_staff if party == "merchant" else consumer
    other = consumer if party == "merchant" else merchant_staff
    uploads.add_evidence(intervening, other, photo("不相关.png", (5, 5, 5)), channel=Channel.WEB)
    assert status(intervening) == "waiting_evidence"  # not the party asked
    uploads.add_evidence(intervening, uploader, photo("补充.png", (6, 6, 6)), channel=Channel.WEB)
    assert status(intervening) == "intervention"
    step = intervening.events.get(transition="evidence_complete")
    assert step.actor is None and step.data == {"answered_by": party}
    run = Deadline.objects.get(complaint=intervening, clock=Clock.EVIDENCE)
    assert run.ended_at is not None and run.state == DeadlineState.MET


def test_both_asked_waits_for_both(intervening, agent, consumer, merchant_staff):
    asked(intervening, agent, "both")
    uploads.add_evidence(intervening, consumer, photo("a.png", (7, 7, 7)), channel=Channel.WEB)
    assert status(intervening) == "waiting_evidence"
    uploads.add_evidence(
        intervening, merchant_staff, photo("b.png", (8, 8, 8)), channel=Channel.WEB
    )
    assert status(intervening) == "intervention"


def test_only_new_evidence_answers(intervening, agent, merchant_staff):
    uploads.add_evidence(
        intervening, merchant_staff, photo("before.png", (3, 3, 3)), channel=Channel.WEB
    )
    asked(intervening, agent, "merchant")
    _, created = uploads.add_evidence(
        intervening, merchant_staff, photo("same.png", (3, 3, 3)), channel=Channel.WEB
    )
    assert not created and status(intervening) == "waiting_evidence"


def test_merchant_evidence_through_the_merchant_center_answers(
    intervening, agent, merchant_staff, other_merchant_staff
):
    asked(intervening, agent, "merchant")
    url = reverse("portal:add_evidence", args=[intervening.number])
    assert client_for(other_merchant_staff).post(url, {"files": photo()}).status_code == 404
    assert status(intervening) == "waiting_evidence"
    client_for(merchant_staff).post(url, {"files": photo()}, HTTP_REFERER="/merchant/center/")
    assert status(intervening) == "intervention"


def test_an_answer_is_stored_outside_the_transaction_and_refused_before_storing(
    intervening, consumer, merchant_staff, agent, storage_writes
):
    asked(intervening, agent, "merchant")
    with pytest.raises(TransitionNotAllowed):  # the consumer was not asked: nothing stored
        uploads.answer_evidence_request(intervening, consumer, photo(), channel=Channel.WEB)
    assert storage_writes == []
    uploads.answer_evidence_request(intervening, merchant_staff, photo(), channel=Channel.WEB)
    assert storage_writes == [False]
    assert status(intervening) == "intervention"
