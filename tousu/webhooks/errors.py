"""Why a webhook request is refused (domain errors: code, status, message in the user's language)."""

from django.utils.translation import gettext_lazy as _

from tousu.complaints.errors import ComplaintError


class WebhookForbidden(ComplaintError):
    code = "forbidden"
    status = 403
    default_message = _("Only merchant staff and platform staff can use webhooks.")


class TooManyWebhooks(ComplaintError):
    code = "too_many_webhooks"
    status = 409
    default_message = _("You have %(n)s webhook subscriptions, the most allowed. Delete one first.")


class SubscriptionOff(ComplaintError):
    code = "subscription_off"
    status = 409
    default_message = _("This subscription is turned off. Turn it on first.")


class DeliveryBusy(ComplaintError):
    code = "delivery_in_progress"
    status = 409
    default_message = _("This delivery is already waiting to be sent.")
