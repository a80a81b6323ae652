#!/usr/bin/env python
"""Seed a benchmark database with N complaints (default 100,000).

    .venv/bin/python bench/seed.py --count 100000 --data-dir bench/out/db-100k
    .venv/bin/python bench/seed.py --count 1000000 --data-dir bench/out/db-1m

On SQLite (the default) the database file in ``--data-dir`` is deleted and migrated
afresh. With ``DATABASE_URL`` set (PostgreSQL) the ``public`` schema of that database
is dropped and recreated first, so point it at a database used only for benchmarks.

Seeding is not a user action, so rows go in with ``bulk_create`` in batches, one
transaction per chunk; the field values are the ones ``filing.file_complaint`` (and
the transitions after it) would have written. Logins: ``bench-consumer`` and
``bench-agent``, password ``bench-pass`` (see bench/README.md).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import sys
import time
from collections import Counter
from datetime import timedelta
from enum import Enum
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "bench-pass"
BENCH_CONSUMER = "bench-consumer"
BENCH_AGENT = "bench-agent"
# Orders of bench-consumer are numbered BENCH000000 … BENCH{n-1:06d}.
BENCH_ORDER_PREFIX = "BENCH"
BENCH_ORDER_AMOUNT_FEN = 19900


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--count",
        type=int,
        default=100_000,
        help="complaints to create (default 100000; 0: users, shops and orders only)",
    )
    p.add_argument(
        "--data-dir", required=True, help="TOUSU_DATA_DIR: where var/tousu.sqlite3 is created"
    )
    p.add_argument("--merchants", type=int, default=50)
    p.add_argument("--consumers", type=int, default=5_000)
    p.add_argument("--orders", type=int, default=50_000)
    p.add_argument("--agents", type=int, default=8, help="agents besides bench-agent")
    p.add_argument("--bench-orders", type=int, default=1_000, help="orders of bench-consumer")
    p.add_argument("--days", type=int, default=180, help="complaints spread over this many days")
    p.add_argument("--chunk", type=int, default=20_000, help="complaints per transaction")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument(
        "--message-share",
        type=float,
        default=0.4,
        help="share of handled complaints with messages (1-3) besides the filing",
    )
    p.add_argument(
        "--search-jobs", type=int, default=2, help="processes segmenting for the search index"
    )
    p.add_argument("--no-search-index", action="store_true", help="leave the search index empty")
    return p.parse_args()


args = parse_args()
DATA_DIR = Path(args.data_dir).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
os.environ["TOUSU_DATA_DIR"] = str(DATA_DIR)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
USING_SQLITE = not os.environ.get("DATABASE_URL")
if USING_SQLITE:
    for suffix in ("", "-wal", "-shm", "-journal"):
        (DATA_DIR / f"tousu.sqlite3{suffix}").unlink(missing_ok=True)

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tousu.accounts.models import Role, User  # noqa: E402
from tousu.complaints import workflow  # noqa: E402
from tousu.complaints.choices import (  # noqa: E402
    AMOUNT_DEMANDS,
    REFUND_DEMANDS,
    Category,
    Channel,
    Demand,
    EventKind,
    Kind,
    Priority,
)
from tousu.complaints.models import Complaint, ComplaintEvent, DailySequence  # noqa: E402
from tousu.complaints.workflow import Status  # noqa: E402
from tousu.demo.data import PRODUCTS, SHOPS  # noqa: E402
from tousu.merchants.models import Merchant  # noqa: E402
from tousu.orders.models import Order, OrderItem, OrderStatus  # noqa: E402
from tousu.search import bulk as search_bulk  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import texts  # noqa: E402

S = Status
CITIES = ["上海", "杭州", "广州", "深圳", "北京", "成都", "武汉", "南京", "西安", "重庆"]

CHANNELS = [
    (Channel.APP, 45),
    (Channel.WEB, 20),
    (Channel.WECHAT, 20),
    (Channel.PHONE, 8),
    (Channel.REGULATOR_12315, 5),
    (Channel.BLACK_CAT, 2),
]
CATEGORIES = [
    (Category.QUALITY, 22),
    (Category.NOT_AS_DESCRIBED, 14),
    (Category.DELIVERY, 16),
    (Category.REFUND, 14),
    (Category.WRONG_OR_MISSING, 9),
    (Category.COUNTERFEIT, 5),
    (Category.FOOD_SAFETY, 3),
    (Category.SERVICE, 8),
    (Category.PRICING, 6),
    (Category.OTHER, 3),
]
OPEN_STATUSES = [
    (S.RECEIVED, 4),
    (S.ACKNOWLEDGED, 26),
    (S.WAITING_MERCHANT, 22),
    (S.MERCHANT_AGREED, 6),
    (S.MERCHANT_OFFERED, 5),
    (S.MERCHANT_REJECTED, 6),
    (S.INTERVENTION, 11),
    (S.WAITING_EVIDENCE, 4),
    (S.DECIDED, 3),
    (S.FULFILMENT, 6),
    (S.WAITING_CONFIRMATION, 7),
]
CLOSED_STATUSES = [(S.CLOSED, 70), (S.NOT_ACCEPTED, 8), (S.WITHDRAWN, 15), (S.ESCALATED, 7)]
DEMANDS = [
    (Demand.RETURN_REFUND, 35),
    (Demand.REFUND_ONLY, 25),
    (Demand.EXCHANGE, 12),
    (Demand.RESEND, 6),
    (Demand.REPAIR, 4),
    (Demand.COMPENSATION, 10),
    (Demand.APOLOGY, 4),
    (Demand.OTHER, 4),
]
AUTO_ACK = set()  # filled from settings below
TALKERS = ["consumer", "consumer", "platform", "merchant"]


def weighted(rnd: random.Random, table):
    values, weights = zip(*table)
    cum = []
    total = 0
    for w in weights:
        total += w
        cum.append(total)
    return lambda: values[bisect.bisect_right(cum, rnd.random() * total)]


class Timer:
    def __init__(self):
        self.start = time.perf_counter()

    def __call__(self, what: str) -> None:
        print(f"[{time.perf_counter() - self.start:7.1f}s] {what}", flush=True)


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT plain rows with executemany, columns and value adapters from the model.

    ``bulk_create`` spends ~5 µs per value in Python (pre_save, get_db_prep_save, SQL
    assembly for 47-row statements on SQLite); at 1M complaints plus their events that
    was ~7 minutes. Here each column gets the backend's own adapter once per value and
    the rows go through ``executemany``: the same stored values, several times faster.
    """
    fields = model._meta.concrete_fields
    ops = connection.ops
    adapters, defaults = [], []
    for f in fields:
        internal = f.get_internal_type()
        if internal == "DateTimeField":
            adapt = ops.adapt_datetimefield_value
        elif internal == "JSONField":

            def adapt(v):
                return v.adapted if isinstance(v, Prepared) else ops.adapt_json_value(v, None)
        else:
            adapt = None
        adapters.append(adapt)
        defaults.append(f.get_default())
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    names = [f.attname for f in fields]
    values = []
    for row in rows:
        out = []
        for name, adapt, default in zip(names, adapters, defaults):
            v = row.get(name, default)
            if isinstance(v, Enum):  # TextChoices / IntegerChoices members: store the plain value
                v = v.value
            if adapt is not None and v is not None:
                v = adapt(v)
            out.append(v)
        values.append(out)
    with connection.cursor() as cur:
        cur.executemany(sql, values)


