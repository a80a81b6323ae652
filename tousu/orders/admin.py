from django.contrib import admin

from tousu.orders.models import Order, OrderItem
from tousu.readonly_admin import ReadOnly


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    fields = ["product_name", "sku", "category", "product_kind", "unit_price_fen", "quantity"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnly, admin.ModelAdmin):
    """Orders are copied in from the marketplace (docs/orders-import.md): read only here."""

    list_display = ["number", "consumer", "merchant", "amount_paid_fen", "status", "paid_at"]
    list_filter = ["status", "merchant"]
    search_fields = ["number", "consumer__username", "consumer__phone", "merchant__shop_name"]
    list_select_related = ["consumer", "merchant"]
    date_hierarchy = "paid_at"
    show_full_result_count = False
    inlines = [OrderItemInline]
