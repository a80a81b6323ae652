"""Forms of the phone desk and of the consumer's callback request."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from tousu.accounts import phones
from tousu.channels.phone.models import AttemptOutcome, Hotline
from tousu.complaints.choices import Category, Demand, Kind


class PhoneNumberField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        e164 = phones.try_normalise(value)
        if e164 is None:
            raise forms.ValidationError(
                _(
                    "Enter a valid phone number: a mobile number, or a fixed line with its area code."
                )
            )
        return e164


class LookupForm(forms.Form):
    number = PhoneNumberField(
        label=_("Caller's number"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "inputmode": "tel",
                "placeholder": "138 1234 1234 / 021-53395288",
            }
        ),
    )
    line = forms.ModelChoiceField(
        label=_("Line"),
        queryset=Hotline.objects.filter(active=True),
        required=False,
        empty_label=None,
    )


class NewAccountForm(forms.Form):
    display_name = forms.CharField(label=_("Caller's name"), max_length=64, required=False)


class FileForCallerForm(forms.Form):
    order = forms.ChoiceField(label=_("Order"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, initial=Kind.COMPLAINT)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    demand = forms.ChoiceField(label=_("Demand"), choices=Demand.choices)
    amount = forms.DecimalField(
        label=_("Amount (yuan)"),
        required=False,
        min_value=Decimal("0"),
        decimal_places=2,
        max_digits=12,
    )
    description = forms.CharField(
        label=_("What the caller says happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    notes = forms.CharField(
        label=_("Call notes (staff only)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].choices = [("", _("Not about an order"))] + [
            (o.number, f"{o.number} · {o.merchant.shop_name} · ¥{o.amount_paid_fen / 100:.2f}")
            for o in orders
        ]
        if self.data.get("confirm_new"):
            self._ask_confirmation()

    def _ask_confirmation(self) -> None:
        self.fields["confirm_new"] = forms.BooleanField(
            label=_("File a new complaint anyway"), required=False
        )

    def warn_duplicate(self, warning: str) -> None:
        """The caller already has an open complaint about this: say so, with the way on."""
        self._ask_confirmation()
        self.add_error(
            None,
            _("%(warning)s Use “Add to a complaint” above, or tick the box to file anyway.")
            % {"warning": warning},
        )


class AddToComplaintForm(forms.Form):
    complaint = forms.ChoiceField(label=_("Complaint"))
    message = forms.CharField(
        label=_("What the caller adds (the consumer and the merchant see it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("Call notes (staff only)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, complaints=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].choices = [
            (c.number, f"{c.number} · {c.get_status_display()}") for c in complaints
        ]


class CallbackForm(forms.Form):
    complaint = forms.ChoiceField(label=_("About"), required=False)
    reason = forms.CharField(
        label=_("What should we call about?"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, complaints=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["complaint"].choices = [("", _("Something else"))] + [
            (c.number, f"{c.number} · {c.get_status_display()}") for c in complaints
        ]


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Result of the call"), choices=AttemptOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
