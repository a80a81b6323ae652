"""The merchant's API (tousu/api/merchant_steps.py) with a shop API key (tousu/api/auth.py):
one shop only, as its creator; each step through the merchant center's own action, with
the merchant center's refusal when it is not possible now; every call logged."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.api.conftest import ApiClient, token_for
from tests.conftest import draft, png_bytes
from tests.portal.conftest import client_for
from tests.steps import take
from tousu.adjudication import decisions
from tousu.complaints import actions, filing, uploads
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status
from tousu.merchants import actions as merchants
from tousu.merchants.models import ShopApiKeyUse

BASE = "/api/v1/complaints"


@pytest.fixture
def merchant_mode(settings):
    settings.TOUSU_REFUND_MODE = "merchant_reported"


@pytest.fixture
def shop_key(shop, merchant_staff):
    return merchants.create_key(shop, merchant_staff, "ERP")


@pytest.fixture
def api(shop_key):
    return ApiClient(shop_key[1], "en")


@pytest.fixture
def waiting(complaint, agent):
    take(complaint, agent, "forward_to_merchant")
    return complaint


def status(c):
    return Complaint.objects.get(pk=c.pk).status


def upload(client: ApiClient, path: str, color=(10, 200, 30)):
    return client.upload(
        path, {"file": SimpleUploadedFile("proof.png", png_bytes(color), "image/png")}
    )


# --- The whole journey ------------------------------------------------------------------------


def test_a_merchants_journey_with_a_shop_key(
    merchant_mode, api, shop_key, waiting, consumer, merchant_staff
):
    listed = api.get(BASE)
    assert listed.status_code == 200
    assert [c["number"] for c in listed.json()["items"]] == [waiting.number]

    read = api.get(f"{BASE}/{waiting.number}").json()
    view = read["shop_view"]
    assert view["steps"] == ["answer"]
    assert view["consumer"] == {
        "username": None,
        "display_name": str(consumer),
        "phone_masked": "138****1234",
    }
    assert [d["clock"] for d in view["deadlines"]] == ["merchant_response"]
    assert view["deadlines"][0]["time_left"].endswith("left")
    assert read["turn"]["yours"] is True

    proof = upload(api, f"{BASE}/{waiting.number}/evidence")
    assert proof.status_code == 201
    answered = api.post(
        f"{BASE}/{waiting.number}/answer",
        {
            "answer": "offer",
            "remedy": "partial_refund",
            "amount_fen": 3000,
            "reason": "部分退款",
            "evidence_ids": [proof.json()["id"]],
        },
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["status"] == Status.MERCHANT_OFFERED
    assert answered.json()["shop_view"]["answer"]["amount_fen"] == 3000
    event = waiting.events.get(transition="merchant_offer")
    assert (event.actor, event.channel) == (merchant_staff, Channel.APP)

    accepted = client_for(consumer).post(
        reverse("adjudication:answer_offer", args=[waiting.number]), {"choice": "accept"}
    )
    assert accepted.status_code == 302 and status(waiting) == Status.FULFILMENT

    owed = api.get(f"{BASE}/{waiting.number}").json()["shop_view"]
    assert (owed["refund_owed_fen"], owed["steps"]) == (3000, ["refund_paid"])
    paid = api.post(
        f"{BASE}/{waiting.number}/refund/paid",
        {"amount_fen": 3000, "reference": "ZFB2026120100001"},
    )
    assert paid.status_code == 200
    assert paid.json()["status"] == Status.REFUND_REPORTED
    assert paid.json()["shop_view"]["refunds"][0]["reference"] == "ZFB2026120100001"
    assert waiting.events.get(transition="report_refund").actor == merchant_staff

    key = shop_key[0]
    key.refresh_from_db()
    assert key.last_used_at is not None
    log = list(ShopApiKeyUse.objects.filter(key=key).order_by("id"))
    assert [(u.method, u.status) for u in log][:2] == [("GET", 200), ("GET", 200)]
    assert (log[-1].method, log[-1].path, log[-1].status) == (
        "POST",
        f"{BASE}/{waiting.number}/refund/paid",
        200,
    )


def test_return_received_through_the_api(api, waiting, consumer, merchant_staff):
    take(waiting, merchant_staff, "merchant_agree")
    take(waiting, consumer, "accept_offer")
    assert status(waiting) == Status.AWAITING_RETURN
    early = api.post(f"{BASE}/{waiting.number}/return/received")
    assert early.status_code == 409 and early.json()["code"] == "transition_not_allowed"
    take(waiting, consumer, "return_shipped")
    assert api.get(f"{BASE}/{waiting.number}").json()["shop_view"]["steps"] == ["return_received"]
    done = api.post(f"{BASE}/{waiting.number}/return/received")
    assert done.status_code == 200 and done.json()["status"] != Status.RETURN_SHIPPED
    assert waiting.returns.get().received_by == merchant_staff


def test_evidence_response_returns_the_case_to_the_platform(api, complaint, agent):
    refused = upload(api, f"{BASE}/{complaint.number}/evidence-response")
    assert refused.status_code == 409
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    decisions.request_evidence(complaint, agent, "merchant", "请提供发货凭证")
    shown = api.get(f"{BASE}/{complaint.number}").json()["shop_view"]
    assert shown["evidence_requested"] and shown["steps"] == ["evidence_response"]
    assert [d["clock"] for d in shown["deadlines"]] == ["evidence"]
    answered = upload(api, f"{BASE}/{complaint.number}/evidence-response")
    assert answered.status_code == 200
    assert answered.json()["status"] == Status.INTERVENTION


def test_the_timeline_hides_internal_notes(api, waiting, agent):
    actions.post_message(
        waiting, agent, "内部备注：商家不可见", channel=Channel.DESK, internal=True
    )
    body = api.get(f"{BASE}/{waiting.number}").content.decode()
    assert "内部备注" not in body


# --- Field errors, named after the JSON ---------------------------------------------------------


def test_field_errors_use_the_request_names(merchant_mode, api, waiting, consumer):
    bad = api.post(
        f"{BASE}/{waiting.number}/answer", {"answer": "offer", "remedy": "partial_refund"}
    )
    assert bad.status_code == 422 and set(bad.json()["fields"]) == {"amount_fen"}
    too_much = api.post(
        f"{BASE}/{waiting.number}/answer",
        {"answer": "offer", "remedy": "partial_refund", "amount_fen": 10**9},
    )
    assert too_much.status_code == 422 and "amount_fen" in too_much.json()["fields"]
    reject = api.post(f"{BASE}/{waiting.number}/answer", {"answer": "reject"})
    assert reject.status_code == 422 and set(reject.json()["fields"]) == {"reason"}
    assert status(waiting) == Status.WAITING_MERCHANT


def test_evidence_ids_must_be_this_sides_evidence(api, waiting, consumer):
    theirs, _created = uploads.add_evidence(
        waiting,
        consumer,
        SimpleUploadedFile("c.png", png_bytes((1, 2, 3)), "image/png"),
        channel=Channel.WEB,
    )
    refused = api.post(
        f"{BASE}/{waiting.number}/answer", {"answer": "agree", "evidence_ids": [theirs.pk]}
    )
    assert refused.status_code == 422 and set(refused.json()["fields"]) == {"evidence_ids"}
    assert status(waiting) == Status.WAITING_MERCHANT


def test_refund_paid_field_errors(merchant_mode, api, waiting, consumer, merchant_staff):
    take(waiting, merchant_staff, "merchant_offer")
    take(waiting, consumer, "accept_offer")
    wrong = api.post(f"{BASE}/{waiting.number}/refund/paid", {"amount_fen": 1, "reference": ""})
    assert wrong.status_code == 422
    assert set(wrong.json()["fields"]) == {"amount_fen", "reference"}
    assert status(waiting) == Status.FULFILMENT


# --- The same refusal as the merchant center ------------------------------------------------------


STEPS = [
    ("answer", {"answer": "agree"}, "respond", {"answer": "agree"}),
    ("return/received", None, "confirm_receipt", {}),
    (
        "refund/paid",
        {"amount_fen": 3000, "reference": "X1"},
        "report_refund",
        {"amount": "30", "reference": "X1"},
    ),
]


@pytest.mark.parametrize(("path", "body", "view", "form"), STEPS, ids=[s[0] for s in STEPS])
def test_a_step_not_possible_now_is_refused_as_in_the_merchant_center(
    merchant_mode, api, complaint, merchant_staff, path, body, view, form
):
    """The complaint is still with the platform: no merchant step applies."""
    before = status(complaint)
    answer = api.post(f"{BASE}/{complaint.number}/{path}", body)
    assert answer.status_code == 409
    assert answer.json()["code"] == "transition_not_allowed"
    web = client_for(merchant_staff).post(
        reverse(f"merchant_center:{view}", args=[complaint.number]), form, follow=True
    )
    assert answer.json()["message"] in web.content.decode()
    assert status(complaint) == before


# --- Denials ---------------------------------------------------------------------------------------


@pytest.fixture
def two_shop_staff(merchant_staff, other_shop):
    """The key's creator also works for another shop: the key still acts for its own only."""
    other_shop.staff.add(merchant_staff)
    return merchant_staff


