"""Orders, copied in from the marketplace's own order system."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    SHIPPED = "shipped", _("Shipped")
    RECEIVED = "received", pgettext_lazy("order status", "Received")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


class ProductCategory(models.TextChoices):
    GENERAL = "general", _("General goods")
    ELECTRONICS = "electronics", _("Electronics")
    APPAREL = "apparel", _("Apparel")
    FOOD = "food", _("Food")
    FRESH = "fresh", _("Fresh produce")
    COSMETICS = "cosmetics", _("Cosmetics")
    DIGITAL = "digital", _("Digital goods")
    CUSTOM = "custom", _("Custom-made goods")
    HOME = "home", _("Home and furniture")


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=40, unique=True)
    consumer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    merchant = models.ForeignKey(
        "merchants.Merchant", on_delete=models.PROTECT, related_name="orders"
    )
    amount_paid_fen = models.BigIntegerField(_("amount paid (fen)"))
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices)
    paid_at = models.DateTimeField(_("paid at"))
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    # 三包 periods count from the invoice date when the order records one (else from delivery).
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    logistics_number = models.CharField(_("logistics number"), max_length=40, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["consumer", "-paid_at"], name="order_consumer_paid")]

    def __str__(self) -> str:
        return self.number

    def snapshot(self) -> dict:
        """The order as it stood when a complaint was filed, kept on the complaint."""
        return {
            "number": self.number,
            "merchant": self.merchant.shop_name,
            "amount_paid_fen": self.amount_paid_fen,
            "status": self.status,
            "paid_at": self.paid_at.isoformat(),
            "shipped_at": self.shipped_at.isoformat() if self.shipped_at else None,
            "received_at": self.received_at.isoformat() if self.received_at else None,
            "invoice_date": self.invoice_date.isoformat() if self.invoice_date else None,
            "logistics_number": self.logistics_number,
            "items": [item.snapshot() for item in self.items.all()],
        }


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product_name = models.CharField(_("product"), max_length=200)
    sku = models.CharField(_("SKU"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=ProductCategory.choices)
    # The product kind on the 三包 catalogue (TOUSU_REMEDY_SANBAO_CATALOGUE), e.g. mobile_phone;
    # blank or a kind off the catalogue: not 三包 goods.
    product_kind = models.CharField(_("product kind"), max_length=32, blank=True, default="")
    unit_price_fen = models.BigIntegerField(_("unit price (fen)"))
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    @property
    def subtotal_fen(self) -> int:
        return self.unit_price_fen * self.quantity

    def snapshot(self) -> dict:
        return {
            "id": self.pk,
            "product_name": self.product_name,
            "sku": self.sku,
            "category": self.category,
            "product_kind": self.product_kind,
            "unit_price_fen": self.unit_price_fen,
            "quantity": self.quantity,
        }
