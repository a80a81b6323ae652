"""Standing cast for every test: each role has an outsider who must see nothing."""

from __future__ import annotations

import io
import ipaddress
import socket
from datetime import timedelta

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone
from PIL import Image

from tousu.accounts.models import Role, User
from tousu.complaints import actions, filing
from tousu.complaints.choices import Channel
from tousu.merchants.models import Merchant
from tousu.orders.models import Order, OrderItem, OrderStatus


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 at production strength makes every fixture user cost ~0.3 s.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests assert on the English source strings; tests/test_language.py checks that
    # the product's default really is Simplified Chinese.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def dns(monkeypatch):
    """No test looks a host name up on the network: webhook URLs resolve through this table
    (``dns["hooks.example.com"] = ["93.184.215.14"]``); a literal address resolves to itself."""
    table: dict[str, list[str]] = {"localhost": ["127.0.0.1"]}

    def resolve(host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        if host in table:
            return list(table[host])
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr("tousu.webhooks.targets.resolve", resolve)
    return table


def make_user(username: str, role: str, **extra) -> User:
    user = User(username=username, role=role, display_name=username, **extra)
    user.set_password("pw-" + username)
    user.save()
    return user


@pytest.fixture
def consumer(db):
    return make_user("alice", Role.CONSUMER, phone="13812341234")


@pytest.fixture
def outsider(db):
    """Another consumer: must never see alice's orders or complaints."""
    return make_user("mallory", Role.CONSUMER)


@pytest.fixture
def shop(db):
    return Merchant.objects.create(
        shop_name="优品数码",
        legal_name="上海优品数码科技有限公司",
        registered_address="上海市浦东新区",
        city="上海",
        external_id="M1",
        return_address="上海市浦东新区张江路 88 号",
    )


@pytest.fixture
def other_shop(db):
    return Merchant.objects.create(
        shop_name="别家店",
        legal_name="别家公司",
        registered_address="杭州",
        city="杭州",
        external_id="M2",
    )


@pytest.fixture
def merchant_staff(shop):
    user = make_user("shopkeeper", Role.MERCHANT)
    shop.staff.add(user)
    return user


@pytest.fixture
def other_merchant_staff(other_shop):
    """Staff of a different shop: must see nothing of ``shop``'s complaints."""
    user = make_user("rival", Role.MERCHANT)
    other_shop.staff.add(user)
    return user


@pytest.fixture
def agent(db):
    return make_user("agent", Role.AGENT)


@pytest.fixture
def supervisor(db):
    return make_user("boss", Role.SUPERVISOR)


def make_order(consumer: User, shop: Merchant, number: str, amount_fen: int = 29900) -> Order:
    paid = timezone.now() - timedelta(days=5)
    order = Order.objects.create(
        number=number,
        consumer=consumer,
        merchant=shop,
        amount_paid_fen=amount_fen,
        status=OrderStatus.RECEIVED,
        paid_at=paid,
        shipped_at=paid + timedelta(days=1),
        received_at=paid + timedelta(days=3),
        logistics_number="SF1234567890",
    )
    OrderItem.objects.create(
        order=order,
        product_name="无线蓝牙耳机",
        category="electronics",
        unit_price_fen=amount_fen,
        quantity=1,
    )
    return order


@pytest.fixture
def order(consumer, shop):
    return make_order(consumer, shop, "202611200001")


@pytest.fixture
def outsider_order(outsider, other_shop):
    return make_order(outsider, other_shop, "202611200999")


def draft(order_number: str = "202611200001", **overrides) -> filing.Draft:
    values = dict(
        kind="after_sales",
        category="quality",
        demand="return_refund",
        description="耳机左耳没有声音。",
        order_number=order_number,
        amount_fen=29900,
    )
    values.update(overrides)
    return filing.Draft(**values)


@pytest.fixture
def no_filing_limits(settings):
    """For a test that files many complaints for one consumer at once about something else:
    the per-account filing limits (tests/complaints/test_quotas.py) are off."""
    settings.TOUSU_FILING_LIMIT_PER_HOUR = settings.TOUSU_FILING_LIMIT_PER_DAY = 0


@pytest.fixture
def complaint(consumer, order):
    filed, _ = filing.file_complaint(consumer, draft(order.number), channel=Channel.WEB)
    return filed


def png_bytes(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="PNG")
    return buffer.getvalue()


def photo(name: str = "photo.png", color=(200, 30, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(color), content_type="image/png")


@pytest.fixture
def chinese_default(settings):
    """Put back the product's own default language, Simplified Chinese."""
    import tousu.settings as product

    settings.LANGUAGE_CODE = product.LANGUAGE_CODE


@pytest.fixture
def storage_writes(db, monkeypatch):
    """For each write of evidence bytes to the (local) storage: had the code under test opened
    a transaction? (Counted above the test's own atomic blocks, so any test can use it.)"""
    seen: list[bool] = []
    baseline = len(connection.atomic_blocks)
    original = FileSystemStorage._save

    def watched(self, name, content):
        seen.append(len(connection.atomic_blocks) > baseline)
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", watched)
    return seen