def test_a_key_sees_only_its_shop(api, waiting, two_shop_staff, outsider_order, outsider, agent):
    elsewhere, _ = filing.file_complaint(
        outsider, draft(outsider_order.number), channel=Channel.WEB
    )
    take(elsewhere, agent, "forward_to_merchant")
    own_token = ApiClient(token_for(two_shop_staff))
    assert elsewhere.number in [c["number"] for c in own_token.get(BASE).json()["items"]]
    assert [c["number"] for c in api.get(BASE).json()["items"]] == [waiting.number]
    assert api.get(f"{BASE}/{elsewhere.number}").status_code == 404
    for path, body in (
        ("answer", {"answer": "agree"}),
        ("return/received", None),
        ("refund/paid", {"amount_fen": 1, "reference": "X"}),
    ):
        answer = api.post(f"{BASE}/{elsewhere.number}/{path}", body)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found"
    assert upload(api, f"{BASE}/{elsewhere.number}/evidence").status_code == 404
    assert upload(api, f"{BASE}/{elsewhere.number}/evidence-response").status_code == 404
    assert status(elsewhere) == Status.WAITING_MERCHANT


def test_another_shops_staff_gets_404(waiting, other_merchant_staff):
    rival = ApiClient(token_for(other_merchant_staff))
    assert rival.get(f"{BASE}/{waiting.number}").status_code == 404
    assert rival.post(f"{BASE}/{waiting.number}/answer", {"answer": "agree"}).status_code == 404


