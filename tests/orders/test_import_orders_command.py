"""``tousu import_orders path.csv`` and the shared importer helpers."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tousu.accounts.models import User
from tousu.merchants.models import Merchant
from tousu.orders.importer import Invalid, parse_yuan
from tousu.orders.models import Order

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "orders.csv"
HEADER = (
    "order_number,merchant_id,merchant_shop_name,merchant_legal_name,merchant_registered_address,"
    "merchant_city,consumer_username,consumer_phone,consumer_name,status,paid_at,amount_paid,"
    "product_name,sku,category,unit_price,quantity\n"
)


def write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text,fen", [("123.45", 12345), ("0.5", 50), ("7", 700), ("1,299.00", 129900), ("¥9.90", 990)]
)
def test_parse_yuan(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["1.234", "-1", "abc", "", "NaN", "1e400"])
def test_parse_yuan_rejects(text):
    with pytest.raises(Invalid):
        parse_yuan(text)


def test_example_file_imports(db, capsys):
    call_command("import_orders", str(EXAMPLE))
    assert Order.objects.count() == 2
    first = Order.objects.get(number="202611250001")
    assert first.amount_paid_fen == 31800
    assert sorted(i.unit_price_fen for i in first.items.all()) == [950, 29900]
    assert Order.objects.get(number="202611250002").amount_paid_fen == 3990
    assert Merchant.objects.get(external_id="M200").city == "杭州"
    assert "2 orders created" in capsys.readouterr().out


def test_reimport_updates(db, tmp_path):
    path = write(tmp_path, "N1,M1,店,公司,地址,上海,bob,,,paid,2026-11-20 10:00,,杯,,home,10.00,1")
    call_command("import_orders", str(path))
    path = write(
        tmp_path, "N1,M1,店,公司,地址,上海,bob,,,shipped,2026-11-20 10:00,,杯,,home,12.50,2"
    )
    call_command("import_orders", str(path))
    order = Order.objects.get()
    assert order.status == "shipped" and order.amount_paid_fen == 2500
    assert User.objects.get(username="bob").role == "consumer"


def test_bad_line_rejects_file(db, tmp_path, capsys):
    path = write(
        tmp_path,
        "N1,M1,店,公司,地址,上海,bob,,,paid,2026-11-20 10:00,,杯,,home,10.00,1",
        "N2,M1,,,,,bob,,,paid,2026-11-20 10:00,,碗,,home,10.001,1",
        "N3,M1,,,,,bob,,,lost,2026-11-20 10:00,,碗,,home,1,1",
    )
    with pytest.raises(CommandError):
        call_command("import_orders", str(path))
    err = capsys.readouterr().err
    assert "line 3: unit_price" in err and "line 4: status" in err
    assert not Order.objects.exists() and not Merchant.objects.exists()


def test_inconsistent_order_lines_are_reported(db, tmp_path, capsys):
    path = write(
        tmp_path,
        "N1,M1,店,公司,地址,上海,bob,,,paid,2026-11-20 10:00,,杯,,home,10.00,1",
        "N1,M1,店,公司,地址,上海,bob,,,shipped,2026-11-20 10:00,,碗,,home,5.00,1",
    )
    with pytest.raises(CommandError):
        call_command("import_orders", str(path))
    assert "line 3: status" in capsys.readouterr().err
    assert not Order.objects.exists()


def test_dry_run(db, capsys):
    call_command("import_orders", str(EXAMPLE), "--dry-run")
    assert not Order.objects.exists()
    assert "Dry run" in capsys.readouterr().out


def test_missing_columns(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("order_number,foo\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns"):
        call_command("import_orders", str(path))
