"""Forms of the consumer and merchant pages.

The forms only parse and pre-check what a person typed; the rules themselves live in
``tousu.complaints.actions``, whose ``ValidationFailed`` errors are mapped back onto
these fields so the page can show them next to what the person typed.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tousu.complaints.choices import (
    AMOUNT_DEMANDS,
    PLATFORM_SERVICE_CATEGORIES,
    SERVICE_CATEGORIES,
    Category,
    Demand,
    Kind,
)
from tousu.complaints.errors import EvidenceRejected
from tousu.complaints.files import check_upload
from tousu.complaints.filing import Draft


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                # data-preview: thumbnails of the chosen photos before upload (tousu/previews.js).
                attrs={
                    "accept": "image/*,video/mp4,video/quicktime,application/pdf",
                    "data-preview": "",
                }
            ),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def precheck_files(files: list) -> list[str]:
    """Run the evidence checks now so every bad file is reported at once.

    The action checks again; this only gives better messages sooner. These are consumer and
    merchant pages: audio is refused (tousu.complaints.evidence.may_attach_audio).
    """
    problems = []
    most = min(
        settings.TOUSU_EVIDENCE_MAX_FILES_PER_UPLOAD,
        settings.TOUSU_EVIDENCE_MAX_FILES_PER_COMPLAINT,
    )
    if len(files) > most:
        problems.append(str(_("Please attach at most %(n)s files.") % {"n": most}))
    for upload in files:
        try:
            check_upload(upload)
        except EvidenceRejected as error:
            problems.append(error.text())
        finally:
            upload.seek(0)
    return problems


def yuan_to_fen(value: Decimal) -> int:
    """Exact: the field allows at most two decimals, so ×100 is an integer."""
    return int((value * 100).to_integral_value())


class AmountField(forms.DecimalField):
    """Yuan with at most two decimals; tolerates '¥', '元', spaces and thousands commas."""

    def to_python(self, value):
        if isinstance(value, str):
            value = (
                value.strip()
                .replace("¥", "")
                .replace("￥", "")
                .replace("元", "")
                .replace(",", "")
                .replace("，", "")
            )
            # Full-width digits and dot, as typed on some Chinese keyboards.
            value = value.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        return super().to_python(value)


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want"), choices=Kind.choices, widget=forms.RadioSelect
    )
    category = forms.ChoiceField(label=_("What went wrong"), choices=Category.choices)
    demand = forms.ChoiceField(label=_("What you ask for"), choices=Demand.choices)
    amount = AmountField(
        label=_("Amount (yuan)"),
        required=False,
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        help_text=_("For a refund or compensation. Up to two decimals, e.g. 299.00."),
        error_messages={
            "invalid": _("Please enter an amount in yuan, like 299.00."),
            "min_value": _("The amount cannot be negative."),
            "max_decimal_places": _("Use at most two decimals (fen)."),
            "max_digits": _("This amount is too large."),
            "max_whole_digits": _("This amount is too large."),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("What happened"),
        required=False,
        help_text=_(
            "Short and to the point: what you bought, what went wrong, what you already tried."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": settings.TOUSU_DESCRIPTION_MAX_CHARS}),
    )
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_(
            "Photos of the goods, screenshots of chats, videos or PDFs. You can pick several files."
        ),
    )
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Ticked when the consumer files anyway although an open complaint of theirs covers the line.
    confirm_new = forms.BooleanField(label=_("File a new complaint anyway"), required=False)

    def __init__(self, *args, with_order: bool = True, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.with_order = with_order
        self.items = list(items)
        if not with_order:
            # Without an order only a complaint about customer service makes sense: the kind
            # is fixed (no toggle) and the categories are the service ones.
            self.fields["kind"].choices = [(Kind.COMPLAINT, Kind.COMPLAINT.label)]
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["category"].choices = [
                (value, label)
                for value, label in Category.choices
                if value in SERVICE_CATEGORIES or value == Category.OTHER
            ]
            self.fields["category"].label = _("What was wrong with the service")
        else:
            self.fields["category"].choices = [
                (value, label)
                for value, label in Category.choices
                if value not in PLATFORM_SERVICE_CATEGORIES
            ]
        if self.items:
            # Which lines and how many of each; none ticked: the whole order (the action checks the quantities).
            self.fields["lines"] = forms.MultipleChoiceField(
                label=_("Which items is it about?"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[(str(item.pk), item.product_name) for item in self.items],
                help_text=_(
                    "Tick the items and say how many; with none ticked the complaint is about the whole "
                    "order."
                ),
            )
            for item in self.items:
                self.fields[f"qty_{item.pk}"] = forms.IntegerField(
                    label=_("Quantity"),
                    required=False,
                    initial=item.quantity,
                    error_messages={"invalid": _("Enter the quantity as a whole number.")},
                    widget=forms.NumberInput(
                        attrs={"min": 1, "max": item.quantity, "inputmode": "numeric"}
                    ),
                )

    def chosen_lines(self) -> tuple[tuple[int, int], ...]:
        """``(item id, quantity)`` for each ticked line (quantity left empty: all of it)."""
        data, ordered = self.cleaned_data, {str(item.pk): item.quantity for item in self.items}
        return tuple(
            (int(pk), data.get(f"qty_{pk}") or ordered[pk])
            for pk in data.get("lines") or ()
            if pk in ordered
        )

    def line_rows(self):
        """Each line with its tick box and quantity field, for the template."""
        ticks = {str(box.data["value"]): box for box in self["lines"]} if self.items else {}
        return [
            {"item": item, "tick": ticks[str(item.pk)], "qty": self[f"qty_{item.pk}"]}
            for item in self.items
        ]

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        problems = precheck_files(files)
        if problems:
            raise forms.ValidationError(problems)
        return files

    def draft(self, order_number: str = "") -> Draft:
        data = self.cleaned_data
        amount = data.get("amount")
        # The amount only means something for money demands; a prefilled refund amount
        # left behind after switching to "exchange" is dropped.
        amount_fen = (
            yuan_to_fen(amount) if amount is not None and data["demand"] in AMOUNT_DEMANDS else None
        )
        return Draft(
            kind=data["kind"],
            category=data["category"],
            demand=data["demand"],
            description=data.get("description", ""),
            order_number=order_number,
            amount_fen=amount_fen,
            lines=self.chosen_lines(),
        )

    def add_action_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": settings.TOUSU_MESSAGE_MAX_CHARS}),
    )


class EvidenceForm(forms.Form):
    files = MultipleFileField(
        label=_("Add evidence"), error_messages={"required": _("Please choose at least one file.")}
    )
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        problems = precheck_files(files)
        if problems:
            raise forms.ValidationError(problems)
        return files


class TransitionForm(forms.Form):
    name = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
