from django.contrib import admin

from tousu.external.models import ExternalCase


@admin.register(ExternalCase)
class ExternalCaseAdmin(admin.ModelAdmin):
    list_display = ("source", "external_id", "complaint", "received_at", "imported_at")
    list_filter = ("source",)
    search_fields = ("external_id", "complaint__number")
    readonly_fields = (
        "source",
        "external_id",
        "complaint",
        "received_at",
        "payload",
        "imported_at",
    )

    def has_add_permission(self, request) -> bool:
        return False
