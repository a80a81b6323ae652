"""Texts of the phone channel used by other apps (notices), kept in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext as _


def callback_breached(context: dict) -> tuple[str, str]:
    return (
        _("Callback overdue: %(who)s") % context,
        _(
            "%(who)s asked on %(asked)s to be called back on the %(line)s; it was due at %(due)s "
            "and nobody has reached them yet. See the callback queue."
        )
        % context,
    )
