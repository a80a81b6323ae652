"""Load the demo data set: accounts for every role, shops, orders, complaints in every status.

Runs once: if the demo accounts exist already it only prints the logins.
"""

from __future__ import annotations

import random
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tousu.accounts.models import Role, User
from tousu.adjudication import decisions, feedback, fulfilment, negotiation
from tousu.automation import actions as automation
from tousu.complaints import actions, filing, routing
from tousu.complaints.choices import Category, Channel, Demand, Kind
from tousu.complaints.errors import TransitionNotAllowed
from tousu.complaints.models import Complaint
from tousu.complaints.workflow import Status
from tousu.demo.data import DESCRIPTIONS, PRODUCTS, SHOPS
from tousu.merchants.models import Merchant
from tousu.orders.models import Order, OrderItem, OrderStatus
from tousu.teams.actions import create_team

PASSWORD = "tousu-demo"
NO_FILING_LIMITS = {"TOUSU_FILING_LIMIT_PER_HOUR": 0, "TOUSU_FILING_LIMIT_PER_DAY": 0}
LOGINS = ["consumer1", "consumer2", "merchant1", "merchant2", "agent1", "supervisor1", "admin"]

# The steps that bring a fresh complaint to each status: (transition, who, note).
PATHS: dict[str, list[tuple[str, str, str]]] = {
    Status.RECEIVED: [],
    Status.ACKNOWLEDGED: [],
    Status.WAITING_MERCHANT: [("forward_to_merchant", "agent", "")],
    Status.MERCHANT_AGREED: [
        ("forward_to_merchant", "agent", ""),
        ("merchant_agree", "merchant", ""),
    ],
    Status.MERCHANT_OFFERED: [
        ("forward_to_merchant", "agent", ""),
        ("merchant_offer", "merchant", "可以部分退款 30 元，或者为您换一件新的。"),
    ],
    Status.MERCHANT_REJECTED: [
        ("forward_to_merchant", "agent", ""),
        ("merchant_reject", "merchant", "商品已签收超过 7 天，且有使用痕迹，不支持退货。"),
    ],
}
PATHS[Status.INTERVENTION] = PATHS[Status.MERCHANT_REJECTED] + [
    ("request_intervention", "consumer", "商家拒绝处理，请平台介入。")
]
PATHS[Status.WAITING_EVIDENCE] = PATHS[Status.INTERVENTION] + [
    ("request_evidence", "agent", "请双方在 3 天内补充商品照片和聊天记录。")
]
PATHS[Status.DECIDED] = PATHS[Status.INTERVENTION] + [
    ("decide", "agent", "根据双方证据，商品存在质量问题，支持消费者退货退款，运费由商家承担。")
]
PATHS[Status.FULFILMENT] = PATHS[Status.MERCHANT_AGREED] + [("accept_offer", "consumer", "")]
# Goods that come back (return and refund, exchange) wait for the consumer's tracking number.
PATHS[Status.RETURN_SHIPPED] = PATHS[Status.FULFILMENT] + [("return_shipped", "consumer", "")]
PATHS[Status.WAITING_CONFIRMATION] = PATHS[Status.RETURN_SHIPPED] + [
    ("confirm_return", "merchant", "")
]
PATHS[Status.CLOSED] = PATHS[Status.WAITING_CONFIRMATION] + [("rate", "consumer", "")]
PATHS[Status.NOT_ACCEPTED] = [("not_accept", "agent", "重复投诉，已在另一投诉中处理。")]
PATHS[Status.WITHDRAWN] = [("withdraw", "consumer", "")]
PATHS[Status.ESCALATED] = [
    ("forward_to_merchant", "agent", ""),
    ("escalate", "agent", "消费者已向 12315 投诉。"),
]


def _step(complaint, actor, name: str, note: str, rnd: random.Random, channel: str) -> None:
    """One step of a demo path, through the action that owns it (structured steps: tousu.adjudication)."""
    complaint.refresh_from_db()
    paid = (complaint.order_snapshot or {}).get("amount_paid_fen", 0)
    if name == "merchant_agree":
        negotiation.respond(complaint, actor, negotiation.Reply("agree"), channel=channel)
    elif name == "merchant_offer":
        negotiation.respond(
            complaint,
            actor,
            negotiation.Reply(
                "offer", remedy="partial_refund", amount_fen=min(3000, paid), reason=note
            ),
            channel=channel,
        )
    elif name == "merchant_reject":
        negotiation.respond(
            complaint, actor, negotiation.Reply("reject", reason=note), channel=channel
        )
    elif name == "request_intervention":
        negotiation.reject_offer(complaint, actor, note, ask_platform=True, channel=channel)
    elif name == "request_evidence":
        decisions.request_evidence(complaint, actor, "both", note, channel=channel)
    elif name == "accept_offer":
        negotiation.accept_offer(complaint, actor, channel=channel)
    elif name == "decide":
        decisions.decide(
            complaint,
            actor,
            decisions.Ruling(
                outcome="full",
                grounds=note,
                refund_fen=paid,
                return_required=True,
                shipping_paid_by="merchant",
                penalty="warning",
            ),
            channel=channel,
        )
    elif name == "return_shipped":
        fulfilment.ship_return(
            complaint,
            actor,
            carrier="顺丰速运",
            tracking_number=f"SF{rnd.randint(10**11, 10**12 - 1)}",
            channel=channel,
        )
    elif name == "confirm_return":
        fulfilment.confirm_receipt(complaint, actor, channel=channel)
    elif name == "rate":
        feedback.give(
            complaint,
            actor,
            attitude=rnd.randint(3, 5),
            speed=rnd.randint(2, 5),
            overall=rnd.randint(3, 5),
            comment="处理及时，谢谢。",
            accepted=True,
            channel=channel,
        )
    else:
        actions.transition(complaint, actor, name, channel=channel, note=note)


