"""Photos and 提交: a photo is kept on the draft (or queued for the complaint an agent is
talking about) or the user is told it cannot be; 提交 files the draft."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from tousu.channels.wechat import binding, jobs
from tousu.channels.wechat.commands import MAX_PHOTOS, SUBMIT, not_understood
from tousu.channels.wechat.conf import config
from tousu.channels.wechat.models import State
from tousu.complaints import filing
from tousu.complaints.access import complaints_for
from tousu.complaints.choices import Channel, Kind
from tousu.complaints.errors import ComplaintError, FilingLimitReached


class PhotoSteps:
    def _image(self) -> str:
        """A photo: acknowledged only when it is kept (on the draft, or queued for the
        complaint an agent is talking about); otherwise the user is told why not.

        The bytes are fetched by the worker (jobs.py), which tells the user if that fails."""
        conv, media_id = self.conv, self.message.media_id
        if conv.state not in {State.HUMAN, State.PHOTOS}:
            return _(
                "To add photos, first type 投诉 and answer the questions; we will then ask for photos."
            )
        if not media_id:
            return _("Sorry, this photo did not reach us. Please send it again.")
        if not config().can_call_api:
            return _(
                "Sorry, photos cannot be received here at the moment. Please add them to your "
                "complaint on our website."
            )
        if conv.state == State.HUMAN:
            user = binding.bound_user(conv.openid)
            complaint = complaints_for(user).filter(number=conv.complaint_number).first()
            if complaint is None:
                conv.reset()
                return not_understood()
            jobs.queue_photos(complaint, user, [media_id])
            return _("Photo received; it will be added to complaint %(number)s.") % {
                "number": complaint.number
            }
        if len(conv.media_ids) >= MAX_PHOTOS:
            return _("That is the most photos one complaint can take here. Reply 提交 to submit.")
        if media_id not in conv.media_ids:
            conv.media_ids = [*conv.media_ids, media_id]
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
        draft = filing.Draft(
            kind=Kind.COMPLAINT,
            category=conv.category,
            demand=conv.demand,
            description=conv.description,
            order_number=conv.order_number,
            amount_fen=conv.amount_fen,
            lines=tuple(tuple(pair) for pair in conv.lines),
        )
        try:
            complaint, _created = filing.file_complaint(
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
