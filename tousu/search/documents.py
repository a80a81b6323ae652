"""What a complaint's search document holds, built from the complaint and its timeline."""

from __future__ import annotations

from collections.abc import Iterable

from tousu.complaints.models import Complaint, ComplaintEvent
from tousu.search import backends, tokens
from tousu.search.models import SearchDocument


def ident_text(complaint: Complaint) -> str:
    """Complaint number and order number, each one token (matched whole, never in part),
    and the shop's token (``backends.shop_token``: the shop filter, intersected in the index)."""
    snapshot = complaint.order_snapshot if isinstance(complaint.order_snapshot, dict) else {}
    order_number = str(snapshot.get("number", ""))
    shop = backends.shop_token(complaint.merchant_id) if complaint.merchant_id else ""
    return " ".join(n.lower() for n in (complaint.number, order_number, shop) if n)


def names_source(complaint: Complaint) -> str:
    """Shop, consumer and the order's item titles, as the complaint was filed (raw text)."""
    snapshot = complaint.order_snapshot if isinstance(complaint.order_snapshot, dict) else {}
    items = snapshot.get("items", [])
    titles = [str(item.get("product_name", "")) for item in items if isinstance(item, dict)]
    shop = complaint.merchant.shop_name if complaint.merchant_id else ""
    return " ".join([shop, str(complaint.consumer), *titles])


def header(complaint: Complaint) -> SearchDocument:
    """A document with the complaint's own fields; the timeline's texts come after."""
    return SearchDocument(
        complaint_id=complaint.pk,
        ident=ident_text(complaint),
        names=tokens.joined(names_source(complaint)),
        body=tokens.joined(complaint.description),
    )


def add_texts(document: SearchDocument, events: Iterable[ComplaintEvent]) -> SearchDocument:
    """Append the texts of ``events`` after the filing (the description is ``body`` already)."""
    talk, notes = [document.talk], [document.notes]
    for event in events:
        if event.body and event.kind != "filed":
            (notes if event.internal else talk).append(tokens.joined(event.body))
    document.talk = " ".join(t for t in talk if t)
    document.notes = " ".join(t for t in notes if t)
    return document


def build(complaint: Complaint) -> SearchDocument:
    """The whole document of one complaint, read from the database."""
    events = ComplaintEvent.objects.filter(complaint=complaint).exclude(body="").order_by("id")
    return add_texts(header(complaint), events)
