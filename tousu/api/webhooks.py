"""Webhook subscriptions, their delivery log and redelivery (``/api/v1/webhooks``), and the
change feed (``GET /api/v1/changes``), for merchant staff and platform staff; see
docs/webhooks.md."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from tousu.api import pagination
from tousu.api.enums import choice
from tousu.api.schemas import ErrorOut
from tousu.complaints import access
from tousu.complaints.errors import NotFound
from tousu.cursors import MAX_KEY
from tousu.webhooks import actions, feed, payloads
from tousu.webhooks.errors import WebhookForbidden
from tousu.webhooks.models import Delivery, DeliveryState, EventType, Subscription

router = Router(tags=["webhooks"])
changes = Router(tags=["webhooks"])

Id = Path(..., ge=1, le=MAX_KEY)


class SubscriptionIn(Schema):
    url: str = Field(
        ...,
        max_length=500,
        description="https URL of the receiver; its host must resolve to public addresses only",
        examples=["https://erp.example.com/tousu/webhook"],
    )
    event_types: list[EventType] = Field(..., min_length=1, max_length=len(EventType.values))
    shop: str = Field(
        "",
        max_length=64,
        description="ID of the shop in the order system. Merchant staff: one of your shops "
        "(may be left out when you have one). Platform staff: limits it to that shop.",
    )
    description: str = Field("", max_length=actions.DESCRIPTION_MAX)


class SubscriptionOut(Schema):
    id: int
    url: str
    description: str
    shop: Optional[str] = Field(..., description="The shop it is limited to; null: every shop")
    event_types: list[choice(EventType)]
    active: bool
    consecutive_failures: int = Field(
        ..., description="Deliveries that failed for good since the last success"
    )
    disabled_at: Optional[datetime] = Field(..., description="When it was turned off")
    created_at: datetime


class CreatedOut(SubscriptionOut):
    secret: str = Field(..., description="The signing secret. Shown only in this answer.")


class SecretOut(Schema):
    secret: str = Field(..., description="The new signing secret. Shown only in this answer.")


class AttemptOut(Schema):
    at: datetime
    status_code: Optional[int]
    error: str
    response_excerpt: str


class DeliveryOut(Schema):
    id: int = Field(..., description="Sent as X-Tousu-Delivery, the same on every try")
    event_id: int = Field(..., description="The change's id: `id` in the body and in the feed")
    event_type: choice(EventType)
    complaint_number: str
    state: choice(DeliveryState)
    attempts: int
    last_status_code: Optional[int]
    last_error: str
    response_excerpt: str
    next_attempt_at: Optional[datetime]
    created_at: datetime
    delivered_at: Optional[datetime]
    tries: list[AttemptOut]
    body: dict[str, Any] = Field(..., description="The body sent (docs/webhooks.md#payloads)")


class DeliveryPage(Schema):
    items: list[DeliveryOut]
    next_cursor: Optional[str]


class ChangeOut(Schema):
    sequence: int = Field(..., description="Position in the feed: pass the last one as `since`")
    id: int
    version: int
    type: choice(EventType)
    occurred_at: str
    complaint: dict[str, Any]
    data: dict[str, Any]


class ChangePage(Schema):
    items: list[ChangeOut]
    next_since: int = Field(..., description="`since` for the next call")
    has_more: bool = Field(..., description="True: call again at once; false: poll later")


def _integrator(request: HttpRequest):
    if not actions.may_subscribe(request.auth):
        raise WebhookForbidden()
    return request.auth


def _subscriptions(request: HttpRequest):
    """The caller's subscriptions; with a shop API key only those of the key's shop."""
    owner = _integrator(request)
    found = Subscription.objects.filter(owner=owner).select_related("merchant")
    if access.is_shop_scoped(owner):
        found = found.filter(merchant__in=access.shops_of(owner))
    return found


def _own(request: HttpRequest, subscription_id: int) -> Subscription:
    found = _subscriptions(request).filter(pk=subscription_id).first()
    if found is None:
        raise NotFound()
    return found


def _subscription(subscription: Subscription) -> dict:
    return {
        "id": subscription.pk,
        "url": subscription.url,
        "description": subscription.description,
        "shop": subscription.merchant.external_id if subscription.merchant_id else None,
        "event_types": subscription.event_types,
        "active": subscription.active,
        "consecutive_failures": subscription.consecutive_failures,
        "disabled_at": subscription.disabled_at,
        "created_at": subscription.created_at,
    }


def _delivery(delivery: Delivery) -> dict:
    return {
        "id": delivery.pk,
        "event_id": delivery.change_id,
        "event_type": delivery.change.event_type,
        "complaint_number": delivery.change.complaint.number,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "last_status_code": delivery.last_status_code,
        "last_error": delivery.last_error,
        "response_excerpt": delivery.response_excerpt,
        "next_attempt_at": delivery.next_attempt_at,
        "created_at": delivery.created_at,
        "delivered_at": delivery.delivered_at,
        "tries": [
            {
                "at": attempt.at,
                "status_code": attempt.status_code,
                "error": attempt.error,
                "response_excerpt": attempt.response_excerpt,
            }
            for attempt in delivery.tries.all()
        ],
        "body": payloads.document(delivery.change),
    }


def _deliveries(request: HttpRequest, subscription: Subscription):
    """Its deliveries of complaints the caller may still see."""
    return (
        subscription.deliveries.filter(change__complaint__in=access.complaints_for(request.auth))
        .select_related("change__complaint")
        .prefetch_related("tries")
    )


@router.get("", response={200: list[SubscriptionOut], 401: ErrorOut, 403: ErrorOut})
def list_subscriptions(request: HttpRequest) -> list[dict]:
    """Your webhook subscriptions, newest first."""
    return [_subscription(s) for s in _subscriptions(request)]


@router.post(
    "",
    response={201: CreatedOut, 401: ErrorOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
)
def create_subscription(request: HttpRequest, payload: SubscriptionIn) -> Status:
    """Subscribe a URL to event types (201). The answer carries the signing secret, once.

    403 for consumers and for a shop that is not yours; 422 for a URL that is not https or
    leads to a private, loopback or link-local address; 409 ``too_many_webhooks`` past
    ``TOUSU_WEBHOOK_MAX_PER_OWNER``."""
    subscription, secret = actions.create_subscription(
        _integrator(request),
        actions.Wanted(
            url=payload.url,
            event_types=tuple(kind.value for kind in payload.event_types),
            shop=payload.shop,
            description=payload.description,
        ),
    )
    subscription = _own(request, subscription.pk)
    return Status(201, {**_subscription(subscription), "secret": secret})


@router.get(
    "/{subscription_id}",
    response={200: SubscriptionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def get_subscription(request: HttpRequest, subscription_id: int = Id) -> dict:
    """One of your subscriptions."""
    return _subscription(_own(request, subscription_id))


@router.delete(
    "/{subscription_id}", response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
)
def delete_subscription(request: HttpRequest, subscription_id: int = Id) -> Status:
    """Delete a subscription with its delivery log; nothing more is sent to it."""
    actions.delete_subscription(_own(request, subscription_id))
    return Status(204, None)


@router.post(
    "/{subscription_id}/enable",
    response={200: SubscriptionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def enable(request: HttpRequest, subscription_id: int = Id) -> dict:
    """Turn a subscription (back) on: the URL is checked again and the failure count restarts;
    deliveries queued before it was turned off are sent."""
    return _subscription(actions.turn_on(_own(request, subscription_id)))


@router.post(
    "/{subscription_id}/disable",
    response={200: SubscriptionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def disable(request: HttpRequest, subscription_id: int = Id) -> dict:
    """Turn a subscription off: nothing is sent or queued for it until it is turned on."""
    return _subscription(actions.turn_off(_own(request, subscription_id)))


@router.post(
    "/{subscription_id}/secret",
    response={200: SecretOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def rotate_secret(request: HttpRequest, subscription_id: int = Id) -> dict:
    """A new signing secret, shown once; deliveries are signed with it from now on."""
    return {"secret": actions.rotate_secret(_own(request, subscription_id))}


@router.get(
    "/{subscription_id}/deliveries",
    response={200: DeliveryPage, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def list_deliveries(
    request: HttpRequest, subscription_id: int = Id, cursor: Optional[str] = None
) -> dict:
    """The delivery log, newest first: state, tries with the receiver's status codes, body."""
    subscription = _own(request, subscription_id)
    rows, next_cursor = pagination.page(
        _deliveries(request, subscription), pagination.NEWEST, cursor
    )
    return {"items": [_delivery(d) for d in rows], "next_cursor": next_cursor}


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/redeliver",
    response={200: DeliveryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def redeliver(request: HttpRequest, subscription_id: int = Id, delivery_id: int = Id) -> dict:
    """Send a delivered, failed or skipped delivery again, with the same id (409 while it is
    waiting to be sent or when the subscription is off)."""
    subscription = _own(request, subscription_id)
    delivery = _deliveries(request, subscription).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFound()
    actions.redeliver(delivery)
    return _delivery(_deliveries(request, subscription).get(pk=delivery_id))


@changes.get("", response={200: ChangePage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def list_changes(
    request: HttpRequest,
    since: int = Query(
        0, ge=0, le=MAX_KEY, description="The last `sequence` you have; 0: from the start"
    ),
    limit: int = Query(settings.TOUSU_CHANGES_PAGE_SIZE, ge=1, le=settings.TOUSU_CHANGES_PAGE_SIZE),
) -> dict:
    """The same events as the webhooks, oldest first, for complaints you may see: call with
    ``since`` = the last ``sequence`` you have (``next_since``) until ``has_more`` is false."""
    rows, more = feed.page(_integrator(request), since, limit)
    return {
        "items": [{"sequence": c.sequence, **payloads.document(c)} for c in rows],
        "next_since": rows[-1].sequence if rows else since,
        "has_more": more,
    }