def test_the_consumer_cannot_take_merchant_steps(waiting, consumer):
    mine = ApiClient(token_for(consumer))
    answer = mine.post(f"{BASE}/{waiting.number}/answer", {"answer": "agree"})
    assert answer.status_code == 409
    assert mine.get(f"{BASE}/{waiting.number}").json()["shop_view"] is None
    assert status(waiting) == Status.WAITING_MERCHANT


def test_a_revoked_key_is_401(api, shop_key, waiting, merchant_staff):
    merchants.revoke_key(shop_key[0], merchant_staff)
    answer = api.get(BASE)
    assert answer.status_code == 401 and answer.json()["code"] == "not_authenticated"


def test_the_key_stops_when_its_creator_leaves_the_shop_or_is_deactivated(
    api, shop, merchant_staff, waiting
):
    shop.staff.remove(merchant_staff)
    assert api.get(BASE).status_code == 401
    shop.staff.add(merchant_staff)
    assert api.get(BASE).status_code == 200
    merchant_staff.is_active = False
    merchant_staff.save()
    assert api.get(BASE).status_code == 401


def test_an_unknown_key_with_the_prefix_is_401(waiting):
    assert ApiClient("tsk_not-a-key").get(BASE).status_code == 401


def test_a_key_cannot_sign_out(api, shop_key):
    for path in ("/api/v1/auth/token", "/api/v1/auth/tokens"):
        answer = api.delete(path)
        assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    assert api.get(BASE).status_code == 200


def test_only_the_hash_is_stored(shop_key):
    key, raw = shop_key
    assert raw.startswith("tsk_") and key.prefix == raw[:12]
    assert raw not in (key.key_hash, key.name) and len(key.key_hash) == 64


def test_a_key_subscribes_to_webhooks_for_its_shop_only(api, shop, other_shop, two_shop_staff, dns):
    dns["hooks.example.com"] = ["93.184.215.14"]
    body = {"url": "https://hooks.example.com/tousu", "event_types": ["complaint.filed"]}
    refused = api.post("/api/v1/webhooks", {**body, "shop": other_shop.external_id})
    assert refused.status_code == 403
    made = api.post("/api/v1/webhooks", body)  # the key's one shop: it need not be named
    assert made.status_code == 201 and made.json()["shop"] == shop.external_id
    # The same person's own subscription for their other shop is not the key's to see.
    own = ApiClient(token_for(two_shop_staff), "en")
    theirs = own.post("/api/v1/webhooks", {**body, "shop": other_shop.external_id}).json()
    assert [s["id"] for s in api.get("/api/v1/webhooks").json()] == [made.json()["id"]]
    assert api.get(f"/api/v1/webhooks/{theirs['id']}").status_code == 404
    assert {s["id"] for s in own.get("/api/v1/webhooks").json()} == {
        made.json()["id"],
        theirs["id"],
    }
