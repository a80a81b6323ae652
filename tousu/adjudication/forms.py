"""Forms of the dispute pages. Amounts are typed in yuan and kept in integer fen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
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


OTHER_CARRIER = "other"


def carrier_choices() -> list[tuple[str, object]]:
    """The carriers of ``TOUSU_RETURN_CARRIERS``, then "Other" (typed in ``carrier_other``)."""
    return [
        ("", _("— choose —")),
        *((name, name) for name in settings.TOUSU_RETURN_CARRIERS),
        (OTHER_CARRIER, _("Other (type it)")),
    ]


class ReturnForm(forms.Form):
    """The carrier is picked from the list, or typed after "Other"; a name posted as is (an
    older page, a script) is kept as typed."""

    carrier = forms.CharField(
        label=_("Carrier"),
        max_length=40,
        error_messages={"required": _("Please choose the carrier.")},
    )
    carrier_other = forms.CharField(label=_("Other carrier"), max_length=40, required=False)
    tracking_number = forms.CharField(
        label=_("Tracking number"),
        max_length=40,
        error_messages={"required": _("Please enter the tracking number.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("carrier") == OTHER_CARRIER:
            typed = (data.get("carrier_other") or "").strip()
            if not typed:
                self.add_error("carrier_other", _("Please type the carrier's name."))
            data["carrier"] = typed
        return data


STARRED = ("attitude", "speed", "overall")


def _stars(label) -> forms.TypedChoiceField:
    # Nothing chosen at first: a preset rating would bias the answer.
    return forms.TypedChoiceField(
        label=label,
        choices=[(n, "★" * n) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose 1 to 5 stars.")},
    )


class FeedbackForm(forms.Form):
    attitude = _stars(_("Attitude"))
    speed = _stars(_("Speed"))
    overall = _stars(_("Overall satisfaction"))
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    accepted = forms.TypedChoiceField(
        label=_("Do you accept the outcome?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes, I accept it")), ("no", _("No, I do not accept it"))],
        widget=forms.RadioSelect,
    )
