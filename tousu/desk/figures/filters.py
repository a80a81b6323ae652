"""The figures page's filters: a period (the last 7 / 30 / 90 days, or custom dates), the
grain of the volume chart, and channel, category, shop and team.

Dates are local (Asia/Shanghai) and both ends are included on the page ("11-01 to 11-30");
``tousu.analytics.figures.Filters`` takes ``[start, end)``, so ``end`` is the day after.
A custom range is at most ``TOUSU_FIGURES_MAX_DAYS`` days. Any bad value is a form error
next to its field, and no figures are shown until it is corrected: a wrong shop never
silently widens to every shop.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousu.analytics.figures import Filters
from tousu.complaints.choices import Category, Channel
from tousu.merchants.models import Merchant
from tousu.teams.models import Team

CUSTOM = "custom"
PRESETS = (7, 30, 90)
DEFAULT_PERIOD = "30"
GRAINS = [("day", _("By day")), ("week", _("By week")), ("month", _("By month"))]
SHOPS_LISTED = 5  # names shown when a shop name matches several
# No complaint is older than the platform: an earlier date is a typo (year 0202), and the
# first moment of year 1 cannot even be turned into UTC.
EARLIEST = date(2000, 1, 1)


class FiguresFilters(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To (included)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    grain = forms.ChoiceField(label=_("Grain"), required=False, choices=GRAINS)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any"))] + list(Channel.choices)
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("Any"))] + list(Category.choices)
    )
    shop = forms.CharField(
        label=_("Shop"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("ID or exact name")}),
    )
    team = forms.ChoiceField(label=_("Team"), required=False)

    def __init__(self, data, *, today: date | None = None) -> None:
        data = data.copy()  # the defaults are shown as chosen (a bound form ignores initial)
        data.setdefault("period", DEFAULT_PERIOD)
        data.setdefault("grain", "day")
        super().__init__(data)
        self.today = today or timezone.localdate()
        self.merchant: Merchant | None = None
        self.fields["period"].choices = [
            (str(n), gettext("Last %(n)d days") % {"n": n}) for n in PRESETS
        ] + [(CUSTOM, gettext("Custom dates"))]
        self.fields["team"].choices = [("", _("Any"))] + [
            (
                str(t.pk),
                t.name if t.is_active else gettext("%(name)s (inactive)") % {"name": t.name},
            )
            for t in Team.objects.order_by("-is_active", "name")
        ]

    def clean_shop(self) -> str:
        value = self.cleaned_data["shop"].strip()
        if not value:
            return value
        found = list(Merchant.objects.filter(external_id=value)[:2]) or list(
            Merchant.objects.filter(shop_name=value).order_by("pk")[: SHOPS_LISTED + 1]
        )
        if not found:
            raise forms.ValidationError(_("No shop named “%(name)s”.") % {"name": value})
        if len(found) > 1:
            names = "、".join(f"{m.shop_name}（{m.external_id}）" for m in found[:SHOPS_LISTED])
            raise forms.ValidationError(
                _("“%(name)s” matches several shops: %(names)s")
                % {"name": value, "names": names + ("…" if len(found) > SHOPS_LISTED else "")}
            )
        self.merchant = found[0]
        return value

    def clean(self) -> dict:
        data = super().clean()
        period = data.get("period") or DEFAULT_PERIOD
        if "period" in self.errors:
            return data
        if period != CUSTOM:
            days = int(period)
            data["start"], data["end"] = self.today - timedelta(days=days - 1), self.today
            return data
        start, end = data.get("start"), data.get("end")
        if "start" not in self.errors and start is None:
            self.add_error("start", _("Choose the first day, or pick a preset period."))
        if "end" not in self.errors and end is None:
            self.add_error("end", _("Choose the last day, or pick a preset period."))
        if start is None or end is None:
            return data
        most = settings.TOUSU_FIGURES_MAX_DAYS
        if start < EARLIEST:
            self.add_error("start", _("Choose a day in 2000 or later."))
        elif end > self.today:
            self.add_error(
                "end", _("The last day cannot be after today: there are no figures yet.")
            )
        elif end < start:
            self.add_error("end", _("The last day cannot be before the first day."))
        elif (end - start).days + 1 > most:
            self.add_error(
                "end",
                _("At most %(most)d days at a time; this range has %(days)d.")
                % {"most": most, "days": (end - start).days + 1},
            )
        return data

    def filters(self) -> Filters:
        """The analytics query for these values; only valid after ``is_valid()`` was true."""
        data = self.cleaned_data
        team = data.get("team")
        return Filters(
            start=data["start"],
            end=data["end"] + timedelta(days=1),
            grain=data.get("grain") or "day",
            channel=data.get("channel") or "",
            category=data.get("category") or "",
            merchant_id=self.merchant.pk if self.merchant else None,
            team_id=int(team) if team else None,
        )
