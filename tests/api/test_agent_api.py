"""The agent API (docs/api.md#for-platform-staff): the queue, the staff detail and every step,
each through the action the desk calls, with the desk's rules and errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_order, make_user
from tests.desk.conftest import seed
from tests.portal.conftest import client_for
from tousu.accounts.models import Role
from tousu.adjudication import negotiation
from tousu.adjudication.models import Decision
from tousu.adjudication.refunds import send_refunds
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.sla.deadlines import refresh_next_due
from tousu.sla.models import Deadline

C = "/api/v1/complaints"
STEPS = [
    ("assign", {"assignee": "me"}),
    ("priority", {"priority": 3}),
    ("forward", {}),
    ("close", {"note": "已解决"}),
    ("transitions/intervene", {}),
    ("evidence-request", {"party": "both", "note": "请补充照片"}),
    ("decision", {"outcome": "full", "grounds": "质量问题", "refund_fen": 100}),
    ("refund-settlement", {"paid": True}),
    ("team", {"team": None}),
    ("category", {"category": "food_safety"}),
]


def step(complaint, name: str) -> str:
    return f"{C}/{complaint.number}/{name}"


def timeline_bodies(payload: dict) -> list[str]:
    return [e["body"] for e in payload["timeline"]]


def test_an_agent_works_a_complaint_end_to_end(complaint, consumer, merchant_staff, agent, api_as):
    desk = api_as(agent, "en")
    queued = desk.get("/api/v1/queue").json()["items"]
    assert [c["number"] for c in queued] == [complaint.number]
    assert queued[0]["consumer"]["phone_masked"] == "138****1234"

    note = desk.post(f"{C}/{complaint.number}/messages", {"body": "先核实物流", "internal": True})
    assert note.status_code == 201 and note.json()["internal"] is True
    detail = desk.get(f"{C}/{complaint.number}").json()
    assert "先核实物流" in timeline_bodies(detail)
    staff = detail["staff"]
    assert staff["consumer"] == {
        "username": "alice",
        "display_name": "alice",
        "phone_masked": "138****1234",
    }
    assert staff["assignee"] is None and staff["priority"] == 2
    assert "13812341234" not in str(detail)

    mine = desk.post(step(complaint, "assign"), {"assignee": "me"})
    assert mine.status_code == 200, mine.json()
    assert mine.json()["staff"]["assignee"]["username"] == "agent"
    urgent = desk.post(step(complaint, "priority"), {"priority": 3})
    assert urgent.json()["staff"]["priority"] == 3
    assert urgent.json()["staff"]["priority_label"] == "High"
    reply = desk.post(f"{C}/{complaint.number}/messages", {"body": "我们正在处理"})
    assert reply.status_code == 201 and reply.json()["internal"] is False

    forwarded = desk.post(step(complaint, "forward"))
    assert forwarded.status_code == 200 and forwarded.json()["status"] == "waiting_merchant"
    clocks = {d["clock"]: d for d in forwarded.json()["staff"]["deadlines"]}
    assert clocks["merchant_response"]["due_at"] and clocks["merchant_response"]["time_left"]
    assert clocks["merchant_response"]["overdue"] is False

    complaint.refresh_from_db()
    negotiation.respond(complaint, merchant_staff, negotiation.Reply("reject", reason="发货正常"))
    negotiation.reject_offer(complaint, consumer, "请介入", ask_platform=True)

    asked = desk.post(step(complaint, "evidence-request"), {"party": "both", "note": "请补充照片"})
    assert asked.status_code == 200 and asked.json()["status"] == "waiting_evidence"
    assert "evidence" in {d["clock"] for d in asked.json()["staff"]["deadlines"]}
    back = desk.post(step(complaint, "transitions/evidence_complete"), {"note": "材料齐全"})
    assert back.json()["status"] == "intervention"

    decided = desk.post(
        step(complaint, "decision"),
        {"outcome": "full", "grounds": "耳机质量问题，全额退款", "refund_fen": 29900},
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "fulfilment"
    decision = Decision.objects.get(complaint=complaint)
    assert (decision.outcome, decision.refund_fen, decision.decided_by) == ("full", 29900, agent)
    send_refunds()  # the worker pays the refund; the complaint waits for the consumer
    assert desk.get(f"{C}/{complaint.number}").json()["status"] == "waiting_confirmation"

    closed = desk.post(step(complaint, "close"), {"note": "退款已到账，结案"})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["staff"]["deadlines"] == []

    # The parties see the reply and the decision, never the note, the assignment or the priority.
    for user in (consumer, merchant_staff):
        theirs = api_as(user).get(f"{C}/{complaint.number}").json()
        assert theirs["staff"] is None
        assert "我们正在处理" in timeline_bodies(theirs)
        assert "先核实物流" not in timeline_bodies(theirs)
        assert not any(e["internal"] for e in theirs["timeline"])
        messages = api_as(user).get(f"{C}/{complaint.number}/messages").json()
        assert [m["body"] for m in messages] == ["我们正在处理"]


def test_steps_use_the_api_channel(complaint, agent, api_as):
    api_as(agent).post(step(complaint, "forward"))
    event = ComplaintEvent.objects.filter(complaint=complaint, transition="forward_to_merchant")
    assert event.get().channel == Channel.APP


# --- Assign and priority -----------------------------------------------------------------


def test_assign_by_username_and_back_to_the_queue(complaint, agent, api_as):
    colleague = make_user("colleague", Role.AGENT)
    desk = api_as(agent)
    assert (
        desk.post(step(complaint, "assign"), {"assignee": "colleague"}).json()["staff"]["assignee"][
            "username"
        ]
        == "colleague"
    )
    complaint.refresh_from_db()
    assert complaint.assignee == colleague
    assert (
        desk.post(step(complaint, "assign"), {"assignee": None}).json()["staff"]["assignee"] is None
    )
    complaint.refresh_from_db()
    assert complaint.assignee is None


@pytest.mark.parametrize("who", ["alice", "shopkeeper", "nobody"])
def test_assign_only_to_staff(who, complaint, agent, merchant_staff, api_as):
    response = api_as(agent, "en").post(step(complaint, "assign"), {"assignee": who})
    assert response.status_code == 422
    assert response.json()["fields"] == {
        "assignee": "Please choose a member of the customer-service staff."
    }
    complaint.refresh_from_db()
    assert complaint.assignee is None


@pytest.mark.parametrize("value", [0, 5, "3", None])
def test_priority_must_be_one_of_the_four(value, complaint, agent, api_as):
    response = api_as(agent).post(step(complaint, "priority"), {"priority": value})
    assert response.status_code == 422 and "priority" in response.json()["fields"]
    complaint.refresh_from_db()
    assert complaint.priority == 2


def test_staff_change_the_category_and_bad_values_are_422(complaint, agent, api_as):
    client = api_as(agent)
    assert complaint.category != "food_safety"
    for bad in ("no-such", None, 3):
        response = client.post(step(complaint, "category"), {"category": bad})
        assert response.status_code == 422 and "category" in response.json()["fields"]
    changed = client.post(step(complaint, "category"), {"category": "food_safety"})
    assert changed.status_code == 200 and changed.json()["category"] == "food_safety"
    entry = next(e for e in changed.json()["timeline"] if e["kind"] == "category")
    assert entry["internal"] is True


# --- Denials -----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["consumer", "merchant_staff", "other_merchant_staff", "outsider"])
def test_parties_are_refused_every_staff_endpoint(who, complaint, api_as, request):
    client = api_as(request.getfixturevalue(who))
    before = list(ComplaintEvent.objects.values_list("pk", flat=True))
    for name, body in STEPS:
        response = client.post(step(complaint, name), body)
        assert response.status_code == 403, name
        assert response.json()["code"] == "forbidden"
    for path in ("/api/v1/queue", step(complaint, "consumer-complaints")):
        assert client.get(path).status_code == 403
    # The same refusal for a complaint that does not exist: nothing is revealed.
    assert client.post(f"{C}/TS00000000000000/assign", {"assignee": "me"}).status_code == 403
    assert list(ComplaintEvent.objects.values_list("pk", flat=True)) == before
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged" and complaint.assignee is None


def test_staff_asking_for_a_missing_complaint_get_404(agent, db, api_as):
    response = api_as(agent).post(f"{C}/TS00000000000000/assign", {"assignee": "me"})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_parties_never_see_internal_entries(complaint, consumer, merchant_staff, agent, api_as):
    desk = api_as(agent)
    desk.post(f"{C}/{complaint.number}/messages", {"body": "内部：疑似职业索赔", "internal": True})
    desk.post(step(complaint, "assign"), {"assignee": "me"})
    desk.post(step(complaint, "priority"), {"priority": 4})
    staff_view = desk.get(f"{C}/{complaint.number}").json()["timeline"]
    assert sum(e["internal"] for e in staff_view) == 3
    for user in (consumer, merchant_staff):
        client = api_as(user)
        seen = client.get(f"{C}/{complaint.number}").json()["timeline"]
        assert not any(e["internal"] for e in seen)
        assert "疑似职业索赔" not in str(seen)
        assert client.get(f"{C}/{complaint.number}/messages").json() == []


# --- The same errors as the desk ---------------------------------------------------------


NOT_NOW = "This step is not possible for this complaint now."  # TransitionNotAllowed, in English


@pytest.mark.parametrize(
    ("name", "body", "desk_url", "desk_form"),
    [
        (
            "decision",
            {"outcome": "rejected", "grounds": "证据不足"},
            "adjudication:decide",
            {"outcome": "rejected", "grounds": "证据不足", "penalty": "none"},
        ),
        (
            "evidence-request",
            {"party": "consumer", "note": "请补充"},
            "adjudication:request_evidence",
            {"party": "consumer", "note": "请补充"},
        ),
        ("transitions/evidence_complete", {}, "desk:transition", {"name": "evidence_complete"}),
        ("transitions/no_such_step", {}, "desk:transition", {"name": "no_such_step"}),
    ],
)
def test_a_step_not_possible_now_is_refused_as_on_the_desk(
    name, body, desk_url, desk_form, complaint, agent, api_as
):
    response = api_as(agent, "en").post(step(complaint, name), body)
    assert response.status_code == 409
    assert response.json() == {"code": "transition_not_allowed", "message": NOT_NOW}
    on_desk = client_for(agent).post(reverse(desk_url, args=[complaint.number]), desk_form)
    assert on_desk.status_code == 409 and NOT_NOW in on_desk.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"


def test_forward_twice_and_close_while_waiting_are_409(complaint, agent, api_as):
    desk = api_as(agent, "en")
    assert desk.post(step(complaint, "forward")).status_code == 200
    for name, body in (("forward", {}), ("close", {"note": "x"})):
        response = desk.post(step(complaint, name), body)
        assert response.status_code == 409 and response.json()["message"] == NOT_NOW


def test_a_structured_step_is_refused_on_the_generic_path_with_the_desks_reason(
    complaint, agent, api_as, order
):
    actions.transition(complaint, agent, "intervene", channel=Channel.DESK)
    response = api_as(agent, "en").post(step(complaint, "transitions/decide"), {"note": "x"})
    assert response.status_code == 409
    message = response.json()["message"]
    assert "is taken with its own form" in message
    on_desk = client_for(agent).post(
        reverse("desk:transition", args=[complaint.number]), {"name": "decide", "note": "x"}
    )
    assert on_desk.status_code == 409 and "is taken with its own form" in on_desk.content.decode()


def test_close_without_a_note_is_422_on_note(complaint, agent, api_as):
    response = api_as(agent, "en").post(step(complaint, "close"), {})
    assert response.status_code == 422
    assert response.json()["fields"] == {"note": "Please give a reason."}
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"


@pytest.fixture
def intervening(complaint, agent, consumer, merchant_staff):
    actions.transition(complaint, agent, "forward_to_merchant", channel=Channel.DESK)
    negotiation.respond(complaint, merchant_staff, negotiation.Reply("reject", reason="发货正常"))
    negotiation.reject_offer(complaint, consumer, "请介入", ask_platform=True)
    complaint.refresh_from_db()
    return complaint


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"outcome": "full", "grounds": "x"}, {"refund_fen"}),
        ({"outcome": "full", "grounds": "x", "refund_fen": 99999999}, {"refund_fen"}),
        ({"outcome": "rejected", "grounds": " ", "refund_fen": 100}, {"grounds", "outcome"}),
        ({"outcome": "full", "grounds": "x", "compensation_fen": 500}, {"compensation_basis"}),
        ({"outcome": "full", "grounds": "x", "return_required": True}, {"shipping_paid_by"}),
        (
            {"outcome": "full", "grounds": "x", "refund_fen": 1, "penalty": "deposit"},
            {"penalty_fen"},
        ),
        ({"outcome": "maybe", "grounds": "x"}, {"outcome"}),
        ({"outcome": "full", "grounds": "x", "refund_fen": -1}, {"refund_fen"}),
        ({"outcome": "full", "grounds": "x", "refund_fen": "100"}, {"refund_fen"}),
    ],
)
def test_decision_field_errors_name_the_json_fields(body, fields, intervening, agent, api_as):
    response = api_as(agent).post(step(intervening, "decision"), body)
    assert response.status_code == 422
    assert set(response.json()["fields"]) == fields
    assert not Decision.objects.exists()
    intervening.refresh_from_db()
    assert intervening.status == "intervention"


def test_evidence_request_needs_a_known_party_and_a_note(intervening, agent, api_as):
    desk = api_as(agent, "en")
    wrong = desk.post(step(intervening, "evidence-request"), {"party": "shop", "note": "x"})
    assert wrong.status_code == 422 and set(wrong.json()["fields"]) == {"party"}
    empty = desk.post(step(intervening, "evidence-request"), {"party": "merchant", "note": " "})
    assert empty.status_code == 422 and empty.json()["fields"] == {"note": "Please give a reason."}


def test_settling_without_a_disputed_refund_is_409(intervening, agent, api_as):
    response = api_as(agent, "en").post(step(intervening, "refund-settlement"), {"paid": True})
    assert response.status_code == 409
    assert response.json()["message"] == "No refund of this complaint is disputed."


def test_a_rejection_asks_the_consumer_to_confirm(intervening, agent, api_as):
    response = api_as(agent).post(
        step(intervening, "decision"), {"outcome": "rejected", "grounds": "证据不足"}
    )
    assert response.status_code == 200 and response.json()["status"] == "waiting_confirmation"


# --- The consumer's other complaints -----------------------------------------------------


def test_the_consumers_other_complaints_from_every_channel(
    complaint, consumer, outsider, shop, agent, api_as
):
    phoned = seed(consumer, 1, channel="phone", status="closed")[0]
    wechat = seed(consumer, 1, channel="wechat")[0]
    seed(outsider, 2)
    found = api_as(agent).get(step(complaint, "consumer-complaints")).json()
    assert [c["number"] for c in found["items"]] == [wechat.number, phoned.number]
    assert {c["channel"] for c in found["items"]} == {"phone", "wechat"}
    assert found["next_cursor"] is None


# --- The queue ---------------------------------------------------------------------------


@pytest.fixture
def cast(db, consumer, shop, agent):
    other_shop_row = seed(consumer, 1, channel="phone", category="refund", priority=4)[0]
    rows = {
        "mine": seed(consumer, 1, assignee=agent, merchant=shop)[0],
        "colleague": seed(consumer, 1, assignee=make_user("colleague", Role.AGENT))[0],
        "urgent_phone": other_shop_row,
        "closed": seed(consumer, 1, status="closed")[0],
        "intervention": seed(consumer, 1, status="intervention", channel="wechat")[0],
    }
    late = rows["intervention"]
    now = timezone.now()
    Deadline.objects.create(
        complaint=late,
        clock="decision",
        duration="1d",
        calendar="calendar",
        breach_action="notify",
        started_at=now - timedelta(days=2),
        due_at=now - timedelta(hours=1),
        computed_at=now - timedelta(days=2),
    )
    Deadline.objects.create(  # past due once, but no longer running: not overdue
        complaint=rows["mine"],
        clock="first_response",
        duration="1d",
        calendar="calendar",
        breach_action="notify",
        started_at=now - timedelta(days=3),
        due_at=now - timedelta(days=2),
        computed_at=now - timedelta(days=3),
        ended_at=now - timedelta(days=2, hours=1),
    )
    for row in (late, rows["mine"]):  # as the deadline code keeps it in step
        refresh_next_due(row)
    return rows


def numbers(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {c["number"] for c in response.json()["items"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"mine", "colleague", "urgent_phone", "intervention"}),
        ({"status": "any"}, {"mine", "colleague", "urgent_phone", "intervention", "closed"}),
        ({"status": "closed"}, {"closed"}),
        ({"assignee": "mine"}, {"mine"}),
        ({"assignee": "none"}, {"urgent_phone", "intervention"}),
        ({"assignee": "colleague"}, {"colleague"}),
        ({"priority": "4"}, {"urgent_phone"}),
        ({"channel": "wechat"}, {"intervention"}),
        ({"category": "refund"}, {"urgent_phone"}),
        ({"shop": "M1"}, {"mine"}),
        ({"shop": "优品数码"}, {"mine"}),
        ({"due": "overdue"}, {"intervention"}),
        ({"due": "running"}, {"intervention"}),
        ({"status": "intervention", "assignee": "none"}, {"intervention"}),
    ],
)
def test_each_queue_filter(params, expected, cast, agent, api_as):
    assert numbers(api_as(agent).get("/api/v1/queue", **params)) == {
        cast[name].number for name in expected
    }


def test_assignee_by_user_id_as_on_the_desk(cast, agent, api_as):
    colleague = cast["colleague"].assignee
    found = api_as(agent).get("/api/v1/queue", assignee=str(colleague.pk))
    assert numbers(found) == {cast["colleague"].number}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "sleeping"}, "status"),
        ({"assignee": "alice"}, "assignee"),
        ({"priority": "9"}, "priority"),
        ({"channel": "fax"}, "channel"),
        ({"category": "nope"}, "category"),
        ({"shop": "无此店"}, "shop"),
        ({"sort": "random"}, "sort"),
        ({"cursor": "x.y"}, "cursor"),
    ],
)
def test_a_wrong_filter_is_422_naming_it(params, field, cast, agent, api_as):
    response = api_as(agent).get("/api/v1/queue", **params)
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"
    assert set(response.json()["fields"]) == {field}


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority"])
def test_queue_pages_through_every_row_once(sort, consumer, agent, api_as, settings):
    settings.TOUSU_QUEUE_PAGE_SIZE = 3
    made = seed(consumer, 8, priority=lambda i: 1 + i % 4)
    client, seen, cursor = api_as(agent), [], None
    for _ in range(10):
        params = {"sort": sort, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/queue", **params).json()
        assert len(page["items"]) <= 3
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(c["number"] for c in seen) == sorted(c.number for c in made)
    if sort == "priority":
        assert [c["priority"] for c in seen] == sorted((c["priority"] for c in seen), reverse=True)
    if sort == "oldest":
        assert [c["number"] for c in seen] == [c.number for c in made]


def test_queue_is_for_every_platform_role(cast, api_as):
    for role in (Role.SUPERVISOR, Role.ADMIN):
        assert numbers(api_as(make_user(f"staff-{role}", role)).get("/api/v1/queue"))


def test_queue_rows_carry_the_staff_summary(cast, agent, api_as, order):
    [row] = api_as(agent).get("/api/v1/queue", assignee="mine").json()["items"]
    assert row["assignee"] == {"username": "agent", "display_name": "agent"}
    assert row["priority"] == 2 and row["consumer"]["phone_masked"] == "138****1234"
    assert Complaint.objects.get(number=row["number"]).merchant.shop_name == row["merchant"]


def test_other_consumers_orders_do_not_leak_into_consumer_complaints(
    complaint, outsider, other_shop, agent, api_as
):
    make_order(outsider, other_shop, "202611200777")
    assert api_as(agent).get(step(complaint, "consumer-complaints")).json()["items"] == []
