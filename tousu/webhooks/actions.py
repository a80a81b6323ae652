"""Every write to subscriptions and deliveries, for the API and the admin.

The URL is checked (``targets.check``, which resolves the host name) before any
transaction opens: no network call inside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tousu.accounts.models import User
from tousu.complaints import access
from tousu.complaints.errors import ValidationFailed
from tousu.merchants.models import Merchant
from tousu.webhooks import keys, targets
from tousu.webhooks.errors import DeliveryBusy, SubscriptionOff, TooManyWebhooks, WebhookForbidden
from tousu.webhooks.models import Delivery, DeliveryState, EventType, Subscription

DESCRIPTION_MAX = 200


@dataclass(frozen=True)
class Wanted:
    """What a subscription asks for."""

    url: str
    event_types: tuple[str, ...]
    shop: str = ""  # the shop's ID in the order system (Merchant.external_id); "" = all visible
    description: str = ""


def may_subscribe(user: User) -> bool:
    return user.is_active and (access.is_platform_staff(user) or access.is_merchant_staff(user))


def _shop(owner: User, reference: str) -> Merchant | None:
    """The shop a subscription is limited to: required for merchant staff, one of theirs."""
    reference = reference.strip()
    if access.is_merchant_staff(owner):
        shops = list(access.shops_of(owner))
        if reference:
            mine = [shop for shop in shops if shop.external_id == reference]
            if not mine:  # another shop, or none by that ID: the same answer
                raise WebhookForbidden(
                    _("You may only subscribe to the complaints of your own shops.")
                )
            return mine[0]
        if len(shops) == 1:
            return shops[0]
        if not shops:
            raise WebhookForbidden(_("Your account is not linked to a shop."))
        raise ValidationFailed({"shop": _("You have several shops: give the ID of one.")})
    if not reference:
        return None
    shop = Merchant.objects.filter(external_id=reference).first()
    if shop is None:
        raise ValidationFailed({"shop": _("No shop has this ID.")})
    return shop


def _checked(owner: User, wanted: Wanted) -> tuple[Merchant | None, list[str]]:
    if not may_subscribe(owner):
        raise WebhookForbidden()
    errors: dict[str, str] = {}
    types = list(dict.fromkeys(wanted.event_types))
    if not types:
        errors["event_types"] = _("Choose at least one event type.")
    elif any(kind not in EventType.values for kind in types):
        errors["event_types"] = _("Please choose a valid option.")
    if len(wanted.description) > DESCRIPTION_MAX:
        errors["description"] = _("This field is too long.")
    try:
        targets.check(wanted.url.strip())
    except targets.TargetRefused as refused:
        errors["url"] = str(refused)
    if errors:
        raise ValidationFailed(errors)
    return _shop(owner, wanted.shop), types


def create_subscription(owner: User, wanted: Wanted) -> tuple[Subscription, str]:
    """A new subscription and its signing secret, which is shown this once."""
    merchant, types = _checked(owner, wanted)
    secret = keys.new_secret()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=owner.pk).first()  # one count at a time
        if owner.webhook_subscriptions.count() >= settings.TOUSU_WEBHOOK_MAX_PER_OWNER:
            raise TooManyWebhooks(n=settings.TOUSU_WEBHOOK_MAX_PER_OWNER)
        subscription = Subscription.objects.create(
            owner=owner,
            merchant=merchant,
            url=wanted.url.strip(),
            description=wanted.description.strip(),
            secret_sealed=keys.seal(secret),
            event_types=types,
        )
    return subscription, secret


def update_subscription(subscription: Subscription, wanted: Wanted) -> Subscription:
    """Change the URL, shop, event types or description, under the same checks."""
    merchant, types = _checked(subscription.owner, wanted)
    Subscription.objects.filter(pk=subscription.pk).update(
        merchant=merchant,
        url=wanted.url.strip(),
        description=wanted.description.strip(),
        event_types=types,
    )
    subscription.refresh_from_db()
    return subscription


def delete_subscription(subscription: Subscription) -> None:
    """The subscription and its delivery log go; its changes stay in the feed."""
    Subscription.objects.filter(pk=subscription.pk).delete()


def turn_on(subscription: Subscription) -> Subscription:
    """Deliver again (after it was turned off): the URL is checked again, the count restarts.
    Deliveries queued before it was turned off are sent."""
    try:
        targets.check(subscription.url)
    except targets.TargetRefused as refused:
        raise ValidationFailed({"url": str(refused)}) from None
    Subscription.objects.filter(pk=subscription.pk).update(
        active=True, disabled_at=None, consecutive_failures=0
    )
    subscription.refresh_from_db()
    return subscription


def turn_off(subscription: Subscription) -> Subscription:
    Subscription.objects.filter(pk=subscription.pk, active=True).update(
        active=False, disabled_at=timezone.now()
    )
    subscription.refresh_from_db()
    return subscription


def rotate_secret(subscription: Subscription) -> str:
    """A new signing secret, shown this once; the old one stops signing at once."""
    secret = keys.new_secret()
    Subscription.objects.filter(pk=subscription.pk).update(secret_sealed=keys.seal(secret))
    return secret


def redeliver(delivery: Delivery) -> Delivery:
    """Send a delivered, failed or skipped delivery again, with the same id, as a new series
    of tries (its log keeps the earlier ones)."""
    if not Subscription.objects.filter(pk=delivery.subscription_id, active=True).exists():
        raise SubscriptionOff()
    done = (DeliveryState.DELIVERED, DeliveryState.FAILED, DeliveryState.SKIPPED)
    if not Delivery.objects.filter(pk=delivery.pk, state__in=done).update(
        state=DeliveryState.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        lease_until=None,
    ):
        raise DeliveryBusy()
    delivery.refresh_from_db()
    return delivery
