"""The rule form of the desk: a rule's trigger, conditions and actions as ordinary fields,
turned into the rule's JSON (``to_rule``) and back (``initial_for``). What the JSON may say
is checked by ``tousu.automation.spec`` when the rule is saved."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tousu.automation import spec
from tousu.automation.models import Rule, Trigger
from tousu.complaints import workflow
from tousu.complaints.access import assignable_staff
from tousu.complaints.choices import Category, Channel, Priority
from tousu.macros.models import Macro
from tousu.merchants.models import Merchant
from tousu.sla.models import Clock
from tousu.teams.models import Team

ANY = [("", gettext_lazy("Any"))]
NONE = [("", gettext_lazy("No"))]
ALL_SUPERVISORS = "all"
SEPARATORS = re.compile(r"[,，、;；\s]+")
# Channels a complaint comes in by (the desk and the system are not ways in).
COMPLAINT_CHANNELS = [c for c in Channel.choices if c[0] not in (Channel.DESK, Channel.SYSTEM)]
# A form field's errors are shown beside the field group they belong to.
SHOWN_AT = {
    "amount_min": "amount",
    "amount_max": "amount",
    "time_from": "time",
    "time_to": "time",
    "time_when": "time",
}


def _split(text: str) -> list[str]:
    return [w for w in SEPARATORS.split(text or "") if w]


def _fen(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


class RuleForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=80)
    order = forms.IntegerField(
        label=gettext_lazy("Run order"),
        min_value=0,
        max_value=10_000,
        initial=100,
        help_text=gettext_lazy("Rules on one event run from the lowest number up."),
    )
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)
    team = forms.ModelChoiceField(
        label=gettext_lazy("Only the complaints of team"),
        queryset=Team.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("Every team"),
    )
    # When
    trigger = forms.ChoiceField(label=gettext_lazy("This happens"), choices=Trigger.choices)
    to_status = forms.ChoiceField(
        label=gettext_lazy("New status"),
        choices=ANY + list(workflow.Status.choices),
        required=False,
    )
    clock = forms.ChoiceField(
        label=gettext_lazy("Deadline"), choices=ANY + list(Clock.choices), required=False
    )
    urge_count = forms.IntegerField(
        label=gettext_lazy("Urged at least (times)"), min_value=1, max_value=100, required=False
    )
    # If
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Channel"),
        choices=COMPLAINT_CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Category"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    priorities = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Priority"),
        choices=Priority.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    shops = forms.CharField(
        label=gettext_lazy("Shops"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Shop names, separated by commas."),
    )
    amount_min = forms.DecimalField(
        label=gettext_lazy("Amount demanded from (yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    amount_max = forms.DecimalField(
        label=gettext_lazy("to (yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    words = forms.CharField(
        label=gettext_lazy("Words in the text"),
        required=False,
        max_length=700,
        help_text=gettext_lazy(
            "Any of these words in the description or in the consumer's message; separate them "
            "with spaces or commas."
        ),
    )
    time_when = forms.ChoiceField(
        label=gettext_lazy("Time"), choices=ANY + list(spec.WHEN.items()), required=False
    )
    time_from = forms.CharField(label=gettext_lazy("From"), required=False, max_length=5)
    time_to = forms.CharField(label=gettext_lazy("Until"), required=False, max_length=5)
    # Then
    tag = forms.CharField(label=spec.ACTION_KINDS["tag"], required=False, max_length=spec.TAG_MAX)
    priority = forms.TypedChoiceField(
        label=spec.ACTION_KINDS["priority"],
        choices=NONE + list(Priority.choices),
        coerce=int,
        required=False,
        empty_value=None,
    )
    assign = forms.ModelChoiceField(
        label=spec.ACTION_KINDS["assign"],
        queryset=assignable_staff(),
        required=False,
        empty_label=gettext_lazy("No"),
    )
    assign_team = forms.ModelChoiceField(
        label=spec.ACTION_KINDS["assign_team"],
        queryset=Team.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("No"),
    )
    macro = forms.ModelChoiceField(
        label=spec.ACTION_KINDS["macro"],
        queryset=Macro.objects.all(),
        required=False,
        empty_label=gettext_lazy("No"),
    )
    forward = forms.BooleanField(label=spec.ACTION_KINDS["forward"], required=False)
    notify = forms.ChoiceField(label=spec.ACTION_KINDS["notify"], required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notify"].choices = [
            ("", _("No")),
            (ALL_SUPERVISORS, _("Every supervisor")),
            *[(str(u.pk), str(u)) for u in spec.supervisors()],
        ]

    def clean_shops(self) -> list[int]:
        names = _split(self.cleaned_data.get("shops", ""))
        found = dict(Merchant.objects.filter(shop_name__in=names).values_list("shop_name", "pk"))
        unknown = [n for n in names if n not in found]
        if unknown:
            raise forms.ValidationError(
                _("No shop is called %(names)s.") % {"names": "、".join(unknown)}
            )
        return [found[n] for n in names]

    def clean_words(self) -> list[str]:
        return list(dict.fromkeys(_split(self.cleaned_data.get("words", ""))))

    def to_rule(self) -> dict:
        """The cleaned fields as ``actions.save_rule``'s keyword arguments."""
        d = self.cleaned_data
        params = {
            Trigger.STATUS_CHANGED: {"to_status": d.get("to_status") or ""},
            Trigger.DEADLINE_APPROACHING: {"clock": d.get("clock") or ""},
            Trigger.DEADLINE_MISSED: {"clock": d.get("clock") or ""},
            Trigger.URGED: {"count": d.get("urge_count")},
        }.get(d.get("trigger", ""), {})
        return {
            "name": d.get("name", ""),
            "order": d.get("order", 100),
            "is_active": d.get("is_active", False),
            "team": d.get("team"),
            "trigger": d.get("trigger", ""),
            "trigger_params": params,
            "conditions": self.conditions(),
            "actions": self.actions(),
        }

    def conditions(self) -> list[dict]:
        d = self.cleaned_data
        return [
            {"kind": "channel", "in": d.get("channels") or []},
            {"kind": "category", "in": d.get("categories") or []},
            {"kind": "priority", "in": d.get("priorities") or []},
            {"kind": "shop", "in": d.get("shops") or []},
            {
                "kind": "amount",
                "min_fen": _fen(d.get("amount_min")),
                "max_fen": _fen(d.get("amount_max")),
            },
            {"kind": "words", "any": d.get("words") or []},
            {
                "kind": "time",
                "when": d.get("time_when") or "",
                "from": d.get("time_from") or "",
                "to": d.get("time_to") or "",
            },
        ]

    def actions(self) -> list[dict]:
        d = self.cleaned_data
        out: list[dict] = []
        if d.get("tag"):
            out.append({"kind": "tag", "name": d["tag"]})
        if d.get("priority") is not None:
            out.append({"kind": "priority", "priority": d["priority"]})
        if d.get("assign"):
            out.append({"kind": "assign", "user": d["assign"].pk})
        if d.get("assign_team"):
            out.append({"kind": "assign_team", "team": d["assign_team"].pk})
        if d.get("macro"):
            out.append({"kind": "macro", "macro": d["macro"].pk})
        if d.get("forward"):
            out.append({"kind": "forward"})
        if d.get("notify"):
            user = None if d["notify"] == ALL_SUPERVISORS else int(d["notify"])
            out.append({"kind": "notify", "user": user})
        return out


