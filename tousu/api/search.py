"""``GET /api/v1/search``: full-text search over complaints, for platform staff only.

The index holds internal notes, so consumers and merchant staff are refused (403) —
they list their own complaints with ``GET /api/v1/complaints``. Matching, ranking and
the excerpts are ``tousu.search``; the excerpt comes as plain text with the ranges
to highlight, never as HTML.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Optional

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthorizationError

from tousu.accounts import phones
from tousu.api.enums import choice
from tousu.api.errors import ApiError
from tousu.api.schemas import ErrorOut
from tousu.complaints import access
from tousu.complaints.access import complaints_for
from tousu.complaints.choices import Priority
from tousu.complaints.workflow import Status
from tousu.search import engine, query

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field(
        ...,
        max_length=settings.TOUSU_SEARCH_MAX_QUERY_CHARS,
        description="Words (any order), a complaint or order number, a consumer's or shop's "
        "name, or a full phone number (matched whole, never in part)",
        examples=["退款"],
    )
    cursor: Optional[str] = Field(None, description="`next_cursor` of the previous page")


class SnippetOut(Schema):
    text: str = Field(..., description="Excerpt, plain text")
    source: Literal["description", "message", "note"] = Field(
        ..., description="Where the excerpt is from; note: an internal note"
    )
    marks: list[list[int]] = Field(
        ..., description="[start, end) character ranges of `text` to highlight"
    )


class SearchHitOut(Schema):
    number: str
    status: choice(Status)
    status_label: str
    priority: choice(Priority)
    shop_name: str
    consumer_name: str
    consumer_phone_masked: str = Field(..., description="Never the full number")
    order_number: str
    created_at: datetime
    score: int = Field(..., description="Relevance, higher first")
    snippet: Optional[SnippetOut]


class SearchPage(Schema):
    items: list[SearchHitOut]
    next_cursor: Optional[str] = Field(None, description="Pass as ?cursor= for the next page")
    window_full: bool = Field(
        ...,
        description="More complaints match than are ranked (TOUSU_SEARCH_RANK_WINDOW): these "
        "are the best of the newest; add words to narrow",
    )


def _bad(field: str, message: str) -> ApiError:
    return ApiError(
        422, "validation_failed", _("Some fields need your attention."), {field: message}
    )


def _hit(hit: engine.Hit) -> dict:
    c = hit.complaint
    snapshot = c.order_snapshot if isinstance(c.order_snapshot, dict) else {}
    snippet = hit.snippet
    return {
        "number": c.number,
        "status": c.status,
        "status_label": c.get_status_display(),
        "priority": c.priority,
        "shop_name": c.merchant.shop_name if c.merchant_id else "",
        "consumer_name": str(c.consumer),
        "consumer_phone_masked": phones.mask(c.consumer.phone),
        "order_number": str(snapshot.get("number", "")),
        "created_at": c.created_at,
        "score": hit.score,
        "snippet": {
            "text": snippet.text,
            "source": snippet.source,
            "marks": [list(span) for span in snippet.spans],
        }
        if snippet
        else None,
    }


@router.get("", response={200: SearchPage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
def search(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Complaints matching the words, best first (platform staff only; others get 403)."""
    if not access.sees_internal(request.auth):  # the index holds internal notes
        raise AuthorizationError()
    try:
        parsed = query.parse(params.q)
    except query.QueryTooLong as exc:
        raise _bad("q", exc.message()) from None
    after = None
    if params.cursor:
        after = engine.decode(params.cursor)
        if after is None:
            raise _bad("cursor", _("This cursor is not valid. Start again from the first page."))
    found = engine.search(request.auth, parsed, complaints_for(request.auth), after=after)
    return {
        "items": [_hit(hit) for hit in found.hits],
        "next_cursor": found.next_cursor,
        "window_full": found.window_full,
    }
