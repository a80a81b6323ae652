"""Macros at the desk: supervisors manage them (list, create, edit, delete); every agent
applies one to a complaint from its workbench (``tousu.macros.actions.apply_macro``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tousu.complaints.errors import NotFound, ValidationFailed
from tousu.complaints.guards import complaint_or_404, staff_only, supervisor_only
from tousu.cursors import parse_key
from tousu.desk.detail import render_detail
from tousu.desk.writes import run_step
from tousu.macros import actions
from tousu.macros.models import Macro


def _page(request: HttpRequest, macro: Macro | None, values: dict, errors: dict, status: int):
    return render(
        request,
        "desk/macros.html",
        {
            "macros": Macro.objects.select_related("updated_by"),
            "editing": macro,
            "values": values,
            "errors": errors,
            "steps": actions.steps(),
            "variables": actions.VARIABLES,
        },
        status=status,
    )


@supervisor_only
def macros(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The list with the create form, or (``pk``) the edit form; POST saves."""
    macro = get_object_or_404(Macro, pk=pk) if pk is not None else None
    if request.method != "POST":
        values = {"name": macro.name, "body": macro.body, "step": macro.step} if macro else {}
        return _page(request, macro, values, {}, 200)
    values = {f: request.POST.get(f, "") for f in ("name", "body", "step")}
    try:
        saved = actions.save_macro(request.user, macro=macro, **values)
    except ValidationFailed as error:
        return _page(request, macro, values, error.errors, error.status)
    messages.success(request, _("Macro “%(name)s” saved.") % {"name": saved.name})
    return redirect("desk:macros")


@supervisor_only
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.delete_macro(request.user, pk)
    except NotFound:
        raise Http404() from None
    messages.success(request, _("Macro deleted."))
    return redirect("desk:macros")


@staff_only
@require_POST
def apply(request: HttpRequest, number: str) -> HttpResponse:
    """Send a macro's filled reply on this complaint and take its step."""
    complaint = complaint_or_404(request.user, number)
    chosen = parse_key(request.POST.get("macro", ""))
    macro = Macro.objects.filter(pk=chosen).first() if chosen is not None else None
    if macro is None:
        return render_detail(
            request, complaint, error=_("Please choose a macro."), failed="macro", status=400
        )
    return run_step(
        request,
        complaint,
        "macro",
        lambda: actions.apply_macro(complaint, macro, request.user),
        _("Macro “%(name)s” sent.") % {"name": macro.name},
        label=macro.name,
    )
