"""Phone-channel blocks other apps' pages include: the hotlines on the 客服 page, overdue callbacks for supervisors."""

from __future__ import annotations

from django import template
from django.utils import timezone

from tousu.accounts import phones
from tousu.channels.phone import callbacks, hotlines
from tousu.channels.phone.forms import CallbackForm
from tousu.channels.phone.models import Callback, CallbackState
from tousu.complaints import access
from tousu.complaints.choices import Channel

register = template.Library()
OVERDUE_LIST = 20


@register.inclusion_tag("phone/_hotlines.html", takes_context=True)
def hotline_card(context) -> dict:
    request = context["request"]
    user = request.user
    now = timezone.now()
    pending = None
    complaints = []
    is_consumer = access.may_use_portal(user)
    if is_consumer:
        pending = (
            Callback.objects.filter(consumer=user, state=CallbackState.PENDING)
            .order_by("due_at")
            .first()
        )
        complaints = list(access.complaints_for(user).order_by("-updated_at")[:10])
    return {
        "lines": hotlines.lines(now, audience="consumer"),
        "pending": pending,
        "masked": phones.mask(user.phone) if getattr(user, "phone", "") else "",
        "promise": callbacks.promise(phones.mask(user.phone)) if getattr(user, "phone", "") else "",
        "form": CallbackForm(complaints=complaints),
        "csrf_token": context.get("csrf_token"),
        "user": user,
        "is_consumer": is_consumer,
    }


@register.inclusion_tag("phone/_supervisor_callbacks.html")
def overdue_callbacks() -> dict:
    now = timezone.now()
    overdue = Callback.objects.filter(state=CallbackState.PENDING, due_at__lte=now)
    return {
        "count": overdue.count(),
        "rows": list(
            overdue.select_related("consumer", "hotline", "complaint").order_by("due_at")[
                :OVERDUE_LIST
            ]
        ),
        "now": now,
    }


@register.filter
def masked(value: str) -> str:
    return phones.mask(value or "")


@register.filter
def national(value: str) -> str:
    return phones.display(value or "")


@register.filter
def channel_label(value: str) -> str:
    return str(Channel(value).label) if value in Channel.values else value
