from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tousu.notify.delivery import retry_dead
from tousu.notify.models import InboxMessage, Outbox


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "medium",
        "topic",
        "recipient",
        "complaint",
        "state",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = ["state", "medium", "topic"]
    search_fields = ["dedupe_key", "complaint__number", "recipient__username"]
    readonly_fields = [f.name for f in Outbox._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Retry the selected dead letters"))
    def retry(self, request, queryset):
        count = retry_dead(queryset)
        self.message_user(
            request,
            ngettext("%(n)d notification queued again.", "%(n)d notifications queued again.", count)
            % {"n": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False


@admin.register(InboxMessage)
class InboxMessageAdmin(admin.ModelAdmin):
    list_display = ["id", "user", "complaint", "title", "created_at", "read_at"]
    search_fields = ["user__username", "complaint__number", "title"]
