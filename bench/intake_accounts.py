#!/usr/bin/env python
"""Consumer accounts for the intake benchmark (bench/intake.sh), added to a seeded database.

    .venv/bin/python bench/intake_accounts.py --data-dir bench/out/db-100k \\
        --accounts 3000 --orders-each 4 --out /tmp/intake-slots.txt

Creates ``--accounts`` fresh consumers (usernames ``intake-<tag>-00000``…), each with
``--orders-each`` recent, received orders of its own, and a bearer token for each
(``ApiToken.issue``, the API's own way to make one). Writes one line per filing slot,
the token, a tab and the JSON request body (the body names the slot's order and has a varied
Chinese description from ``texts.py``), ordered so that consecutive slots belong to different
accounts: slot s is account ``s mod accounts``, order ``s div accounts``. The wrk script
(``wrk/intake.lua``) takes the slots in order, so each account files at most
``orders-each`` complaints, below ``TOUSU_FILING_LIMIT_PER_HOUR`` (5 by default), and
the per-account limits stay on without ever refusing. The number of slots is the most
filings one run can make without a 429.

Every run gets a new ``--tag`` (the shell script uses the time), so accounts of an
earlier run, whose filings still count towards their hour, are never used again.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import texts  # noqa: E402

CATEGORIES = ["quality", "quality", "not_as_described", "wrong_or_missing", "delivery", "service"]
PRODUCT = "无线蓝牙耳机 Pro"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data-dir", required=True, help="TOUSU_DATA_DIR of the seeded database")
    p.add_argument("--accounts", type=int, default=3000)
    p.add_argument("--orders-each", type=int, default=4, help="filings per account at most")
    p.add_argument("--tag", required=True, help="makes usernames and order numbers unique")
    p.add_argument("--out", required=True, help="slot file: token, tab, JSON body per line")
    p.add_argument("--seed", type=int, default=13)
    return p.parse_args()


def create(accounts: int, orders_each: int, tag: str, seed: int = 13) -> list[tuple[str, dict]]:
    """Make the accounts, orders and tokens (Django set up); return the slots in order."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from tousu.accounts.models import ApiToken, Role, User
    from tousu.merchants.models import Merchant
    from tousu.orders.models import Order, OrderItem, OrderStatus

    limit = settings.TOUSU_FILING_LIMIT_PER_HOUR
    if limit and orders_each >= limit:
        sys.exit(f"--orders-each {orders_each} would reach the hourly limit ({limit})")
    now = timezone.now()
    merchants = list(Merchant.objects.order_by("pk").values_list("pk", flat=True))
    if not merchants:
        sys.exit("no merchants: seed the database first (bench/seed.py)")
    unusable = make_password(None)  # token login only
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    username=f"intake-{tag}-{i:05d}",
                    role=Role.CONSUMER,
                    display_name=f"压测用户{i:05d}",
                    # A mobile number, as consumers sign up with: filing then queues an
                    # SMS beside the in-app notice (E.164, as User.save would store it).
                    phone=f"+86139{i:08d}",
                    password=unusable,
                )
                for i in range(accounts)
            ],
            batch_size=1000,
        )
        if users[0].pk is None:  # backends without RETURNING ids
            users = list(User.objects.filter(username__startswith=f"intake-{tag}-"))
            users.sort(key=lambda u: u.username)
        orders = []
        for i, user in enumerate(users):
            for k in range(orders_each):
                paid = now - timedelta(days=2 + (i + k) % 20, minutes=k)
                orders.append(
                    Order(
                        number=f"IN{tag}{i:05d}{k:02d}",
                        consumer_id=user.pk,
                        merchant_id=merchants[(i + k) % len(merchants)],
                        amount_paid_fen=19900,
                        status=OrderStatus.RECEIVED,
                        paid_at=paid,
                        shipped_at=paid + timedelta(days=1),
                        received_at=paid + timedelta(days=2),
                        logistics_number=f"YT{tag}{i:05d}{k:02d}",
                    )
                )
        orders = Order.objects.bulk_create(orders, batch_size=5000)
        if orders[0].pk is None:
            ids = dict(
                Order.objects.filter(number__startswith=f"IN{tag}").values_list("number", "pk")
            )
            for o in orders:
                o.pk = ids[o.number]
        OrderItem.objects.bulk_create(
            [
                OrderItem(
                    order_id=o.pk,
                    product_name=PRODUCT,
                    sku="SKU4711",
                    category="electronics",
                    unit_price_fen=19900,
                    quantity=1,
                )
                for o in orders
            ],
            batch_size=5000,
        )
        expires = now + timedelta(days=1)
        tokens = [ApiToken.issue(user, expires)[1] for user in users]
    rnd = random.Random(seed)
    slots = []
    for k in range(orders_each):
        for i in range(accounts):
            category = rnd.choice(CATEGORIES)
            body = {
                "order_number": f"IN{tag}{i:05d}{k:02d}",
                "kind": "after_sales",
                "category": category,
                "demand": "refund_only",
                "amount_fen": rnd.choice((2000, 5000, 9900, 19900)),
                "description": texts.description(rnd, category, PRODUCT),
            }
            slots.append((tokens[i], body))
    return slots


def main() -> None:
    args = parse_args()
    os.environ["TOUSU_DATA_DIR"] = str(Path(args.data_dir).resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousu.settings")
    import django

    django.setup()
    slots = create(args.accounts, args.orders_each, args.tag, args.seed)
    with open(args.out, "w") as f:
        for token, body in slots:
            f.write(f"{token}\t{json.dumps(body, ensure_ascii=False)}\n")
    print(
        f"{args.accounts} accounts × {args.orders_each} orders: {len(slots)} filing slots in {args.out}"
    )


if __name__ == "__main__":
    main()