def initial_for(rule: Rule) -> dict:
    """The form's fields for an existing rule."""
    initial: dict = {
        "name": rule.name,
        "order": rule.order,
        "is_active": rule.is_active,
        "team": rule.team_id,
        "trigger": rule.trigger,
        "to_status": rule.trigger_params.get("to_status", ""),
        "clock": rule.trigger_params.get("clock", ""),
        "urge_count": rule.trigger_params.get("count"),
    }
    for c in rule.conditions:
        kind = c.get("kind")
        if kind in ("channel", "category", "priority"):
            initial[
                {"channel": "channels", "category": "categories", "priority": "priorities"}[kind]
            ] = c["in"]
        elif kind == "shop":
            names = dict(Merchant.objects.filter(pk__in=c["in"]).values_list("pk", "shop_name"))
            initial["shops"] = "，".join(names[pk] for pk in c["in"] if pk in names)
        elif kind == "amount":
            for key, field in (("min_fen", "amount_min"), ("max_fen", "amount_max")):
                if c.get(key) is not None:
                    initial[field] = Decimal(c[key]) / 100
        elif kind == "words":
            initial["words"] = " ".join(c["any"])
        elif kind == "time":
            initial.update(
                time_when=c["when"], time_from=c.get("from", ""), time_to=c.get("to", "")
            )
    for a in rule.actions:
        kind = a.get("kind")
        if kind == "tag":
            initial["tag"] = a["name"]
        elif kind == "priority":
            initial["priority"] = a["priority"]
        elif kind in ("assign", "assign_team", "macro"):
            initial[kind] = a[{"assign": "user", "assign_team": "team", "macro": "macro"}[kind]]
        elif kind == "forward":
            initial["forward"] = True
        elif kind == "notify":
            initial["notify"] = ALL_SUPERVISORS if a.get("user") is None else str(a["user"])
    return initial


def errors_of(form: RuleForm, extra: dict[str, str] | None = None) -> dict[str, str]:
    """One message per field group (the form's own, then the rule's checks)."""
    shown: dict[str, str] = {}
    for field, messages in form.errors.items():
        shown.setdefault(SHOWN_AT.get(field, field), str(messages[0]))
    for field, message in (extra or {}).items():
        shown.setdefault(SHOWN_AT.get(field, field), message)
    return shown
