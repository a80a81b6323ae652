"""What the law gives for one line of my order: the remedy calculator for apps.

The same computation as the web form's “what you may be entitled to” and the agent's
intervention page (``tousu.remedies``): per order line, the quantity concerned, the
problem's category (which implies defect / fraud / unsafe food as a first guess).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Literal, Optional

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tousu.adjudication.context import suggestions
from tousu.api import presenters
from tousu.api.enums import choice
from tousu.api.rendering import yuan
from tousu.api.schemas import ErrorOut, OrderItemOut
from tousu.complaints import access
from tousu.complaints.access import orders_for
from tousu.complaints.choices import Category
from tousu.complaints.errors import NotFound, ValidationFailed
from tousu.remedies.calculator import CONSUMER, MERCHANT

router = Router(tags=["orders"])


class RemedyQuery(Schema):
    category: choice(Category) = Field(
        "quality",
        description="What went wrong (a complaint category): quality implies a defect, counterfeit "
        "fraud, food_safety unsafe food",
    )
    quantity: Optional[int] = Field(
        None, ge=1, description="How many of the line are concerned (default: all)"
    )
    loss_fen: int = Field(
        0,
        ge=0,
        description="The consumer's proven loss in fen (unsafe food: compensated in "
        "addition, and 3 × the loss may beat 10 × the price)",
    )


class RemedyOut(Schema):
    code: str = Field(..., examples=["no_reason_return"])
    label: str = Field(..., examples=["7日无理由退货"])
    basis: str = Field(..., description="The law it rests on")
    condition: str = Field(
        ..., description="A condition customer service must confirm; empty when none"
    )
    refund_fen: int
    refund_yuan: str
    compensation_fen: int = Field(
        ..., description="Punitive compensation on top of the refund (Art. 55, Art. 148)"
    )
    compensation_yuan: str
    loss_fen: int = Field(..., description="The proven loss compensated in addition (unsafe food)")
    deduction_fen: int = Field(
        ..., description="Depreciation deducted from the refund (三包 return after repairs)"
    )
    total_fen: int
    total_yuan: str
    last_day: Optional[date] = Field(
        None,
        description="Last day to ask for it, inclusive (Asia/Shanghai); "
        "null: no limit computed, or the goods are not received yet",
    )
    return_required: bool
    shipping_paid_by: Literal[CONSUMER, MERCHANT, ""] = Field(
        ..., description="Who pays the return shipping"
    )
    options: list[str] = Field(
        ..., description="What the consumer may choose between (return_refund, exchange, repair)"
    )


class LineRemediesOut(Schema):
    order_number: str
    item: OrderItemOut
    quantity: int
    category: choice(Category)
    remedies: list[RemedyOut]
    exclusion: str = Field(
        ..., description="Why there is no 7-day no-reason return for this line; empty if none"
    )
    old_order_notice_days: int = Field(
        ...,
        description="Non-zero: the order was paid more than this many days "
        "ago; a complaint is still taken, with a notice",
    )


def remedy(r) -> dict:
    return {
        "code": r.code,
        "label": r.label,
        "basis": r.basis,
        "condition": r.condition,
        "refund_fen": r.refund_fen,
        "refund_yuan": yuan(r.refund_fen),
        "compensation_fen": r.compensation_fen,
        "compensation_yuan": yuan(r.compensation_fen),
        "loss_fen": r.loss_fen,
        "deduction_fen": r.deduction_fen,
        "total_fen": r.total_fen,
        "total_yuan": yuan(r.total_fen),
        "last_day": r.last_day,
        "return_required": r.return_required,
        "shipping_paid_by": r.shipping_paid_by,
        "options": list(r.options),
    }


@router.get(
    "/{number}/items/{item_id}/remedies",
    response={200: LineRemediesOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def line_remedies(
    request: HttpRequest, number: str, item_id: int, query: Query[RemedyQuery]
) -> dict:
    """The remedies the law gives for a line of one of my orders today: basis, amount, last day.

    Someone else's order or line answers 404; a quantity above what was ordered 422.
    """
    order = access.numbered(orders_for(request.auth), number).select_related("merchant").first()
    item = order.items.filter(pk=item_id).first() if order else None
    if item is None:
        raise NotFound()
    quantity = query.quantity or item.quantity
    if quantity > item.quantity:
        raise ValidationFailed(
            {
                "quantity": _("You ordered %(ordered)s of “%(name)s”; choose at most %(ordered)s.")
                % {"ordered": item.quantity, "name": item.product_name}
            }
        )
    row = SimpleNamespace(
        category=item.category,
        unit_price_fen=item.unit_price_fen,
        quantity=quantity,
        product_kind=item.product_kind,
        product_name=item.product_name,
        order_item_id=item.pk,
    )
    calc = suggestions(
        SimpleNamespace(order_snapshot=order.snapshot(), category=query.category),
        lines=[row],
        loss_fen=query.loss_fen,
    )
    return {
        "order_number": order.number,
        "item": presenters.order_item(item),
        "quantity": quantity,
        "category": query.category,
        "remedies": [remedy(r) for r in calc["remedies"]],
        "exclusion": str(calc["exclusions"][0][1]) if calc["exclusions"] else "",
        "old_order_notice_days": calc["old_order"],
    }
