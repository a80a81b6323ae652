"""The writing coach on the web complaint form: htmx posts what is typed, gets the tips partial."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from tousu.coach.analysis import analyse
from tousu.complaints.choices import AMOUNT_DEMANDS
from tousu.complaints.guards import consumer_only
from tousu.portal.forms import AmountField, yuan_to_fen


def _amount_fen(raw: str, demand: str) -> int | None:
    if demand not in AMOUNT_DEMANDS:
        return None
    try:
        value = AmountField(required=False, min_value=0, max_digits=12, decimal_places=2).clean(raw)
    except forms.ValidationError:
        return None
    return yuan_to_fen(value) if value is not None else None


def _count(raw: str) -> int:
    try:
        return max(0, int(raw))
    except (TypeError, ValueError):
        return 0


@require_POST
@consumer_only
def coach(request: HttpRequest) -> HttpResponse:
    data = request.POST
    demand = data.get("demand", "")
    findings = analyse(
        data.get("description", "")[:5000],
        category=data.get("category", ""),
        demand=demand,
        amount_fen=_amount_fen(data.get("amount", ""), demand),
        order_number=data.get("order_number", ""),
        evidence_count=_count(data.get("evidence_count", "")),
    )
    return render(request, "coach/_findings.html", {"findings": findings})
