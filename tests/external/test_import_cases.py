"""External cases: import (CSV and API), deadlines, idempotence, rejection, export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command

from tests.api.conftest import admin_user, api_as  # noqa: F401  (fixtures)
from tests.conftest import make_user
from tousu.accounts.models import Role, User
from tousu.complaints import actions
from tousu.complaints.choices import Channel
from tousu.complaints.models import Complaint
from tousu.external.models import ExternalCase
from tousu.sla.models import Clock, Deadline

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SH)  # Monday 2 March 2026, no holiday in the next weeks
URL = "/api/v1/import/cases"
DUE = datetime(2026, 3, 16, 18, 0, tzinfo=SH)
HEADER = "external_id,received_at,consumer_name,consumer_phone,merchant,order_number,category,demand,amount,description\n"


def case(**overrides) -> dict:
    row = {
        "external_id": "ODR-1",
        "received_at": "2026-03-02T10:00:00+08:00",
        "consumer_name": "王芳",
        "consumer_phone": "13900001111",
        "merchant": "上海优品数码科技有限公司",
        "order_number": "",
        "category": "quality",
        "demand": "compensation",
        "amount": "100.00",
        "description": "耳机收到即损坏，商家拒绝退货。",
    }
    row.update(overrides)
    return row


def settlement(complaint: Complaint) -> Deadline:
    """The 12315 settlement clock (odr_settlement: 10 working days from receipt, never paused)."""
    return Deadline.objects.get(
        complaint=complaint, clock=Clock.ODR_SETTLEMENT, ended_at__isnull=True
    )


@pytest.fixture
def frozen():
    with time_machine.travel(MONDAY, tick=False):
        yield


def test_api_import_files_a_12315_case_with_ten_working_days(frozen, shop, admin_user, api_as):
    response = api_as(admin_user).post(URL, {"source": "12315", "cases": [case()]})
    assert response.status_code == 200, response.content
    assert response.json() == {
        "created": 1,
        "already_imported": 0,
        "consumers_created": 1,
        "errors": [],
    }
    external = ExternalCase.objects.get(source="12315", external_id="ODR-1")
    complaint = external.complaint
    assert (complaint.channel, complaint.merchant, complaint.demand_amount_fen) == (
        Channel.REGULATOR_12315,
        shop,
        10000,
    )
    assert external.payload["consumer_name"] == "王芳"
    consumer = User.objects.get(phone="+8613900001111")
    assert complaint.consumer == consumer and not consumer.has_usable_password()
    # 10 working days after Monday 2 March: Tue 3–Fri 6, Mon 9–Fri 13, Mon 16 → the close of
    # the office day on Monday 16 March (the office calendar ends its day at 18:00).
    assert settlement(complaint).due_at == DUE


def test_settlement_counts_from_receipt_not_from_import(shop, admin_user, api_as):
    with time_machine.travel(
        datetime(2026, 3, 4, 15, 0, tzinfo=SH), tick=False
    ):  # imported Wednesday
        api_as(admin_user).post(
            URL, {"source": "12315", "cases": [case()]}
        )  # received Monday 10:00
    assert settlement(ExternalCase.objects.get().complaint).due_at == DUE


def test_csv_import_and_reimport_is_idempotent(frozen, shop, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        HEADER + "ODR-7,2026-03-02 10:00,李雷,139-0000-2222,优品数码,,delivery,apology,,快递丢件\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("import_cases", str(path), "--source", "12315", stdout=out)
    assert "1 cases created, 0 already imported" in out.getvalue()
    complaint = ExternalCase.objects.get(external_id="ODR-7").complaint
    assert complaint.channel == "12315" and complaint.merchant == shop
    assert settlement(complaint).due_at == DUE
    out = io.StringIO()
    call_command("import_cases", str(path), "--source", "12315", stdout=out)
    assert "0 cases created, 1 already imported" in out.getvalue()
    assert (ExternalCase.objects.count(), Complaint.objects.count()) == (1, 1)


def test_api_reimport_reports_already_imported(frozen, shop, admin_user, api_as):
    client = api_as(admin_user)
    client.post(URL, {"source": "blackcat", "cases": [case()]})
    body = client.post(
        URL, {"source": "blackcat", "cases": [case(description="改过的内容")]}
    ).json()
    assert (body["created"], body["already_imported"]) == (0, 1)
    assert Complaint.objects.get().description.startswith("耳机收到即损坏")
    assert Complaint.objects.get().channel == Channel.BLACK_CAT
    # The same number from another source is another case.
    assert client.post(URL, {"source": "12315", "cases": [case()]}).json()["created"] == 1


def test_bad_row_rejects_the_batch_with_row_messages(frozen, shop, admin_user, api_as):
    cases = [
        case(),
        case(external_id="ODR-2", merchant="不存在的公司"),
        case(external_id="ODR-3", consumer_phone="12"),
    ]
    response = api_as(admin_user).post(URL, {"source": "12315", "cases": cases})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected" and body["created"] == 0
    assert [(e["row"], e["field"]) for e in body["errors"]] == [
        (2, "merchant"),
        (3, "consumer_phone"),
    ]
    assert (
        ExternalCase.objects.count(),
        Complaint.objects.count(),
        User.objects.filter(role="consumer").count(),
    ) == (0, 0, 0)


def test_csv_bad_row_names_the_line(frozen, shop, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        HEADER + "A1,,李雷,13900002222,优品数码,,quality,apology,,坏了\n"
        "A1,,李雷,13900002222,优品数码,,quality,apology,,坏了\n"
        "A2,,李雷,13900002222,优品数码,,nonsense,apology,,坏了\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_cases", str(path), "--source", "regulator", stderr=err)
    assert "line 3: external_id" in err.getvalue() and "line 4: category" in err.getvalue()
    assert not ExternalCase.objects.exists()


def test_order_of_the_consumer_is_linked(frozen, consumer, order, admin_user, api_as):
    body = (
        api_as(admin_user)
        .post(
            URL,
            {
                "source": "12315",
                "cases": [
                    case(
                        consumer_phone="13812341234",
                        order_number=order.number,
                        demand="apology",
                        amount="",
                    )
                ],
            },
        )
        .json()
    )
    assert body["created"] == 1 and body["consumers_created"] == 0
    complaint = ExternalCase.objects.get().complaint
    assert (complaint.consumer, complaint.order) == (consumer, order)


@pytest.mark.parametrize("role", [Role.CONSUMER, Role.AGENT, Role.MERCHANT])
def test_only_administrators(role, shop, api_as):
    client = api_as(make_user("someone", role))
    assert client.post(URL, {"source": "12315", "cases": [case()]}).status_code in (403, 404)
    assert client.get("/api/v1/export/replies", source="12315").status_code in (403, 404)
    assert api_as(None).get("/api/v1/export/replies", source="12315").status_code == 401
    assert not ExternalCase.objects.exists()


def test_export_gives_public_replies_never_internal_notes(
    shop, admin_user, agent, api_as, tmp_path
):
    with time_machine.travel(MONDAY, tick=False):
        api_as(admin_user).post(URL, {"source": "12315", "cases": [case()]})
    complaint = ExternalCase.objects.get().complaint
    with time_machine.travel(datetime(2026, 3, 3, 9, 0, tzinfo=SH), tick=False):
        actions.post_message(
            complaint, agent, "已联系商家，同意赔偿 100 元。", channel=Channel.DESK
        )
        actions.post_message(
            complaint, agent, "内部：商家有前科", channel=Channel.DESK, internal=True
        )
        actions.post_message(complaint, complaint.consumer, "谢谢", channel=Channel.WEB)

    rows = api_as(admin_user).get("/api/v1/export/replies", source="12315").json()
    assert [(r["external_id"], r["complaint_number"]) for r in rows] == [
        ("ODR-1", complaint.number)
    ]
    texts = [reply["text"] for reply in rows[0]["replies"]]
    assert texts == ["已联系商家，同意赔偿 100 元。"]

    out = io.StringIO()
    call_command("export_replies", "--source", "12315", "--since", "2026-03-01", stdout=out)
    (row,) = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(row) == ["external_id", "complaint_number", "status", "replies", "closed_at"]
    assert row["external_id"] == "ODR-1" and "同意赔偿" in row["replies"]
    assert "内部" not in out.getvalue() and "谢谢" not in out.getvalue()
    out = io.StringIO()
    call_command("export_replies", "--source", "12315", "--since", "2026-03-03", stdout=out)
    assert out.getvalue().strip().count("\n") == 0  # header only
