"""After filing: 进度 (status), 回电 (callback), and 催办 / 人工 on one of the open
complaints, picked from a paged, numbered list; then 人工 relays text to the agents."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.channels.phone.callbacks import asked_message, request_callback
from tousu.channels.wechat import binding
from tousu.channels.wechat.commands import (
    LIST_SIZE,
    NEXT_PAGE,
    PREVIOUS_PAGE,
    help_text,
    not_understood,
)
from tousu.channels.wechat.models import State
from tousu.complaints import actions
from tousu.complaints.access import complaints_for
from tousu.complaints.choices import Channel, Party
from tousu.complaints.errors import ComplaintError
from tousu.complaints.models import OPEN_Q, Complaint
from tousu.sla import turns


class FollowUpSteps:
    def _open(self, user: User):
        """The user's open complaints, newest first."""
        return complaints_for(user).filter(OPEN_Q).order_by("-created_at")

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
        open_ones = list(self._open(user)[:2])  # exactly one, or not
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
        """催办 or 人工: the one open complaint, or a numbered list of all, a page at a time."""
        numbers = list(self._open(user).values_list("number", flat=True))
        if not numbers:
            return _("You have no open complaint. Reply 投诉 to file one.")
        if len(numbers) == 1:
            return self._act(purpose, user, self._open(user).get())
        self.conv.reset()
        self.conv.state, self.conv.purpose = State.PICK, purpose
        self.conv.choices, self.conv.page = numbers, 0
        return self._page(user, _("Which complaint? Reply with a number:"))

    def _page(self, user: User, question: str) -> str:
        """One page of the numbered list; the numbers run on across pages (6, 7… on page 2)."""
        conv = self.conv
        first = conv.page * LIST_SIZE
        shown = conv.choices[first : first + LIST_SIZE]
        found = {
            c.number: c
            for c in complaints_for(user).filter(number__in=shown).select_related("merchant")
        }
        lines = [question]
        for i, number in enumerate(shown, start=first + 1):
            complaint = found.get(number)
            status = complaint.get_status_display() if complaint else ""
            shop = complaint.merchant.shop_name if complaint and complaint.merchant else ""
            lines.append(" · ".join(part for part in (f"{i}. {number}", status, shop) if part))
        if len(conv.choices) > LIST_SIZE:
            lines.append(
                _("Complaints %(first)s–%(last)s of %(total)s.")
                % {"first": first + 1, "last": first + len(shown), "total": len(conv.choices)}
            )
            if first + LIST_SIZE < len(conv.choices):
                lines.append(_("Reply 下一页 for the next ones."))
            if conv.page:
                lines.append(_("Reply 上一页 for the previous ones."))
        return "\n".join(lines)

    def _pick(self, text: str) -> str:
        conv = self.conv
        user = binding.bound_user(conv.openid)
        word = text.lower()
        pages = (len(conv.choices) + LIST_SIZE - 1) // LIST_SIZE
        if word in NEXT_PAGE or word in PREVIOUS_PAGE:
            step = 1 if word in NEXT_PAGE else -1
            if not 0 <= conv.page + step < pages:
                return self._page(
                    user,
                    _("There are no more complaints that way.")
                    + " "
                    + _("Which complaint? Reply with a number:"),
                )
            conv.page += step
            return self._page(user, _("Which complaint? Reply with a number:"))
        if text.isdigit() and 1 <= int(text) <= len(conv.choices):
            number = conv.choices[int(text) - 1]
        elif text.upper() in conv.choices:  # the complaint number itself
            number = text.upper()
        else:
            return _(
                "Please reply with one of the numbers in the list, 下一页 or 上一页 to see more, "
                "or 取消."
            )
        complaint = complaints_for(user).filter(number=number).first()
        purpose = conv.purpose
        conv.reset()
        if complaint is None:
            return not_understood()
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
