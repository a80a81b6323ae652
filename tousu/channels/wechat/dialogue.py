"""The conversation with a WeChat user: from 投诉 to a complaint number, then 进度, 催办, 人工.

``receive`` answers one inbound message or event: it deduplicates (a WeChat retry gets
the reply the first attempt got, and nothing happens twice), loads the user's
``Conversation`` row, runs one step of the state machine below and returns the reply
text. Every write goes through the complaint actions; slow work (fetching photos) is
queued in the outbox. Replies are always in the platform language (Chinese), whatever
the HTTP request says.

States (models.State): IDLE → [PHONE → CODE] → ORDER → [LINES] → DESCRIBE → CATEGORY → DEMAND →
[AMOUNT] → PHOTOS → (提交) IDLE. PICK chooses among several open complaints; HUMAN
relays text to the complaint's conversation until 退出.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.channels.phone.callbacks import asked_message, request_callback
from tousu.channels.wechat import binding, jobs
from tousu.channels.wechat.models import Conversation, InboundMessage, State
from tousu.channels.wechat.xml import Inbound
from tousu.coach.analysis import analyse
from tousu.complaints import actions, quotas
from tousu.complaints import lines as complaint_lines
from tousu.complaints.access import complaints_for, orders_for
from tousu.complaints.choices import AMOUNT_DEMANDS, Category, Channel, Demand, Kind, Party
from tousu.complaints.errors import ComplaintError, FilingLimitReached
from tousu.complaints.models import OPEN_Q, Complaint
from tousu.sla import turns

log = logging.getLogger("tousu.wechat")

START = {"投诉", "客服", "售后", "complain"}
STATUS = {"进度", "查询", "status"}
URGE = {"催办", "urge"}
HUMAN = {"人工", "human"}
CALLBACK = {"回电", "callback"}
CANCEL = {"取消", "退出", "cancel"}
SUBMIT = {"提交", "submit"}
HELP = {"帮助", "help", "?", "？", "菜单"}
DRAFTING = {
    State.ORDER,
    State.LINES,
    State.DESCRIBE,
    State.CATEGORY,
    State.DEMAND,
    State.AMOUNT,
    State.PHOTOS,
}
MAX_PHOTOS = 9
LIST_SIZE = 5
# WeChat retries within seconds; remembering answered messages for days is plenty.
KEEP_SEEN = timedelta(days=3)


def receive(message: Inbound) -> str:
    """The reply to ``message`` (empty: nothing to say, answer "success"). A binding code
    asked for goes out by SMS after the transaction committed (``binding.sent_after``)."""
    with binding.sent_after() as not_sent:
        reply = _receive(message)
    if not_sent:
        with translation.override(settings.LANGUAGE_CODE):
            return str(not_sent[0])
    return reply


def _receive(message: Inbound) -> str:
    try:
        with transaction.atomic():
            seen = InboundMessage.objects.filter(dedupe_key=message.dedupe_key).first()
            if seen is not None:
                return seen.reply
            try:
                with transaction.atomic():
                    record = InboundMessage.objects.create(
                        dedupe_key=message.dedupe_key,
                        openid=message.openid,
                        msg_type=message.msg_type[:32],
                    )
            except IntegrityError:  # a concurrent retry committed first
                return InboundMessage.objects.get(dedupe_key=message.dedupe_key).reply
            with translation.override(settings.LANGUAGE_CODE):
                reply = Dialogue(message).step()
            record.reply = reply
            record.save(update_fields=["reply"])
            if record.pk % 100 == 0:  # now and then, forget what WeChat can no longer retry
                InboundMessage.objects.filter(received_at__lt=timezone.now() - KEEP_SEEN).delete()
            return reply
    except Exception:  # noqa: BLE001 - a chat user never gets an error page; WeChat may retry
        log.exception("WeChat message %s from %s failed", message.dedupe_key, message.openid)
        with translation.override(settings.LANGUAGE_CODE):
            return _("Sorry, something went wrong on our side. Please try again in a moment.")


def help_text() -> str:
    return _(
        "You can reply:\n"
        "投诉 — file a complaint (also 客服 or 售后)\n"
        "进度 — the status of your complaints\n"
        "催办 — urge an open complaint\n"
        "人工 — talk to customer service\n"
        "回电 — ask the hotline to call you back\n"
        "取消 — stop what you are doing"
    )


class Dialogue:
    def __init__(self, message: Inbound):
        self.message = message
        self.now = timezone.now()
        self.conv, _created = Conversation.objects.select_for_update().get_or_create(
            openid=message.openid
        )

    def step(self) -> str:
        conv, message = self.conv, self.message
        notice = ""
        if conv.state != State.IDLE and conv.expires_at and conv.expires_at < self.now:
            conv.reset()
            notice = _("Your last conversation was idle too long, so we started over.") + "\n"
        if message.msg_type == "event":
            reply = self._event()
        else:
            conv.last_inbound_at = self.now
            if message.msg_type == "text":
                reply = self._text(message.content.strip())
            elif message.msg_type == "image":
                reply = self._image()
            else:
                reply = _("Sorry, we can only read text and photos here.") + "\n" + help_text()
        idle = timedelta(minutes=settings.TOUSU_WECHAT_IDLE_MINUTES)
        conv.expires_at = None if conv.state == State.IDLE else self.now + idle
        conv.save()
        return notice + reply if reply else reply

    # --- events -------------------------------------------------------------------
    def _event(self) -> str:
        event = self.message.event
        if event == "unsubscribe":
            self.conv.reset()
            self.conv.subscribed = False
            return ""
        self.conv.last_inbound_at = self.now
        if event == "subscribe":
            self.conv.subscribed = True
            return (
                _("Welcome! This account handles complaints about orders on our marketplace.")
                + "\n"
                + help_text()
            )
        if event == "click" and self.message.event_key:
            return self._text(self.message.event_key.strip())
        return ""  # location reports, menu views, …: nothing to say

    # --- text ---------------------------------------------------------------------
    def _text(self, text: str) -> str:
        conv = self.conv
        word = text.lower()
        if word in CANCEL:
            was = conv.state
            conv.reset()
            if was in DRAFTING:
                return _("Cancelled. Nothing was filed.")
            return _("OK, stopped.") if was != State.IDLE else help_text()
        if word in HELP:
            return help_text()
        if word in START:
            return self._command("start")
        if word in STATUS:
            return self._command("status")
        if word in URGE:
            return self._command("urge")
        if word in HUMAN:
            return self._command("human")
        if word in CALLBACK:
            return self._command("callback")
        if (
            conv.state not in {State.IDLE, State.PHONE, State.CODE}
            and binding.bound_user(conv.openid) is None
        ):
            conv.reset()  # the binding was removed meanwhile (admin): start from the top
            return help_text()
        handler = {
            State.PHONE: self._phone,
            State.CODE: self._code,
            State.ORDER: self._order,
            State.LINES: self._lines,
            State.DESCRIBE: self._describe,
            State.CATEGORY: self._category,
            State.DEMAND: self._demand,
            State.AMOUNT: self._amount,
            State.PHOTOS: self._photos_text,
            State.PICK: self._pick,
            State.HUMAN: self._relay,
        }.get(conv.state)
        if handler is None:
            return _("Sorry, we did not understand that.") + "\n" + help_text()
        return handler(text)

    def _command(self, name: str) -> str:
        user = binding.bound_user(self.conv.openid)
        if user is None:
            self.conv.reset()
            self.conv.state, self.conv.purpose = State.PHONE, name
            return _(
                "First we need to link your WeChat to your account on our marketplace. "
                "Please reply with the mobile number of your account."
            )
        return getattr(self, f"_do_{name}")(user)

    # --- binding ------------------------------------------------------------------
    def _phone(self, text: str) -> str:
        phone = binding.normalise_phone(text)
        if phone is None:
            return _(
                "That does not look like a mainland mobile number (11 digits starting with 1). "
                "Please try again, or reply 取消."
            )
        sent = binding.send_code(self.conv.openid, phone)
        if sent.ok:
            self.conv.state = State.CODE
        return sent.message

    def _code(self, text: str) -> str:
        if binding.normalise_phone(text):
            return self._phone(text)  # a new number: send a new code
        if not (text.isdigit() and len(text) == 6):
            return _("Please reply with the 6-digit code from the SMS, or 取消.")
        verified = binding.verify(self.conv.openid, text)
        if verified.user is None:
            return verified.message
        purpose = self.conv.purpose or "start"
        self.conv.state, self.conv.purpose = State.IDLE, ""
        return (
            _("Your WeChat is now linked to your account.")
            + "\n"
            + getattr(self, f"_do_{purpose}")(verified.user)
        )

    # --- filing -------------------------------------------------------------------
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
        conv.state, conv.choices = State.DESCRIBE, []
        return _("Please describe the problem in a few sentences.")

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
        conv.lines, conv.state, conv.choices = [list(pair) for pair in pairs], State.DESCRIBE, []
        return _("Please describe the problem in a few sentences.")

    def _describe(self, text: str) -> str:
        if len(text) < 5:
            return _("Please describe the problem in a few more words.")
        if len(text) > settings.TOUSU_DESCRIPTION_MAX_CHARS:
            return _("Please keep the description under %(n)s characters.") % {
                "n": settings.TOUSU_DESCRIPTION_MAX_CHARS
            }
        self.conv.description, self.conv.state = text, State.CATEGORY
        return _numbered(_("What kind of problem is it? Reply with a number:"), Category.choices)

    def _category(self, text: str) -> str:
        value = _pick_choice(text, Category.choices)
        if value is None:
            return _numbered(_("Please reply with one of these numbers:"), Category.choices)
        self.conv.category, self.conv.state = value, State.DEMAND
        return _numbered(_("What would you like? Reply with a number:"), Demand.choices)

    def _demand(self, text: str) -> str:
        value = _pick_choice(text, Demand.choices)
        if value is None:
            return _numbered(_("Please reply with one of these numbers:"), Demand.choices)
        self.conv.demand = value
        if value in AMOUNT_DEMANDS:
            self.conv.state = State.AMOUNT
            return _("How much do you ask for, in yuan? Reply 全额 for the full amount paid.")
        return self._ask_photos()

    def _amount(self, text: str) -> str:
        conv = self.conv
        if text in {"全额", "全部", "all"}:
            order = self._order_row()
            if order is None:
                return _(
                    "Without an order there is no amount paid. Please type the amount in yuan."
                )
            picked, _problem = complaint_lines.choose(order, [tuple(pair) for pair in conv.lines])
            conv.amount_fen = complaint_lines.paid_for(
                order, picked
            )  # what was paid for the chosen items
        else:
            try:
                yuan = Decimal(text.replace("¥", "").replace("元", "").strip())
            except InvalidOperation:
                return _("Please type the amount as a number of yuan, for example 99.50.")
            if yuan < 0 or yuan > 10**8 or yuan != yuan.quantize(Decimal("0.01")):
                return _("Please type the amount as a number of yuan, for example 99.50.")
            conv.amount_fen = int(yuan * 100)
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

    def _image(self) -> str:
        conv = self.conv
        if conv.state == State.HUMAN and self.message.media_id:
            user = binding.bound_user(conv.openid)
            complaint = complaints_for(user).filter(number=conv.complaint_number).first()
            if (
                complaint is not None
                and jobs.queue_photos(complaint, user, [self.message.media_id]) > 0
            ):
                return _("Photo received; it will be added to complaint %(number)s.") % {
                    "number": complaint.number
                }
        if conv.state != State.PHOTOS:
            return _(
                "To add photos, first type 投诉 and answer the questions; we will then ask for photos."
            )
        if len(conv.media_ids) >= MAX_PHOTOS:
            return _("That is the most photos one complaint can take here. Reply 提交 to submit.")
        if self.message.media_id and self.message.media_id not in conv.media_ids:
            conv.media_ids = [*conv.media_ids, self.message.media_id]
        return _("Photo %(n)s received. Send more, or reply 提交 to submit.") % {
            "n": len(conv.media_ids)
        }

    def _photos_text(self, text: str) -> str:
        if text.lower() not in SUBMIT:
            return _("Send photos, or reply 提交 to submit or 取消 to cancel.")
        return self._submit()

    def _submit(self) -> str:
        conv = self.conv
        user = binding.bound_user(conv.openid)
        draft = actions.Draft(
            kind=Kind.COMPLAINT,
            category=conv.category,
            demand=conv.demand,
            description=conv.description,
            order_number=conv.order_number,
            amount_fen=conv.amount_fen,
            lines=tuple(tuple(pair) for pair in conv.lines),
        )
        try:
            complaint, _created = actions.file_complaint(
                user, draft, channel=Channel.WECHAT, idempotency_key=f"wechat:{conv.draft_key}"
            )
        except FilingLimitReached as error:
            return error.text() + "\n" + self._kept_until(error.retry_at)
        except ComplaintError as error:
            return error.text() + "\n" + _("Reply 取消 and then 投诉 to start again.")
        queued = jobs.queue_photos(complaint, user, conv.media_ids)
        conv.reset()
        reply = _("Your complaint has been filed. Its number is %(number)s.") % {
            "number": complaint.number
        }
        if queued < 0:
            reply += "\n" + _(
                "Your photos could not be fetched from WeChat; please add them on our website."
            )
        elif queued:
            reply += "\n" + _("Your %(n)s photos are being added to it.") % {"n": queued}
        return reply + "\n" + _("Reply 进度 to follow it or 催办 to urge it.")

    def _kept_until(self, retry_at) -> str:
        """After a refusal by the filing limit: the draft waits if it outlives the wait."""
        if retry_at <= self.now + timedelta(minutes=settings.TOUSU_WECHAT_IDLE_MINUTES):
            return _(
                "Nothing was filed yet and your answers are kept: reply 提交 after that time to "
                "send them, or 取消 to drop them."
            )
        self.conv.reset()
        return _("Nothing was filed. Reply 投诉 after that time to start again.")

    # --- after filing -------------------------------------------------------------
    def _open(self, user: User) -> list[Complaint]:
        return list(
            complaints_for(user)
            .filter(OPEN_Q)
            .select_related("merchant")
            .order_by("-created_at")[:LIST_SIZE]
        )

    def _do_status(self, user: User) -> str:
        complaints = list(
            complaints_for(user).select_related("merchant").order_by("-created_at")[:LIST_SIZE]
        )
        if not complaints:
            return _("You have no complaints yet. Reply 投诉 to file one.")
        lines = [_("Your latest complaints:")]
        for c in complaints:
            now = turns.turn(c, Party.CONSUMER)
            status = now.status_label if now else c.get_status_display()
            lines.append(
                f"{c.number} · {status}" + (f" · {c.merchant.shop_name}" if c.merchant else "")
            )
            if now and now.actors:  # who must act, and by when (tousu.sla.turns)
                lines.append(
                    "  "
                    + " · ".join(
                        part
                        for part in (
                            _("To act: %(who)s") % {"who": now.actors_label},
                            now.time_left,
                            now.due_local,
                        )
                        if part
                    )
                )
        return "\n".join(lines)

    def _do_callback(self, user: User) -> str:
        """回电: a callback from the consumer hotline, about the one open complaint if there is exactly one."""
        open_ones = self._open(user)
        try:
            callback, asked = request_callback(
                user,
                by=user,
                channel=Channel.WECHAT,
                complaint=open_ones[0] if len(open_ones) == 1 else None,
            )
        except ComplaintError as error:
            return error.text()
        return asked_message(callback, asked)

    def _do_urge(self, user: User) -> str:
        return self._choose(user, "urge")

    def _do_human(self, user: User) -> str:
        return self._choose(user, "human")

    def _choose(self, user: User, purpose: str) -> str:
        complaints = self._open(user)
        if not complaints:
            return _("You have no open complaint. Reply 投诉 to file one.")
        if len(complaints) == 1:
            return self._act(purpose, user, complaints[0])
        self.conv.reset()
        self.conv.state, self.conv.purpose = State.PICK, purpose
        self.conv.choices = [c.number for c in complaints]
        lines = [_("Which complaint? Reply with a number:")]
        lines += [
            f"{i}. {c.number} · {c.get_status_display()}" for i, c in enumerate(complaints, start=1)
        ]
        return "\n".join(lines)

    def _pick(self, text: str) -> str:
        conv = self.conv
        if not (text.isdigit() and 1 <= int(text) <= len(conv.choices)):
            return _("Please reply with one of the numbers in the list, or 取消.")
        user = binding.bound_user(conv.openid)
        complaint = complaints_for(user).filter(number=conv.choices[int(text) - 1]).first()
        purpose = conv.purpose
        conv.reset()
        if complaint is None:
            return _("Sorry, we did not understand that.") + "\n" + help_text()
        return self._act(purpose, user, complaint)

    def _act(self, purpose: str, user: User, complaint: Complaint) -> str:
        if purpose == "urge":
            try:
                actions.urge(complaint, user, channel=Channel.WECHAT)
            except ComplaintError as error:
                return error.text()
            return _(
                "We have urged complaint %(number)s; it moves up the customer-service queue."
            ) % {"number": complaint.number}
        self.conv.reset()
        self.conv.state, self.conv.complaint_number = State.HUMAN, complaint.number
        return _(
            "You are now talking to customer service about complaint %(number)s. Type your message; "
            "an agent will answer here. Reply 退出 when you are done."
        ) % {"number": complaint.number}

    def _relay(self, text: str) -> str:
        user = binding.bound_user(self.conv.openid)
        complaint = complaints_for(user).filter(number=self.conv.complaint_number).first()
        if complaint is None:
            self.conv.reset()
            return help_text()
        try:
            actions.post_message(complaint, user, text, channel=Channel.WECHAT)
        except ComplaintError as error:
            return error.text()
        return _("Sent to customer service.")


def _numbered(question: str, choices) -> str:
    return "\n".join(
        [question] + [f"{i}. {label}" for i, (_value, label) in enumerate(choices, start=1)]
    )


def _pick_choice(text: str, choices) -> str | None:
    if text.isdigit() and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1][0]
    return None
