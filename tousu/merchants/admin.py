from django.contrib import admin

from tousu.merchants.models import Merchant


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    """Shops, as the order system sends them (docs/orders-import.md), and their staff accounts.
    A shop with complaints cannot be deleted: its complaints keep it."""

    list_display = ["shop_name", "legal_name", "city", "contact_name", "external_id", "created_at"]
    list_filter = ["city"]
    search_fields = ["shop_name", "legal_name", "external_id", "contact_name", "contact_phone"]
    readonly_fields = ["external_id", "created_at"]
    filter_horizontal = ["staff"]
    ordering = ["shop_name"]

    def has_delete_permission(self, request, obj=None):
        return False
