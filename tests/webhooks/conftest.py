"""Webhook test helpers: a receiver on loopback (allowed by TOUSU_WEBHOOK_ALLOW_PRIVATE),
subscriptions made through the actions, and the verification snippet of docs/webhooks.md."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from django.db import transaction

from tests.webhooks import receiver as receivers
from tousu.complaints import actions as complaint_actions
from tousu.complaints.choices import Channel
from tousu.webhooks import actions
from tousu.webhooks.delivery import deliver_due
from tousu.webhooks.models import Delivery, EventType

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def loopback_allowed(settings):
    settings.TOUSU_WEBHOOK_ALLOW_PRIVATE = True
    return settings


@pytest.fixture
def receiver(loopback_allowed):
    found, server = receivers.start()
    yield found
    if found.release is not None:
        found.release.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def subscribe(owner, url: str, *types: str, shop: str = ""):
    """A subscription (and its secret) through the action, as the API makes it."""
    return actions.create_subscription(
        owner,
        actions.Wanted(url=url, event_types=tuple(types or EventType.values), shop=shop),
    )


def message(complaint, author, text: str = "请尽快处理。"):
    return complaint_actions.post_message(complaint, author, text, channel=Channel.WEB)


def deliver_all() -> int:
    return deliver_due(limit=100)


def deliveries(subscription) -> list[Delivery]:
    return list(Delivery.objects.filter(subscription=subscription).order_by("id"))


@pytest.fixture(scope="session")
def verify():
    """``verify_tousu_signature`` exactly as docs/webhooks.md prints it."""
    doc = (ROOT / "docs" / "webhooks.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", doc, flags=re.S)
    snippet = next(block for block in blocks if "def verify_tousu_signature" in block)
    namespace: dict = {}
    exec(compile(snippet, "docs/webhooks.md", "exec"), namespace)
    return namespace["verify_tousu_signature"]


def rolled_back(work) -> None:
    """Run ``work`` in a transaction that is then rolled back (an action that failed late)."""

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            work()
            raise Undo
    except Undo:
        pass
