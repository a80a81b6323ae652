"""Search from the queue page: the queue's filters plus words, ranked, keyset-paged.

The queue view hands over here when the query string has ``q``; the filters are the
queue's own (``QueueFilters``), the matching and ranking are ``tousu.search``. Pages
follow on ``(score, id)`` (``?after=<score>.<id>``); a malformed cursor shows the first
page with a notice, answered 400, as the queue does.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tousu.accounts import phones
from tousu.complaints.access import complaints_for
from tousu.desk.saved import sidebar
from tousu.search import engine, query
from tousu.search.queue import QueueFilters


def results(request: HttpRequest, filters: QueueFilters) -> HttpResponse:
    raw = request.GET.get("q", "")
    context = {"filters": filters, "q": raw, "searching": True, **sidebar(request, [])}
    try:
        parsed = query.parse(raw)
    except query.QueryTooLong as exc:
        context["search_error"] = exc.message()
        return render(request, "desk/search.html", context, status=400)
    if filters.blocked:  # a filter that matches nothing: list nothing (the page says why)
        return render(request, "desk/search.html", context)
    after = engine.decode(request.GET.get("after", ""))
    bad_cursor = bool(request.GET.get("after")) and after is None
    qs = filters.apply(complaints_for(request.user), request.user)
    shop_id = filters.merchant.pk if filters.merchant else None
    found = engine.search(request.user, parsed, qs, after=after, shop_id=shop_id)
    for hit in found.hits:
        hit.phone_masked = phones.mask(hit.complaint.consumer.phone)
        hit.labels = {
            "status": hit.complaint.get_status_display(),
            "priority": hit.complaint.get_priority_display(),
        }
    context.update(
        results=found,
        bad_cursor=bad_cursor,
        window=settings.TOUSU_SEARCH_RANK_WINDOW,
    )
    return render(request, "desk/search.html", context, status=400 if bad_cursor else 200)