@contextmanager
def _filing_limits_lifted():
    """The settings in ``NO_FILING_LIMITS`` while the block runs (this process only), then back."""
    saved = {name: getattr(settings, name) for name in NO_FILING_LIMITS}
    for name, value in NO_FILING_LIMITS.items():
        setattr(settings, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(settings, name, value)


class Command(BaseCommand):
    help = "Load demo accounts, shops, orders and complaints (once)."

    def handle(self, *args, **options):
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Demo data already loaded.")
        else:
            # The demo's history is seeding, not consumers filing: the per-account filing
            # limits (tousu/complaints/quotas.py) do not apply to it. `make run` serves the
            # demo with them lifted too, since its accounts have just "filed" all of this.
            with transaction.atomic(), _filing_limits_lifted():
                self._load(random.Random(2026))
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Demo logins (password {PASSWORD}): {', '.join(LOGINS)}")

    def _user(self, username: str, role: str, name: str, phone: str = "", **extra) -> User:
        if not hasattr(self, "_hashed"):
            self._hashed = make_password(PASSWORD)  # hash once: PBKDF2 per user is slow
        user = User(
            username=username,
            role=role,
            display_name=name,
            phone=phone,
            password=self._hashed,
            **extra,
        )
        user.save()
        return user

    def _load(self, rnd: random.Random) -> None:
        consumers = [
            self._user("consumer1", Role.CONSUMER, "张小明", "13812341234"),
            self._user("consumer2", Role.CONSUMER, "李小红", "13998765432"),
        ]
        consumers += [
            self._user(f"consumer{i}", Role.CONSUMER, f"顾客{i}", f"137{i:08d}")
            for i in range(3, 31)
        ]
        self.agent = self._user("agent1", Role.AGENT, "客服小王")
        self.agent2 = self._user("agent2", Role.AGENT, "客服小李")
        self.supervisor = self._user("supervisor1", Role.SUPERVISOR, "主管老陈")
        self._user("admin", Role.ADMIN, "管理员", is_staff=True, is_superuser=True)
        shops, self.staff = [], {}
        for i, (shop, legal, address, city, contact, phone) in enumerate(SHOPS, start=1):
            merchant = Merchant.objects.create(
                shop_name=shop,
                legal_name=legal,
                registered_address=address,
                city=city,
                contact_name=contact,
                contact_phone=phone,
                return_address=address,
                external_id=f"M{i:04d}",
            )
            staff = self._user(f"merchant{i}", Role.MERCHANT, f"{shop}客服")
            merchant.staff.add(staff)
            shops.append(merchant)
            self.staff[merchant.pk] = staff
        orders = self._orders(rnd, consumers, shops)
        self._complaints(rnd, orders)
        self._teams()
        self._rules(self.supervisor)

    def _rules(self, supervisor: User) -> None:
        """A few automation rules (docs/automation.md), made after the seeded history so
        they fire only on what happens in the demo from now on."""
        for name, trigger, params, conditions, steps in (
            (
                "大额退款提醒主管",
                "filed",
                {},
                [{"kind": "amount", "min_fen": 50000, "max_fen": None}],
                [{"kind": "tag", "name": "大额"}, {"kind": "notify", "user": None}],
            ),
            (
                "催办三次升级",
                "urged",
                {"count": 3},
                [],
                [{"kind": "priority", "priority": 4}, {"kind": "notify", "user": None}],
            ),
            (
                "夜间留言标记",
                "consumer_message",
                {},
                [{"kind": "time", "when": "outside"}],
                [{"kind": "tag", "name": "夜间留言"}],
            ),
        ):
            automation.save_rule(
                supervisor,
                name=name,
                trigger=trigger,
                trigger_params=params,
                conditions=conditions,
                actions=steps,
            )

    def _orders(self, rnd, consumers, shops) -> list[Order]:
        now = timezone.now()
        orders = []
        for n in range(300):
            # consumer1 and consumer2 get a good share so their pages look lived in.
            consumer = (
                consumers[0]
                if n % 10 == 0
                else consumers[1]
                if n % 10 == 1
                else rnd.choice(consumers)
            )
            shop_index = rnd.randrange(len(shops))
            paid = now - timedelta(days=rnd.randint(1, 60), minutes=rnd.randint(0, 1440))
            lines = rnd.sample(PRODUCTS[shop_index], k=rnd.randint(1, 2))
            quantities = [rnd.randint(1, 2) for _ in lines]
            total = sum(price * q for (_, _, price), q in zip(lines, quantities))
            status = rnd.choice(
                [OrderStatus.RECEIVED] * 5 + [OrderStatus.SHIPPED] * 2 + [OrderStatus.PAID]
            )
            order = Order.objects.create(
                number=f"{paid:%Y%m%d}{n:06d}{rnd.randint(100, 999)}",
                consumer=consumer,
                merchant=shops[shop_index],
                amount_paid_fen=total,
                status=status,
                paid_at=paid,
                shipped_at=paid + timedelta(days=1) if status != OrderStatus.PAID else None,
                received_at=paid + timedelta(days=3) if status == OrderStatus.RECEIVED else None,
                logistics_number=f"SF{rnd.randint(10**11, 10**12 - 1)}"
                if status != OrderStatus.PAID
                else "",
            )
            for (name, category, price), quantity in zip(lines, quantities):
                OrderItem.objects.create(
                    order=order,
                    product_name=name,
                    sku=f"SKU{rnd.randint(1000, 9999)}",
                    category=category,
                    unit_price_fen=price,
                    quantity=quantity,
                )
            orders.append(order)
        return orders

    def _complaints(self, rnd, orders) -> None:
        statuses = list(PATHS)
        # Leave consumer1's newest orders without complaints, so a demo user can file one.
        candidates = [
            o
            for o in orders
            if not (
                o.consumer.username == "consumer1"
                and o.paid_at > timezone.now() - timedelta(days=20)
            )
        ]
        for n, order in enumerate(candidates[:90]):
            target = statuses[n % len(statuses)]
            category, text = rnd.choice(DESCRIPTIONS)
            demand = rnd.choice(
                [Demand.RETURN_REFUND, Demand.REFUND_ONLY, Demand.EXCHANGE, Demand.COMPENSATION]
            )
            amount = (
                None
                if demand == Demand.EXCHANGE
                else min(order.amount_paid_fen, rnd.randint(10, 300) * 100)
            )
            channel = (
                Channel.PHONE
                if target == Status.RECEIVED
                else rnd.choice([Channel.WEB, Channel.APP, Channel.WECHAT])
            )
            complaint, _ = filing.file_complaint(
                order.consumer,
                filing.Draft(
                    kind=rnd.choice(list(Kind.values)),
                    category=category,
                    demand=demand,
                    description=text,
                    order_number=order.number,
                    amount_fen=amount,
                ),
                channel=channel,
            )
            for name, who, note in PATHS[target]:
                actor = {
                    "agent": self.agent,
                    "consumer": order.consumer,
                    "merchant": self.staff[order.merchant_id],
                }[who]
                try:
                    _step(
                        complaint,
                        actor,
                        name,
                        note,
                        rnd,
                        Channel.DESK if who == "agent" else Channel.WEB,
                    )
                except TransitionNotAllowed:
                    break  # e.g. nothing comes back for a refund only: the path ends earlier
            if n % 3 == 0:
                actions.post_message(
                    complaint,
                    self.agent,
                    "您好，您的投诉我们已经收到，正在核实，请耐心等待。",
                    channel=Channel.DESK,
                )
            if n % 4 == 0:
                actions.post_message(
                    complaint,
                    self.agent,
                    "消费者情绪较大，优先处理。",
                    channel=Channel.DESK,
                    internal=True,
                )

    def _teams(self) -> None:
        """Three teams of the demo agents, and the open complaints in their queues: food
        safety by category, electronics by shop, WeChat by channel; some given in turn."""
        food = create_team(
            self.supervisor,
            "食品安全",
            description="食品、生鲜的质量与安全投诉",
            members=[self.agent],
        )
        tech = create_team(
            self.supervisor,
            "数码电子",
            description="手机、电脑、耳机等数码产品",
            members=[self.agent, self.agent2],
        )
        wechat = create_team(
            self.supervisor, "微信渠道", description="经微信公众号提交的投诉", members=[self.agent2]
        )
        open_ones = [
            c for c in Complaint.objects.select_related("merchant").order_by("pk") if c.is_open
        ]
        for n, complaint in enumerate(open_ones):
            if complaint.category == Category.FOOD_SAFETY:
                team = food
            elif complaint.merchant and "数码" in complaint.merchant.shop_name:
                team = tech
            elif complaint.channel == Channel.WECHAT:
                team = wechat
            else:
                continue  # the rest wait in no team's queue
            if complaint.assignee_id is None and n % 3 == 0:
                routing.assign_in_turn(complaint, self.supervisor, team)
            else:
                routing.route_to_team(complaint, self.supervisor, team)
