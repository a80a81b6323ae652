"""Texts of this app used by other apps (the owner's notice), kept in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _


def webhook_disabled(context: dict) -> tuple[str, str]:
    return (
        _("Webhook turned off: %(url)s") % context,
        _(
            "%(failures)s deliveries in a row to %(url)s failed after every retry, so webhook "
            "subscription %(id)s was turned off. Fix the receiver, then turn the subscription "
            "on again (POST /api/v1/webhooks/%(id)s/enable); the events since are in "
            "GET /api/v1/changes."
        )
        % context,
    )
