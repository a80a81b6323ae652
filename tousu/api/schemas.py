"""Request and response shapes; the OpenAPI document is generated from these."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, Optional

from django.conf import settings
from ninja import Field, Schema

from tousu.adjudication.models import Answer, ConsumerReply, Outcome, Remedy, ShippingPayer
from tousu.api.enums import choice
from tousu.api.staff_schemas import ConsumerOut, DeadlineOut, StaffFieldsOut
from tousu.complaints.choices import Category, Channel, Demand, EventKind, Kind, MediaType
from tousu.complaints.choices import Party as PartyChoice
from tousu.complaints.workflow import Status
from tousu.cursors import MAX_KEY  # ids and counts fit a signed 64-bit column
from tousu.orders.models import OrderStatus, ProductCategory
from tousu.payments.models import RefundState
from tousu.sla.models import Clock

# Money in fen: a JSON integer (``true``, ``"299"`` or ``299.0`` are refused), never negative,
# at most 2^53 - 1, the largest integer every JSON client reads exactly
# (docs/api.md#bad-input-and-limits).
MAX_FEN = 2**53 - 1


class ErrorOut(Schema):
    code: str = Field(..., description="Stable machine-readable code, e.g. not_found")
    message: str = Field(..., description="Readable text in the caller's language")
    fields: Optional[dict[str, str]] = Field(None, description="Per-field messages")


class OrderItemOut(Schema):
    id: int = Field(
        ...,
        description="The line's id: choose it in `lines` when filing; it changes when the order is "
        "imported again",
    )
    product_name: str
    sku: str
    category: choice(ProductCategory)
    category_label: str
    product_kind: str = Field(
        ..., description="Product kind on the 三包 catalogue; empty: not 三包 goods"
    )
    unit_price_fen: int
    unit_price_yuan: str
    quantity: int
    subtotal_fen: int
    subtotal_yuan: str


class ShopOut(Schema):
    """A shop: the same object wherever a merchant appears."""

    shop_name: str
    city: str


class OrderOut(Schema):
    number: str
    status: choice(OrderStatus)
    status_label: str
    merchant: ShopOut
    amount_paid_fen: int
    amount_paid_yuan: str
    paid_at: datetime
    shipped_at: Optional[datetime]
    received_at: Optional[datetime]
    invoice_date: Optional[date] = Field(None, description="三包 periods count from it when given")
    logistics_number: str
    items: list[OrderItemOut]


class OrderPage(Schema):
    items: list[OrderOut]
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page")


class LineIn(Schema):
    item_id: int = Field(
        ..., strict=True, ge=1, le=MAX_KEY, description="`items[].id` of the order", examples=[1]
    )
    quantity: int = Field(
        ..., strict=True, ge=1, le=MAX_KEY, description="At most the quantity ordered", examples=[1]
    )


class ComplaintLineOut(Schema):
    item_id: Optional[int] = Field(
        ..., description="The order line; null once the order was imported again"
    )
    product_name: str
    category: choice(ProductCategory)
    product_kind: str
    unit_price_fen: int
    quantity: int = Field(..., description="How many the complaint is about")
    ordered_quantity: int
    paid_fen: int = Field(..., description="Paid for the quantity concerned")
    paid_yuan: str


class ComplaintIn(Schema):
    kind: choice(Kind) = Field(
        ...,
        description="after_sales (needs `order_number`) or complaint",
        examples=["after_sales"],
    )
    category: choice(Category) = Field(..., examples=["quality"])
    demand: choice(Demand) = Field(
        ...,
        description="refund_only, return_refund and compensation need `amount_fen`",
        examples=["return_refund"],
    )
    description: str = Field(
        ...,
        description="What happened: required, at most `TOUSU_DESCRIPTION_MAX_CHARS` characters",
        json_schema_extra={"minLength": 1, "maxLength": settings.TOUSU_DESCRIPTION_MAX_CHARS},
        examples=["耳机左耳没有声音。"],
    )
    order_number: str = Field(
        "",
        description="One of my orders (`GET /api/v1/orders`); required for an after-sales request",
        examples=["202611200001"],
    )
    amount_fen: Optional[int] = Field(
        None,
        strict=True,
        ge=0,
        le=MAX_FEN,
        description="Amount asked for, in fen (a JSON integer); required for the demands "
        "refund_only, return_refund and compensation; a refund at most what was paid",
        examples=[29900],
    )
    lines: list[LineIn] = Field(
        [],
        description="The order lines concerned and how many of each; empty: the whole "
        "order. A refund may not exceed what was paid for these lines.",
    )
    confirm_new: bool = Field(
        False,
        description="File a new complaint even though I already have an open one about the "
        "same order line; without it that case is answered 409 `duplicate_open_complaint` "
        "with `fields.complaint_number` (add a message or evidence to that one instead)",
    )


class ActionOut(Schema):
    name: str
    label: str


class ComplaintOut(Schema):
    number: str
    status: choice(Status)
    status_label: str
    is_open: bool
    kind: choice(Kind)
    kind_label: str
    category: choice(Category)
    category_label: str
    demand: choice(Demand)
    demand_label: str
    amount_fen: Optional[int]
    amount_yuan: Optional[str]
    order_number: Optional[str]
    merchant: Optional[str] = Field(..., description="The shop's name")
    channel: choice(Channel)
    description: str
    created_at: datetime
    updated_at: datetime
    acknowledged_at: Optional[datetime]
    closed_at: Optional[datetime]
    urge_count: int
    last_urged_at: Optional[datetime]


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page")


class EvidenceOut(Schema):
    id: int
    original_name: str
    media_type: choice(MediaType)
    content_type: str
    size: int
    sha256: str
    caption: str
    uploaded_at: datetime
    url: str = Field(..., description="Download in a signed-in browser session")
    api_url: str = Field(..., description="Download with the bearer token")


class EntryOut(Schema):
    id: int
    at: datetime
    who: str
    side: Literal["consumer", "merchant", "platform", "system"] = Field(
        ..., description="Whose side wrote it: consumer, merchant, platform or system"
    )
    kind: choice(EventKind)
    summary: str
    body: str
    internal: bool
    channel: str = Field(..., description="The channel's label, in the caller's language")
    evidence: Optional[EvidenceOut]


Party = choice(PartyChoice)


class TurnOut(Schema):
    """Whose turn it is and how long they have (docs/sla.md#whose-turn-and-the-time-left)."""

    step: str = Field(
        ...,
        description="The current step, worded for the caller: in the second person when "
        'it is the caller\'s turn (等待您确认 / "Waiting for you to confirm")',
        examples=["等待您答复商家的方案"],
    )
    who: list[Party] = Field(
        ..., description="The parties who must act now (an evidence request may ask both)"
    )
    who_label: str = Field(..., description="Who must act, worded for the caller", examples=["您"])
    yours: bool = Field(..., description="True when the caller must act")
    clock: Optional[choice(Clock)] = Field(
        None, description="The SLA clock that times the step, when one runs"
    )
    due_at: Optional[datetime] = Field(
        None,
        description="The deadline (Asia/Shanghai offset); null when no "
        "deadline runs, it is paused or could not be computed",
    )
    time_left: str = Field(
        ...,
        description='Time left in words, rounded down; "overdue by …" once passed; '
        "empty without a deadline",
        examples=["还剩 5 天 23 小时"],
    )
    due_local: str = Field(
        ...,
        description="The deadline in words, Beijing time",
        examples=["截止 2026-12-06 14:05（北京时间）"],
    )
    overdue: bool


class OfferOut(Schema):
    """The merchant's latest answer, and the consumer's reply to it."""

    answer: choice(Answer)
    answer_label: str
    remedy: Optional[choice(Remedy)] = Field(..., description="What is offered (answer `offer`)")
    remedy_label: str
    amount_fen: Optional[int] = Field(..., description="The partial refund offered, in fen")
    amount_yuan: Optional[str]
    reason: str
    reply: Optional[choice(ConsumerReply)] = Field(
        ..., description="The consumer's reply; null while it waits for one"
    )
    answered_at: datetime


class DecisionOut(Schema):
    """The platform's decision (裁决) after intervention."""

    outcome: choice(Outcome)
    outcome_label: str
    refund_fen: int
    refund_yuan: str
    compensation_fen: int
    compensation_yuan: str
    compensation_basis: str = Field(..., description="The legal basis of the compensation")
    loss_fen: int = Field(..., description="Proven loss compensated in addition")
    loss_yuan: str
    return_required: bool
    shipping_paid_by: Optional[choice(ShippingPayer)] = Field(
        ..., description="Who pays the return shipping; null: nothing is sent back"
    )
    grounds: str = Field(..., description="Why: the reasons both parties see")
    decided_at: datetime


class ReturnOut(Schema):
    """Where the goods go back, and how far the return is."""

    address: str
    recipient: str = Field(..., description="Who receives the parcel: the shop's contact")
    phone: str = Field(..., description="The recipient's phone number")
    shipping_paid_by: Optional[choice(ShippingPayer)]
    carrier: str
    tracking_number: str
    shipped_at: Optional[datetime]
    received_at: Optional[datetime]
    deadline: Optional[DeadlineOut] = Field(
        ...,
        description="The running return deadline: the consumer's to send (`return_shipment`) "
        "or the merchant's to confirm receipt (`return_receipt`)",
    )


class RefundOut(Schema):
    amount_fen: int
    amount_yuan: str
    state: choice(RefundState)
    state_label: str
    reference: str = Field(..., description="The payment reference the merchant reported")
    sent_at: Optional[datetime]
    refunded_at: Optional[datetime]


class RatingOut(Schema):
    attitude: int = Field(..., ge=1, le=5)
    speed: int = Field(..., ge=1, le=5)
    overall: int = Field(..., ge=1, le=5)
    comment: str
    accepted: bool
    options_left: list[str] = Field(
        ..., description="What the consumer may still do when not accepting the outcome"
    )


class ResolutionOut(Schema):
    """How the complaint is being resolved, as the consumer's page shows it."""

    offer: Optional[OfferOut]
    decision: Optional[DecisionOut]
    return_shipment: Optional[ReturnOut]
    refunds: list[RefundOut]
    refund_deadline: Optional[DeadlineOut] = Field(
        ..., description="Until when the consumer may say a reported refund did not arrive"
    )
    rating: Optional[RatingOut]


class MessageIn(Schema):
    body: str
    internal: bool = Field(False, description="Staff-only note (platform staff only)")


class WithdrawIn(Schema):
    note: str = ""


# --- The merchant's view of a complaint and the merchant's steps (tousu/api/merchant_steps.py) ---


MerchantStep = Literal["answer", "evidence_response", "return_received", "refund_paid"]


class ShopViewOut(Schema):
    """What the merchant center shows its staff besides the common detail."""

    consumer: ConsumerOut
    deadlines: list[DeadlineOut] = Field(
        ..., description="The shop's running deadlines on this complaint, soonest first"
    )
    answer: Optional[OfferOut] = Field(
        ..., description="The shop's latest answer and the consumer's reply"
    )
    return_shipment: Optional[ReturnOut]
    refunds: list[RefundOut]
    refund_owed_fen: int = Field(
        ..., description="What the shop must pay and report (TOUSU_REFUND_MODE=merchant_reported)"
    )
    evidence_requested: bool = Field(
        ..., description="The platform's open evidence request asks the shop"
    )
    steps: list[MerchantStep] = Field(
        ..., description="The merchant endpoints that can be called now"
    )


class ComplaintDetailOut(ComplaintOut):
    lines: list[ComplaintLineOut] = Field(
        ..., description="The order lines the complaint is about; empty: the whole order"
    )
    turn: Optional[TurnOut] = Field(
        ..., description="Whose turn it is; null once the complaint is finished"
    )
    actions: list[ActionOut] = Field(..., description="Transitions the caller may trigger now")
    evidence: list[EvidenceOut]
    timeline: list[EntryOut]
    resolution: Optional[ResolutionOut] = Field(
        None,
        description="The merchant's answer, the decision, the return and the refunds: for the "
        "complaint's consumer; null for others",
    )
    staff: Optional[StaffFieldsOut] = Field(
        None,
        description="Platform staff only (null for others): the consumer with the phone masked, "
        "the assignee, the priority and every running deadline",
    )
    shop_view: Optional[ShopViewOut] = Field(
        None, description="Only for the shop's staff (and its API keys); null for anyone else"
    )


class AnswerIn(Schema):
    answer: choice(Answer)
    remedy: choice(Remedy, blank=True) = Field(
        "", description="Required with offer (partial_refund needs amount_fen); empty otherwise"
    )
    amount_fen: Optional[int] = Field(
        None, strict=True, ge=0, le=MAX_FEN, description="With partial_refund: the amount offered"
    )
    reason: str = Field("", description="Required to reject; the consumer sees it")
    evidence_ids: list[Annotated[int, Field(strict=True, ge=1, le=MAX_KEY)]] = Field(
        [],
        description="Evidence your side already uploaded (POST …/evidence) that backs the answer",
    )


class RefundPaidIn(Schema):
    amount_fen: int = Field(
        ..., strict=True, ge=0, le=MAX_FEN, description="What was paid: all the shop owes"
    )
    reference: str = Field(..., description="The payment reference, e.g. the transfer number")
