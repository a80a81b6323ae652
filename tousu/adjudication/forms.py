"""Forms of the dispute pages. Amounts are typed in yuan and kept in integer fen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from tousu.adjudication.models import Outcome, Penalty, ShippingPayer


class YuanField(forms.CharField):
    """'12.3' → 1230 fen. Never a float."""

    def to_python(self, value):
        value = super().to_python(value).strip().replace("¥", "").replace(",", "")
        if not value:
            return 0
        try:
            amount = Decimal(value)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in yuan, such as 29.90.")) from None
        if amount < 0 or amount.as_tuple().exponent < -2:
            raise forms.ValidationError(_("Enter an amount in yuan, such as 29.90."))
        return int(amount * 100)


# Nothing is chosen for the agent: the outcome starts empty, and of the two payers the
# merchant comes first (it pays for every return of defective goods, Art. 24).
OUTCOMES = [("", _("— choose —")), *Outcome.choices]
PAYERS = [
    (ShippingPayer.NONE, ShippingPayer.NONE.label),
    (ShippingPayer.MERCHANT, ShippingPayer.MERCHANT.label),
    (ShippingPayer.CONSUMER, ShippingPayer.CONSUMER.label),
]


class DecisionForm(forms.Form):
    """Every money field in yuan. Starts empty, or from the remedies the agent ticks (views._start_from)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES)
    refund = YuanField(label=_("Refund (yuan)"), required=False)
    return_required = forms.BooleanField(label=_("Goods must be returned"), required=False)
    shipping_paid_by = forms.ChoiceField(
        label=_("Return shipping paid by"), choices=PAYERS, required=False
    )
    compensation = YuanField(label=_("Compensation (yuan)"), required=False)
    loss = YuanField(label=_("Proven loss compensated in addition (yuan)"), required=False)
    compensation_basis = forms.CharField(
        label=_("Legal basis of the compensation"), max_length=200, required=False
    )
    penalty = forms.ChoiceField(
        label=_("Merchant penalty"), choices=Penalty.choices, initial=Penalty.NONE
    )
    penalty_amount = YuanField(label=_("Deducted from the deposit (yuan)"), required=False)
    grounds = forms.CharField(
        label=_("Grounds (both parties see them)"), widget=forms.Textarea(attrs={"rows": 4})
    )


class EvidenceRequestForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Ask"),
        choices=[
            ("consumer", _("the consumer")),
            ("merchant", _("the merchant")),
            ("both", _("both parties")),
        ],
    )
    note = forms.CharField(label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=40, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=40)


class FeedbackForm(forms.Form):
    STARS = [(n, "★" * n) for n in range(5, 0, -1)]
    attitude = forms.TypedChoiceField(label=_("Attitude"), choices=STARS, coerce=int)
    speed = forms.TypedChoiceField(label=_("Speed"), choices=STARS, coerce=int)
    overall = forms.TypedChoiceField(label=_("Overall satisfaction"), choices=STARS, coerce=int)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accepted = forms.TypedChoiceField(
        label=_("Do you accept the outcome?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, I accept it")), ("no", _("No, I do not accept it"))],
        widget=forms.RadioSelect,
    )
