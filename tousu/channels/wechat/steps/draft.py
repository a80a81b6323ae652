"""Drafting a complaint: which order, which items, the description, category, demand and
amount; each answer is checked when it is typed, as filing will check it."""

from __future__ import annotations

import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.channels.wechat import binding
from tousu.channels.wechat.commands import (
    LIST_SIZE,
    MAX_PHOTOS,
    not_understood,
    numbered,
    pick_choice,
)
from tousu.channels.wechat.models import State
from tousu.coach.analysis import analyse
from tousu.complaints import duplicates, quotas
from tousu.complaints import lines as complaint_lines
from tousu.complaints.access import complaints_for, orders_for
from tousu.complaints.choices import AMOUNT_DEMANDS, Category, Channel, Demand
from tousu.complaints.errors import FilingLimitReached


class DraftSteps:
    def _do_start(self, user: User) -> str:
        conv = self.conv
        try:  # say so now, not after all the questions
            quotas.check_filing(user, Channel.WECHAT, self.now)
        except FilingLimitReached as error:
            return error.text()
        conv.reset()
        conv.draft_key = uuid.uuid4().hex
        conv.state = State.ORDER
        orders = list(
            orders_for(user)
            .select_related("merchant")
            .prefetch_related("items")
            .order_by("-paid_at")[:LIST_SIZE]
        )
        conv.choices = [order.number for order in orders]
        lines = [
            _(
                "Which order is it about? Reply with its number in the list, type the order number, "
                "or reply 0 if it is not about an order."
            )
        ]
        for i, order in enumerate(orders, start=1):
            item = next(iter(order.items.all()), None)
            lines.append(
                f"{i}. {order.number} {order.merchant.shop_name} {item.product_name if item else ''} "
                f"¥{order.amount_paid_fen / 100:.2f} ({timezone.localtime(order.paid_at):%Y-%m-%d})"
            )
        return "\n".join(lines)

    def _order(self, text: str) -> str:
        conv = self.conv
        if text == "0":
            conv.order_number = ""
        elif text.isdigit() and 1 <= int(text) <= len(conv.choices):
            conv.order_number = conv.choices[int(text) - 1]
        elif orders_for(binding.bound_user(conv.openid)).filter(number=text).exists():
            conv.order_number = text
        else:
            return _(
                "We cannot find this order among your orders. Reply with a number from the list, "
                "the order number, or 0."
            )
        items = list(self._order_row().items.all()) if conv.order_number else []
        if len(items) > 1 or (items and items[0].quantity > 1):
            conv.state, conv.choices = State.LINES, [item.pk for item in items]
            return "\n".join(
                [
                    _(
                        "Which item is it about? Reply with its number, several numbers such as 1 3, "
                        "2x2 for two of item 2, or 0 for the whole order."
                    )
                ]
                + [
                    f"{i}. {item.product_name} ¥{item.unit_price_fen / 100:.2f} × {item.quantity}"
                    for i, item in enumerate(items, start=1)
                ]
            )
        conv.lines = [[items[0].pk, 1]] if items else []  # one item: that is what it is about
        return self._unless_duplicate()

    def _order_row(self):
        return (
            orders_for(binding.bound_user(self.conv.openid))
            .filter(number=self.conv.order_number)
            .first()
        )

    def _lines(self, text: str) -> str:
        """Which lines (and how many of each) the complaint is about; checked at once, as filing will."""
        conv, order = self.conv, self._order_row()
        pairs, problem = ([], "") if text == "0" else complaint_lines.from_reply(text, conv.choices)
        if order is not None and not problem:
            ordered = {item.pk: item.quantity for item in order.items.all()}
            pairs = [(pk, quantity or ordered.get(pk, 0)) for pk, quantity in pairs]
            problem = complaint_lines.choose(order, pairs)[1]
        if problem:
            return problem + "\n" + _("Reply 取消 to stop.")
        conv.lines = [list(pair) for pair in pairs]
        return self._unless_duplicate()

    def _unless_duplicate(self) -> str:
        """On to the description, unless an open complaint of the user's already covers the
        chosen line(s): then ask whether to add to it (1) or file a new one anyway (2)."""
        conv = self.conv
        order = self._order_row() if conv.order_number else None
        items = [pk for pk, _quantity in conv.lines]
        found = duplicates.open_for_lines(binding.bound_user(conv.openid), order, items)
        if found is not None and order is not None:
            conv.state, conv.choices, conv.complaint_number = State.DUPLICATE, [], found.number
            return (
                duplicates.warning(found, order, items)
                + "\n"
                + _("Reply 1 to add to complaint %(number)s, or 2 to file a new complaint anyway.")
                % {"number": found.number}
            )
        conv.state, conv.choices = State.DESCRIBE, []
        return _("Please describe the problem in a few sentences.")

    def _duplicate(self, text: str) -> str:
        conv = self.conv
        if text == "1":
            user = binding.bound_user(conv.openid)
            complaint = complaints_for(user).filter(number=conv.complaint_number).first()
            if complaint is None:
                conv.reset()
                return not_understood()
            return self._act("human", user, complaint)  # messages and photos go to it
        if text == "2":
            conv.state, conv.complaint_number = State.DESCRIBE, ""
            return _("Please describe the problem in a few sentences.")
        return (
            _("Reply 1 to add to complaint %(number)s, or 2 to file a new complaint anyway.")
            % {"number": conv.complaint_number}
            + "\n"
            + _("Reply 取消 to stop.")
        )

    def _describe(self, text: str) -> str:
        if len(text) < 5:
            return _("Please describe the problem in a few more words.")
        if len(text) > settings.TOUSU_DESCRIPTION_MAX_CHARS:
            return _("Please keep the description under %(n)s characters.") % {
                "n": settings.TOUSU_DESCRIPTION_MAX_CHARS
            }
        self.conv.description, self.conv.state = text, State.CATEGORY
        return numbered(_("What kind of problem is it? Reply with a number:"), Category.choices)

    def _category(self, text: str) -> str:
        value = pick_choice(text, Category.choices)
        if value is None:
            return numbered(_("Please reply with one of these numbers:"), Category.choices)
        self.conv.category, self.conv.state = value, State.DEMAND
        return numbered(_("What would you like? Reply with a number:"), Demand.choices)

    def _demand(self, text: str) -> str:
        value = pick_choice(text, Demand.choices)
        if value is None:
            return numbered(_("Please reply with one of these numbers:"), Demand.choices)
        self.conv.demand = value
        if value in AMOUNT_DEMANDS:
            self.conv.state = State.AMOUNT
            return _("How much do you ask for, in yuan? Reply 全额 for the full amount paid.")
        return self._ask_photos()

    def _amount(self, text: str) -> str:
        """The amount asked for; a refund above what was paid for the chosen items is
        refused here, with the most it can be, rather than at 提交."""
        conv, order = self.conv, self._order_row()
        picked = complaint_lines.choose(order, [tuple(pair) for pair in conv.lines])[0]
        if text in {"全额", "全部", "all"}:
            if order is None:
                return _(
                    "Without an order there is no amount paid. Please type the amount in yuan."
                )
            amount_fen = complaint_lines.paid_for(order, picked)  # paid for the chosen items
        else:
            try:
                yuan = Decimal(text.replace("¥", "").replace("元", "").strip())
            except InvalidOperation:
                return _("Please type the amount as a number of yuan, for example 99.50.")
            if (
                not yuan.is_finite()  # NaN, Infinity
                or yuan < 0
                or yuan > 10**8
                or yuan != yuan.quantize(Decimal("0.01"))
            ):
                return _("Please type the amount as a number of yuan, for example 99.50.")
            amount_fen = int(yuan * 100)
        too_much = complaint_lines.refund_above_paid(order, picked, conv.demand, amount_fen)
        if too_much:
            return (
                too_much
                + "\n"
                + _(
                    "Please type an amount up to %(most)s yuan, or reply 全额 for the full amount "
                    "paid."
                )
                % {"most": f"{complaint_lines.paid_for(order, picked) / 100:.2f}"}
            )
        conv.amount_fen = amount_fen
        return self._ask_photos()

    def _ask_photos(self) -> str:
        self.conv.state = State.PHOTOS
        return (
            _(
                "You can now send photos as evidence (up to %(n)s). When you are done, reply 提交 "
                "to submit or 取消 to cancel."
            )
            % {"n": MAX_PHOTOS}
            + self._coach_tips()
        )

    def _coach_tips(self) -> str:
        """The writing coach's advice before 提交 (advice only; the consumer may submit as is).

        Evidence is asked for right here, and a complaint without an order needs no order
        number, so those findings are left out; at most three, warnings first, keep the reply short.
        """
        conv = self.conv
        skip = {"no_evidence"} | (set() if conv.order_number else {"missing_order_number"})
        findings = [
            f
            for f in analyse(
                conv.description,
                category=conv.category,
                demand=conv.demand,
                amount_fen=conv.amount_fen,
                order_number=conv.order_number,
                evidence_count=1,
            )
            if f.code not in skip
        ]
        findings = sorted(findings, key=lambda f: f.severity != "warning")[:3]  # warnings first
        if not findings:
            return ""
        tips = "\n".join(f"· {f.message} {f.suggestion}" for f in findings)
        return (
            "\n\n"
            + _(
                "Tips on your description (advice only; you can submit it as it is, or reply 取消 "
                "and start again to rewrite it):"
            )
            + "\n"
            + tips
        )
