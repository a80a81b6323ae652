"""The phone-number access log for supervisors: who saw whose full number, when and why.

Newest first, TOUSU_QUEUE_PAGE_SIZE rows a page with keyset paging (``?before=<id>``),
optionally only one viewer's (``?viewer=<username>``). Read only: the log is append-only.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tousu.accounts.models import PhoneReveal
from tousu.complaints.guards import supervisor_only

BIGINT = 2**63 - 1


class RevealFilters(forms.Form):
    viewer = forms.CharField(label=_("Viewer (username)"), required=False, max_length=150)
    before = forms.IntegerField(
        required=False, min_value=1, max_value=BIGINT, widget=forms.HiddenInput
    )


@supervisor_only
def phone_reveals(request: HttpRequest) -> HttpResponse:
    filters = RevealFilters(request.GET)
    filters.is_valid()  # invalid fields are shown and ignored
    data = {
        name: value
        for name, value in getattr(filters, "cleaned_data", {}).items()
        if name not in filters.errors
    }
    rows = PhoneReveal.objects.select_related("viewer", "subject", "complaint").order_by("-id")
    if data.get("viewer"):
        rows = rows.filter(viewer__username=data["viewer"])
    if data.get("before"):
        rows = rows.filter(id__lt=data["before"])
    page = list(rows[: settings.TOUSU_QUEUE_PAGE_SIZE + 1])
    more = len(page) > settings.TOUSU_QUEUE_PAGE_SIZE
    page = page[: settings.TOUSU_QUEUE_PAGE_SIZE]
    return render(
        request,
        "desk/phone_reveals.html",
        {
            "filters": filters,
            "rows": page,
            "viewer": data.get("viewer", ""),
            "next_before": page[-1].id if more else None,
        },
    )
