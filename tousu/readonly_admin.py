"""Admin pages and inlines that only show: their rows are written by the actions alone
(docs/architecture.md: all writes through named actions)."""

from __future__ import annotations


class ReadOnly:
    """Mix into a ``ModelAdmin`` or an inline: no add, change or delete from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
