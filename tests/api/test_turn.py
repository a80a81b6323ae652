"""GET /api/v1/complaints/{number}: whose turn it is, the deadline and the time left."""

import time_machine

from tests.sla.sla_helpers import at, step
from tests.sla.test_turns import offered


def test_after_an_offer_the_consumer_reads_their_own_turn(
    consumer, order, agent, merchant_staff, api_as
):
    complaint = offered(consumer, order, agent, merchant_staff)
    url = f"/api/v1/complaints/{complaint.number}"
    with time_machine.travel(at(2025, 11, 12, 0, 30), tick=False):
        mine = api_as(consumer, "zh-hans").get(url).json()
        theirs = api_as(merchant_staff, "en").get(url).json()
    assert mine["status"] == "merchant_offered" and mine["status_label"] == "等待您答复商家的方案"
    assert mine["turn"] == {
        "step": "等待您答复商家的方案",
        "who": ["consumer"],
        "who_label": "您",
        "yours": True,
        "clock": "intervention_window",
        "due_at": "2025-11-19T00:00:00+08:00",
        "time_left": "还剩 6 天 23 小时",
        "due_local": "截止 2025-11-19 00:00（北京时间）",
        "overdue": False,
    }
    assert theirs["status_label"] == "Merchant offered an alternative"
    assert (theirs["turn"]["who_label"], theirs["turn"]["yours"]) == ("The consumer", False)


def test_no_turn_once_finished_and_outsiders_see_nothing(consumer, complaint, outsider, api_as):
    step(complaint, consumer, "withdraw", at(2025, 11, 10, 10))
    url = f"/api/v1/complaints/{complaint.number}"
    assert api_as(consumer).get(url).json()["turn"] is None
    assert api_as(outsider).get(url).status_code == 404


def test_the_turn_is_documented_with_its_enums(api_as):
    spec = api_as(None).get("/api/openapi.json").json()
    turn = spec["components"]["schemas"]["TurnOut"]
    assert set(turn["required"]) >= {
        "step",
        "who",
        "who_label",
        "yours",
        "time_left",
        "due_local",
        "overdue",
    }
    assert turn["properties"]["who"]["items"]["enum"] == ["consumer", "merchant", "platform"]
    assert "intervention_window" in str(turn["properties"]["clock"])
    assert "TurnOut" in str(
        spec["components"]["schemas"]["ComplaintDetailOut"]["properties"]["turn"]
    )
