"""The phone-number access log for supervisors: who saw whose full number, when and why.

Newest first, TOUSU_QUEUE_PAGE_SIZE rows a page (``tousu.keyset``: ``?before=<id>`` shows
the rows older than that one; a value that is not an id shows the first page),
optionally only one viewer's (``?viewer=<username>``). Read only: the log is append-only.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tousu import keyset
from tousu.accounts.models import PhoneReveal
from tousu.complaints.guards import supervisor_only


class RevealFilters(forms.Form):
    viewer = forms.CharField(label=_("Viewer (username)"), required=False, max_length=150)


@supervisor_only
def phone_reveals(request: HttpRequest) -> HttpResponse:
    filters = RevealFilters(request.GET)
    filters.is_valid()  # invalid fields are shown and ignored
    data = {
        name: value
        for name, value in getattr(filters, "cleaned_data", {}).items()
        if name not in filters.errors
    }
    rows = PhoneReveal.objects.select_related("viewer", "subject", "complaint")
    if data.get("viewer"):
        rows = rows.filter(viewer__username=data["viewer"])
    after = keyset.decode(request.GET.get("before", ""), keyset.NEWEST)
    page = keyset.page(rows, keyset.NEWEST, settings.TOUSU_QUEUE_PAGE_SIZE, after=after)
    return render(
        request,
        "desk/phone_reveals.html",
        {
            "filters": filters,
            "rows": page.rows,
            "viewer": data.get("viewer", ""),
            "next_before": page.next_cursor,
        },
    )
