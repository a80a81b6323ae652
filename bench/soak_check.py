#!/usr/bin/env python
"""The database side of bench/soak.py: wait for the outbox to drain, then count.

    soak_check.py drain --timeout 240
    soak_check.py count --run-id R --acks acks.json --sink sink.tsv

Runs in its own process with the soak's environment (``DATABASE_URL`` or
``TOUSU_DATA_DIR``) and prints one JSON object on stdout. ``count`` compares what the
filing clients were told (``acks.json``: Idempotency-Key → complaint number) with the
complaints in the database (each description ends with its key), checks every soak
complaint's timeline and idempotency record, derives the notifications each committed
acknowledgement must have queued, and matches the outbox against the inbox table and
the delivery sink (bench/soak_sink.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402

from tousu.complaints.models import Complaint, ComplaintEvent, IdempotencyKey  # noqa: E402
from tousu.notify.models import InboxMessage, Medium, Outbox, OutboxState  # noqa: E402

KEY_IN_DESCRIPTION = re.compile(r"\((soak-[\w-]+)\)$")
OPEN_STATES = (OutboxState.PENDING, OutboxState.SENDING)


def drain(timeout: float) -> dict:
    start = time.monotonic()
    while True:
        left = dict(
            Outbox.objects.filter(state__in=OPEN_STATES)
            .values_list("state")
            .annotate(n=Count("id"))
            .values_list("state", "n")
        )
        waited = time.monotonic() - start
        if not left or waited > timeout:
            return {"drained": not left, "seconds": round(waited, 1), "left": left}
        time.sleep(1)


def _sink(path: Path) -> tuple[Counter, Counter]:
    sms, email = Counter(), Counter()
    if path.exists():
        for line in path.read_text().splitlines():
            medium, message_id = line.split("\t")[:2]
            (sms if medium == "sms" else email)[message_id] += 1
    return sms, email


def _complaints(run_id: str, acks: dict) -> dict:
    rows = Complaint.objects.filter(description__contains=f"(soak-{run_id}-").values_list(
        "id", "number", "description"
    )
    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, number, description in rows:
        by_key[KEY_IN_DESCRIPTION.search(description).group(1)].append((pk, number))
    acked = {k: a["number"] for k, a in acks.items() if a.get("number")}
    lost = sorted(k for k, n in acked.items() if n not in {num for _, num in by_key.get(k, [])})
    duplicated = {k: [num for _, num in v] for k, v in by_key.items() if len(v) > 1}
    unacked_in_db = sorted(k for k in by_key if k not in acked)
    numbers_twice = list(
        Complaint.objects.values("number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("number", flat=True)
    )
    ids = [pk for v in by_key.values() for pk, _ in v]
    keys = Counter(
        IdempotencyKey.objects.filter(key__startswith=f"soak-{run_id}-").values_list(
            "key", flat=True
        )
    )
    key_complaint = dict(
        IdempotencyKey.objects.filter(key__startswith=f"soak-{run_id}-").values_list(
            "key", "complaint_id"
        )
    )
    key_mismatch = sorted(
        k for k, v in by_key.items() if len(v) == 1 and key_complaint.get(k) != v[0][0]
    )
    return {
        "ids": ids,
        "report": {
            "client_acknowledged": len(acked),
            "in_database": len(ids),
            "lost": lost,
            "duplicated": duplicated,
            "filed_but_never_acknowledged": unacked_in_db,
            "numbers_used_twice": numbers_twice,
            "idempotency_keys_twice": sorted(k for k, n in keys.items() if n > 1),
            "idempotency_key_not_pointing_at_its_complaint": key_mismatch,
        },
    }


def _timelines(ids: list[int]) -> tuple[dict, list]:
    """Every soak complaint: exactly one ``filed`` and one ``acknowledge`` event."""
    shape = Counter()
    per = defaultdict(list)
    acknowledge = []
    for pk, complaint_id, kind, transition, consumer in ComplaintEvent.objects.filter(
        complaint_id__in=ids
    ).values_list("pk", "complaint_id", "kind", "transition", "complaint__consumer_id"):
        per[complaint_id].append(transition or kind)
        if transition == "acknowledge":
            acknowledge.append((pk, complaint_id, consumer))
    for complaint_id in ids:
        shape[" + ".join(sorted(per.get(complaint_id, [])))] += 1
    odd = {s: n for s, n in shape.items() if s != "acknowledge + filed"}
    return {"events": sum(len(v) for v in per.values()), "odd_timelines": odd}, acknowledge


def _pick(values: list[float], q: float) -> float | None:
    return round(values[min(len(values) - 1, int(q * len(values)))], 2) if values else None


def _notifications(ids: list[int], acknowledge: list, sink: Path) -> dict:
    outbox = list(
        Outbox.objects.filter(complaint_id__in=ids).values_list(
            "pk", "dedupe_key", "medium", "state", "attempts"
        )
    )
    delays = sorted(
        (sent - created).total_seconds()
        for created, sent in Outbox.objects.filter(
            complaint_id__in=ids, sent_at__isnull=False
        ).values_list("created_at", "sent_at")
    )
    phones = dict(
        Complaint.objects.filter(pk__in=ids).values_list("consumer_id", "consumer__phone")
    )
    # tousu/notify/rules.py: an acknowledgement queues the consumer's inbox notice and,
    # if they have a phone number, an SMS, keyed event:<event>:<medium>:<user>.
    expected = set()
    for event_pk, _, consumer in acknowledge:
        expected.add(f"event:{event_pk}:{Medium.INBOX}:{consumer}")
        if phones.get(consumer):
            expected.add(f"event:{event_pk}:{Medium.SMS}:{consumer}")
    present = {key for _, key, _, _, _ in outbox}
    states = Counter(state for _, _, _, state, _ in outbox)
    attempts = Counter(a for _, _, _, _, a in outbox)
    inbox_rows = [pk for pk, _, medium, _, _ in outbox if medium == Medium.INBOX]
    inbox = Counter(
        InboxMessage.objects.filter(outbox_id__in=inbox_rows).values_list("outbox_id", flat=True)
    )
    sms_rows = {key for _, key, medium, _, _ in outbox if medium == Medium.SMS}
    email_rows = sum(1 for _, _, medium, _, _ in outbox if medium == Medium.EMAIL)
    sms_sink, email_sink = _sink(sink)
    return {
        "outbox_rows": len(outbox),
        "by_medium": dict(Counter(medium for _, _, medium, _, _ in outbox)),
        "by_state": dict(states),
        "by_attempts": {str(k): v for k, v in sorted(attempts.items())},
        "delivery_delay_s": {
            "p50": _pick(delays, 0.5),
            "p95": _pick(delays, 0.95),
            "max": _pick(delays, 1.0),
            # Longer than the lease: most likely claimed by a worker that was killed, then retaken.
            "over_lease": sum(1 for d in delays if d > settings.TOUSU_OUTBOX_LEASE_SECONDS),
        },
        "expected_from_timeline": len(expected),
        "missing_from_outbox": sorted(expected - present),
        "not_sent": sorted(key for _, key, _, state, _ in outbox if state != OutboxState.SENT),
        "inbox": {
            "rows": len(inbox_rows),
            "delivered": len(inbox),
            "lost": sorted(pk for pk in inbox_rows if pk not in inbox),
            "duplicated": sorted(pk for pk, n in inbox.items() if n > 1),
        },
        "sms": {
            "rows": len(sms_rows),
            "delivered": sum(1 for key in sms_rows if key in sms_sink),
            "lost": sorted(sms_rows - set(sms_sink)),
            # The same message id handed to the gateway more than once.
            "duplicated": {k: n for k, n in sms_sink.items() if n > 1 and k in sms_rows},
            "unknown_ids": sorted(set(sms_sink) - sms_rows),
        },
        "email": {"rows": email_rows, "handed_over": sum(email_sink.values())},
    }


def count(run_id: str, acks: dict, sink: Path) -> dict:
    complaints = _complaints(run_id, acks)
    timelines, acknowledge = _timelines(complaints["ids"])
    return {
        "complaints": complaints["report"],
        "timelines": timelines,
        "notifications": _notifications(complaints["ids"], acknowledge, sink),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    sub = p.add_subparsers(dest="step", required=True)
    d = sub.add_parser("drain")
    d.add_argument("--timeout", type=float, default=240)
    c = sub.add_parser("count")
    c.add_argument("--run-id", required=True)
    c.add_argument("--acks", type=Path, required=True)
    c.add_argument("--sink", type=Path, required=True)
    args = p.parse_args()
    if args.step == "drain":
        result = drain(args.timeout)
    else:
        result = count(args.run_id, json.loads(args.acks.read_text()), args.sink)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
