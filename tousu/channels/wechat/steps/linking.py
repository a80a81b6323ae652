"""Linking the openid to a consumer account: the phone number, then the SMS code."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tousu.channels.wechat import binding
from tousu.channels.wechat.models import State


class LinkingSteps:
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
