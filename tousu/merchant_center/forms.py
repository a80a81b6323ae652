from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tousu.adjudication.forms import YuanField
from tousu.adjudication.models import Answer, Remedy


class ReportRefundForm(forms.Form):
    amount = YuanField(label=_("Amount paid (yuan)"))


class RespondForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect
    )
    remedy = forms.ChoiceField(
        label=_("What you offer"), choices=[("", "—"), *Remedy.choices], required=False
    )
    amount = YuanField(label=_("Partial refund (yuan)"), required=False)
    reason = forms.CharField(
        label=_("Reason or explanation (the consumer sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
