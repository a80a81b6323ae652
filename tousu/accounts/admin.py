from django.contrib import admin

from tousu.accounts.models import PhoneReveal


@admin.register(PhoneReveal)
class PhoneRevealAdmin(admin.ModelAdmin):
    """The access log of full phone numbers: read only."""

    list_display = ["at", "viewer", "subject", "complaint", "where", "reason"]
    list_filter = ["where"]
    search_fields = ["viewer__username", "subject__username"]
    readonly_fields = ["at", "viewer", "subject", "complaint", "where", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
