"""A client generated from /api/openapi.json (openapi-python-client) drives a live server.

``generated_client`` generates the package once per test session, from the document the
server serves; a journey imports its modules and talks HTTP to ``live_server`` with it, so
anything the generator cannot trust (a wrong parameter shape, an undeclared response, an
enum the server does not keep to) fails here. The consumer's journey is below; more roles'
journeys use the same fixture; the merchant's (a shop API key) follows it.
"""

from __future__ import annotations

import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import make_order, make_user, png_bytes
from tests.steps import take
from tousu.accounts.models import Role
from tousu.adjudication import negotiation
from tousu.adjudication.refunds import send_refunds
from tousu.api.conversation import EVIDENCE_TYPES
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.merchants import actions as merchants
from tousu.merchants.models import Merchant

PACKAGE = "tousu_generated_client"
BIN = Path(sys.executable).parent
# The evidence download is declared with each type evidence can have; the generated client
# reads them all as bytes.
BINARY_TYPES = EVIDENCE_TYPES


@pytest.fixture(scope="session")
def generated_client(tmp_path_factory, django_db_setup, django_db_blocker):
    """``generated_client(name)`` imports ``<package>.<name>`` of a client generated from the
    served OpenAPI document; the generator must not warn about any part of it."""
    work = tmp_path_factory.mktemp("openapi-client")
    with django_db_blocker.unblock():
        document = Client().get("/api/openapi.json").json()
    (work / "openapi.json").write_text(json.dumps(document, ensure_ascii=False))
    (work / "config.json").write_text(
        json.dumps(
            {
                "post_hooks": [],
                "content_type_overrides": {t: "application/octet-stream" for t in BINARY_TYPES},
            }
        )
    )
    run = subprocess.run(
        [
            str(BIN / "openapi-python-client"),
            "generate",
            "--path",
            str(work / "openapi.json"),
            "--config",
            str(work / "config.json"),
            "--output-path",
            str(work / PACKAGE),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "Warning" not in output and "Error" not in output, output
    sys.path.insert(0, str(work))
    try:
        yield lambda name="": importlib.import_module(f"{PACKAGE}.{name}" if name else PACKAGE)
    finally:
        sys.path.remove(str(work))
        for module in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[module]


def cast():
    """A shop with its keeper, a consumer with a phone, an agent."""
    shop = Merchant.objects.create(
        shop_name="优品数码",
        legal_name="上海优品数码科技有限公司",
        registered_address="上海市浦东新区",
        city="上海",
        external_id="M1",
        return_address="上海市浦东新区张江路 88 号",
    )
    consumer = make_user("alice", Role.CONSUMER, phone="13812341234")
    keeper = make_user("shopkeeper", Role.MERCHANT)
    shop.staff.add(keeper)
    agent = make_user("agent", Role.AGENT)
    return shop, consumer, keeper, agent


@pytest.mark.django_db(transaction=True)
def test_a_consumers_journey_through_the_generated_client(generated_client, live_server):
    shop, consumer, keeper, agent = cast()
    make_order(consumer, shop, "202611200001")

    package = generated_client()
    auth = generated_client("api.auth.auth_issue_token")
    orders = generated_client("api.orders.orders_list_orders")
    file_ = generated_client("api.complaints.complaints_file_complaint")
    read = generated_client("api.complaints.complaints_get_complaint")
    urge = generated_client("api.complaints.complaints_urge")
    accept = generated_client("api.consumer_steps.consumer_steps_accept_offer")
    rate = generated_client("api.consumer_steps.consumer_steps_rate")
    models = generated_client("models")

    anonymous = package.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    token = auth.sync(
        client=anonymous, body=models.Credentials(username="alice", password="pw-alice")
    )
    assert isinstance(token, models.TokenOut), token
    client = package.AuthenticatedClient(
        base_url=live_server.url,
        token=token.token,
        headers={"Accept-Language": "en"},
        raise_on_unexpected_status=True,
    )

    page = orders.sync(client=client)
    assert [o.number for o in page.items] == ["202611200001"]
    line = page.items[0].items[0]

    filed = file_.sync_detailed(
        client=client,
        idempotency_key="journey-1",
        body=models.ComplaintIn(
            kind=models.ComplaintInKind.AFTER_SALES,
            category=models.ComplaintInCategory.QUALITY,
            demand=models.ComplaintInDemand.RETURN_REFUND,
            description="耳机左耳没有声音。",
            order_number="202611200001",
            amount_fen=29900,
            lines=[models.LineIn(item_id=line.id, quantity=1)],
        ),
    )
    assert filed.status_code == 201, filed.content
    number = filed.parsed.number
    assert filed.parsed.status in {
        models.ComplaintOutStatus.ACKNOWLEDGED,
        models.ComplaintOutStatus.RECEIVED,
    }

    detail = read.sync(number, client=client)
    assert detail.kind == models.ComplaintOutKind.AFTER_SALES
    assert detail.lines[0].item_id == line.id

    urged = urge.sync(number, client=client)
    assert urged.urge_count == 1
    too_soon = urge.sync_detailed(number, client=client)
    assert too_soon.status_code == 429 and too_soon.parsed.code == "urge_too_soon"
    assert int(too_soon.headers["Retry-After"]) > 0

    # The merchant offers a ¥30 refund through its action (the merchant API comes separately).
    complaint = Complaint.objects.get(number=number)
    take(complaint, agent, "forward_to_merchant")
    negotiation.respond(
        complaint,
        keeper,
        negotiation.Reply("offer", remedy="partial_refund", amount_fen=3000, reason="部分退款"),
    )
    offered = read.sync(number, client=client)
    assert offered.status == models.ComplaintOutStatus.MERCHANT_OFFERED
    assert offered.resolution.offer.remedy == models.OfferOutRemedyType0.PARTIAL_REFUND
    assert offered.resolution.offer.amount_fen == 3000

    accepted = accept.sync(number, client=client)
    assert accepted.resolution.offer.reply == models.OfferOutReplyType0.ACCEPTED
    send_refunds()  # the worker pays the ¥30 (demo payment adapter)

    rated = rate.sync(
        number,
        client=client,
        body=models.RatingIn(attitude=5, speed=4, overall=5, accepted=True, comment="很快"),
    )
    assert rated.status == models.ComplaintOutStatus.CLOSED
    assert rated.resolution.rating.accepted is True
    assert rated.resolution.rating.overall == 5


@pytest.mark.django_db(transaction=True)
def test_a_merchants_journey_through_the_generated_client(generated_client, live_server, settings):
    """A shop's ERP with a shop API key: its queue, one complaint with the shop's view, an
    offer with evidence, and the refund it paid itself (TOUSU_REFUND_MODE=merchant_reported)."""
    settings.TOUSU_REFUND_MODE = "merchant_reported"
    shop, consumer, keeper, agent = cast()
    order = make_order(consumer, shop, "202611200001")
    complaint, _ = filing.file_complaint(
        consumer,
        filing.Draft(
            kind="after_sales",
            category="quality",
            demand="refund_only",
            description="耳机左耳没有声音。",
            order_number=order.number,
            amount_fen=29900,
        ),
        channel=Channel.APP,
    )
    take(complaint, agent, "forward_to_merchant")
    _key, raw = merchants.create_key(shop, keeper, "ERP")

    package = generated_client()
    listing = generated_client("api.complaints.complaints_list_complaints")
    read = generated_client("api.complaints.complaints_get_complaint")
    evidence = generated_client("api.conversation.conversation_add_evidence")
    answer = generated_client("api.merchant.merchant_steps_answer")
    paid = generated_client("api.merchant.merchant_steps_refund_paid")
    types = generated_client("types")
    models = generated_client("models")
    client = package.AuthenticatedClient(
        base_url=live_server.url,
        token=raw,
        headers={"Accept-Language": "en"},
        raise_on_unexpected_status=True,
    )

    waiting = listing.sync(
        client=client, status=[models.ComplaintsListComplaintsStatusItem.WAITING_MERCHANT]
    )
    assert [c.number for c in waiting.items] == [complaint.number]
    shown = read.sync(complaint.number, client=client)
    assert shown.shop_view.steps == [models.ShopViewOutStepsItem.ANSWER]
    assert shown.shop_view.consumer.phone_masked == "138****1234"
    assert shown.resolution is None and shown.staff is None

    photo = types.File(
        payload=io.BytesIO(png_bytes()), file_name="proof.png", mime_type="image/png"
    )
    proof = evidence.sync(
        complaint.number,
        client=client,
        body=models.ConversationAddEvidenceMultiPartBodyParams(file=photo, caption="出厂检测记录"),
    )
    offered = answer.sync(
        complaint.number,
        client=client,
        body=models.AnswerIn(
            answer=models.AnswerInAnswer.OFFER,
            remedy=models.AnswerInRemedy.PARTIAL_REFUND,
            amount_fen=3000,
            reason="部分退款",
            evidence_ids=[proof.id],
        ),
    )
    assert offered.status == models.ComplaintOutStatus.MERCHANT_OFFERED
    assert offered.shop_view.answer.amount_fen == 3000

    negotiation.accept_offer(Complaint.objects.get(pk=complaint.pk), consumer, channel=Channel.APP)
    owed = read.sync(complaint.number, client=client).shop_view
    assert owed.refund_owed_fen == 3000
    assert owed.steps == [models.ShopViewOutStepsItem.REFUND_PAID]
    reported = paid.sync(
        complaint.number,
        client=client,
        body=models.RefundPaidIn(amount_fen=3000, reference="ZFB2026120100001"),
    )
    assert reported.status == models.ComplaintOutStatus.REFUND_REPORTED
    assert reported.shop_view.refunds[0].reference == "ZFB2026120100001"