class Prepared:
    """A JSON value adapted once and shared by many rows (order snapshots)."""

    def __init__(self, value):
        self.adapted = connection.ops.adapt_json_value(value, None)


def quiet_auto_now(*models):
    """bulk_create runs pre_save, which would stamp auto_now(_add) fields with now()."""
    for model in models:
        for field in model._meta.fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                field.auto_now = field.auto_now_add = False


def main() -> None:
    from django.conf import settings

    AUTO_ACK.update(settings.TOUSU_AUTO_ACKNOWLEDGE_CHANNELS)
    tick = Timer()
    rnd = random.Random(args.seed)
    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0, interactive=False)
    tick(f"migrated a fresh {vendor} database ({connection.settings_dict['NAME']})")
    if vendor == "sqlite":
        with connection.cursor() as cur:
            # Only for the bulk load; the server runs with the settings' PRAGMAs.
            cur.execute("PRAGMA synchronous=OFF")
    quiet_auto_now(Complaint, ComplaintEvent, Order, Merchant)
    now = timezone.now()

    # --- people and shops ------------------------------------------------------------
    shared_hash = make_password(PASSWORD)  # hash once: PBKDF2 per user would take minutes
    with transaction.atomic():
        agents = [
            User(
                username=BENCH_AGENT, role=Role.AGENT, display_name="压测客服", password=shared_hash
            )
        ]
        agents += [
            User(
                username=f"agent{i:02d}",
                role=Role.AGENT,
                display_name=f"客服{i:02d}",
                password=shared_hash,
            )
            for i in range(1, args.agents + 1)
        ]
        agents = User.objects.bulk_create(agents)
        bench_consumer = User.objects.create(
            username=BENCH_CONSUMER,
            role=Role.CONSUMER,
            display_name="压测顾客",
            password=shared_hash,
            phone="13900000000",
        )
        consumers = User.objects.bulk_create(
            [
                User(
                    username=f"consumer{i:05d}",
                    role=Role.CONSUMER,
                    display_name=f"顾客{i:05d}",
                    phone=f"138{i:08d}",
                    password=shared_hash,
                )
                for i in range(1, args.consumers + 1)
            ],
            batch_size=2000,
        )
        merchants = []
        for i in range(args.merchants):
            shop, legal, address, city, contact, phone = SHOPS[i % len(SHOPS)]
            merchants.append(
                Merchant(
                    shop_name=f"{shop}{i // len(SHOPS) + 1:02d}号店",
                    legal_name=legal,
                    registered_address=address,
                    city=CITIES[i % len(CITIES)],
                    contact_name=contact,
                    contact_phone=phone,
                    return_address=address,
                    external_id=f"BM{i:04d}",
                    created_at=now - timedelta(days=400),
                )
            )
        merchants = Merchant.objects.bulk_create(merchants)
        staff = User.objects.bulk_create(
            [
                User(
                    username=f"merchant{i:03d}",
                    role=Role.MERCHANT,
                    display_name=f"{m.shop_name}客服",
                    password=shared_hash,
                )
                for i, m in enumerate(merchants)
            ]
        )
        Merchant.staff.through.objects.bulk_create(
            [
                Merchant.staff.through(merchant_id=m.pk, user_id=u.pk)
                for m, u in zip(merchants, staff)
            ]
        )
    tick(f"{len(agents)} agents, {len(consumers) + 1} consumers, {len(merchants)} merchants")

    # --- orders ----------------------------------------------------------------------
    horizon = args.days + 30  # orders start a month before the first complaint
    order_rows, item_rows, snapshots = [], [], []

    def make_order(number: str, consumer, merchant_index: int, paid, status=None, lines=None):
        products = PRODUCTS[merchant_index % len(PRODUCTS)]
        lines = lines or rnd.sample(products, k=min(len(products), rnd.randint(1, 2)))
        quantities = [rnd.randint(1, 2) for _ in lines]
        total = sum(price * q for (_, _, price), q in zip(lines, quantities))
        status = status or rnd.choice(
            [OrderStatus.RECEIVED] * 5 + [OrderStatus.SHIPPED] * 2 + [OrderStatus.PAID]
        )
        order = Order(
            number=number,
            consumer_id=consumer.pk,
            merchant_id=merchants[merchant_index].pk,
            amount_paid_fen=total,
            status=status,
            paid_at=paid,
            shipped_at=paid + timedelta(days=1) if status != OrderStatus.PAID else None,
            received_at=paid + timedelta(days=3) if status == OrderStatus.RECEIVED else None,
            logistics_number=f"SF{rnd.randint(10**11, 10**12 - 1)}"
            if status != OrderStatus.PAID
            else "",
            imported_at=paid,
        )
        items = [
            OrderItem(
                product_name=name,
                sku=f"SKU{rnd.randint(1000, 9999)}",
                category=category,
                unit_price_fen=price,
                quantity=q,
            )
            for (name, category, price), q in zip(lines, quantities)
        ]
        return order, items

    paid_times = sorted(
        now - timedelta(seconds=rnd.uniform(3600, horizon * 86400)) for _ in range(args.orders)
    )
    for n, paid in enumerate(paid_times):
        mi = rnd.randrange(len(merchants))
        order, items = make_order(f"{paid:%Y%m%d}{n:08d}", rnd.choice(consumers), mi, paid)
        order_rows.append(order)
        item_rows.append(items)
    # bench-consumer: recent, received orders of one simple shape, never complained about.
    bench_rows = []
    for n in range(args.bench_orders):
        paid = now - timedelta(days=1 + n % 30, minutes=n)
        order, items = make_order(
            f"{BENCH_ORDER_PREFIX}{n:06d}",
            bench_consumer,
            n % len(merchants),
            paid,
            status=OrderStatus.RECEIVED,
            lines=[("无线蓝牙耳机 Pro", "electronics", 19900)],
        )
        items[0].quantity = 1
        order.amount_paid_fen = BENCH_ORDER_AMOUNT_FEN
        bench_rows.append((order, items))
    with transaction.atomic():
        all_orders = order_rows + [o for o, _ in bench_rows]
        all_items = item_rows + [i for _, i in bench_rows]
        Order.objects.bulk_create(all_orders, batch_size=5000)
        if all_orders[0].pk is None:  # backends without RETURNING ids
            ids = dict(Order.objects.values_list("number", "pk"))
            for o in all_orders:
                o.pk = ids[o.number]
        flat = []
        for order, items in zip(all_orders, all_items):
            for item in items:
                item.order_id = order.pk
                flat.append(item)
        OrderItem.objects.bulk_create(flat, batch_size=5000)
    merchant_name = {m.pk: m.shop_name for m in merchants}
    for order, items in zip(order_rows, item_rows):
        # Order.snapshot() without the per-order queries.
        snapshots.append(
            Prepared(
                {
                    "number": order.number,
                    "merchant": merchant_name[order.merchant_id],
                    "amount_paid_fen": order.amount_paid_fen,
                    "status": order.status,
                    "paid_at": order.paid_at.isoformat(),
                    "shipped_at": order.shipped_at.isoformat() if order.shipped_at else None,
                    "received_at": order.received_at.isoformat() if order.received_at else None,
                    "logistics_number": order.logistics_number,
                    "items": [
                        {
                            "product_name": i.product_name,
                            "sku": i.sku,
                            "category": i.category,
                            "unit_price_fen": i.unit_price_fen,
                            "quantity": i.quantity,
                        }
                        for i in items
                    ],
                }
            )
        )
    tick(
        f"{len(all_orders)} orders with {len(flat)} items ({args.bench_orders} for {BENCH_CONSUMER})"
    )

    # --- complaints ------------------------------------------------------------------
    pick_channel = weighted(rnd, CHANNELS)
    pick_category = weighted(rnd, CATEGORIES)
    pick_open = weighted(rnd, OPEN_STATUSES)
    pick_closed = weighted(rnd, CLOSED_STATUSES)
    pick_demand = weighted(rnd, DEMANDS)
    busy_agents = agents  # bench-agent included, so "my queue" has rows
    span = args.days * 86400
    # Sorted times, so ids grow with created_at as they would in production.
    offsets = sorted(
        (rnd.random() ** 0.8) * span for _ in range(args.count)
    )  # a little busier lately
    order_paid_ts = [o.paid_at.timestamp() for o in order_rows]
    per_day: Counter = Counter()
    totals: Counter = Counter()
    # Texts come from their own generator, so the rows' other values stay what they were.
    text_rnd = random.Random(args.seed + 1)
    staff_of = {m.pk: u.pk for m, u in zip(merchants, staff)}
    messages = 0
    next_id = 1
    next_event_id = 1
    start_ts = now.timestamp() - span

    for chunk_start in range(0, args.count, args.chunk):
        complaints, events = [], []
        for offset in offsets[chunk_start : chunk_start + args.chunk]:
            ts = start_ts + offset
            created = now - timedelta(seconds=span - offset)
            age_days = (now - created).total_seconds() / 86400
            channel = pick_channel()
            category = pick_category()
            # Older complaints are more often finished; overall about two thirds are open.
            if rnd.random() < min(0.6, age_days / args.days * 0.75) and age_days > 2:
                status = pick_closed()
            elif age_days < 0.05:
                status = S.RECEIVED
            else:
                status = pick_open()
            if status == S.RECEIVED and channel in AUTO_ACK:
                status = S.ACKNOWLEDGED  # these channels are acknowledged the moment they are filed
            order_index = None
            if rnd.random() < 0.95:
                # An order paid in the month before the complaint.
                hi = bisect.bisect_left(order_paid_ts, ts)
                lo = bisect.bisect_left(order_paid_ts, ts - 30 * 86400)
                if hi > lo:
                    order_index = rnd.randrange(lo, hi)
            order = order_rows[order_index] if order_index is not None else None
            kind = (
                (Kind.AFTER_SALES if rnd.random() < 0.6 else Kind.COMPLAINT)
                if order
                else Kind.COMPLAINT
            )
            demand = (
                pick_demand()
                if order
                else rnd.choice([Demand.APOLOGY, Demand.OTHER, Demand.COMPENSATION])
            )
            amount = None
            if demand in AMOUNT_DEMANDS or (demand == Demand.OTHER and rnd.random() < 0.2):
                paid = order.amount_paid_fen if order else 10000
                amount = (
                    max(100, min(paid, rnd.randint(10, 400) * 100))
                    if demand in REFUND_DEMANDS
                    else rnd.randint(10, 500) * 100
                )
            priority = Priority.HIGH if category == Category.FOOD_SAFETY else Priority.NORMAL
            r = rnd.random()
            if r < 0.04:
                priority = Priority.LOW
            elif r < 0.06:
                priority = Priority.URGENT
            elif r < 0.10:
                priority = Priority.HIGH
            if status in (S.RECEIVED, S.ACKNOWLEDGED):
                assignee = rnd.choice(busy_agents) if rnd.random() < 0.05 else None
            else:
                assignee = rnd.choice(busy_agents) if rnd.random() < 0.6 else None
            consumer_id = order.consumer_id if order else rnd.choice(consumers).pk
            local_day = timezone.localdate(created)
            per_day[local_day] += 1
            product = (
                item_rows[order_index][0].product_name if order else text_rnd.choice(PRODUCTS[0])[0]
            )
            description = texts.description(text_rnd, category, product)
            acknowledged = None
            if status != S.RECEIVED:
                acknowledged = (
                    created
                    if channel in AUTO_ACK
                    else created + timedelta(minutes=rnd.randint(5, 600))
                )
                acknowledged = min(acknowledged, now)
            touched = (
                created
                if status in (S.RECEIVED, S.ACKNOWLEDGED)
                else min(
                    now, created + timedelta(hours=rnd.uniform(1, 24 * min(30, max(1, age_days))))
                )
            )
            closed = touched if status in workflow.TERMINAL else None
            complaints.append(
                dict(
                    id=next_id,
                    number=f"TS{local_day:%Y%m%d}{per_day[local_day]:06d}",
                    consumer_id=consumer_id,
                    order_id=order.pk if order else None,
                    merchant_id=order.merchant_id if order else None,
                    order_snapshot=snapshots[order_index] if order else None,  # Prepared JSON
                    channel=channel,
                    kind=kind,
                    category=category,
                    demand=demand,
                    demand_amount_fen=amount,
                    description=description,
                    priority=priority,
                    status=status,
                    assignee_id=assignee.pk if assignee else None,
                    created_at=created,
                    updated_at=touched,
                    acknowledged_at=acknowledged,
                    closed_at=closed,
                )
            )
            # What file_complaint writes: the "filed" event, and for auto-acknowledged
            # channels the system's acknowledge step right after it.
            events.append(
                dict(
                    id=next_event_id,
                    complaint_id=next_id,
                    kind=EventKind.FILED,
                    actor_id=consumer_id,
                    actor_role=Role.CONSUMER,
                    channel=channel,
                    to_status=S.RECEIVED,
                    body=description,
                    created_at=created,
                    data={},
                )
            )
            next_event_id += 1
            if channel in AUTO_ACK:
                events.append(
                    dict(
                        id=next_event_id,
                        complaint_id=next_id,
                        kind=EventKind.STATUS,
                        actor_id=None,
                        actor_role=workflow.SYSTEM,
                        channel=Channel.SYSTEM,
                        from_status=S.RECEIVED,
                        to_status=S.ACKNOWLEDGED,
                        transition="acknowledge",
                        body="",
                        created_at=created,
                        data={},
                    )
                )
                next_event_id += 1
            # Messages on handled complaints (the search index reads them; so will analytics).
            if (
                status not in (S.RECEIVED, S.ACKNOWLEDGED)
                and text_rnd.random() < args.message_share
            ):
                talk = [text_rnd.choice(TALKERS) for _ in range(text_rnd.randint(1, 3))]
                if text_rnd.random() < 0.25:
                    talk.append("note")
                span_s = max(1.0, (touched - created).total_seconds())
                moments = sorted(text_rnd.uniform(0, span_s) for _ in talk)
                for who, at in zip(talk, moments):
                    if who == "merchant" and not order:
                        continue
                    actor, role, via = {
                        "consumer": (consumer_id, Role.CONSUMER, channel),
                        "platform": (text_rnd.choice(agents).pk, Role.AGENT, Channel.DESK),
                        "note": (text_rnd.choice(agents).pk, Role.AGENT, Channel.DESK),
                        "merchant": (
                            staff_of.get(order.merchant_id) if order else None,
                            Role.MERCHANT,
                            Channel.WEB,
                        ),
                    }[who]
                    events.append(
                        dict(
                            id=next_event_id,
                            complaint_id=next_id,
                            kind=EventKind.NOTE if who == "note" else EventKind.MESSAGE,
                            actor_id=actor,
                            actor_role=role,
                            channel=via,
                            body=texts.message(text_rnd, who, product),
                            internal=who == "note",
                            created_at=created + timedelta(seconds=at),
                            data={},
                        )
                    )
                    next_event_id += 1
                    messages += 1
            totals[status] += 1
            next_id += 1
        with transaction.atomic():
            insert_rows(Complaint, complaints)
            insert_rows(ComplaintEvent, events)
        done = min(chunk_start + args.chunk, args.count)
        if done % 100_000 == 0 or done == args.count:
            tick(f"{done} complaints")

    with transaction.atomic():
        DailySequence.objects.bulk_create(
            [DailySequence(day=d, last=n) for d, n in sorted(per_day.items())]
        )
    if vendor == "postgresql":
        with connection.cursor() as cur:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Complaint, ComplaintEvent]):
                cur.execute(sql)
    tick(f"daily sequences for {len(per_day)} days")

    tick(f"{messages} messages and notes")
    if not args.no_search_index:
        indexed = search_bulk.rebuild(batch=2000, jobs=args.search_jobs)
        search_bulk.optimize()
        tick(f"search index: {indexed} documents ({args.search_jobs} segmenting processes)")

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        if vendor == "sqlite":
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tick("ANALYZE done")
    open_count = sum(n for s, n in totals.items() if s not in workflow.TERMINAL)
    print(
        f"complaints: {args.count} ({open_count / max(args.count, 1):.0%} open), events: {next_event_id - 1}"
    )
    print("by status: " + ", ".join(f"{s}={n}" for s, n in totals.most_common()))
    print(f"logins: {BENCH_CONSUMER} / {BENCH_AGENT}, password {PASSWORD}")
    elapsed = time.perf_counter() - tick.start
    print(f"elapsed: {elapsed:.1f}s")
    # run.sh reads this to name its results and to know how many bench orders exist.
    (DATA_DIR / "bench-meta.json").write_text(
        json.dumps(
            {
                "count": args.count,
                "vendor": vendor,
                "bench_orders": args.bench_orders,
                "seed": args.seed,
                "events": next_event_id - 1,
                "messages": messages,
                "search_index": not args.no_search_index,
                "open": open_count,
                "seed_seconds": round(elapsed, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
