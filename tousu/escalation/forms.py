from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousu.complaints.choices import ExternalBody


class AddressForm(forms.Form):
    """Only to fill the draft: the address is not stored (collect only what is needed)."""

    address = forms.CharField(label=_("Your address"), max_length=200)


class RecordForm(forms.Form):
    where = forms.ChoiceField(label=_("Where you complained"), choices=ExternalBody.choices)
    filed_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        # A date input takes and shows only ISO dates, whatever the language (zh-hans would write 2026/12/01).
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    case_number = forms.CharField(
        label=_("Case number there (if any)"), max_length=64, required=False
    )

    def __init__(self, *args, complaint=None, **kwargs):
        super().__init__(*args, **kwargs)
        if complaint is not None:  # the browser's date picker offers only the dates allowed
            self.fields["filed_on"].widget.attrs.update(
                min=timezone.localdate(complaint.created_at).isoformat(),
                max=timezone.localdate().isoformat(),
            )
