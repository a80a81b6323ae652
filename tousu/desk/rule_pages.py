"""Automation rules at the desk (supervisors only): the list, a rule's form with the
preview of the open complaints it matches now, and the audit of its firings. Writes go
through ``tousu.automation.actions``."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.automation import actions, describe, spec
from tousu.automation.models import Rule, RuleRun
from tousu.complaints.errors import NotFound, ValidationFailed
from tousu.complaints.guards import supervisor_only
from tousu.desk.rule_forms import RuleForm, errors_of, initial_for

PREVIEW_SHOWN = 20
# The preview counts at most this many matches (a bounded count, never the whole table).
PREVIEW_COUNT_CAP = 1000
RUNS_SHOWN = 50
# The form's fields (as ``errors_of`` groups them) that the preview reads.
CONDITION_FIELDS = {
    "team",
    "channels",
    "categories",
    "priorities",
    "shops",
    "amount",
    "words",
    "time",
}


def _preview(team_id: int | None, conditions: list) -> dict:
    matching = spec.open_matching(team_id, conditions).select_related("merchant")
    count = matching[: PREVIEW_COUNT_CAP + 1].count()
    return {
        "count": min(count, PREVIEW_COUNT_CAP),
        "more": count > PREVIEW_COUNT_CAP,
        "complaints": list(matching[:PREVIEW_SHOWN]),
        "shown": PREVIEW_SHOWN,
    }


def _runs(rule: Rule) -> list[dict]:
    runs = RuleRun.objects.filter(rule=rule).select_related("complaint").order_by("-id")
    return [
        {
            "run": run,
            "results": [(r.get("ok"), describe.result(r)) for r in run.results],
            "stopped": describe.stopped(run),
        }
        for run in runs[:RUNS_SHOWN]
    ]


@supervisor_only
def rule_list(request: HttpRequest) -> HttpResponse:
    last = RuleRun.objects.filter(rule=OuterRef("pk")).order_by("-id").values("at")[:1]
    rules = Rule.objects.select_related("team").annotate(last_fired=Subquery(last))
    rows = [
        {
            "rule": rule,
            "trigger": describe.trigger(rule),
            "conditions": describe.conditions(rule),
            "actions": describe.actions(rule),
        }
        for rule in rules
    ]
    return render(request, "desk/rules.html", {"rows": rows})


def _form_page(request, rule, form, errors, preview, status=200, previewed=False):
    return render(
        request,
        "desk/rule.html",
        {
            "rule": rule,
            "form": form,
            "errors": errors,
            "preview": preview,
            "previewed": previewed,
            "runs": _runs(rule) if rule else [],
            "runs_shown": RUNS_SHOWN,
        },
        status=status,
    )


def _preview_page(request, rule, form, data) -> HttpResponse:
    errors = {f: e for f, e in errors_of(form).items() if f in CONDITION_FIELDS}
    if not errors:
        try:
            conditions = spec.clean_conditions(data["conditions"])
        except spec.RuleInvalid as invalid:
            errors = errors_of(form, invalid.errors)
    if errors:
        return _form_page(request, rule, form, errors, None, 422)
    team = data["team"]
    preview = _preview(team.pk if team else None, conditions)
    return _form_page(request, rule, form, {}, preview, previewed=True)


@supervisor_only
def rule_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new rule (``pk`` None) or an existing one: GET shows the form, the preview and the
    audit; POST "preview" shows the matches of the conditions as typed; POST saves."""
    rule = get_object_or_404(Rule.objects.select_related("team"), pk=pk) if pk else None
    if request.method != "POST":
        form = RuleForm(initial=initial_for(rule) if rule else None)
        preview = _preview(rule.team_id, rule.conditions) if rule else None
        return _form_page(request, rule, form, {}, preview)
    form = RuleForm(request.POST)
    valid = form.is_valid()
    data = form.to_rule()
    if "preview" in request.POST:  # only the conditions matter: no name or action needed yet
        return _preview_page(request, rule, form, data)
    if not valid:  # the rule's own checks too, so every mistake shows at once
        try:
            spec.clean(data["trigger"], data["trigger_params"], data["conditions"], data["actions"])
        except spec.RuleInvalid as invalid:
            return _form_page(request, rule, form, errors_of(form, invalid.errors), None, 422)
        return _form_page(request, rule, form, errors_of(form), None, status=422)
    try:
        saved = actions.save_rule(request.user, rule=rule, **data)
    except ValidationFailed as failed:
        return _form_page(request, rule, form, errors_of(form, failed.errors), None, 422)
    messages.success(request, _("Rule “%(name)s” saved.") % {"name": saved.name})
    return redirect("desk:rule", saved.pk)


@supervisor_only
@require_POST
def rule_active(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(Rule, pk=pk)
    active = request.POST.get("active") == "1"
    actions.set_active(request.user, rule, active)
    messages.success(
        request,
        (_("Rule “%(name)s” is on.") if active else _("Rule “%(name)s” is off."))
        % {"name": rule.name},
    )
    if request.POST.get("back") == "list":
        return redirect("desk:rules")
    return redirect("desk:rule", pk)


@supervisor_only
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes (the firings stay in the audit by name)."""
    rule = get_object_or_404(Rule, pk=pk)
    if request.method != "POST":
        return render(request, "desk/rule_delete.html", {"rule": rule})
    try:
        actions.delete_rule(request.user, pk)
    except NotFound:
        raise Http404() from None
    messages.success(request, _("Rule “%(name)s” deleted.") % {"name": rule.name})
    return redirect("desk:rules")
