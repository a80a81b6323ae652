"""Enumerations a complaint is described by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    APP = "app", _("App")
    WEB = "web", _("Website")
    WECHAT = "wechat", _("WeChat official account")
    PHONE = "phone", _("Phone hotline")
    REGULATOR_12315 = "12315", _("12315 regulator")
    BLACK_CAT = "blackcat", _("Black Cat")
    DESK = "desk", _("Agent desk")
    SYSTEM = "system", _("System")


class Kind(models.TextChoices):
    AFTER_SALES = "after_sales", _("After-sales request")
    COMPLAINT = "complaint", _("Complaint")


class Category(models.TextChoices):
    QUALITY = "quality", _("Quality problem")
    NOT_AS_DESCRIBED = "not_as_described", _("Not as described")
    COUNTERFEIT = "counterfeit", _("Counterfeit goods")
    WRONG_OR_MISSING = "wrong_or_missing", _("Wrong or missing item")
    DELIVERY = "delivery", _("Late or lost delivery")
    REFUND = "refund", _("Refund refused or delayed")
    FOOD_SAFETY = "food_safety", _("Food safety")
    SERVICE = "service", _("Customer service attitude")
    PRICING = "pricing", _("Pricing or promotion")
    # About the platform's own customer service (filed without an order).
    SERVICE_SLOW = "service_slow", _("Handled too slowly")
    SERVICE_UNREACHABLE = "service_unreachable", _("Could not reach customer service")
    SERVICE_UNSOLVED = "service_unsolved", _("Problem not solved")
    SERVICE_UNFAIR = "service_unfair", _("Unfair handling or decision")
    SERVICE_PROMISE = "service_promise", _("Promise not kept")
    OTHER = "other", _("Other")


# What a complaint about customer service is about (the form without an order offers these);
# the goods categories are the rest.
SERVICE_CATEGORIES = frozenset(
    {
        Category.SERVICE,
        Category.SERVICE_SLOW,
        Category.SERVICE_UNREACHABLE,
        Category.SERVICE_UNSOLVED,
        Category.SERVICE_UNFAIR,
        Category.SERVICE_PROMISE,
    }
)
# Only about the platform's own service, never offered for an order.
PLATFORM_SERVICE_CATEGORIES = SERVICE_CATEGORIES - {Category.SERVICE}


class Demand(models.TextChoices):
    REFUND_ONLY = "refund_only", _("Refund only")
    RETURN_REFUND = "return_refund", _("Return and refund")
    EXCHANGE = "exchange", _("Exchange")
    RESEND = "resend", _("Resend missing item")
    REPAIR = "repair", _("Repair")
    COMPENSATION = "compensation", _("Compensation")
    APOLOGY = "apology", _("Apology")
    OTHER = "other", _("Other")


# Demands whose amount is money back for the order and so cannot exceed what was paid.
REFUND_DEMANDS = frozenset({Demand.REFUND_ONLY, Demand.RETURN_REFUND})
# Demands that always name an amount.
AMOUNT_DEMANDS = frozenset({Demand.REFUND_ONLY, Demand.RETURN_REFUND, Demand.COMPENSATION})


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class EventKind(models.TextChoices):
    FILED = "filed", _("Filed")
    STATUS = "status", _("Status changed")
    MESSAGE = "message", _("Message")
    NOTE = "note", _("Internal note")
    EVIDENCE = "evidence", _("Evidence added")
    ASSIGNED = "assigned", _("Assigned")
    TEAM = "team", _("Team changed")
    PRIORITY = "priority", _("Priority changed")
    CATEGORY = "category", _("Category changed")
    URGED = "urged", _("Urged")
    CALL = "call", _("Phone call")
    # The consumer recorded a complaint they filed outside (12315, Black Cat, …): tousu.escalation.
    EXTERNAL = "external", _("Filed outside")


class ExternalBody(models.TextChoices):
    """Where a consumer took a complaint outside the platform (EventKind.EXTERNAL)."""

    ONLINE_12315 = "12315_online", _("12315 online platform")
    HOTLINE_12315 = "12315_phone", _("12315 hotline")
    BLACK_CAT = "blackcat", _("Black Cat complaint site")
    CONSUMER_ASSOCIATION = "consumer_assoc", _("Consumer association")
    OTHER = "other", _("Other (court, arbitration, …)")


class Party(models.TextChoices):
    """Who brought a piece of evidence: one column each on the intervention page."""

    CONSUMER = "consumer", _("Consumer")
    MERCHANT = "merchant", _("Merchant")
    PLATFORM = "platform", _("Platform")

    @classmethod
    def of(cls, role: str) -> "Party":
        """The party someone acting in ``role`` (``access.role_on``) belongs to."""
        return cls(role) if role in (cls.CONSUMER, cls.MERCHANT) else cls.PLATFORM


class MediaType(models.TextChoices):
    IMAGE = "image", _("Photo or screenshot")
    VIDEO = "video", _("Video")
    PDF = "pdf", _("PDF document")
    AUDIO = "audio", _("Audio recording")
